"""Facebook page posts: at most 63,206 characters; 40–80 words recommended, reported as a
measure and never as a problem."""

from __future__ import annotations

import pytest

from pressroom.platforms.drafts import HookType
from pressroom.platforms.facebook import FacebookPostDraft
from pressroom.platforms.validation import validate
from tests.platforms.samples import words


def page_post(text: str, hashtags: list[str] | None = None) -> FacebookPostDraft:
    return FacebookPostDraft(hook_type=HookType.STATEMENT, text=text, hashtags=hashtags or [])


@pytest.mark.parametrize(("size", "valid"), [(63_205, True), (63_206, True), (63_207, False)])
def test_the_character_limit(size: int, valid: bool) -> None:
    report = validate("facebook", page_post("a" * size))
    assert report.valid is valid
    if not valid:
        (problem,) = report.problems
        assert problem.code == "post_too_long"
        assert (problem.limit, problem.actual) == (63_206, 63_207)
        assert problem.message == (
            "The post as posted (text and hashtag line) is 63,207 characters; the limit is "
            "63,206. Cut about 1 character, or drop a hashtag or a sentence."
        )


@pytest.mark.parametrize(
    ("count", "within"), [(39, False), (40, True), (41, True), (79, True), (80, True), (81, False)]
)
def test_recommended_words_are_a_measure_not_a_problem(count: int, within: bool) -> None:
    report = validate("facebook", page_post(words(count), ["coffee"]))
    assert report.valid
    assert report.measures["words"] == count
    assert report.measures["recommended_words"] == [40, 80]
    assert report.measures["within_recommended_words"] is within


def test_empty_post() -> None:
    report = validate("facebook", page_post("", ["coffee"]))
    assert [p.code for p in report.problems] == ["empty_post"]
