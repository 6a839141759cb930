"""WCAG contrast maths, brand themes that always reach AA, and contrast measured on pixels."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from pressroom.errors import ErrorCode, MediaError
from pressroom.media.colors import (
    AA_LARGE,
    AA_NORMAL,
    DEFAULT_PALETTE,
    brand_theme,
    contrast_ratio,
    min_contrast,
    parse_hex,
    relative_luminance,
    to_hex,
)

AWKWARD_PALETTES = [
    pytest.param(["#777777"], id="mid-grey"),
    pytest.param(["#767676", "#777777"], id="grey-on-grey"),
    pytest.param(["#FFD400"], id="yellow"),
    pytest.param(["#FF0000"], id="pure-red"),
    pytest.param(["#00FF00"], id="pure-green"),
    pytest.param(["#0000FF"], id="pure-blue"),
    pytest.param(["#1DA1F2", "#FFFFFF"], id="sky-blue"),
    pytest.param(["#FAFAFA", "#F5F5F5"], id="very-light"),
    pytest.param(["#050505", "#0A0A0A"], id="very-dark"),
    pytest.param(["#FF7F50", "#FFD400", "#00CED1"], id="coral"),
    pytest.param([], id="empty"),
]


def test_parse_hex_accepts_short_and_long_forms() -> None:
    assert parse_hex("#fff") == (255, 255, 255)
    assert parse_hex("#1F3A5F") == (31, 58, 95)
    assert parse_hex("1f3a5f") == (31, 58, 95)
    assert to_hex((31, 58, 95)) == "#1F3A5F"


@pytest.mark.parametrize("bad", ["#12", "#GGGGGG", "blue", "#1234567"])
def test_parse_hex_rejects_non_colours(bad: str) -> None:
    with pytest.raises(MediaError) as caught:
        parse_hex(bad)
    assert caught.value.code == ErrorCode.MEDIA_RENDER_FAILED
    assert bad in caught.value.message


def test_contrast_ratio_known_values() -> None:
    white, black = (255, 255, 255), (0, 0, 0)
    assert relative_luminance(black) == 0
    assert relative_luminance(white) == pytest.approx(1)
    assert contrast_ratio(white, black) == pytest.approx(21)
    assert contrast_ratio(black, white) == pytest.approx(21)
    assert contrast_ratio(white, white) == pytest.approx(1)
    # The classic edge cases: #767676 is the lightest grey that passes on white, #777 fails.
    assert contrast_ratio(parse_hex("#767676"), white) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio(parse_hex("#777777"), white) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(parse_hex("#FF0000"), white) == pytest.approx(4.0, abs=0.01)
    assert AA_NORMAL == 4.5
    assert AA_LARGE == 3.0


@pytest.mark.parametrize("palette", AWKWARD_PALETTES)
def test_brand_theme_reaches_aa_on_every_background(palette: list[str]) -> None:
    theme = brand_theme(palette)
    for text in (theme.text, theme.muted):
        for background in (theme.background, theme.background_end, theme.panel):
            assert contrast_ratio(text, background) >= AA_NORMAL
    assert brand_theme(palette) == theme


def test_brand_theme_keeps_a_legible_brand_colour_unchanged() -> None:
    theme = brand_theme(["#1F3A5F", "#F2B134"])
    assert theme.background == (31, 58, 95)
    assert theme.text == (255, 255, 255)
    assert theme.accent == (242, 177, 52)


def test_brand_theme_shades_a_mid_grey_only_a_little() -> None:
    theme = brand_theme(["#777777"])
    assert contrast_ratio(theme.background, parse_hex("#777777")) < 1.2


def test_brand_theme_without_palette_uses_the_default() -> None:
    assert brand_theme([]) == brand_theme(DEFAULT_PALETTE)


def test_min_contrast_of_a_solid_image_is_the_pair_contrast() -> None:
    image = Image.new("RGB", (40, 20), (31, 58, 95))
    measured = min_contrast(image, (0, 0, 40, 20), (255, 255, 255))
    assert measured == pytest.approx(contrast_ratio((31, 58, 95), (255, 255, 255)))


def test_min_contrast_finds_the_worst_pixel_in_the_box() -> None:
    image = Image.new("RGB", (100, 100), (0, 0, 0))
    image.putpixel((50, 50), (250, 250, 250))
    assert min_contrast(image, (0, 0, 100, 100), (255, 255, 255)) < 1.1
    assert min_contrast(image, (0, 0, 40, 40), (255, 255, 255)) == pytest.approx(21)


def test_min_contrast_with_a_mask_counts_only_pixels_near_glyphs() -> None:
    image = Image.new("RGB", (200, 50), (0, 0, 0))
    ImageDraw.Draw(image).rectangle((150, 0, 199, 49), fill=(255, 255, 255))
    glyphs = Image.new("L", image.size, 0)
    ImageDraw.Draw(glyphs).rectangle((10, 10, 60, 40), fill=255)
    white_text = (255, 255, 255)
    assert min_contrast(image, (0, 0, 200, 50), white_text) == pytest.approx(1)
    assert min_contrast(image, (0, 0, 200, 50), white_text, mask=glyphs) == pytest.approx(21)
    # A glyph 2 px from the white block still sees it (the mask is dilated).
    ImageDraw.Draw(glyphs).rectangle((140, 10, 148, 40), fill=255)
    assert min_contrast(image, (0, 0, 200, 50), white_text, mask=glyphs) == pytest.approx(1)
