"""Mastodon: at most 500 characters as Mastodon counts them — graphemes, every link 23,
``@user@server`` as ``@user``."""

from __future__ import annotations

import pytest

from pressroom.platforms.drafts import HookType
from pressroom.platforms.mastodon import MastodonStatusDraft, status_length
from pressroom.platforms.validation import validate

LONG_URL = "https://northwind-coffee.example/blog/2026/why-we-roast-light?utm_source=mastodon"


def status(text: str, hashtags: list[str] | None = None) -> MastodonStatusDraft:
    return MastodonStatusDraft(hook_type=HookType.STATEMENT, text=text, hashtags=hashtags or [])


@pytest.mark.parametrize(
    ("text", "length"),
    [
        (LONG_URL, 23),
        ("http://a.co", 23),
        (f"Read {LONG_URL}.", 29),  # the full stop is not part of the link
        (f"({LONG_URL})", 25),
        ("see northwind-coffee.example", 28),  # no scheme: not a link to Mastodon
        ("Thanks @barista@coffee.social!", 16),
        ("Thanks @barista!", 16),
        ("mail me@example.com", 19),  # an e-mail address is not a mention
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467 family", 8),  # a ZWJ family is one
        ("cafe\u0301", 4),
    ],
)
def test_mastodon_counting(text: str, length: int) -> None:
    assert status_length(text) == length


@pytest.mark.parametrize(("size", "valid"), [(499, True), (500, True), (501, False)])
def test_the_500_character_limit_with_a_link(size: int, valid: bool) -> None:
    text = f"{'a' * (size - 24)} {LONG_URL}"
    report = validate("mastodon", status(text))
    assert report.measures["length"] == size
    assert report.valid is valid
    if not valid:
        (problem,) = report.problems
        assert problem.code == "post_too_long"
        assert (problem.limit, problem.actual) == (500, 501)
        assert problem.message.startswith(
            "The post as posted (text and hashtag line) is 501 characters as Mastodon counts "
            "them (links count 23, @user@server counts as @user); the limit is 500."
        )


def test_a_long_link_does_not_make_a_status_too_long() -> None:
    text = "a" * 470 + " " + "https://example.com/" + "x" * 300
    assert len(text) > 500
    assert validate("mastodon", status(text)).valid


def test_empty_status() -> None:
    assert [p.code for p in validate("mastodon", status("")).problems] == ["empty_post"]
