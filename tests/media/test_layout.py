"""Text fitting and drawing: wrap, shrink, never clip, RTL and CJK lines."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops

from pressroom.errors import ErrorCode, MediaError
from pressroom.media.fonts import FontChoice, brand_fonts, font_for_text, load
from pressroom.media.layout import (
    TextBlock,
    draw_text,
    fit_text,
    place_text,
    text_direction,
)

WHITE = (255, 255, 255)
BACKGROUND = (20, 30, 40)
HEADLINE = "Five habits that make remote teams ship faster, every week"  # 58 characters


def font(text: str = "a", role: str = "headline") -> FontChoice:
    return font_for_text(brand_fonts([]), text, role="headline" if role == "headline" else "body")


def drawn_bbox(block: TextBlock, box: tuple[int, int, int, int], **kwargs: str) -> tuple[
    tuple[int, int, int, int], tuple[int, int, int, int] | None
]:  # fmt: skip
    """Draw on a plain canvas; return what draw_text reported and what the pixels show."""
    image = Image.new("RGB", (box[2] + 40, box[3] + 40), BACKGROUND)
    reported = draw_text(image, block, box=box, fill=WHITE, **kwargs)  # type: ignore[arg-type]
    blank = Image.new("RGB", image.size, BACKGROUND)
    return reported, ImageChops.difference(image, blank).getbbox()


def inside(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def test_text_direction_follows_the_first_strong_character() -> None:
    assert text_direction("Hello") == "ltr"
    assert text_direction("123 مرحبا") == "rtl"
    assert text_direction("«שלום» world") == "rtl"
    assert text_direction("2025") == "ltr"


def test_every_line_fits_the_box_with_real_glyph_metrics() -> None:
    block = fit_text(HEADLINE, font=font(), box=(600, 400), max_size=90, min_size=20, bold=True)
    face = load(block.font, block.size, bold=True)
    assert len(block.lines) > 1
    assert " ".join(block.lines) == HEADLINE
    for line in block.lines:
        left, _, right, _ = face.getbbox(line)
        assert right - left <= 600
    assert block.width <= 600
    assert block.height <= 400
    assert block.height >= sum(face.getmetrics())


def test_longer_text_is_set_smaller() -> None:
    short = fit_text("Ship faster", font=font(), box=(900, 300), max_size=120, min_size=20)
    longer = fit_text("Ship faster, together", font=font(), box=(900, 300), max_size=120,
                      min_size=20)  # fmt: skip
    longest = fit_text(HEADLINE, font=font(), box=(900, 300), max_size=120, min_size=20)
    assert short.size == 120
    assert short.size > longer.size > longest.size


def test_explicit_newlines_are_kept() -> None:
    block = fit_text("One\nTwo three", font=font(), box=(900, 400), max_size=40, min_size=20)
    assert block.lines == ("One", "Two three")


def test_max_lines_forces_a_smaller_size() -> None:
    free = fit_text(HEADLINE, font=font(), box=(500, 800), max_size=80, min_size=10)
    capped = fit_text(HEADLINE, font=font(), box=(500, 800), max_size=80, min_size=10, max_lines=2)
    assert len(capped.lines) <= 2 < len(free.lines)
    assert capped.size < free.size


def test_a_word_wider_than_the_box_at_min_size_raises() -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 2
    with pytest.raises(MediaError) as caught:
        fit_text(word, font=font(), box=(400, 400), max_size=60, min_size=30)
    assert caught.value.code == ErrorCode.MEDIA_TEXT_TOO_LONG
    assert "400 px" in caught.value.message
    assert "Shorten" in (caught.value.hint or "")


def test_text_that_cannot_fit_at_min_size_says_how_long_and_what_box() -> None:
    text = "word " * 200
    with pytest.raises(MediaError) as caught:
        fit_text(text, font=font(), box=(300, 100), max_size=40, min_size=20)
    error = caught.value
    assert error.code == ErrorCode.MEDIA_TEXT_TOO_LONG
    assert f"{len(text)} characters" in error.message
    assert "300×100" in error.message
    assert "headline or body" in (error.hint or "")


def test_cjk_wraps_between_characters_and_keeps_closing_punctuation() -> None:
    text = "新产品今天正式发布。我们的团队花了三年时间打磨每一个细节，希望你会喜欢。"
    choice = font(text)
    block = fit_text(text, font=choice, box=(300, 600), max_size=40, min_size=40)
    assert len(block.lines) > 2
    assert "".join(block.lines) == text
    assert not any(line[0] in "。，" for line in block.lines)


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_drawn_pixels_stay_inside_the_box(align: str) -> None:
    box = (20, 30, 620, 430)
    block = fit_text(HEADLINE + " gjpqy", font=font(), box=(600, 400), max_size=90, min_size=20)
    reported, actual = drawn_bbox(block, box, align=align, valign="middle")
    assert actual is not None
    assert inside(actual, reported)
    assert inside(reported, box)


def test_rtl_text_is_right_aligned_by_default() -> None:
    text = "مرحبا بكم في عالمنا الجديد"
    block = fit_text(text, font=font(text), box=(900, 300), max_size=40, min_size=20)
    assert block.direction == "rtl"
    box = (20, 20, 920, 320)
    _reported, actual = drawn_bbox(block, box)
    assert actual is not None
    assert box[2] - actual[2] <= 3
    assert actual[0] - box[0] > 300


def test_drawing_outside_the_box_is_refused() -> None:
    block = fit_text(HEADLINE, font=font(), box=(600, 400), max_size=60, min_size=20)
    with pytest.raises(MediaError) as caught:
        place_text(block, box=(0, 0, block.width - 20, block.height))
    assert caught.value.code == ErrorCode.MEDIA_RENDER_FAILED
