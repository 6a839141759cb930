from __future__ import annotations

import json

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.channels import CHANNELS, read_draft
from pressroom.platforms.drafts import (
    HookType,
    LinkedInPostDraft,
    ReelScriptDraft,
    Scene,
    XThreadDraft,
)
from pressroom.platforms.text import (
    count_words,
    extract_hashtags,
    paragraphs,
    split_trailing_hashtags,
)
from pressroom.platforms.validation import validate
from tests.platforms.samples import make_linkedin, make_reel, make_thread, scene


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Coffee is #craft, not a #commodity.", ["craft", "commodity"]),
        ("C# and F# are languages", []),
        ("see https://example.com/#section and &#39;quoted&#39;", []),
        ("#2024 is a number, #1st is a tag, #café too", ["1st", "café"]),
        ("##double #ok_tag", ["ok_tag"]),
    ],
)
def test_extract_hashtags(text: str, expected: list[str]) -> None:
    assert extract_hashtags(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Five plain words right here", 5),
        ("Hashtags #are not #words", 2),
        ("A dash — and a bullet • are not words; don't and B2B are", 12),
        ("Read https://example.com/a-long-path now", 3),
        ("", 0),
    ],
)
def test_count_words(text: str, expected: int) -> None:
    assert count_words(text) == expected


def test_paragraphs_are_split_on_blank_lines() -> None:
    assert paragraphs("one\nstill one\n\n two \n \t \nthree\n\n\n") == [
        "one\nstill one",
        "two",
        "three",
    ]


def test_only_a_final_hashtag_only_paragraph_is_split_off() -> None:
    assert split_trailing_hashtags("Body #inline.\n\n#one #Two") == (
        "Body #inline.",
        ["one", "Two"],
    )
    assert split_trailing_hashtags("Body.\n\n#one and words") == ("Body.\n\n#one and words", [])
    assert split_trailing_hashtags("#only #tags") == ("", ["only", "tags"])


def test_unknown_channel() -> None:
    with pytest.raises(PressroomError) as caught:
        read_draft("myspace", "hello")
    assert caught.value.code == ErrorCode.UNKNOWN_CHANNEL
    assert f"Known channels: {', '.join(sorted(CHANNELS))}." in caught.value.message


# --- JSON drafts -------------------------------------------------------------------------


def test_json_draft_with_or_without_channel() -> None:
    draft = make_thread("one", "two")
    with_channel = draft.model_dump_json()
    without_channel = json.dumps({"posts": ["one", "two"], "hook_type": "question"})
    assert read_draft("x", with_channel) == draft
    assert read_draft("x", "\n  " + without_channel) == draft


def test_json_hook_type_defaults_to_statement() -> None:
    draft = read_draft("x", '{"posts": ["hello"]}')
    assert isinstance(draft, XThreadDraft)
    assert draft.hook_type is HookType.STATEMENT


def test_json_that_is_not_a_draft_is_returned_as_data_for_the_validator() -> None:
    data = read_draft("linkedin", '{"channel": "x", "text": 5}')
    assert data == {"channel": "x", "text": 5, "hook_type": "statement"}
    report = validate("linkedin", data)
    assert not report.valid
    assert [(p.code, p.path) for p in report.problems] == [
        ("invalid_draft", "channel"),
        ("invalid_draft", "text"),
    ]


def test_malformed_json_is_invalid_input_with_its_position() -> None:
    with pytest.raises(PressroomError) as caught:
        read_draft("x", '{"posts": ["a",]}')
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert "line 1, column 16" in caught.value.message


# --- plain text --------------------------------------------------------------------------


def test_linkedin_text_keeps_inline_hashtags_and_lifts_the_final_tag_line() -> None:
    text = "We roast at dawn. #craft matters.\n\nSecond paragraph.\n\n#Coffee #Roasting\n"
    draft = read_draft("linkedin", text)
    assert draft == LinkedInPostDraft(
        hook_type=HookType.STATEMENT,
        text="We roast at dawn. #craft matters.\n\nSecond paragraph.",
        hashtags=["Coffee", "Roasting"],
    )


def test_linkedin_round_trip() -> None:
    draft = make_linkedin(hashtags=["Leadership", "Coffee"])
    assert read_draft("linkedin", draft.render_text()) == draft


def test_x_text_splits_posts_on_dash_lines() -> None:
    text = "First post\nwith two lines\n  ---  \nSecond --- not a separator\n---\nThird"
    draft = read_draft("x", text)
    assert isinstance(draft, XThreadDraft)
    assert draft.posts == ["First post\nwith two lines", "Second --- not a separator", "Third"]
    assert read_draft("x", "Just one post.") == make_thread("Just one post.").model_copy(
        update={"hook_type": HookType.STATEMENT}
    )


def test_x_text_keeps_empty_posts_so_they_are_reported() -> None:
    draft = read_draft("x", "one\n---\n\n---\nthree")
    assert isinstance(draft, XThreadDraft)
    assert draft.posts == ["one", "", "three"]
    empty = read_draft("x", "  \n")
    assert isinstance(empty, XThreadDraft)
    assert empty.posts == []


def test_x_round_trip() -> None:
    draft = make_thread("1/ Why we roast light", "2/ Because origin shows 🌍", "3/ Try it")
    assert read_draft("x", draft.render_text()) == draft.model_copy(
        update={"hook_type": HookType.STATEMENT}
    )


REEL_TEXT = """HOOK: Stop buying stale beans.

VALUE: Coffee peaks a week after roasting.
Buy from roasters who print the roast date.

CTA: Follow for a roast-date cheat sheet.

SCENES:
[hook · 3s] Close-up of a dusty supermarket bag
[value | 12.5 s] Roaster stamping today's date on a bag

[cta · 4s] Barista pointing at the follow button

CAPTION:
Fresh beans, better cups. #coffee inside.

#Coffee #Roasting
"""


def test_reel_text_sections_and_scenes() -> None:
    draft = read_draft("instagram-reel", REEL_TEXT)
    assert draft == ReelScriptDraft(
        hook_type=HookType.STATEMENT,
        hook="Stop buying stale beans.",
        value="Coffee peaks a week after roasting.\nBuy from roasters who print the roast date.",
        cta="Follow for a roast-date cheat sheet.",
        scenes=[
            Scene(
                beat="hook",
                duration_seconds=3,
                visual_prompt="Close-up of a dusty supermarket bag",
                voiceover="",
            ),
            Scene(
                beat="value",
                duration_seconds=12.5,
                visual_prompt="Roaster stamping today's date on a bag",
                voiceover="",
            ),
            Scene(
                beat="cta",
                duration_seconds=4,
                visual_prompt="Barista pointing at the follow button",
                voiceover="",
            ),
        ],
        caption="Fresh beans, better cups. #coffee inside.",
        hashtags=["Coffee", "Roasting"],
    )


def test_reel_round_trip() -> None:
    draft = make_reel(scenes=[scene("hook", 3), scene("value", 2.5), scene("cta", 6)])
    assert read_draft("instagram-reel", draft.render_text()) == draft


def test_reel_round_trip_of_the_text_when_scenes_carry_voiceover() -> None:
    # The text format carries each scene's visual only; JSON keeps voiceover and cues.
    draft = make_reel()
    draft.scenes[0].voiceover = "Stop."
    parsed = read_draft("instagram-reel", draft.render_text())
    assert isinstance(parsed, ReelScriptDraft)
    assert parsed.render_text() == draft.render_text()
    assert parsed.scenes[0].voiceover == ""


def test_reel_missing_sections_are_left_for_the_validator() -> None:
    draft = read_draft("instagram-reel", "HOOK: Only a hook here.\n")
    assert isinstance(draft, ReelScriptDraft)
    report = validate("instagram-reel", draft)
    assert [(p.code, p.path) for p in report.problems][:2] == [
        ("empty_section", "value"),
        ("empty_section", "cta"),
    ]


def test_reel_unknown_beat_is_an_invalid_draft() -> None:
    data = read_draft("instagram-reel", REEL_TEXT.replace("[cta · 4s]", "[outro · 4s]"))
    assert isinstance(data, dict)
    report = validate("instagram-reel", data)
    assert [(p.code, p.path) for p in report.problems] == [("invalid_draft", "scenes[2].beat")]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (REEL_TEXT.replace("[value | 12.5 s]", "value 12s:"), "Line 10 "),
        ("Intro words\nHOOK: hi", "Line 1:"),
        ("HOOK: one\nHOOK: two", "Line 2:"),
    ],
)
def test_malformed_reel_text_is_invalid_input_with_the_line(text: str, line: str) -> None:
    with pytest.raises(PressroomError) as caught:
        read_draft("instagram-reel", text)
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert caught.value.message.startswith(line)
    assert caught.value.hint
