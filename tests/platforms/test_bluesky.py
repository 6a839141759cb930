"""Bluesky: at most 300 graphemes as posted, and link, mention and tag facets with UTF-8 byte
offsets (``app.bsky.richtext.facet``)."""

from __future__ import annotations

import pytest

from pressroom.platforms.bluesky import (
    BlueskyPostDraft,
    Facet,
    facet_problems,
    facets,
    post_length,
)
from pressroom.platforms.drafts import HookType
from pressroom.platforms.validation import validate

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 25 bytes, 1 grapheme


def post(text: str, hashtags: list[str] | None = None) -> BlueskyPostDraft:
    return BlueskyPostDraft(hook_type=HookType.STATEMENT, text=text, hashtags=hashtags or [])


@pytest.mark.parametrize(("size", "valid"), [(299, True), (300, True), (301, False)])
def test_the_300_grapheme_limit(size: int, valid: bool) -> None:
    report = validate("bluesky", post(FAMILY * size))
    assert report.measures["length"] == size
    assert report.valid is valid
    if not valid:
        (problem,) = report.problems
        assert problem.code == "post_too_long"
        assert (problem.limit, problem.actual) == (300, 301)
        assert problem.message == (
            "The post as posted (text and hashtag line) is 301 graphemes (characters as "
            "Bluesky counts them: an emoji is one); the limit is 300. Cut about 1 character, "
            "or drop a hashtag or a sentence."
        )


def test_graphemes_not_code_points() -> None:
    assert post_length("🇫🇷 cafe\u0301 👋🏽") == 8


@pytest.mark.parametrize(
    "prefix", ["", "café ", "e\u0301 ", "日本語 ", f"{FAMILY} ", "👋🏽 déjà vu — 咖啡 "]
)
def test_link_facet_offsets_are_utf8_bytes(prefix: str) -> None:
    url = "https://northwind-coffee.example/roast"
    text = f"{prefix}{url}."
    (facet,) = facets(text)
    start = len(prefix.encode("utf-8"))
    assert facet == Facet(start, start + len(url), "link", url)
    assert text.encode("utf-8")[facet.byte_start : facet.byte_end].decode() == url


def test_mentions_tags_and_links_in_order() -> None:
    text = "日本 @alice.bsky.social loves #coffee! See https://a.example/x (#2024 is no tag)"
    found = facets(text)
    data = text.encode("utf-8")
    assert [(f.kind, f.value) for f in found] == [
        ("mention", "alice.bsky.social"),
        ("tag", "coffee"),
        ("link", "https://a.example/x"),
    ]
    assert [data[f.byte_start : f.byte_end].decode() for f in found] == [
        "@alice.bsky.social",
        "#coffee",
        "https://a.example/x",
    ]
    assert found[0].byte_start == len("日本 ".encode())
    assert facet_problems(text, found) == []


def test_the_hashtag_line_gets_tag_facets_and_the_record_is_at_protocol() -> None:
    draft = post("Hi @bob.example.com, café ☕", ["coffee", "brewing"])
    record = draft.record({"bob.example.com": "did:plc:bob"})
    assert record["text"] == "Hi @bob.example.com, café ☕\n\n#coffee #brewing"
    assert record["facets"][0] == {
        "index": {"byteStart": 3, "byteEnd": 19},
        "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:bob"}],
    }
    tag_start = len("Hi @bob.example.com, café ☕\n\n".encode())
    assert record["facets"][1] == {
        "index": {"byteStart": tag_start, "byteEnd": tag_start + 7},
        "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "coffee"}],
    }
    # Unresolved handles stay plain text.
    assert len(draft.record()["facets"]) == 2
    assert validate("bluesky", draft).measures["facets"] == 3


def test_inconsistent_facets_are_reported() -> None:
    text = "café https://a.example"
    wrong = Facet(4, 26, "link", "https://a.example")  # off by one: starts inside "é"
    (problem,) = facet_problems(text, [wrong])
    assert problem.code == "invalid_facet"
    assert problem.message == (
        "Facet 1 (link, bytes 4–26) does not mark 'https://a.example' in the post. "
        "Recompute the facets from the text as posted."
    )


@pytest.mark.parametrize(("size", "valid"), [(64, True), (65, False)])
def test_tag_length_limit(size: int, valid: bool) -> None:
    report = validate("bluesky", post(f"Long tag #{'a' * size} here"))
    assert report.valid is valid
    if not valid:
        (problem,) = report.problems
        assert problem.code == "hashtag_too_long"
        assert problem.message == (
            f"The hashtag '#{'a' * 65}' is 65 graphemes; Bluesky links tags of at most 64. "
            "Shorten it or drop it."
        )


def test_a_mention_or_tag_inside_a_link_is_part_of_the_link() -> None:
    text = "Read https://a.example/(@b.example and https://c.example/#top today #coffee"
    found = facets(text)
    assert [(f.kind, f.value) for f in found] == [
        ("link", "https://a.example/(@b.example"),
        ("link", "https://c.example/#top"),
        ("tag", "coffee"),
    ]
    assert facet_problems(text, found) == []
    assert validate("bluesky", post(text)).valid
