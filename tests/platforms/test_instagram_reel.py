from __future__ import annotations

from typing import Any

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.drafts import ReelScriptDraft
from pressroom.platforms.instagram_reel import INSTAGRAM_REEL, validate_reel
from pressroom.platforms.validation import validate
from tests.platforms.samples import Beat, make_reel, scene

RATE = 2.0  # the boundary tests' rate: whole words per half second


def codes(draft: ReelScriptDraft, words_per_second: float = RATE) -> list[str]:
    report = validate("instagram-reel", draft, words_per_second=words_per_second)
    return [problem.code for problem in report.problems]


def reel(**fields: Any) -> ReelScriptDraft:
    """A reel whose scenes last as long as their words take at ``RATE``."""
    return make_reel(words_per_second=RATE, **fields)


def test_a_well_formed_reel_is_valid_with_its_measures() -> None:
    draft = make_reel()
    report = validate("instagram-reel", draft)
    assert report.valid, report.feedback()
    assert report.measures == {
        "spoken_seconds": 32.8,
        "hook_seconds": 3.2,
        "cta_seconds": 5.6,
        "words": 82,
        "caption_length": len(draft.render_caption()),
        "length": len(draft.render_caption()),
        "hashtags": 2,
        "scenes": 4,
        "scene_seconds": 32.8,
    }


# At 2 words per second: 15–60 s is 30–120 words, the hook's 3–5 s is 6–10 words and the
# call to action's 5–10 s is 10–20 words.
@pytest.mark.parametrize(
    ("value_words", "expected"),
    [
        (13, ["spoken_too_short", "scenes_too_short"]),
        (14, []),
        (104, []),
        (105, ["spoken_too_long", "scenes_too_long"]),
    ],
)
def test_spoken_duration_boundaries(value_words: int, expected: list[str]) -> None:
    assert codes(reel(hook_words=6, value_words=value_words, cta_words=10)) == expected


@pytest.mark.parametrize(
    ("hook_words", "expected"),
    [(5, ["hook_too_short"]), (6, []), (10, []), (11, ["hook_too_long"])],
)
def test_hook_duration_boundaries(hook_words: int, expected: list[str]) -> None:
    assert codes(reel(hook_words=hook_words, value_words=40, cta_words=12)) == expected


@pytest.mark.parametrize(
    ("cta_words", "expected"),
    [(9, ["cta_too_short"]), (10, []), (20, []), (21, ["cta_too_long"])],
)
def test_cta_duration_boundaries(cta_words: int, expected: list[str]) -> None:
    assert codes(reel(hook_words=8, value_words=40, cta_words=cta_words)) == expected


def test_default_rate_is_two_and_a_half_words_per_second() -> None:
    assert validate("instagram-reel", make_reel(value_words=128)).valid  # 150 words = 60 s
    report = validate("instagram-reel", make_reel(value_words=129))
    problem, scenes = report.problems
    assert (problem.code, scenes.code) == ("spoken_too_long", "scenes_too_long")
    assert (problem.limit, problem.actual) == (60, 60.4)
    assert problem.message == (
        "The spoken script runs about 60.4 s (151 words at 2.5 words/s); it must run 15–60 s. "
        "Cut about 1 word."
    )


def test_the_speaking_rate_changes_the_verdict() -> None:
    draft = make_reel(hook_words=8, value_words=60, cta_words=14)
    assert codes(draft, words_per_second=2.5) == []
    # The scenes were planned at 2.5 words/s: read at 1 word/s they are far too short too.
    assert codes(draft, words_per_second=1.0) == [
        "spoken_too_long",
        "hook_too_long",
        "cta_too_long",
        "scene_time_mismatch",
    ]


def test_words_per_second_must_be_positive() -> None:
    with pytest.raises(PressroomError) as caught:
        validate("instagram-reel", make_reel(), words_per_second=0)
    assert caught.value.code == ErrorCode.INVALID_INPUT


def test_empty_sections_are_reported_once_each() -> None:
    draft = make_reel(hook_words=0, value_words=60, cta_words=0)
    report = validate("instagram-reel", draft)
    assert [(p.code, p.path) for p in report.problems] == [
        ("empty_section", "hook"),
        ("empty_section", "cta"),
    ]
    assert "Add about" not in report.problems[0].message
    assert report.measures["hook_seconds"] == 0


def test_a_short_hook_says_how_many_words_to_add() -> None:
    report = validate("instagram-reel", make_reel(hook_words=5))
    (problem,) = report.problems
    assert problem.path == "hook"
    assert problem.message == (
        "The hook runs about 2.0 s (5 words at 2.5 words/s); it must run 3–5 s. Add about 3 words."
    )


def test_scenes_need_hook_value_and_cta_in_order() -> None:
    in_order = [scene("hook", 4), scene("value", 23), scene("cta", 6)]
    assert codes(make_reel(scenes=in_order), 2.5) == []
    shuffled = [scene("value", 23), scene("hook", 4), scene("cta", 6)]
    assert codes(make_reel(scenes=shuffled), 2.5) == ["scene_beats_out_of_order"]
    no_value = [scene("hook", 4), scene("cta", 23), scene("cta", 6)]
    report = validate("instagram-reel", make_reel(scenes=no_value))
    (problem,) = report.problems
    assert (problem.code, problem.actual) == ("missing_scene_beat", ["hook", "cta", "cta"])
    assert "Add a scene with beat 'value'" in problem.message


def test_too_few_scenes() -> None:
    two = [scene("hook", 10), scene("cta", 22)]
    report = validate("instagram-reel", make_reel(scenes=two))
    assert [(p.code, p.limit, p.actual) for p in report.problems] == [
        ("too_few_scenes", 3, 2),
        ("missing_scene_beat", ["hook", "value", "cta"], ["hook", "cta"]),
    ]


@pytest.mark.parametrize(("length", "valid"), [(2200, True), (2201, False)])
def test_caption_limit_counts_the_hashtag_line(length: int, valid: bool) -> None:
    tags = "\n\n#coffee #roasting"
    draft = make_reel(caption="c" * (length - len(tags)))
    report = validate("instagram-reel", draft)
    assert report.measures["caption_length"] == length
    assert report.valid is valid
    if not valid:
        assert [(p.code, p.limit, p.actual) for p in report.problems] == [
            ("caption_too_long", 2200, 2201)
        ]
        assert "Cut about 1 character." in report.problems[0].message


def test_caption_counts_characters_after_nfc_normalisation() -> None:
    decomposed = "e\u0301" * 2200  # 4,400 code points, 2,200 characters
    report = validate("instagram-reel", make_reel(caption=decomposed, hashtags=[]))
    assert report.measures["caption_length"] == 2200
    assert report.valid


@pytest.mark.parametrize(("count", "valid"), [(30, True), (31, False)])
def test_hashtag_limit(count: int, valid: bool) -> None:
    listed = [f"tag{n}" for n in range(count - 1)]
    report = validate(
        "instagram-reel", make_reel(caption="Brew notes #TAG0 #extra", hashtags=listed)
    )
    assert report.measures["hashtags"] == count
    assert report.valid is valid
    assert [p.code for p in report.problems] == ([] if valid else ["too_many_hashtags"])


def test_every_problem_is_reported_together() -> None:
    draft = make_reel(
        hook_words=0,
        value_words=5,
        cta_words=30,
        scenes=[scene("cta"), scene("hook")],
        caption="x" * 2300,
        hashtags=["not valid"],
    )
    assert codes(draft, 2.5) == [
        "empty_section",
        "spoken_too_short",
        "cta_too_long",
        "too_few_scenes",
        "missing_scene_beat",
        "scene_beats_out_of_order",
        "scenes_too_short",
        "scene_time_mismatch",
        "caption_too_long",
        "invalid_hashtag",
    ]


def test_limits_come_from_the_rules_data() -> None:
    tight = INSTAGRAM_REEL.model_copy(
        update={"hook_seconds": (1, 2), "caption_max_chars": 10, "min_scenes": 5}
    )
    report = validate_reel(make_reel(), rules=tight)
    assert [(p.code, p.limit) for p in report.problems] == [
        ("hook_too_long", 2),
        ("too_few_scenes", 5),
        ("caption_too_long", 10),
    ]


# Spoken at 2 words/s: 82 words, 41 s; the scenes may add up to 38–44 s (3 s either way).
@pytest.mark.parametrize(
    ("value_seconds", "expected"),
    [(27.0, []), (26.9, ["scene_time_mismatch"]), (33.0, []), (33.1, ["scene_time_mismatch"])],
)
def test_scenes_add_up_to_the_spoken_time(value_seconds: float, expected: list[str]) -> None:
    plan = [scene("hook", 4), scene("value", value_seconds), scene("cta", 7)]
    assert codes(make_reel(scenes=plan)) == expected


def test_a_reel_planning_more_scene_time_than_speech_says_how_to_fix_it() -> None:
    # Scenes of 4 + 20 + 10 + 6 = 40 s for a script spoken in 32.8 s.
    plan = [scene("hook", 4), scene("value", 20), scene("value", 10), scene("cta", 6)]
    report = validate("instagram-reel", make_reel(scenes=plan))
    (problem,) = report.problems
    assert (problem.code, problem.path, problem.limit, problem.actual) == (
        "scene_time_mismatch",
        "scenes",
        32.8,
        40,
    )
    assert problem.message == (
        "The scenes add up to 40 s but the script is spoken in about 32.8 s (82 words at "
        "2.5 words/s); plan the scenes to within 3 s of the spoken time. Shorten them by about "
        "7.2 s: each scene lasts as long as the words spoken over it take to say."
    )
    assert report.measures["scene_seconds"] == 40


@pytest.mark.parametrize(
    ("plan", "code", "limit"),
    [
        ([("hook", 3), ("value", 8), ("cta", 3.9)], "scenes_too_short", 15),
        ([("hook", 3.2), ("value", 52), ("cta", 5.6)], "scenes_too_long", 60),
    ],
)
def test_the_scenes_must_fit_the_reels_window(
    plan: list[tuple[Beat, float]], code: str, limit: int
) -> None:
    # 16 s and 60 s spoken: the scenes are within 3 s of the speech but outside 15–60 s.
    value_words = 18 if code == "scenes_too_short" else 128
    draft = make_reel(value_words=value_words, scenes=[scene(b, s) for b, s in plan])
    report = validate("instagram-reel", draft)
    assert [(p.code, p.limit) for p in report.problems] == [(code, limit)]
    assert report.problems[0].message.startswith("The scenes add up to ")
    assert "a reel must run 15–60 s" in report.problems[0].message


def test_the_scene_tolerance_comes_from_the_rules_data() -> None:
    plan = [scene("hook", 3.2), scene("value", 25), scene("cta", 5.6)]  # 33.8 s for 32.8 s
    assert validate_reel(make_reel(scenes=plan)).valid
    tight = INSTAGRAM_REEL.model_copy(update={"scene_seconds_tolerance": 0.5})
    report = validate_reel(make_reel(scenes=plan), rules=tight)
    assert [(p.code, p.limit) for p in report.problems] == [("scene_time_mismatch", 32.8)]
