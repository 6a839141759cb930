from __future__ import annotations

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.channels import CHANNELS, read_draft
from pressroom.platforms.drafts import HookType, Scene, TikTokScriptDraft
from pressroom.platforms.validation import validate
from tests.platforms.samples import words

RATE = 2.0  # 15–60 s is 30–120 words


def make_tiktok(
    *,
    hook_words: int = 6,
    value_words: int = 40,
    cta_words: int = 10,
    scene_seconds: tuple[float, float, float] | None = None,
    caption: str = "Three things we learned roasting coffee at dawn.",
    hashtags: list[str] | None = None,
) -> TikTokScriptDraft:
    """Scenes last as long as their words take at 2 words/s unless ``scene_seconds``."""
    seconds = scene_seconds or (hook_words / RATE, value_words / RATE, cta_words / RATE)
    beats = ("hook", "value", "cta")
    return TikTokScriptDraft(
        hook_type=HookType.STATEMENT,
        hook=words(hook_words, "stop"),
        value=words(value_words, "roast"),
        cta=words(cta_words, "follow"),
        scenes=[
            Scene(beat=beat, duration_seconds=max(s, 0.1), visual_prompt="Beans", voiceover="")
            for beat, s in zip(beats, seconds, strict=True)
        ],
        caption=caption,
        hashtags=["coffee", "roasting"] if hashtags is None else hashtags,
    )


def codes(draft: TikTokScriptDraft) -> list[str]:
    return [p.code for p in validate("tiktok", draft, words_per_second=RATE).problems]


def test_a_well_formed_script_is_valid_with_its_measures() -> None:
    report = validate("tiktok", make_tiktok(), words_per_second=RATE)
    assert report.valid, report.feedback()
    assert report.measures["spoken_seconds"] == 28.0
    assert report.measures["scene_seconds"] == 28.0
    assert CHANNELS["tiktok"].scored_like == "instagram-reel"
    assert CHANNELS["tiktok"].platform == "tiktok"


@pytest.mark.parametrize(
    ("value_words", "expected"),
    [
        (13, ["spoken_too_short", "scenes_too_short"]),
        (14, []),
        (15, []),
        (103, []),
        (104, []),
        (105, ["spoken_too_long", "scenes_too_long"]),
    ],
)
def test_spoken_and_scene_duration_boundaries(value_words: int, expected: list[str]) -> None:
    assert codes(make_tiktok(value_words=value_words)) == expected


def test_a_short_script_says_how_much_to_add() -> None:
    report = validate("tiktok", make_tiktok(value_words=13), words_per_second=RATE)
    spoken, scenes = report.problems
    assert spoken.message == (
        "The spoken script runs about 14.5 s (29 words at 2 words/s); it must run 15–60 s. "
        "Add about 1 word."
    )
    assert (scenes.path, scenes.limit, scenes.actual) == ("scenes", 15, 14.5)
    assert scenes.message == (
        "The scenes add up to 14.5 s; a video must run 15–60 s. Lengthen them by about 0.5 s."
    )


# Spoken 28 s; scenes may add up to 25–31 s (3 s either way).
@pytest.mark.parametrize(
    ("value_seconds", "expected"),
    [(17.0, []), (16.9, ["scene_time_mismatch"]), (23.0, []), (23.1, ["scene_time_mismatch"])],
)
def test_scenes_add_up_to_the_spoken_time(value_seconds: float, expected: list[str]) -> None:
    draft = make_tiktok(scene_seconds=(3, value_seconds, 5))
    assert codes(draft) == expected


def test_scene_mismatch_message_says_which_way() -> None:
    report = validate("tiktok", make_tiktok(scene_seconds=(3, 30, 5)), words_per_second=RATE)
    (problem,) = report.problems
    assert (problem.code, problem.limit, problem.actual) == ("scene_time_mismatch", 28.0, 38)
    assert problem.message == (
        "The scenes add up to 38 s but the script is spoken in about 28.0 s (56 words at 2 "
        "words/s); plan the scenes to within 3 s of the spoken time. Shorten them by about "
        "10.0 s: each scene lasts as long as the words spoken over it take to say."
    )


def test_hook_and_cta_have_no_windows_of_their_own_but_must_be_written() -> None:
    assert codes(make_tiktok(hook_words=1, value_words=50, cta_words=1)) == []
    assert codes(make_tiktok(hook_words=0, value_words=60, cta_words=10)) == ["empty_section"]


def test_scene_beats_run_hook_value_cta() -> None:
    draft = make_tiktok()
    draft.scenes.reverse()
    assert codes(draft) == ["scene_beats_out_of_order"]
    assert codes(make_tiktok().model_copy(update={"scenes": []})) == [
        "too_few_scenes",
        "missing_scene_beat",
        "missing_scene_beat",
        "missing_scene_beat",
    ]


@pytest.mark.parametrize(("length", "valid"), [(2199, True), (2200, True), (2201, False)])
def test_caption_limit_counts_the_hashtag_line(length: int, valid: bool) -> None:
    tags = "\n\n#coffee #roasting"
    report = validate(
        "tiktok", make_tiktok(caption="c" * (length - len(tags))), words_per_second=RATE
    )
    assert report.measures["caption_length"] == length
    assert report.valid is valid
    if not valid:
        (problem,) = report.problems
        assert (problem.code, problem.limit, problem.actual) == ("caption_too_long", 2200, 2201)
        assert problem.message == (
            "The caption (with its hashtags) has 2,201 characters; TikTok allows 2,200. Cut "
            "about 1 character."
        )


def test_hashtags_are_not_capped_but_must_be_words() -> None:
    assert codes(make_tiktok(hashtags=[f"tag{n}" for n in range(40)])) == []
    assert codes(make_tiktok(hashtags=["not valid"])) == ["invalid_hashtag"]


def test_the_plain_text_format_is_the_reels() -> None:
    draft = make_tiktok()
    read = read_draft("tiktok", draft.render_text())
    assert read == draft
    with pytest.raises(PressroomError) as caught:
        read_draft("tiktok", "Hello\nHOOK: hi")
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert "A TikTok script starts with `HOOK:`" in (caption := str(caught.value.hint))
    assert "CAPTION:" in caption
