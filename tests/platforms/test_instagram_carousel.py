"""Instagram carousel: 2–10 slides, each a headline (≤60 characters), body text (≤250), an image
prompt and alt text (≤125), and the feed post's caption rules."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.channels import CHANNELS, read_draft
from pressroom.platforms.drafts import HookType, InstagramCarouselDraft, Slide
from pressroom.platforms.report import ValidationReport
from pressroom.platforms.validation import validate
from pressroom.providers.llm.builtin import BuiltinWriter
from tests.platforms.strategies import field_text, hashtag_lists, tags_stay_listed
from tests.providers.llm.builtin.builders import check, minimal_brand, piece_request

TAG_LINE = "\n\n#coffee #roasting"
ACUTE_E = "e\u0301"  # two code points, one character after NFC


def make_slide(
    *,
    headline: str = "Fresh beans taste better",
    body: str = "Coffee peaks a week after roasting. Look for the roast date.",
    image_prompt: str = "A bag of beans with a stamped roast date",
    alt_text: str = "A coffee bag stamped with last week's roast date.",
) -> Slide:
    return Slide(headline=headline, body=body, image_prompt=image_prompt, alt_text=alt_text)


def make_carousel(
    *,
    slides: list[Slide] | None = None,
    count: int = 3,
    caption: str = "Three things we learned roasting coffee at dawn.",
    hashtags: list[str] | None = None,
) -> InstagramCarouselDraft:
    return InstagramCarouselDraft(
        hook_type=HookType.STATEMENT,
        slides=[make_slide() for _ in range(count)] if slides is None else slides,
        caption=caption,
        hashtags=["coffee", "roasting"] if hashtags is None else hashtags,
    )


def with_second_slide(**fields: str) -> InstagramCarouselDraft:
    """A valid carousel whose second slide has ``fields``."""
    return make_carousel(slides=[make_slide(), make_slide(**fields), make_slide()])


def report(draft: InstagramCarouselDraft) -> ValidationReport:
    return validate("instagram-carousel", draft)


def problems(draft: InstagramCarouselDraft) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in report(draft).problems]


def test_a_well_formed_carousel_is_valid_with_its_measures() -> None:
    result = report(make_carousel())
    assert result.valid, result.feedback()
    caption_length = len("Three things we learned roasting coffee at dawn." + TAG_LINE)
    assert result.measures == {
        "length": caption_length,
        "caption_length": caption_length,
        "hashtags": 2,
        "slides": 3,
    }
    channel = CHANNELS["instagram-carousel"]
    assert (channel.platform, channel.scored_like) == ("instagram", "instagram-reel")


# --- slides --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, ["too_few_slides"]),
        (1, ["too_few_slides"]),
        (2, []),
        (3, []),
        (9, []),
        (10, []),
        (11, ["too_many_slides"]),
    ],
)
def test_slide_count_boundaries(count: int, expected: list[str]) -> None:
    result = report(make_carousel(count=count))
    assert result.measures["slides"] == count
    assert [p.code for p in result.problems] == expected


def test_slide_count_messages_say_how_many_to_add_or_remove() -> None:
    (few,) = report(make_carousel(count=1)).problems
    assert (few.path, few.limit, few.actual) == ("slides", 2, 1)
    assert few.message == "The carousel has 1 slide; carousels have 2–10 slides. Add 1 slide."
    (many,) = report(make_carousel(count=12)).problems
    assert (many.path, many.limit, many.actual) == ("slides", 10, 12)
    assert many.message == (
        "The carousel has 12 slides; Instagram allows 2–10. Remove 2 slides or merge them."
    )


@pytest.mark.parametrize(
    ("field", "code", "limit"),
    [("headline", "headline_too_long", 60), ("body", "slide_text_too_long", 250)],
)
@pytest.mark.parametrize("over", [-1, 0, 1])
def test_slide_text_limits(field: str, code: str, limit: int, over: int) -> None:
    draft = with_second_slide(**{field: "w" * (limit + over)})
    expected = [(code, f"slides[1].{field}")] if over > 0 else []
    assert problems(draft) == expected


@pytest.mark.parametrize(
    ("field", "length", "label"),
    [("headline", 61, "headline"), ("body", 251, "body text")],
)
def test_slide_text_messages_name_the_slide_and_the_cut(
    field: str, length: int, label: str
) -> None:
    (problem,) = report(with_second_slide(**{field: "w" * length})).problems
    assert (problem.limit, problem.actual) == (length - 1, length)
    assert problem.message == (
        f"Slide 2's {label} has {length} characters; carousel slides keep it to {length - 1} "
        "so it reads on a phone. Cut about 1 character or move it to another slide."
    )


@pytest.mark.parametrize(("field", "limit"), [("headline", 60), ("body", 250), ("alt_text", 125)])
def test_slide_text_is_counted_after_nfc_without_surrounding_space(field: str, limit: int) -> None:
    assert problems(with_second_slide(**{field: f"  {ACUTE_E * limit}\n"})) == []
    assert len(problems(with_second_slide(**{field: ACUTE_E * (limit + 1)}))) == 1


@pytest.mark.parametrize("headline", ["", "  "])
def test_every_slide_needs_a_headline_but_not_body_text(headline: str) -> None:
    assert problems(with_second_slide(body="")) == []
    (problem,) = report(with_second_slide(headline=headline)).problems
    assert (problem.code, problem.path) == ("empty_section", "slides[1].headline")
    assert problem.message == "Slide 2 has no headline. Give every slide a short headline."


def test_every_slide_needs_an_image_prompt_and_alt_text() -> None:
    result = report(with_second_slide(image_prompt=" ", alt_text=""))
    assert [(p.code, p.path) for p in result.problems] == [
        ("empty_section", "slides[1].image_prompt"),
        ("missing_alt_text", "slides[1].alt_text"),
    ]
    prompt, alt = result.problems
    assert prompt.message == "Slide 2: the image prompt is empty. Describe what the image shows."
    assert alt.message == (
        "Slide 2: the image has no alt text. Describe the image in a sentence for people who "
        "use a screen reader."
    )


@pytest.mark.parametrize(("length", "valid"), [(124, True), (125, True), (126, False)])
def test_alt_text_limit_boundary(length: int, valid: bool) -> None:
    result = report(with_second_slide(alt_text="a" * length))
    assert result.valid is valid
    if not valid:
        (problem,) = result.problems
        assert (problem.code, problem.path, problem.limit, problem.actual) == (
            "alt_text_too_long",
            "slides[1].alt_text",
            125,
            126,
        )
        assert problem.message == (
            "Slide 2: the alt text has 126 characters; Instagram carousels keep it to 125 so a "
            "screen reader says it in one breath. Cut about 1 character."
        )


def test_every_slide_is_checked_and_every_problem_reported() -> None:
    slides = [make_slide(headline="h" * 61), make_slide(), make_slide(alt_text="")] * 4
    expected = [("too_many_slides", "slides")]
    for first in range(0, 12, 3):
        expected += [
            ("headline_too_long", f"slides[{first}].headline"),
            ("missing_alt_text", f"slides[{first + 2}].alt_text"),
        ]
    assert problems(make_carousel(slides=slides, caption="")) == [
        *expected,
        ("empty_section", "caption"),
    ]


# --- caption and hashtags ---------------------------------------------------------------------


@pytest.mark.parametrize(("length", "valid"), [(2199, True), (2200, True), (2201, False)])
def test_caption_limit_counts_the_hashtag_line(length: int, valid: bool) -> None:
    result = report(make_carousel(caption="c" * (length - len(TAG_LINE))))
    assert result.measures["caption_length"] == length
    assert result.valid is valid
    if not valid:
        (problem,) = result.problems
        assert (problem.code, problem.path, problem.limit, problem.actual) == (
            "caption_too_long",
            "caption",
            2200,
            2201,
        )
        assert problem.message == (
            "The caption (with its hashtags) has 2,201 characters; Instagram allows 2,200. Cut "
            "about 1 character."
        )


def test_an_empty_caption_is_an_empty_section() -> None:
    (problem,) = report(make_carousel(caption=" \n")).problems
    assert (problem.code, problem.path) == ("empty_section", "caption")
    assert problem.message.endswith("Write what the post is about and why it matters.")


@pytest.mark.parametrize(("count", "valid"), [(29, True), (30, True), (31, False)])
def test_hashtag_limit_boundary(count: int, valid: bool) -> None:
    in_caption = "Dawn roasting. #coffee"  # counted once with the listed "Coffee"
    listed = ["Coffee", *(f"tag{n}" for n in range(count - 1))]
    result = report(make_carousel(caption=in_caption, hashtags=listed))
    assert result.measures["hashtags"] == count
    assert result.valid is valid
    if not valid:
        (problem,) = result.problems
        assert (problem.code, problem.limit, problem.actual) == ("too_many_hashtags", 30, 31)
        assert problem.message == (
            "The draft uses 31 different hashtags; Instagram carousel drafts may use at most "
            "30. Remove 1 hashtag, keeping the most specific ones."
        )


def test_a_listed_hashtag_must_be_one_word() -> None:
    (problem,) = report(make_carousel(hashtags=["coffee", "latte art"])).problems
    assert (problem.code, problem.path, problem.actual) == (
        "invalid_hashtag",
        "hashtags[1]",
        "latte art",
    )
    assert "Join the words (e.g. #MachineLearning) or drop it." in problem.message


# --- plain text --------------------------------------------------------------------------


CAROUSEL_TEXT = """SLIDE 1: Fresh beans taste better
Coffee peaks a week after roasting.

Look for the roast date.
IMAGE: A bag of beans with a stamped roast date
ALT: A coffee bag stamped with last week's roast date.

SLIDE 2:   Grind just before brewing
IMAGE: A burr grinder
ALT: A burr grinder on a counter.

CAPTION:
Fresh beans, better cups. #craft inside.

#Coffee #Roasting
"""


def test_plain_text_slides_and_caption() -> None:
    assert read_draft("instagram-carousel", CAROUSEL_TEXT) == make_carousel(
        slides=[
            make_slide(body="Coffee peaks a week after roasting.\n\nLook for the roast date."),
            make_slide(
                headline="Grind just before brewing",
                body="",
                image_prompt="A burr grinder",
                alt_text="A burr grinder on a counter.",
            ),
        ],
        caption="Fresh beans, better cups. #craft inside.",
        hashtags=["Coffee", "Roasting"],
    )


def test_plain_text_round_trip() -> None:
    draft = make_carousel(
        slides=[make_slide(body="Line one.\nLine two."), make_slide(body=""), make_slide()],
        caption="Swipe for the three steps.\n\nSave it for your next bag.",
    )
    assert read_draft("instagram-carousel", draft.render_text()) == draft


def test_missing_image_lines_are_left_for_the_validator() -> None:
    draft = read_draft("instagram-carousel", "SLIDE 1: One\nSLIDE 2: Two\nCAPTION: Hi")
    assert isinstance(draft, InstagramCarouselDraft)
    assert [code for code, _ in problems(draft)] == [
        "empty_section",
        "missing_alt_text",
        "empty_section",
        "missing_alt_text",
    ]


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("Intro\nSLIDE 1: One", "Line 1: text before the first slide.", "SLIDE 1: headline"),
        ("SLIDE 1: One\nSLIDE 3: Three", "Line 2: expected SLIDE 2:, found SLIDE 3:.", "1, 2, 3"),
        ("SLIDE 2: Two\nCAPTION: Hi", "Line 1: expected SLIDE 1:, found SLIDE 2:.", "in order"),
    ],
)
def test_malformed_text_is_invalid_input_with_the_line(text: str, message: str, hint: str) -> None:
    with pytest.raises(PressroomError) as caught:
        read_draft("instagram-carousel", text)
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert caught.value.message == message
    assert hint in str(caught.value.hint)


@pytest.mark.parametrize("marker", ["IMAGE:", "ALT:", "CAPTION:", "SLIDE 2:", "SLIDE 1:"])
def test_body_lines_that_start_with_a_marker_read_back_as_body(marker: str) -> None:
    draft = make_carousel(
        slides=[make_slide(body=f"Read the bag.\n{marker} not a marker."), make_slide()]
    )
    text = draft.render_text()
    assert f"\n\\{marker} not a marker." in text
    assert read_draft("instagram-carousel", text) == draft


def test_caption_lines_that_start_with_a_marker_read_back_as_caption() -> None:
    draft = make_carousel(caption="CAPTION: twice\nSLIDE 3: swipe back\nIMAGE: no")
    assert read_draft("instagram-carousel", draft.render_text()) == draft


def test_prompts_and_alt_texts_of_several_lines_read_back() -> None:
    slide = make_slide(
        body="",
        image_prompt="A bag of beans\nstamped with a date\n\nALT: in the frame",
        alt_text="A coffee bag.\nSLIDE 2: is printed on it.",
    )
    draft = make_carousel(slides=[slide, make_slide()])
    assert read_draft("instagram-carousel", draft.render_text()) == draft


def test_a_headline_of_several_lines_repeats_its_slide_header() -> None:
    draft = make_carousel(slides=[make_slide(headline="Fresh beans\n taste better"), make_slide()])
    text = draft.render_text()
    assert text.startswith("SLIDE 1: Fresh beans\nSLIDE 1:  taste better\nCoffee peaks")
    assert read_draft("instagram-carousel", text) == draft


def test_a_slide_header_repeated_after_the_body_is_out_of_order() -> None:
    with pytest.raises(PressroomError) as caught:
        read_draft("instagram-carousel", "SLIDE 1: One\nBody.\nSLIDE 1: One again")
    assert caught.value.message == "Line 3: expected SLIDE 2:, found SLIDE 1:."


def test_an_image_line_given_twice_in_a_slide_is_invalid_input() -> None:
    text = "SLIDE 1: One\nIMAGE: beans\nALT: beans\nIMAGE: again"
    with pytest.raises(PressroomError) as caught:
        read_draft("instagram-carousel", text)
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert caught.value.message == "Line 4: slide 1 has IMAGE: twice."


def test_windows_line_ends_read_like_line_feeds() -> None:
    assert read_draft("instagram-carousel", CAROUSEL_TEXT.replace("\n", "\r\n")) == read_draft(
        "instagram-carousel", CAROUSEL_TEXT
    )


@settings(max_examples=200, deadline=None)
@given(
    slides=st.lists(
        st.builds(
            Slide,
            headline=field_text(max_lines=2),
            body=field_text(),
            image_prompt=field_text(max_lines=2),
            alt_text=field_text(max_lines=2),
        ),
        max_size=4,
    ),
    caption=field_text(),
    hashtags=hashtag_lists,
)
def test_any_carousel_reads_back_from_its_text(
    slides: list[Slide], caption: str, hashtags: list[str]
) -> None:
    assume(tags_stay_listed(caption, hashtags))
    draft = make_carousel(slides=slides, caption=caption, hashtags=hashtags)
    assert read_draft("instagram-carousel", draft.render_text()) == draft


# --- the built-in writer ---------------------------------------------------------------------


@pytest.mark.parametrize("brand", ["demo", "minimal"])
def test_the_builtin_writers_carousel_is_valid_and_reads_back(brand: str) -> None:
    overrides = {"brand": minimal_brand()} if brand == "minimal" else {}
    request = piece_request("instagram-carousel", **overrides)
    draft = BuiltinWriter().write_piece(request).output
    assert isinstance(draft, InstagramCarouselDraft)
    result = check(request, draft)
    assert result.valid, result.feedback()
    assert read_draft("instagram-carousel", draft.render_text()) == draft.model_copy(
        update={"hook_type": HookType.STATEMENT}
    )
