"""Brand colours made legible: hex parsing, WCAG 2.x contrast, and the card theme.

Every text colour a :class:`Theme` offers reaches WCAG AA for normal text (4.5:1) against
every colour it can sit on: both gradient stops, every shade in between and the panel.
:func:`min_contrast` then checks the real pixels under each text block of a rendered image,
so a busy background or a logo can never hide text unnoticed.

Threshold choice: all text is held to ``AA_NORMAL`` (4.5:1), the headline included. WCAG's
"large text" relief (3:1 from 24 px, or 18.66 px bold) is measured in CSS pixels on the
reader's screen, and these images are shown scaled down (a 1080 px wide card fills a ~390 pt
wide phone screen, about a third of its size), so pixel sizes on the image say little about
the size a person sees. ``AA_LARGE`` is kept for callers that know the display size.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageFilter

from pressroom.errors import ErrorCode, MediaError

RGB = tuple[int, int, int]

AA_NORMAL = 4.5
"""WCAG 2.x AA minimum contrast for normal text."""
AA_LARGE = 3.0
"""WCAG 2.x AA minimum contrast for large text (≥ 24 CSS px, or ≥ 18.66 CSS px bold)."""

WHITE: RGB = (255, 255, 255)
INK: RGB = (17, 20, 24)
"""Near-black for dark text: softer than pure black, still 18.6:1 on white."""

DEFAULT_PALETTE: tuple[str, ...] = ("#1F3A5F", "#F2B134", "#F7F5F0")
"""Used when a brand has no palette: deep navy, amber accent, warm off-white."""

# Colours are adjusted a little past the AA line so anti-aliased shape edges and rounding
# in gradients never land a measured pixel just under it.
_MARGIN = 0.25
_TARGET = AA_NORMAL + _MARGIN


def parse_hex(color: str) -> RGB:
    """``#RGB`` or ``#RRGGBB`` (case-insensitive) as an ``(r, g, b)`` tuple."""
    digits = color.strip().removeprefix("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    try:
        if len(digits) != 6:
            raise ValueError(color)
        value = int(digits, 16)
    except ValueError:
        raise MediaError(
            f"{color!r} is not a colour: expected #RGB or #RRGGBB",
            code=ErrorCode.MEDIA_RENDER_FAILED,
            hint="Fix the brand's palette: each entry is a hex colour such as #1F3A5F.",
            details={"color": color},
        ) from None
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def to_hex(rgb: RGB) -> str:
    """``(r, g, b)`` as ``#RRGGBB`` (upper case)."""
    return "#{:02X}{:02X}{:02X}".format(*rgb)


@functools.lru_cache(maxsize=65536)
def relative_luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (0 = black, 1 = white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2.x contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    high, low = max(la, lb), min(la, lb)
    return (high + 0.05) / (low + 0.05)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """``a`` moved a fraction ``t`` (0–1) of the way toward ``b``, channel by channel."""
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return r, g, bl


@dataclass(frozen=True)
class Theme:
    """The colours a card is drawn with.

    ``text`` and ``muted`` reach AA (4.5:1) against ``background``, ``background_end`` (the
    second gradient stop; the stops are shades of one colour, so every colour between them
    does too) and ``panel`` (drawn behind text on busy backgrounds). ``accent`` decorates
    (bars, rules, shapes) and is used for text only where it measures AA.
    """

    background: RGB
    background_end: RGB
    text: RGB
    muted: RGB
    accent: RGB
    panel: RGB

    def text_colors(self) -> tuple[RGB, RGB]:
        """The colours text is drawn in."""
        return self.text, self.muted

    def backgrounds(self) -> tuple[RGB, RGB, RGB]:
        """The colours text can sit on."""
        return self.background, self.background_end, self.panel


def brand_theme(palette: Sequence[str]) -> Theme:
    """The theme for a brand palette (first colour = background, the next distinct one =
    accent); deterministic. Text goes toward white or near-black, whichever reads better, and
    the background is nudged darker or lighter only if even that cannot reach AA (mid-greys).
    An empty palette uses :data:`DEFAULT_PALETTE`."""
    colors = [parse_hex(c) for c in (palette or DEFAULT_PALETTE)]
    text, base = _text_and_base(colors[0])
    end = _second_stop(base, text)
    panel, _ = _reach_contrast(mix(base, _away_from(text), 0.55), text)
    muted = _muted(text, (base, end, panel))
    accent = _accent(colors[1:], base, text)
    _check(Theme(base, end, text, muted, accent, panel))
    return Theme(base, end, text, muted, accent, panel)


def _text_and_base(color: RGB) -> tuple[RGB, RGB]:
    """White or near-black text, and the brand colour shaded as little as needed for it.

    The option that needs less shading wins; white gets a small head start because white
    on a slightly deepened saturated colour (red, orange) looks more like the brand than
    near-black on it. Ties go to the higher contrast.
    """
    options = []
    for text in (WHITE, INK):
        shaded, shift = _reach_contrast(color, text)
        cost = shift - (0.1 if text == WHITE else 0.0)
        options.append((cost, -contrast_ratio(shaded, text), text, shaded))
    _, _, text, base = min(options)
    return text, base


def _away_from(text: RGB) -> RGB:
    """The extreme opposite the text colour: moving a background there raises contrast."""
    return (0, 0, 0) if relative_luminance(text) > 0.5 else WHITE


def _reach_contrast(color: RGB, text: RGB) -> tuple[RGB, float]:
    """``color`` shaded away from ``text`` just enough to reach the AA target, and how far
    (0–1) it had to move."""
    target = _away_from(text)
    for step in range(41):
        shaded = mix(color, target, step / 40)
        if contrast_ratio(shaded, text) >= _TARGET:
            return shaded, step / 40
    return target, 1.0


def _second_stop(base: RGB, text: RGB) -> RGB:
    """The gradient's far stop: a deeper shade of the base, away from the text colour, so
    the gradient only ever gains contrast."""
    return mix(base, _away_from(text), 0.28)


def _muted(text: RGB, backgrounds: Sequence[RGB]) -> RGB:
    """Secondary text: the text colour blended toward the background while AA still holds
    against every background (so it reads as quieter, never as illegible)."""
    for step in range(8, -1, -1):
        candidate = mix(text, backgrounds[0], step * 0.05)
        if all(contrast_ratio(candidate, bg) >= _TARGET for bg in backgrounds):
            return candidate
    return text


def _accent(candidates: Sequence[RGB], base: RGB, text: RGB) -> RGB:
    """The first palette colour that stands out from the background (3:1, WCAG's non-text
    contrast), else the most distinct one if it is at least visible, else the text colour."""
    for color in candidates:
        if contrast_ratio(color, base) >= AA_LARGE:
            return color
    visible = [c for c in candidates if contrast_ratio(c, base) >= 1.6]
    if visible:
        return max(visible, key=lambda c: contrast_ratio(c, base))
    return text


def _check(theme: Theme) -> None:
    """Guard: every text colour reaches AA on every background the theme offers."""
    for fg in theme.text_colors():
        for bg in theme.backgrounds():
            if contrast_ratio(fg, bg) < AA_NORMAL:
                raise MediaError(
                    f"theme text {to_hex(fg)} on {to_hex(bg)} is below WCAG AA",
                    code=ErrorCode.MEDIA_RENDER_FAILED,
                    hint="This is a bug in the theme builder; report it with the palette.",
                    details={"text": to_hex(fg), "background": to_hex(bg)},
                )


def min_contrast(
    image: Image.Image,
    box: tuple[int, int, int, int],
    text: RGB,
    *,
    mask: Image.Image | None = None,
) -> float:
    """The worst contrast between ``text`` and the pixels of ``image`` it would cover.

    Measure on the image *before* the text is drawn. ``box`` (left, top, right, bottom) is
    the text's bounding box; ``mask`` (mode ``L``, the size of ``image``, non-zero where
    glyphs will be) narrows the measure to the glyph pixels, dilated by 2 px so the pixels
    right around each stroke count too. An empty region measures 21 (nothing to clash with).
    """
    left, top, right, bottom = _clamp(box, image.size)
    if right <= left or bottom <= top:
        return 21.0
    region = image.convert("RGB").crop((left, top, right, bottom))
    if mask is not None:
        glyphs = mask.convert("L").crop((left, top, right, bottom))
        glyphs = glyphs.point(lambda v: 255 if v else 0).filter(ImageFilter.MaxFilter(5))
        # Only pixels under the dilated glyphs count: they carry alpha 255.
        region = region.convert("RGBA")
        region.putalpha(glyphs)
    colors = region.getcolors(maxcolors=region.width * region.height) or []
    worst = 21.0
    for _, color in colors:
        if isinstance(color, tuple) and (len(color) == 3 or color[3]):
            worst = min(worst, contrast_ratio(text, (color[0], color[1], color[2])))
    return worst


def _clamp(box: tuple[int, int, int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    left, top, right, bottom = box
    width, height = size
    return max(0, left), max(0, top), min(width, right), min(height, bottom)
