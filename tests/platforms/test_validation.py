from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.platforms.validation import PROBLEM_CODES, validate
from tests.platforms.samples import (
    linkedin_text,
    make_linkedin,
    make_reel,
    make_thread,
    scene,
)

CHANNELS_DOC = Path(__file__).parents[2] / "docs" / "CHANNELS.md"

# One draft per problem code that makes the validator report it.
EXAMPLES: dict[tuple[str, str], Any] = {
    ("linkedin", "invalid_draft"): {"text": "hi"},
    ("linkedin", "too_few_words"): make_linkedin(text=linkedin_text(10)),
    ("linkedin", "too_many_words"): make_linkedin(text=linkedin_text(400)),
    ("linkedin", "missing_paragraph_break"): make_linkedin(text="word " * 200),
    ("linkedin", "too_many_hashtags"): make_linkedin(hashtags=list("abcdef")),
    ("linkedin", "invalid_hashtag"): make_linkedin(hashtags=["two words"]),
    ("linkedin", "shouting"): make_linkedin(text=linkedin_text() + " BUY THIS NOW"),
    ("linkedin", "too_many_exclamations"): make_linkedin(text=linkedin_text() + "!!!"),
    ("linkedin", "too_many_emoji"): make_linkedin(text=linkedin_text() + "🎉🎉🎉🎉"),
    ("x", "invalid_draft"): {"posts": "not a list", "hook_type": "question"},
    ("x", "too_few_posts"): make_thread(),
    ("x", "too_many_posts"): make_thread(*"abcdef"),
    ("x", "empty_post"): make_thread("a", " "),
    ("x", "post_too_long"): make_thread("a" * 281),
    ("x", "invalid_characters"): make_thread("a\uffff"),
    ("instagram-reel", "invalid_draft"): {"hook": "hi"},
    ("instagram-reel", "empty_section"): make_reel(hook_words=0),
    ("instagram-reel", "spoken_too_short"): make_reel(value_words=1),
    ("instagram-reel", "spoken_too_long"): make_reel(value_words=200),
    ("instagram-reel", "hook_too_short"): make_reel(hook_words=2),
    ("instagram-reel", "hook_too_long"): make_reel(hook_words=20),
    ("instagram-reel", "cta_too_short"): make_reel(cta_words=2),
    ("instagram-reel", "cta_too_long"): make_reel(cta_words=40),
    ("instagram-reel", "too_few_scenes"): make_reel(scenes=[scene("hook"), scene("value")]),
    ("instagram-reel", "missing_scene_beat"): make_reel(
        scenes=[scene("hook"), scene("value"), scene("value")]
    ),
    ("instagram-reel", "scene_beats_out_of_order"): make_reel(
        scenes=[scene("cta"), scene("value"), scene("hook")]
    ),
    ("instagram-reel", "caption_too_long"): make_reel(caption="c" * 2300),
    ("instagram-reel", "too_many_hashtags"): make_reel(hashtags=[f"t{n}" for n in range(31)]),
    ("instagram-reel", "invalid_hashtag"): make_reel(hashtags=["#"]),
}


def test_every_problem_code_has_an_example() -> None:
    declared = {(channel, code) for channel, codes in PROBLEM_CODES.items() for code in codes}
    assert declared == set(EXAMPLES)
    assert set(PROBLEM_CODES) == set(CHANNEL_RULES)


@pytest.mark.parametrize(("channel", "code"), sorted(EXAMPLES))
def test_each_problem_code_is_reported_with_a_fix(channel: str, code: str) -> None:
    report = validate(channel, EXAMPLES[(channel, code)])
    assert not report.valid
    problem = next(p for p in report.problems if p.code == code)
    # Messages are sentences a writer can act on, not bare codes.
    assert problem.message.endswith(".")
    assert len(problem.message.split()) >= 6


def test_every_problem_code_is_documented() -> None:
    doc = CHANNELS_DOC.read_text(encoding="utf-8")
    missing = {code for codes in PROBLEM_CODES.values() for code in codes if f"`{code}`" not in doc}
    assert not missing


def test_unknown_channel_lists_the_known_ones() -> None:
    with pytest.raises(PressroomError) as caught:
        validate("tiktok", {"text": "hi"})
    error = caught.value
    assert error.code == ErrorCode.UNKNOWN_CHANNEL
    assert error.message == "Unknown channel 'tiktok'. Known channels: instagram-reel, linkedin, x."
    assert error.details["known_channels"] == ["instagram-reel", "linkedin", "x"]


def test_a_dict_draft_is_validated_like_the_model() -> None:
    draft = make_linkedin()
    data = draft.model_dump(mode="json")
    data.pop("channel")
    assert validate("linkedin", data) == validate("linkedin", draft)


def test_a_dict_that_is_not_a_draft_gives_an_invalid_report_not_an_exception() -> None:
    data = {"posts": ["ok"], "hook_type": "shouty", "thread": True}
    report = validate("x", data)
    assert not report.valid
    assert report.measures == {}
    assert [(p.code, p.path, p.actual) for p in report.problems] == [
        ("invalid_draft", "hook_type", "shouty"),
        ("invalid_draft", "thread", True),
    ]
    assert report.problems[1].message == (
        "thread: Extra inputs are not permitted. Remove this field so the draft matches the "
        "X thread format."
    )
    # The caller's data is left as it was.
    assert data == {"posts": ["ok"], "hook_type": "shouty", "thread": True}


def test_missing_fields_and_nested_paths_are_named() -> None:
    data = make_reel().model_dump(mode="json")
    del data["cta"]
    data["scenes"][1]["duration_seconds"] = 0
    report = validate("instagram-reel", data)
    assert [(p.code, p.path) for p in report.problems] == [
        ("invalid_draft", "cta"),
        ("invalid_draft", "scenes[1].duration_seconds"),
    ]
    assert report.problems[0].message.startswith("cta: Field required. Add this field")


def test_another_channels_draft_is_an_invalid_draft() -> None:
    report = validate("x", make_linkedin())
    assert not report.valid
    assert ("invalid_draft", "channel") in [(p.code, p.path) for p in report.problems]


def test_feedback_lists_every_problem_with_its_path() -> None:
    report = validate("x", make_thread("a", "", "b" * 300))
    assert report.feedback() == [
        "posts[1]: Post 2 is empty. Write it or remove it from the thread.",
        f"posts[2]: {report.problems[1].message}",
    ]
