"""Instagram feed post: an image prompt, alt text of at most 125 characters, and a caption of at
most 2,200 characters as posted with at most 30 distinct hashtags."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings

from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.channels import CHANNELS, read_draft
from pressroom.platforms.drafts import HookType, InstagramPostDraft
from pressroom.platforms.report import ValidationReport
from pressroom.platforms.validation import validate
from pressroom.providers.llm.builtin import BuiltinWriter
from tests.platforms.strategies import field_text, hashtag_lists, tags_stay_listed
from tests.providers.llm.builtin.builders import check, minimal_brand, piece_request

TAG_LINE = "\n\n#coffee #roasting"
ACUTE_E = "e\u0301"  # two code points, one character after NFC


def make_post(
    *,
    image_prompt: str = "A hand pouring fresh beans onto a kitchen scale, morning light",
    alt_text: str = "A hand pours coffee beans onto a kitchen scale.",
    caption: str = "Three things we learned roasting coffee at dawn.",
    hashtags: list[str] | None = None,
) -> InstagramPostDraft:
    return InstagramPostDraft(
        hook_type=HookType.STATEMENT,
        image_prompt=image_prompt,
        alt_text=alt_text,
        caption=caption,
        hashtags=["coffee", "roasting"] if hashtags is None else hashtags,
    )


def report(draft: InstagramPostDraft) -> ValidationReport:
    return validate("instagram-feed", draft)


def problems(draft: InstagramPostDraft) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in report(draft).problems]


def test_a_well_formed_post_is_valid_with_its_measures() -> None:
    draft = make_post()
    result = report(draft)
    assert result.valid, result.feedback()
    caption_length = len("Three things we learned roasting coffee at dawn." + TAG_LINE)
    assert result.measures == {
        "length": caption_length,
        "caption_length": caption_length,
        "hashtags": 2,
        "alt_text_length": len("A hand pours coffee beans onto a kitchen scale."),
    }
    channel = CHANNELS["instagram-feed"]
    assert (channel.platform, channel.scored_like) == ("instagram", "instagram-reel")


# --- caption -------------------------------------------------------------------------------


@pytest.mark.parametrize(("length", "valid"), [(2199, True), (2200, True), (2201, False)])
def test_caption_limit_counts_the_hashtag_line(length: int, valid: bool) -> None:
    result = report(make_post(caption="c" * (length - len(TAG_LINE))))
    assert result.measures["caption_length"] == length
    assert result.valid is valid
    if not valid:
        (problem,) = result.problems
        assert (problem.code, problem.path) == ("caption_too_long", "caption")
        assert (problem.limit, problem.actual) == (2200, 2201)
        assert problem.message == (
            "The caption (with its hashtags) has 2,201 characters; Instagram allows 2,200. Cut "
            "about 1 character."
        )


@pytest.mark.parametrize(("length", "valid"), [(2200, True), (2201, False)])
def test_caption_is_counted_after_nfc_without_surrounding_space(length: int, valid: bool) -> None:
    # 4,400 code points as written, 2,200 characters as a reader sees them.
    draft = make_post(caption=f"  {ACUTE_E * length}\n", hashtags=[])
    result = report(draft)
    assert result.measures["caption_length"] == length
    assert result.valid is valid


@pytest.mark.parametrize("caption", ["", "  \n "])
def test_an_empty_caption_is_an_empty_section(caption: str) -> None:
    (problem,) = report(make_post(caption=caption)).problems
    assert (problem.code, problem.path) == ("empty_section", "caption")
    assert problem.message == (
        "The caption is empty. Write what the post is about and why it matters."
    )


# --- hashtags ------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "valid"), [(29, True), (30, True), (31, False)])
def test_hashtag_limit_boundary(count: int, valid: bool) -> None:
    result = report(make_post(hashtags=[f"tag{n}" for n in range(count)]))
    assert result.measures["hashtags"] == count
    assert result.valid is valid
    if not valid:
        (problem,) = result.problems
        assert (problem.code, problem.path, problem.limit, problem.actual) == (
            "too_many_hashtags",
            "hashtags",
            30,
            31,
        )
        assert problem.message == (
            "The draft uses 31 different hashtags; Instagram feed post drafts may use at most "
            "30. Remove 1 hashtag, keeping the most specific ones."
        )


def test_hashtags_count_once_across_caption_and_list_in_any_case() -> None:
    caption = "Why #Coffee and #roasting matter. " + " ".join(f"#in{n}" for n in range(28))
    result = report(make_post(caption=caption, hashtags=["coffee", "#ROASTING"]))
    assert result.measures["hashtags"] == 30
    assert result.valid, result.feedback()
    assert problems(make_post(caption=caption, hashtags=["coffee", "one_more"])) == [
        ("too_many_hashtags", "hashtags")
    ]


def test_hashtags_outside_the_caption_are_not_counted() -> None:
    many = " ".join(f"#t{n}" for n in range(40))
    result = report(make_post(image_prompt=many, alt_text="Beans. #t1 #t2 #t3"))
    assert result.valid, result.feedback()
    assert result.measures["hashtags"] == 2


def test_a_listed_hashtag_must_be_one_word_with_a_letter() -> None:
    result = report(make_post(hashtags=["coffee", "two words", "2024"]))
    assert [(p.code, p.path, p.actual) for p in result.problems] == [
        ("invalid_hashtag", "hashtags[1]", "two words"),
        ("invalid_hashtag", "hashtags[2]", "2024"),
    ]
    assert result.problems[0].message == (
        "'two words' is not a valid hashtag: it must be one word of letters, digits or "
        "underscores with at least one letter. Join the words (e.g. #MachineLearning) or drop it."
    )


# --- image -------------------------------------------------------------------------------


@pytest.mark.parametrize(("length", "valid"), [(124, True), (125, True), (126, False)])
def test_alt_text_limit_boundary(length: int, valid: bool) -> None:
    result = report(make_post(alt_text="a" * length))
    assert result.measures["alt_text_length"] == length
    assert result.valid is valid
    if not valid:
        (problem,) = result.problems
        assert (problem.code, problem.path, problem.limit, problem.actual) == (
            "alt_text_too_long",
            "alt_text",
            125,
            126,
        )
        assert problem.message == (
            "The alt text has 126 characters; Instagram feed posts keep it to 125 so a screen "
            "reader says it in one breath. Cut about 1 character."
        )


@pytest.mark.parametrize(("length", "valid"), [(125, True), (126, False)])
def test_alt_text_is_counted_after_nfc_without_surrounding_space(length: int, valid: bool) -> None:
    result = report(make_post(alt_text=f" {ACUTE_E * length}  "))
    assert result.measures["alt_text_length"] == length
    assert result.valid is valid


@pytest.mark.parametrize("alt_text", ["", " \n\t"])
def test_missing_alt_text_says_what_to_write(alt_text: str) -> None:
    (problem,) = report(make_post(alt_text=alt_text)).problems
    assert (problem.code, problem.path) == ("missing_alt_text", "alt_text")
    assert problem.message == (
        "The image has no alt text. Describe the image in a sentence for people who use a "
        "screen reader."
    )


@pytest.mark.parametrize("prompt", ["", "   "])
def test_an_empty_image_prompt_is_an_empty_section(prompt: str) -> None:
    (problem,) = report(make_post(image_prompt=prompt)).problems
    assert (problem.code, problem.path) == ("empty_section", "image_prompt")
    assert problem.message == "The image prompt is empty. Describe what the image shows."


def test_every_problem_is_reported_at_once() -> None:
    draft = make_post(image_prompt="", alt_text="", caption="", hashtags=["two words"])
    assert problems(draft) == [
        ("empty_section", "image_prompt"),
        ("missing_alt_text", "alt_text"),
        ("empty_section", "caption"),
        ("invalid_hashtag", "hashtags[0]"),
    ]


# --- plain text --------------------------------------------------------------------------


def test_plain_text_round_trip() -> None:
    draft = make_post(caption="Fresh beans, better cups. #craft inside.\n\nSecond paragraph.")
    text = draft.render_text()
    assert text.startswith("IMAGE: A hand pouring fresh beans")
    assert read_draft("instagram-feed", text) == draft


def test_plain_text_sections_may_start_below_their_header() -> None:
    text = "IMAGE:\nBeans on a scale\n\nALT:\nBeans on a scale.\n\nCAPTION:\nFresh.\n\n#Coffee\n"
    assert read_draft("instagram-feed", text) == make_post(
        image_prompt="Beans on a scale",
        alt_text="Beans on a scale.",
        caption="Fresh.",
        hashtags=["Coffee"],
    )


def test_missing_sections_are_left_for_the_validator() -> None:
    draft = read_draft("instagram-feed", "CAPTION:\nOnly a caption.\n")
    assert isinstance(draft, InstagramPostDraft)
    assert problems(draft) == [
        ("empty_section", "image_prompt"),
        ("missing_alt_text", "alt_text"),
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("A caption without sections\nIMAGE: beans", "Line 1:"),
        ("IMAGE: beans\nALT: beans\nIMAGE: again", "Line 3:"),
    ],
)
def test_malformed_text_is_invalid_input_with_the_line(text: str, line: str) -> None:
    with pytest.raises(PressroomError) as caught:
        read_draft("instagram-feed", text)
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert caught.value.message.startswith(line)
    assert "IMAGE:, ALT:, CAPTION:" in str(caught.value.hint)


@pytest.mark.parametrize("marker", ["IMAGE:", "ALT:", "CAPTION:"])
def test_caption_lines_that_start_with_a_section_header_read_back_as_caption(marker: str) -> None:
    draft = make_post(caption=f"Before you brew:\n{marker} a line of the caption itself.")
    text = draft.render_text()
    assert f"\n\\{marker} a line of the caption itself." in text
    assert read_draft("instagram-feed", text) == draft


def test_prompt_and_alt_text_that_start_with_a_header_read_back() -> None:
    draft = make_post(image_prompt="CAPTION: overlay reads 'fresh'", alt_text="ALT: a second\nALT:")
    assert read_draft("instagram-feed", draft.render_text()) == draft


def test_escaped_markers_keep_their_other_backslashes() -> None:
    text = "IMAGE: Beans\n\nALT: Beans.\n\nCAPTION:\n\\IMAGE: one\n\\\\ALT: two\n\\no marker"
    draft = read_draft("instagram-feed", text)
    assert isinstance(draft, InstagramPostDraft)
    assert draft.caption == "IMAGE: one\n\\ALT: two\n\\no marker"
    assert draft.render_text() == text


def test_windows_line_ends_read_like_line_feeds() -> None:
    draft = make_post(caption="Fresh.\n\nSecond paragraph.")
    assert read_draft("instagram-feed", draft.render_text().replace("\n", "\r\n")) == draft


def test_other_line_separators_stay_in_the_text() -> None:
    draft = make_post(caption="One\u2028two\x0cthree\x85four")
    assert read_draft("instagram-feed", draft.render_text()) == draft


@settings(max_examples=300, deadline=None)
@given(prompt=field_text(), alt=field_text(), caption=field_text(), hashtags=hashtag_lists)
def test_any_post_reads_back_from_its_text(
    prompt: str, alt: str, caption: str, hashtags: list[str]
) -> None:
    assume(tags_stay_listed(caption, hashtags))
    draft = make_post(image_prompt=prompt, alt_text=alt, caption=caption, hashtags=hashtags)
    assert read_draft("instagram-feed", draft.render_text()) == draft


# --- the built-in writer ---------------------------------------------------------------------


@pytest.mark.parametrize("brand", ["demo", "minimal"])
def test_the_builtin_writers_post_is_valid_and_reads_back(brand: str) -> None:
    overrides = {"brand": minimal_brand()} if brand == "minimal" else {}
    request = piece_request("instagram-feed", **overrides)
    draft = BuiltinWriter().write_piece(request).output
    assert isinstance(draft, InstagramPostDraft)
    result = check(request, draft)
    assert result.valid, result.feedback()
    assert read_draft("instagram-feed", draft.render_text()) == draft.model_copy(
        update={"hook_type": HookType.STATEMENT}
    )
