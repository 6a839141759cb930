"""The local image renderer: covers, thumbnails and carousel slides in the brand's look, and
the on-screen text overlays of video scenes.

Layout scales with the frame (sizes are fractions of its shorter side), text stays inside
safe zones (the outer ~7 %, and for 9:16 frames the top 10 % and bottom 20 % where platform
UI sits), and every text block's contrast is measured on the real pixels under it before it
is drawn (``colors.min_contrast``): below WCAG AA (4.5:1, used for all text, see
``pressroom.media.colors``) a panel goes behind the text. Output is deterministic: the same
inputs give the same pixels and the same PNG bytes.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from pressroom.errors import ErrorCode, MediaError
from pressroom.media.colors import (
    AA_NORMAL,
    RGB,
    Theme,
    contrast_ratio,
    min_contrast,
    mix,
    relative_luminance,
)
from pressroom.media.fonts import FontSet, font_for_text, split_emoji
from pressroom.media.layout import (
    Align,
    Box,
    TextBlock,
    draw_text,
    fit_text,
    place_text,
    text_direction,
)

PNG_COMPRESS_LEVEL = 2
"""Fast zlib level: video frames go through :func:`encode_png` too, and level 2 is several
times faster than the default 6 for a few percent more bytes."""

Role = Literal["headline", "body"]


@dataclass(frozen=True)
class RenderedImage:
    """A rendered image, what could not be drawn as asked (e.g. emoji), and the lowest text
    contrast measured on it (21.0 when it holds no text)."""

    image: Image.Image
    warnings: tuple[str, ...]
    contrast: float


@dataclass(frozen=True)
class _Frame:
    """A frame's safe area for text and the unit sizes scale with (``base`` = the shorter
    side, so a 1280×720 thumbnail and a 1080×1920 reel get proportionate type)."""

    width: int
    height: int
    base: int
    left: int
    top: int
    right: int
    bottom: int

    @classmethod
    def of(cls, size: tuple[int, int]) -> _Frame:
        width, height = size
        if width < 64 or height < 64:
            raise MediaError(
                f"image size {width}×{height} is too small to lay out",
                code=ErrorCode.MEDIA_RENDER_FAILED,
                hint="Render at one of the channel sizes in pressroom.media.spec.SIZES.",
            )
        tall = height / width >= 1.7
        margin_x = round(width * 0.075)
        top = round(height * (0.10 if tall else 0.065))
        bottom = height - round(height * (0.20 if tall else 0.065))
        return cls(width, height, min(width, height), margin_x, top, width - margin_x, bottom)

    def unit(self, fraction: float) -> int:
        """``fraction`` of the shorter side, in whole pixels (at least 1)."""
        return max(1, round(self.base * fraction))


# Background -------------------------------------------------------------------------


def render_background(*, size: tuple[int, int], theme: Theme, seed: int) -> Image.Image:
    """The brand background (RGB): a diagonal gradient between the theme's two stops, a soft
    glow and a ring or two placed by ``seed`` (scenes of one video differ slightly but look
    like one brand), and a thin accent strip along the bottom edge. Every pixel keeps WCAG AA
    contrast with the theme's text colours."""
    rng = random.Random(seed)
    width, height = size
    image = _gradient(size, theme, angle=rng.uniform(35, 65))
    _glow(image, theme, rng)
    _rings(image, theme, rng)
    image = _dither(image, rng)
    strip = max(4, round(min(size) * 0.012))
    ImageDraw.Draw(image).rectangle((0, height - strip, width, height), fill=theme.accent)
    return image


def _gradient(size: tuple[int, int], theme: Theme, *, angle: float) -> Image.Image:
    """Linear gradient from ``background`` (top-left) to ``background_end``, exact at every
    pixel: a horizontal and a vertical ramp, each stretched over the frame, added up (a
    scaled-up small gradient would show bilinear streaks)."""
    width, height = size
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    share_x, share_y = 255 * dx / (dx + dy), 255 * dy / (dx + dy)
    across = Image.new("L", (width, 1))
    across.putdata([round(share_x * x / max(1, width - 1)) for x in range(width)])
    down = Image.new("L", (1, height))
    down.putdata([round(share_y * y / max(1, height - 1)) for y in range(height)])
    mask = ImageChops.add(
        across.resize(size, Image.Resampling.NEAREST), down.resize(size, Image.Resampling.NEAREST)
    )
    start = Image.new("RGB", size, theme.background)
    end = Image.new("RGB", size, theme.background_end)
    return Image.composite(end, start, mask)


def _dither(image: Image.Image, rng: random.Random) -> Image.Image:
    """The image with a seeded ±1-level noise tile added: brand gradients span only a few
    dozen levels per channel, and without it they show bands (worse after video encoding).
    The same noise goes to all three channels so it adds no colour speckle."""
    tile_size = 128
    levels = bytes((0, 1, 1, 2)) * 64  # byte value → noise level, triangular-ish
    noise_bytes = rng.randbytes(tile_size * tile_size).translate(levels)
    tile = Image.frombytes("L", (tile_size, tile_size), noise_bytes)
    row = Image.new("L", (image.width, tile_size))
    for x in range(0, image.width, tile_size):
        row.paste(tile, (x, 0))
    noise = Image.new("L", image.size)
    for y in range(0, image.height, tile_size):
        noise.paste(row, (0, y))
    return ImageChops.add(image, Image.merge("RGB", (noise, noise, noise)), offset=-1)


def _glow(image: Image.Image, theme: Theme, rng: random.Random) -> None:
    """A large soft circle that lifts the background slightly toward the text colour, never
    far enough to cost AA contrast."""
    strength = _safe_tint(theme)
    if strength <= 0:
        return
    width, height = image.size
    radius = rng.uniform(0.45, 0.7) * max(width, height)
    corner_x = rng.choice((0.0, 1.0)) * width + rng.uniform(-0.1, 0.1) * width
    corner_y = rng.uniform(-0.1, 0.35) * height
    shape = _soft_mask(image.size, (corner_x, corner_y, radius), blur=0.18)
    lifted = Image.blend(image, Image.new("RGB", image.size, theme.text), strength)
    image.paste(lifted, (0, 0), shape)


def _safe_tint(theme: Theme) -> float:
    """How far (0–0.1) the background may move toward the text colour with every text
    colour still above AA with a margin."""
    for step in range(10, 0, -1):
        tint = step / 100
        shades = [mix(stop, theme.text, tint) for stop in (theme.background, theme.background_end)]
        if all(contrast_ratio(fg, bg) >= AA_NORMAL + 0.15 for fg in theme.text_colors()
               for bg in shades):  # fmt: skip
            return tint
    return 0.0


def _rings(image: Image.Image, theme: Theme, rng: random.Random) -> None:
    """One or two thin rings in a deeper shade of the background (away from the text
    colour, so contrast only grows), partly off the frame."""
    width, height = image.size
    away = (0, 0, 0) if relative_luminance(theme.text) > 0.5 else (255, 255, 255)
    deeper = Image.blend(image, Image.new("RGB", image.size, away), 0.14)
    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    for _ in range(rng.choice((1, 2))):
        radius = rng.uniform(0.25, 0.45) * min(width, height)
        cx = rng.choice((0.05, 0.95)) * width + rng.uniform(-0.05, 0.05) * width
        cy = rng.uniform(0.55, 1.0) * height
        ring = max(3, round(min(width, height) * rng.uniform(0.012, 0.022)))
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=255,
                     width=ring)  # fmt: skip
    image.paste(deeper, (0, 0), mask)


def _soft_mask(
    size: tuple[int, int], circle: tuple[float, float, float], *, blur: float
) -> Image.Image:
    """A blurred filled circle (cx, cy, r) as an ``L`` mask; drawn at 1/8 scale and scaled
    up, since blurring a full-size mask is slow."""
    scale = 8
    small = (max(1, size[0] // scale), max(1, size[1] // scale))
    cx, cy, radius = (value / scale for value in circle)
    mask = Image.new("L", small, 0)
    ImageDraw.Draw(mask).ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(radius * blur))
    return mask.resize(size, Image.Resampling.BILINEAR)


# Text with checked contrast ---------------------------------------------------------


@dataclass
class _Canvas:
    """Where text is drawn (``image``) and what it will be seen on (``backdrop``: the same
    image for a card, the background for a transparent overlay). Panels go on both."""

    image: Image.Image
    backdrop: Image.Image
    theme: Theme
    fonts: FontSet
    warnings: list[str]
    contrasts: list[float]

    def text(self, role: str, text: str) -> str:
        """``text`` without emoji the fonts cannot draw (each removal is a warning)."""
        cleaned, removed = split_emoji(text, fonts=self.fonts)
        if removed:
            self.warnings.append(f"{role}: emoji not drawn (no emoji font): {' '.join(removed)}")
        return cleaned


def _fit(
    text: str, fonts: FontSet, *, role: Role, label: str, box: tuple[int, int],
    sizes: tuple[int, int], bold: bool, max_lines: int | None = None,
) -> TextBlock:  # fmt: skip
    """``text`` fitted in its font (headlines set tighter than body text); a too-long error
    names which text was too long."""
    font = font_for_text(fonts, text, role=role)
    headline = role == "headline"
    try:
        return fit_text(text, font=font, box=box, max_size=sizes[1], min_size=sizes[0],
                        bold=bold, max_lines=max_lines, line_spacing=1.1 if headline else 1.25,
                        balance=headline)  # fmt: skip
    except MediaError as exc:
        raise MediaError(
            f"{label}: {exc.message}", code=exc.code, hint=exc.hint,
            details={**exc.details, "text": label},
        ) from exc  # fmt: skip


def _draw_checked(
    canvas: _Canvas, block: TextBlock, *, box: Box, fill: RGB, align: Align | None = None,
    valign: Literal["top", "middle", "bottom"] = "top",
) -> Box:  # fmt: skip
    """Draw a block after measuring the contrast of the pixels under its glyphs; below AA a
    panel goes behind it first, and if even that fails the render fails."""
    placed = place_text(block, box=box, align=align, valign=valign)
    mask = Image.new("RGB", canvas.image.size)
    draw_text(mask, block, box=box, fill=(255, 255, 255), align=align, valign=valign)
    glyphs = mask.convert("L")
    contrast = min_contrast(canvas.backdrop, placed.ink, fill, mask=glyphs)
    if contrast < AA_NORMAL:
        _panel(canvas, placed.ink, pad=max(8, block.size // 3))
        contrast = min_contrast(canvas.backdrop, placed.ink, fill, mask=glyphs)
    if contrast < AA_NORMAL:
        raise MediaError(
            f"text contrast {contrast:.2f}:1 is below WCAG AA even on a panel",
            code=ErrorCode.MEDIA_RENDER_FAILED,
            hint="The theme's panel colour does not contrast with its text; check the palette.",
            details={"contrast": round(contrast, 2)},
        )
    canvas.contrasts.append(contrast)
    return draw_text(canvas.image, block, box=box, fill=fill, align=align, valign=valign)


def _panel(canvas: _Canvas, ink: Box, *, pad: int) -> None:
    """An opaque rounded panel in the theme's panel colour around ``ink``."""
    left, top, right, bottom = ink
    rect = (left - pad, top - pad, right + pad, bottom + pad)
    targets = [canvas.image] if canvas.backdrop is canvas.image else [canvas.image, canvas.backdrop]
    for target in targets:
        ImageDraw.Draw(target).rounded_rectangle(rect, radius=pad, fill=canvas.theme.panel)


# Cards -------------------------------------------------------------------------------


def render_card(
    *,
    size: tuple[int, int],
    theme: Theme,
    fonts: FontSet,
    headline: str,
    body: str = "",
    kicker: str = "",
    footer: str = "",
    logo: Path | None = None,
    counter: tuple[int, int] | None = None,
    seed: int = 0,
) -> RenderedImage:
    """A cover, thumbnail or carousel slide (RGB): the brand background, an optional
    ``kicker`` label above a large bold ``headline``, an accent rule, optional ``body``
    text, the ``footer`` (brand name or website) at the bottom, the ``logo`` (PNG, JPEG or
    WebP) in a top corner and a slide ``counter`` (position, total) in the other.

    Right-to-left headlines mirror the layout. Raises ``MEDIA_TEXT_TOO_LONG`` (text does
    not fit), ``MEDIA_GLYPHS_UNSUPPORTED`` (no font for some characters) or
    ``MEDIA_RENDER_FAILED`` (unreadable logo, bad counter)."""
    frame = _Frame.of(size)
    image = render_background(size=size, theme=theme, seed=seed)
    canvas = _Canvas(image, image, theme, fonts, [], [])
    texts = {
        "headline": canvas.text("headline", headline),
        "body": canvas.text("body", body),
        "kicker": canvas.text("kicker", kicker).upper(),
        "footer": canvas.text("footer", footer),
    }
    rtl = _is_rtl(texts["headline"] or texts["body"])
    content_top = _header(canvas, frame, logo=logo, counter=counter, rtl=rtl)
    content_bottom = _footer(canvas, frame, texts["footer"], rtl=rtl)
    _content(canvas, frame, texts, (content_top, content_bottom), rtl=rtl)
    return RenderedImage(image, tuple(canvas.warnings), min(canvas.contrasts, default=21.0))


def _is_rtl(text: str) -> bool:
    return text_direction(text) == "rtl"


def _header(
    canvas: _Canvas, frame: _Frame, *, logo: Path | None, counter: tuple[int, int] | None,
    rtl: bool,
) -> int:  # fmt: skip
    """Logo and counter along the top; returns where the content may start."""
    if logo is None and counter is None:
        return frame.top
    height = frame.unit(0.075)
    if logo is not None:
        _place_logo(canvas, frame, logo, height=height, rtl=rtl)
    if counter is not None:
        _counter(canvas, frame, counter, height=height, rtl=rtl)
    return frame.top + height + frame.unit(0.04)


def _counter(
    canvas: _Canvas, frame: _Frame, counter: tuple[int, int], *, height: int, rtl: bool
) -> None:
    """``n/total`` in the corner opposite the logo."""
    position, total = counter
    if not 1 <= position <= total:
        raise MediaError(
            f"slide counter {position}/{total} is out of range",
            code=ErrorCode.MEDIA_RENDER_FAILED,
            hint="Number slides from 1 up to the number of slides.",
            details={"counter": [position, total]},
        )
    text = f"{position}/{total}"
    sizes = (frame.unit(0.025), frame.unit(0.032))
    block = _fit(text, canvas.fonts, role="body", label="counter",
                 box=(frame.unit(0.3), height), sizes=sizes, bold=True, max_lines=1)  # fmt: skip
    box = (frame.left, frame.top, frame.right, frame.top + height)
    _draw_checked(canvas, block, box=box, fill=canvas.theme.muted,
                  align="left" if rtl else "right", valign="middle")  # fmt: skip


def _footer(canvas: _Canvas, frame: _Frame, text: str, *, rtl: bool) -> int:
    """The footer line at the bottom of the safe area; returns where the content must end."""
    if not text:
        return frame.bottom
    height = frame.unit(0.05)
    block = _fit(text, canvas.fonts, role="body", label="footer",
                 box=(frame.right - frame.left, height),
                 sizes=(frame.unit(0.025), frame.unit(0.03)), bold=True, max_lines=1)  # fmt: skip
    box = (frame.left, frame.bottom - height, frame.right, frame.bottom)
    _draw_checked(canvas, block, box=box, fill=canvas.theme.muted,
                  align="right" if rtl else "left", valign="bottom")  # fmt: skip
    return frame.bottom - height - frame.unit(0.04)


@dataclass(frozen=True)
class _Content:
    """The fitted blocks of a card's main text; any may be absent."""

    kicker: TextBlock | None
    headline: TextBlock | None
    body: TextBlock | None


def _content(
    canvas: _Canvas, frame: _Frame, texts: dict[str, str], span: tuple[int, int], *, rtl: bool
) -> None:
    """Kicker, headline, accent rule and body, stacked and centred vertically in ``span``."""
    gap, rule = frame.unit(0.03), frame.unit(0.008)
    top, bottom = span
    blocks = _fit_content(canvas.fonts, frame, texts, height=bottom - top - 2 * gap - rule)
    total = sum(b.height + gap for b in (blocks.kicker, blocks.headline, blocks.body) if b)
    y = top + max(0, (bottom - top - total - rule) // 2)
    align: Align = "right" if rtl else "left"
    if blocks.kicker:
        y = _stack(canvas, blocks.kicker, frame, y, _kicker_color(canvas.theme), align) + gap
    if blocks.headline:
        y = _stack(canvas, blocks.headline, frame, y, canvas.theme.text, align) + gap
    _accent_rule(canvas, frame, y, rule, rtl=rtl)
    if blocks.body:
        _stack(canvas, blocks.body, frame, y + rule + gap, canvas.theme.text, align)


def _fit_content(fonts: FontSet, frame: _Frame, texts: dict[str, str], *, height: int) -> _Content:
    """Fit the kicker, then the headline (in at most 58 % of what is left when there is a
    body), then the body in the rest."""
    width, gap = frame.right - frame.left, frame.unit(0.03)
    kicker = headline = body = None
    if texts["kicker"]:
        kicker = _fit(texts["kicker"], fonts, role="body", label="kicker",
                      box=(width, frame.unit(0.1)), sizes=(frame.unit(0.025), frame.unit(0.03)),
                      bold=True, max_lines=2)  # fmt: skip
        height -= kicker.height + gap
    if texts["headline"]:
        tall = frame.height / frame.width >= 1.7
        largest = frame.unit(_headline_max(tall, bool(texts["body"])))
        headline = _fit(texts["headline"], fonts, role="headline", label="headline",
                        box=(width, round(height * (0.58 if texts["body"] else 1.0))),
                        sizes=(frame.unit(0.045), largest), bold=True)  # fmt: skip
        height -= headline.height
    if texts["body"]:
        body = _fit(texts["body"], fonts, role="body", label="body", box=(width, height),
                    sizes=(frame.unit(0.03), frame.unit(0.044)), bold=False)  # fmt: skip
    return _Content(kicker, headline, body)


def _headline_max(tall: bool, with_body: bool) -> float:
    """Largest headline size as a fraction of the shorter side: bigger on its own (a
    thumbnail's few words must read at a glance), a little bigger on tall frames."""
    if not with_body:
        return 0.13
    return 0.105 if tall else 0.095


def _stack(canvas: _Canvas, block: TextBlock, frame: _Frame, y: int, fill: RGB,
           align: Align) -> int:  # fmt: skip
    """Draw a block at ``y`` across the safe width; returns the y below it."""
    _draw_checked(canvas, block, box=(frame.left, y, frame.right, y + block.height), fill=fill,
                  align=align)  # fmt: skip
    return y + block.height


def _kicker_color(theme: Theme) -> RGB:
    """The accent colour when it reads as text on every background, else the muted one."""
    if all(contrast_ratio(theme.accent, bg) >= AA_NORMAL for bg in theme.backgrounds()):
        return theme.accent
    return theme.muted


def _accent_rule(canvas: _Canvas, frame: _Frame, y: int, height: int, *, rtl: bool) -> None:
    """A short bar in the accent colour between headline and body."""
    length = frame.unit(0.1)
    left = frame.right - length if rtl else frame.left
    ImageDraw.Draw(canvas.image).rectangle(
        (left, y, left + length - 1, y + height - 1), fill=canvas.theme.accent
    )


# Logo --------------------------------------------------------------------------------


def _place_logo(canvas: _Canvas, frame: _Frame, path: Path, *, height: int, rtl: bool) -> None:
    """The logo scaled (aspect kept) into the top corner box, on a chip of a contrasting
    colour when it would all but vanish into the background."""
    logo = _fit_logo(load_logo(path), (frame.unit(0.3), height))
    x = frame.right - logo.width if rtl else frame.left
    y = frame.top + (height - logo.height) // 2
    if _logo_vanishes(logo, canvas.theme.background):
        pad = max(4, height // 6)
        chip = _chip_color(logo, canvas.theme)
        ImageDraw.Draw(canvas.image).rounded_rectangle(
            (x - pad, y - pad, x + logo.width + pad, y + logo.height + pad), radius=pad, fill=chip
        )
    canvas.image.paste(logo, (x, y), logo)


def load_logo(path: Path) -> Image.Image:
    """A brand logo file (PNG, JPEG or WebP) as RGBA. Raises ``MEDIA_RENDER_FAILED`` with a
    hint when the file is missing or not such an image."""
    try:
        with Image.open(path, formats=("PNG", "JPEG", "WEBP")) as raw:
            raw.load()
            return raw.convert("RGBA")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise MediaError(
            f"logo {path} cannot be read as a PNG, JPEG or WebP image ({exc})",
            code=ErrorCode.MEDIA_RENDER_FAILED,
            hint="Point the brand's logo at a readable PNG, JPEG or WebP file, or remove it.",
            details={"logo": str(path)},
        ) from exc


def _fit_logo(logo: Image.Image, box: tuple[int, int]) -> Image.Image:
    scale = min(box[0] / logo.width, box[1] / logo.height)
    size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    return logo.resize(size, Image.Resampling.LANCZOS)


def _mean_color(logo: Image.Image) -> RGB:
    """The average colour of the logo's visible pixels."""
    alpha = logo.getchannel("A").point(lambda v: 255 if v >= 128 else 0)
    visible = alpha if alpha.getbbox() is not None else None
    r, g, b = (round(v) for v in ImageStat.Stat(logo.convert("RGB"), visible).mean)
    return r, g, b


def _logo_vanishes(logo: Image.Image, background: RGB) -> bool:
    return contrast_ratio(_mean_color(logo), background) < 1.6


def _chip_color(logo: Image.Image, theme: Theme) -> RGB:
    mean = _mean_color(logo)
    return max((theme.text, theme.panel), key=lambda c: contrast_ratio(c, mean))


# Overlays and encoding ----------------------------------------------------------------


def render_overlay(
    *,
    size: tuple[int, int],
    theme: Theme,
    fonts: FontSet,
    headline: str,
    seed: int = 0,
    background: Image.Image | None = None,
) -> RenderedImage:
    """A video scene's on-screen text (RGBA, transparent except the text and, where the
    contrast needs it, a panel): centred in the upper middle of the frame, clear of the
    subtitles at the bottom. Contrast is measured against ``background`` (the frame it will
    be laid over; default ``render_background(size, theme, seed)``)."""
    frame = _Frame.of(size)
    backdrop = (background or render_background(size=size, theme=theme, seed=seed)).convert("RGB")
    if backdrop.size != tuple(size):
        raise MediaError(
            f"overlay background is {backdrop.size[0]}×{backdrop.size[1]}, not {size[0]}×{size[1]}",
            code=ErrorCode.MEDIA_RENDER_FAILED,
            hint="Pass the background rendered at the overlay's size.",
        )
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    canvas = _Canvas(overlay, backdrop.copy(), theme, fonts, [], [])
    text = canvas.text("on-screen text", headline)
    if text:
        top, bottom = frame.top + frame.unit(0.04), round(frame.height * 0.6)
        block = _fit(text, fonts, role="headline", label="on-screen text",
                     box=(frame.right - frame.left, bottom - top),
                     sizes=(frame.unit(0.045), frame.unit(0.1)), bold=True)  # fmt: skip
        _draw_checked(canvas, block, box=(frame.left, top, frame.right, bottom),
                      fill=theme.text, align="center", valign="middle")  # fmt: skip
    return RenderedImage(overlay, tuple(canvas.warnings), min(canvas.contrasts, default=21.0))


def encode_png(image: Image.Image) -> bytes:
    """Deterministic PNG bytes: no metadata (no timestamps, ICC profile, or text chunks) and
    a fixed, fast compression level."""
    clean = image.copy()
    clean.info.clear()
    buffer = io.BytesIO()
    clean.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL, optimize=False)
    return buffer.getvalue()
