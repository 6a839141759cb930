"""Threads: at most 500 characters as posted (text + hashtag line), counted after NFC."""

from __future__ import annotations

import pytest

from pressroom.platforms.drafts import HookType
from pressroom.platforms.threads import RULES, ThreadsPostDraft, post_length, read_text
from pressroom.platforms.validation import validate


def post(text: str, hashtags: list[str] | None = None) -> ThreadsPostDraft:
    return ThreadsPostDraft(hook_type=HookType.STATEMENT, text=text, hashtags=hashtags or [])


@pytest.mark.parametrize(("size", "valid"), [(499, True), (500, True), (501, False)])
def test_the_500_character_limit(size: int, valid: bool) -> None:
    report = validate("threads", post("a" * size))
    assert report.valid is valid
    assert report.measures["length"] == size
    if not valid:
        (problem,) = report.problems
        assert problem.code == "post_too_long"
        assert (problem.limit, problem.actual) == (500, 501)
        assert problem.message == (
            "The post as posted (text and hashtag line) is 501 characters; the limit is 500. "
            "Cut about 1 character, or drop a hashtag or a sentence."
        )


def test_the_hashtag_line_counts() -> None:
    # 490 + blank line (2) + "#coffee" (7) = 499; one more tag character tips it over.
    assert validate("threads", post("a" * 490, ["coffee"])).measures["length"] == 499
    assert validate("threads", post("a" * 490, ["coffeee"])).valid
    assert not validate("threads", post("a" * 490, ["coffeeeee"])).valid


def test_characters_are_counted_after_nfc() -> None:
    assert post_length("cafe\u0301") == 4
    assert validate("threads", post("e\u0301" * 500)).valid
    assert RULES.max_chars == 500


def test_empty_post_and_invalid_hashtag() -> None:
    report = validate("threads", post("  ", ["machine learning"]))
    assert [p.code for p in report.problems] == ["empty_post", "invalid_hashtag"]
    assert report.problems[0].message == (
        "The Threads post has no text. Write the post; hashtags alone are not a post."
    )


def test_plain_text_reads_back() -> None:
    draft = post("Fresh beans, better cups.", ["coffee", "roasting"])
    assert read_text(draft.render_text()) == {
        "channel": "threads",
        "text": "Fresh beans, better cups.",
        "hashtags": ["coffee", "roasting"],
    }
