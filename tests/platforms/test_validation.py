from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.channels import CHANNEL_RULES, CHANNELS
from pressroom.platforms.drafts import VideoScriptDraft
from pressroom.platforms.rules import DEFAULT_WORDS_PER_SECOND
from pressroom.platforms.validation import PROBLEM_CODES, validate
from tests.platforms.samples import (
    Beat,
    linkedin_text,
    make_linkedin,
    make_reel,
    make_thread,
    scene,
)
from tests.platforms.test_bluesky import post as bluesky_post
from tests.platforms.test_facebook import page_post
from tests.platforms.test_instagram_carousel import make_carousel, with_second_slide
from tests.platforms.test_instagram_feed import make_post
from tests.platforms.test_mastodon import status
from tests.platforms.test_threads import post as threads_post
from tests.platforms.test_tiktok import make_tiktok
from tests.platforms.test_youtube_short import make_short

CHANNELS_DOC = Path(__file__).parents[2] / "docs" / "CHANNELS.md"
RATE = DEFAULT_WORDS_PER_SECOND  # the examples are validated at the default rate


def tiktok(*, hook_words: int = 6, value_words: int = 40, **overrides: Any) -> VideoScriptDraft:
    """A TikTok script whose scenes last as long as its words take at the default rate."""
    seconds = (hook_words / RATE, value_words / RATE, 10 / RATE)
    return make_tiktok(
        hook_words=hook_words, value_words=value_words, scene_seconds=seconds, **overrides
    )


def short(**overrides: Any) -> VideoScriptDraft:
    """A YouTube Short whose scenes (2.4 s, 16 s, 4 s) match its 56 words at the default
    rate."""
    return make_short(**{"scene_seconds": (2.4, 16, 4), **overrides})


def replan(draft: VideoScriptDraft, *plan: tuple[Beat, float]) -> VideoScriptDraft:
    """``draft`` with its scenes replaced by ``plan``: (beat, seconds) in order."""
    return draft.model_copy(update={"scenes": [scene(beat, seconds) for beat, seconds in plan]})


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
    ("instagram-reel", "scenes_too_short"): replan(
        make_reel(value_words=18), ("hook", 3), ("value", 8), ("cta", 3.9)
    ),
    ("instagram-reel", "scenes_too_long"): replan(
        make_reel(value_words=128), ("hook", 3.2), ("value", 52), ("cta", 5.6)
    ),
    # Scenes of 40 s for a script spoken in 32.8 s.
    ("instagram-reel", "scene_time_mismatch"): replan(
        make_reel(), ("hook", 4), ("value", 20), ("value", 10), ("cta", 6)
    ),
    ("instagram-reel", "caption_too_long"): make_reel(caption="c" * 2300),
    ("instagram-reel", "too_many_hashtags"): make_reel(hashtags=[f"t{n}" for n in range(31)]),
    ("instagram-reel", "invalid_hashtag"): make_reel(hashtags=["#"]),
    ("tiktok", "invalid_draft"): {"hook": "hi"},
    ("tiktok", "empty_section"): tiktok(hook_words=0),
    # 35 words is 14 s spoken; scenes of 15 s are inside the window and within 3 s of it.
    ("tiktok", "spoken_too_short"): make_tiktok(value_words=19, scene_seconds=(2.4, 8.6, 4)),
    ("tiktok", "spoken_too_long"): make_tiktok(value_words=135, scene_seconds=(2.4, 53.6, 4)),
    ("tiktok", "too_few_scenes"): replan(tiktok(), ("hook", 2.4), ("value", 20)),
    ("tiktok", "missing_scene_beat"): replan(tiktok(), ("hook", 2.4), ("value", 16), ("value", 4)),
    ("tiktok", "scene_beats_out_of_order"): replan(
        tiktok(), ("cta", 4), ("value", 16), ("hook", 2.4)
    ),
    ("tiktok", "scenes_too_short"): make_tiktok(value_words=22, scene_seconds=(2.4, 8.5, 4)),
    ("tiktok", "scenes_too_long"): make_tiktok(value_words=134, scene_seconds=(2.4, 53.7, 4)),
    # Scenes planned at 2 words/s (28 s) for a script spoken in 22.4 s.
    ("tiktok", "scene_time_mismatch"): make_tiktok(),
    ("tiktok", "caption_too_long"): tiktok(caption="c" * 2300),
    ("tiktok", "invalid_hashtag"): tiktok(hashtags=["two words"]),
    ("youtube-short", "invalid_draft"): {"title": 5},
    ("youtube-short", "empty_section"): short(title=" "),
    ("youtube-short", "spoken_too_long"): short(value_words=135, scene_seconds=(2.4, 53.6, 4)),
    ("youtube-short", "too_few_scenes"): replan(short(), ("hook", 2.4), ("value", 20)),
    ("youtube-short", "missing_scene_beat"): replan(
        short(), ("hook", 2.4), ("value", 16), ("value", 4)
    ),
    ("youtube-short", "scene_beats_out_of_order"): replan(
        short(), ("cta", 4), ("value", 16), ("hook", 2.4)
    ),
    ("youtube-short", "scenes_too_long"): short(value_words=134, scene_seconds=(2.4, 53.7, 4)),
    ("youtube-short", "scene_time_mismatch"): short(scene_seconds=(3, 20, 5)),
    ("youtube-short", "title_too_long"): short(title="t" * 101),
    ("youtube-short", "description_too_long"): short(description="d" * 5001),
    ("youtube-short", "too_many_hashtags"): short(hashtags=[f"t{n}" for n in range(61)]),
    ("youtube-short", "invalid_hashtag"): short(hashtags=["two words"]),
    ("instagram-feed", "invalid_draft"): {"caption": "hi"},
    ("instagram-feed", "empty_section"): make_post(image_prompt=""),
    ("instagram-feed", "missing_alt_text"): make_post(alt_text=""),
    ("instagram-feed", "alt_text_too_long"): make_post(alt_text="a" * 126),
    ("instagram-feed", "caption_too_long"): make_post(caption="c" * 2300),
    ("instagram-feed", "too_many_hashtags"): make_post(hashtags=[f"t{n}" for n in range(31)]),
    ("instagram-feed", "invalid_hashtag"): make_post(hashtags=["two words"]),
    ("instagram-carousel", "invalid_draft"): {"slides": "one", "caption": "hi"},
    ("instagram-carousel", "too_few_slides"): make_carousel(count=1),
    ("instagram-carousel", "too_many_slides"): make_carousel(count=11),
    ("instagram-carousel", "empty_section"): with_second_slide(headline=""),
    ("instagram-carousel", "headline_too_long"): with_second_slide(headline="h" * 61),
    ("instagram-carousel", "slide_text_too_long"): with_second_slide(body="b" * 251),
    ("instagram-carousel", "missing_alt_text"): with_second_slide(alt_text=""),
    ("instagram-carousel", "alt_text_too_long"): with_second_slide(alt_text="a" * 126),
    ("instagram-carousel", "caption_too_long"): make_carousel(caption="c" * 2300),
    ("instagram-carousel", "too_many_hashtags"): make_carousel(
        hashtags=[f"t{n}" for n in range(31)]
    ),
    ("instagram-carousel", "invalid_hashtag"): make_carousel(hashtags=["two words"]),
    ("threads", "invalid_draft"): {"text": 5},
    ("threads", "empty_post"): threads_post(" "),
    ("threads", "post_too_long"): threads_post("a" * 501),
    ("threads", "invalid_hashtag"): threads_post("hi", ["two words"]),
    ("mastodon", "invalid_draft"): {"text": ["hi"]},
    ("mastodon", "empty_post"): status(""),
    ("mastodon", "post_too_long"): status("a" * 501),
    ("mastodon", "invalid_hashtag"): status("hi", ["two words"]),
    ("bluesky", "invalid_draft"): {"text": "hi", "facets": []},
    ("bluesky", "empty_post"): bluesky_post(""),
    ("bluesky", "post_too_long"): bluesky_post("a" * 301),
    ("bluesky", "invalid_hashtag"): bluesky_post("hi", ["two words"]),
    ("bluesky", "hashtag_too_long"): bluesky_post("#" + "a" * 65),
    ("facebook", "invalid_draft"): {"text": None},
    ("facebook", "empty_post"): page_post(""),
    ("facebook", "post_too_long"): page_post("a" * 63_207),
    ("facebook", "invalid_hashtag"): page_post("hi", ["two words"]),
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
        validate("myspace", {"text": "hi"})
    error = caught.value
    assert error.code == ErrorCode.UNKNOWN_CHANNEL
    known = sorted(CHANNELS)
    assert error.message == f"Unknown channel 'myspace'. Known channels: {', '.join(known)}."
    assert error.details["known_channels"] == known


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
