"""The local image renderer, checked on its real pixels: sizes, safe zones, contrast, scripts,
emoji, logos, overlays and byte-for-byte determinism."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from pressroom.errors import ErrorCode, MediaError
from pressroom.media.colors import (
    AA_NORMAL,
    RGB,
    Theme,
    brand_theme,
    contrast_ratio,
    min_contrast,
)
from pressroom.media.fonts import FontSet, brand_fonts, font_for_text
from pressroom.media.images import encode_png, render_background, render_card, render_overlay
from pressroom.media.spec import SIZES

ALL_SIZES = sorted(set(SIZES.values()))
HEADLINE_60 = "Five habits that make remote teams ship faster, week by week"
BODY_250 = (
    "Async updates, written decisions and a weekly demo keep everyone aligned without "
    "meetings. Here is how we run it at Acme, what changed after three months, and the "
    "two habits we dropped because they slowed us down more than they ever helped our teams."
)
LOGO_COLOR = (230, 0, 126)
assert len(HEADLINE_60) == 60
assert len(BODY_250) == 250


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return brand_fonts([])


@pytest.fixture(scope="module")
def theme() -> Theme:
    return brand_theme(["#1F3A5F", "#F2B134", "#F7F5F0"])


def changed(image: Image.Image, background: Image.Image) -> Image.Image:
    """``L`` mask of the pixels that differ from the background (255 = changed)."""
    diff = ImageChops.difference(image.convert("RGB"), background.convert("RGB"))
    r, g, b = diff.split()
    return ImageChops.lighter(r, ImageChops.lighter(g, b)).point(lambda v: 255 if v else 0)


def exactly(image: Image.Image, color: RGB) -> Image.Image:
    """``L`` mask of the pixels that are exactly ``color`` (the solid cores of glyphs)."""
    return changed(image, Image.new("RGB", image.size, color)).point(lambda v: 0 if v else 255)


def count(mask: Image.Image) -> int:
    return sum(mask.histogram()[1:])


def glyph_contrast(card: Image.Image, background: Image.Image, color: RGB) -> float:
    """The worst contrast between ``color`` and the background pixels under (and 2 px around)
    the glyph pixels drawn in that colour, measured on the rendered images."""
    glyphs = ImageChops.multiply(exactly(card, color), changed(card, background))
    assert count(glyphs) > 0, "no glyph pixels of this colour were drawn"
    box = glyphs.getbbox()
    assert box is not None
    return min_contrast(background, box, color, mask=glyphs)


def full_card(size: tuple[int, int], theme: Theme, fonts: FontSet, seed: int = 0) -> Image.Image:
    rendered = render_card(
        size=size, theme=theme, fonts=fonts, headline=HEADLINE_60, body=BODY_250,
        kicker="Remote work", footer="acme.dev", counter=(3, 7), seed=seed,
    )  # fmt: skip
    assert rendered.image.size == size
    return rendered.image


@pytest.mark.parametrize("size", ALL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_long_text_fits_inside_the_safe_zone_of_every_size(
    size: tuple[int, int], theme: Theme, fonts: FontSet
) -> None:
    card = full_card(size, theme, fonts)
    assert card.size == size
    assert card.mode == "RGB"
    text = changed(card, render_background(size=size, theme=theme, seed=0)).getbbox()
    assert text is not None
    width, height = size
    bottom_zone = 0.20 if height / width > 1.7 else 0.06
    assert text[0] >= 0.06 * width
    assert text[2] <= 0.94 * width
    assert text[1] >= 0.06 * height
    assert text[3] <= (1 - bottom_zone) * height
    # Balanced: the text spreads over most of the safe width.
    assert text[2] - text[0] > 0.7 * width


@pytest.mark.parametrize("size", ALL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "palette",
    [["#1F3A5F", "#F2B134"], ["#777777"], ["#FFD400", "#222222"], ["#FF0000"], ["#FAFAFA"]],
    ids=["navy", "mid-grey", "yellow", "red", "very-light"],
)
def test_text_contrast_measured_on_rendered_pixels_reaches_aa(
    size: tuple[int, int], palette: list[str], fonts: FontSet
) -> None:
    theme = brand_theme(palette)
    small = (size[0] // 2, size[1] // 2) if palette != ["#1F3A5F", "#F2B134"] else size
    rendered = render_card(
        size=small, theme=theme, fonts=fonts, headline="Ship faster together",
        body="Written decisions beat meetings.", footer="acme.dev", seed=5,
    )  # fmt: skip
    background = render_background(size=small, theme=theme, seed=5)
    assert glyph_contrast(rendered.image, background, theme.text) >= AA_NORMAL
    assert glyph_contrast(rendered.image, background, theme.muted) >= AA_NORMAL
    assert rendered.contrast >= AA_NORMAL


@pytest.mark.parametrize("palette", [["#1F3A5F"], ["#777777"], ["#FFD400"], ["#0A0A0A"]])
def test_every_background_pixel_keeps_aa_with_the_text_colours(palette: list[str]) -> None:
    theme = brand_theme(palette)
    for seed in range(3):
        background = render_background(size=(270, 480), theme=theme, seed=seed)
        strip = round(480 * 0.94)  # the accent strip along the bottom edge carries no text
        for color in (theme.text, theme.muted):
            assert min_contrast(background, (0, 0, 270, strip), color) >= AA_NORMAL


def test_backgrounds_differ_by_seed_and_repeat_by_seed(theme: Theme) -> None:
    one = render_background(size=(540, 960), theme=theme, seed=1)
    again = render_background(size=(540, 960), theme=theme, seed=1)
    other = render_background(size=(540, 960), theme=theme, seed=2)
    assert one.tobytes() == again.tobytes()
    assert one.tobytes() != other.tobytes()
    assert one.getpixel((5, 5)) == pytest.approx(theme.background, abs=30)


def test_same_inputs_give_the_same_png_bytes(theme: Theme, fonts: FontSet) -> None:
    first = encode_png(full_card((1080, 1080), theme, fonts, seed=4))
    second = encode_png(full_card((1080, 1080), theme, fonts, seed=4))
    assert first == second
    assert first != encode_png(full_card((1080, 1080), theme, fonts, seed=5))


def test_png_bytes_carry_no_metadata() -> None:
    image = Image.new("RGB", (16, 16), (1, 2, 3))
    image.info["icc_profile"] = b"x" * 10
    data = encode_png(image)
    chunks, offset = [], 8
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        chunks.append(data[offset + 4 : offset + 8].decode())
        offset += 12 + length
    assert chunks == ["IHDR", "IDAT", "IEND"]
    with Image.open(io.BytesIO(data)) as decoded:
        assert decoded.tobytes() == image.tobytes()
    assert zlib.decompress(data[41 : 41 + int.from_bytes(data[33:37], "big")])


def test_shorter_headlines_are_set_larger(theme: Theme, fonts: FontSet) -> None:
    def ink_height(headline: str) -> int:
        card = render_card(size=(540, 540), theme=theme, fonts=fonts, headline=headline).image
        box = changed(card, render_background(size=(540, 540), theme=theme, seed=0)).getbbox()
        assert box is not None
        return box[3] - box[1]

    short = ink_height("Ship it")
    assert short < ink_height(HEADLINE_60)


def test_rtl_headlines_are_right_aligned(theme: Theme, fonts: FontSet) -> None:
    for headline, family in (("مرحبا", "Noto Sans Arabic"), ("שלום", "Heebo")):
        assert font_for_text(fonts, headline, role="headline").family == family
        card = render_card(size=(1080, 1080), theme=theme, fonts=fonts, headline=headline).image
        ink = changed(card, render_background(size=(1080, 1080), theme=theme, seed=0))
        left, right = ink.crop((0, 0, 540, 1080)), ink.crop((540, 0, 1080, 1080))
        assert count(right) > 1000
        assert count(left) * 4 < count(right)
        box = ink.getbbox()
        assert box is not None
        assert box[2] >= 1080 - round(1080 * 0.075) - 4


def test_cjk_renders_with_the_cjk_font(theme: Theme, fonts: FontSet) -> None:
    rendered = render_card(
        size=(1080, 1350), theme=theme, fonts=fonts, headline="新产品今天正式发布",
        body="我们的团队花了三年时间打磨每一个细节，希望你会喜欢。",
    )  # fmt: skip
    background = render_background(size=(1080, 1350), theme=theme, seed=0)
    assert count(exactly(rendered.image, theme.text)) > 5000
    assert glyph_contrast(rendered.image, background, theme.text) >= AA_NORMAL


def test_cjk_without_a_cjk_font_is_a_clear_error(theme: Theme, fonts: FontSet) -> None:
    latin_only = FontSet(fonts.headline, fonts.body, fonts.fallbacks[:3])
    with pytest.raises(MediaError) as caught:
        render_card(size=(1080, 1080), theme=theme, fonts=latin_only, headline="新产品发布")
    assert caught.value.code == ErrorCode.MEDIA_GLYPHS_UNSUPPORTED
    assert "pressroom[cjk]" in (caught.value.hint or "")


def test_emoji_are_dropped_with_a_warning(theme: Theme, fonts: FontSet) -> None:
    with_emoji = render_card(
        size=(540, 540), theme=theme, fonts=fonts, headline="Launch 🚀 day", body="We ship 🎉"
    )
    plain = render_card(size=(540, 540), theme=theme, fonts=fonts, headline="Launch day",
                        body="We ship")  # fmt: skip
    assert with_emoji.image.tobytes() == plain.image.tobytes()
    assert with_emoji.warnings == (
        "headline: emoji not drawn (no emoji font): 🚀",
        "body: emoji not drawn (no emoji font): 🎉",
    )
    assert plain.warnings == ()


def test_text_too_long_names_the_text(theme: Theme, fonts: FontSet) -> None:
    with pytest.raises(MediaError) as caught:
        render_card(size=(1280, 720), theme=theme, fonts=fonts, headline="Title",
                    body=BODY_250 * 10)  # fmt: skip
    assert caught.value.code == ErrorCode.MEDIA_TEXT_TOO_LONG
    assert caught.value.message.startswith("body:")


def write_logo(path: Path, color: RGB = LOGO_COLOR) -> Path:
    logo = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rounded_rectangle((10, 10, 390, 150), radius=30, fill=(*color, 255))
    logo.save(path)
    return path


def test_logo_is_drawn_in_the_top_corner(tmp_path: Path, theme: Theme, fonts: FontSet) -> None:
    logo = write_logo(tmp_path / "logo.png")
    card = render_card(size=(1080, 1350), theme=theme, fonts=fonts, headline="Hello",
                       logo=logo, counter=(1, 3)).image  # fmt: skip
    pixels = exactly(card, LOGO_COLOR)
    assert count(pixels) > 3000
    box = pixels.getbbox()
    assert box is not None
    assert box[0] < 540
    assert box[3] < 1350 * 0.2


def test_a_logo_in_the_background_colour_sits_on_a_chip(
    tmp_path: Path, theme: Theme, fonts: FontSet
) -> None:
    logo = write_logo(tmp_path / "logo.png", theme.background)
    card = render_card(size=(1080, 1080), theme=theme, fonts=fonts, headline="Hi",
                       logo=logo).image  # fmt: skip
    assert count(exactly(card.crop((0, 0, 540, 200)), theme.text)) > 3000


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n broken", b"<svg/>"])
def test_a_broken_logo_is_a_clear_error(
    tmp_path: Path, content: bytes, theme: Theme, fonts: FontSet
) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(content)
    for logo in (path, tmp_path / "missing.png"):
        with pytest.raises(MediaError) as caught:
            render_card(size=(540, 540), theme=theme, fonts=fonts, headline="Hi", logo=logo)
        assert caught.value.code == ErrorCode.MEDIA_RENDER_FAILED
        assert str(logo) in caught.value.message
        assert "PNG, JPEG or WebP" in (caught.value.hint or "")


def test_counter_out_of_range_is_refused(theme: Theme, fonts: FontSet) -> None:
    with pytest.raises(MediaError) as caught:
        render_card(size=(540, 540), theme=theme, fonts=fonts, headline="Hi", counter=(8, 7))
    assert caught.value.code == ErrorCode.MEDIA_RENDER_FAILED


def test_overlay_is_transparent_except_the_text(theme: Theme, fonts: FontSet) -> None:
    size = (540, 960)
    background = render_background(size=size, theme=theme, seed=2)
    overlay = render_overlay(size=size, theme=theme, fonts=fonts, headline="Stop guessing",
                             seed=2)  # fmt: skip
    assert overlay.image.mode == "RGBA"
    assert overlay.image.size == size
    assert overlay.image.getpixel((0, 0)) == (0, 0, 0, 0)
    composed = background.convert("RGBA")
    composed.alpha_composite(overlay.image)
    assert glyph_contrast(composed.convert("RGB"), background, theme.text) >= AA_NORMAL
    assert overlay.contrast >= AA_NORMAL


def test_overlay_on_a_busy_background_gets_a_panel(theme: Theme, fonts: FontSet) -> None:
    size = (540, 960)
    busy = Image.new("RGB", size, (0, 0, 0))
    draw = ImageDraw.Draw(busy)
    for x in range(0, size[0], 24):
        draw.rectangle((x, 0, x + 11, size[1]), fill=(255, 255, 255))
    overlay = render_overlay(size=size, theme=theme, fonts=fonts, headline="Stop guessing",
                             background=busy)  # fmt: skip
    alpha = overlay.image.getchannel("A")
    text_box = alpha.getbbox()
    assert text_box is not None
    assert count(exactly(overlay.image.convert("RGB"), theme.panel)) > 10000
    assert overlay.contrast >= AA_NORMAL
    assert contrast_ratio(theme.text, theme.panel) >= AA_NORMAL
