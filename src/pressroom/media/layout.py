"""Text that always fits: wrap at word boundaries, shrink until it fits, draw inside a box.

Everything is measured with the real font (raqm shapes Arabic, Hebrew and CJK text, and
faux-bold strokes are included), and a block's height covers every line's ascenders and
descenders, so drawn glyphs never leave their box; :func:`draw_text` checks it anyway.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import regex  # type: ignore[import-untyped]  # \X clusters, script extensions
from PIL import Image, ImageDraw, ImageFont, features

from pressroom.errors import ErrorCode, MediaError
from pressroom.media.colors import RGB
from pressroom.media.fonts import FontChoice, load, synthetic_bold

Direction = Literal["ltr", "rtl"]
Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
Box = tuple[int, int, int, int]

# Scripts written without spaces: a line may break before or after any of their characters.
_BREAK_AROUND = regex.compile(r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]")
# Closing punctuation and prolonged-sound marks never start a line; opening never ends one.
_NO_BREAK_BEFORE = frozenset({"Pe", "Pf", "Po", "Lm"})
_NO_BREAK_AFTER = frozenset({"Ps", "Pi"})


@dataclass(frozen=True)
class TextBlock:
    """Text wrapped and sized to fit a box: its ``lines`` drawn in ``font`` at ``size`` px
    (``bold``), baselines ``line_height`` px apart; ``width`` × ``height`` is the ink extent
    of the whole block, ascenders and descenders included."""

    lines: tuple[str, ...]
    size: int
    font: FontChoice
    bold: bool
    line_height: int
    width: int
    height: int
    direction: Direction


@dataclass(frozen=True)
class _Geometry:
    """Where a block's lines sit: first baseline from the block top, each line's ink box
    relative to its own baseline origin (anchor ``ls``), and the block's ink size."""

    baseline: int
    boxes: tuple[Box, ...]
    width: int
    height: int


class _WordTooWideError(Exception):
    """A single word is wider than the box at the size tried."""

    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


def text_direction(text: str) -> Direction:
    """``rtl`` when the first strong character is right-to-left (Hebrew, Arabic…)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def fit_text(
    text: str,
    *,
    font: FontChoice,
    box: tuple[int, int],
    max_size: int,
    min_size: int,
    bold: bool = False,
    max_lines: int | None = None,
    line_spacing: float = 1.2,
    balance: bool = False,
) -> TextBlock:
    """``text`` wrapped to ``box`` (width, height) at the largest size from ``max_size``
    down to ``min_size`` at which every line fits (and at most ``max_lines`` lines).

    Lines break at spaces (between any two CJK characters too) and at explicit newlines,
    never inside a word. ``balance`` (for headlines) then evens out line lengths at that
    size, so no line is left with a lone word. Raises ``MEDIA_TEXT_TOO_LONG`` when the text
    cannot fit even at ``min_size``, or when one word alone is wider than the box at that
    size.
    """
    paragraphs = [regex.sub(r"[ \t]+", " ", line).strip() for line in text.strip().split("\n")]
    direction = text_direction(text)

    def attempt(size: int, width: int = box[0]) -> TextBlock | None:
        return _layout(
            paragraphs, font=font, size=size, bold=bold, box=(width, box[1]),
            direction=direction, max_lines=max_lines, line_spacing=line_spacing,
        )  # fmt: skip

    try:
        smallest = attempt(min_size)
    except _WordTooWideError as exc:
        raise _too_wide(exc.word, box, min_size) from None
    if smallest is None:
        raise _too_long(text, box, min_size)
    block = _largest_fit(attempt, min_size, max_size) or smallest
    return _balance(block, attempt, box[0]) if balance else block


def _largest_fit(
    attempt: Callable[[int], TextBlock | None], low: int, high: int
) -> TextBlock | None:
    """The fitting block of the largest size in ``low..high`` (``low`` is known to fit).

    Wrapping makes fit almost, not strictly, monotonic in size; a binary search keeps the
    number of layouts small and every block it returns has been checked to fit."""
    best: TextBlock | None = None
    while low <= high:
        middle = (low + high + 1) // 2
        try:
            block = attempt(middle)
        except _WordTooWideError:
            block = None
        if block is None:
            high = middle - 1
        else:
            best, low = block, middle + 1
    return best


def _balance(
    block: TextBlock, attempt: Callable[[int, int], TextBlock | None], width: int
) -> TextBlock:
    """The block re-wrapped at the narrowest width (down to half the box) that keeps its
    size and line count: even lines instead of long ones and a lone last word."""
    if len(block.lines) < 2:
        return block
    low, high, best = width // 2, width, block
    while low < high:
        middle = (low + high) // 2
        try:
            candidate = attempt(block.size, middle)
        except _WordTooWideError:
            candidate = None
        if candidate is not None and len(candidate.lines) <= len(block.lines):
            best, high = candidate, middle
        else:
            low = middle + 1
    return best


def _layout(
    paragraphs: list[str],
    *,
    font: FontChoice,
    size: int,
    bold: bool,
    box: tuple[int, int],
    direction: Direction,
    max_lines: int | None,
    line_spacing: float,
) -> TextBlock | None:
    """The block at one size, or ``None`` if it does not fit the box."""
    face = load(font, size, bold=bold)
    stroke = synthetic_bold(font, size, bold=bold)
    width, height = box

    def fits(line: str) -> bool:
        left, _, right, _ = _line_box(face, line, direction, stroke)
        return right - left <= width

    lines = [line for paragraph in paragraphs for line in _wrap(paragraph, fits)]
    if max_lines is not None and len(lines) > max_lines:
        return None
    line_height = max(1, round(size * line_spacing))
    geometry = _geometry(face, lines, direction, stroke, line_height)
    if geometry.width > width or geometry.height > height:
        return None
    return TextBlock(
        lines=tuple(lines), size=size, font=font, bold=bold, line_height=line_height,
        width=geometry.width, height=geometry.height, direction=direction,
    )  # fmt: skip


def _wrap(paragraph: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy line filling: each line takes as many words as fit."""
    lines: list[str] = []
    current = ""
    for word, space_before in _atoms(paragraph):
        candidate = f"{current}{' ' if space_before else ''}{word}" if current else word
        if current and fits(candidate):
            current = candidate
            continue
        if not fits(word):
            raise _WordTooWideError(word)
        if current:
            lines.append(current)
        current = word
    lines.append(current)
    return lines


def _atoms(paragraph: str) -> list[tuple[str, bool]]:
    """The unbreakable pieces of a paragraph and whether a space precedes each: words, and
    single CJK characters with the punctuation that must stay with them."""
    atoms: list[tuple[str, bool]] = []
    space = False
    previous = ""
    for cluster in regex.findall(r"\X", paragraph):
        if cluster.isspace():
            space = bool(atoms)
            continue
        if atoms and not space and not _can_break(previous, cluster):
            atoms[-1] = (atoms[-1][0] + cluster, atoms[-1][1])
        else:
            atoms.append((cluster, space))
        space, previous = False, cluster
    return atoms


def _can_break(before: str, after: str) -> bool:
    """Whether a line may break between two adjacent clusters with no space between."""
    if unicodedata.category(after[0]) in _NO_BREAK_BEFORE:
        return False
    if unicodedata.category(before[0]) in _NO_BREAK_AFTER:
        return False
    return bool(_BREAK_AROUND.match(before) or _BREAK_AROUND.match(after))


def _line_box(face: ImageFont.FreeTypeFont, line: str, direction: Direction, stroke: int) -> Box:
    """The ink box of one line relative to its baseline origin (anchor ``ls``)."""
    if not line:
        return 0, 0, 0, 0
    left, top, right, bottom = face.getbbox(
        line, anchor="ls", direction=_direction_arg(direction), stroke_width=stroke
    )
    return int(left), int(top), int(right), int(bottom)


def _direction_arg(direction: Direction) -> str | None:
    """Pillow accepts a direction only with raqm (which then also runs the bidi algorithm)."""
    return direction if features.check("raqm") else None


def _geometry(
    face: ImageFont.FreeTypeFont,
    lines: list[str] | tuple[str, ...],
    direction: Direction,
    stroke: int,
    line_height: int,
) -> _Geometry:
    """Where the lines sit and how much room they take. The first baseline sits the font's
    ascent below the top, lower if some glyph climbs higher (stacked marks); the height
    reaches the font's descent below the last baseline, or lower if some glyph does."""
    ascent, descent = face.getmetrics()
    boxes = tuple(_line_box(face, line, direction, stroke) for line in lines)
    baseline = max(
        [ascent + stroke] + [-top - index * line_height for index, (_, top, _, _) in
                             enumerate(boxes)]
    )  # fmt: skip
    last = baseline + (len(lines) - 1) * line_height
    height = max(
        [last + descent + stroke]
        + [baseline + index * line_height + bottom for index, (_, _, _, bottom) in
           enumerate(boxes)]
    )  # fmt: skip
    width = max((right - left for left, _, right, _ in boxes), default=0)
    return _Geometry(baseline=baseline, boxes=boxes, width=width, height=height)


def draw_text(
    image: Image.Image,
    block: TextBlock,
    *,
    box: Box,
    fill: RGB,
    align: Align | None = None,
    valign: VAlign = "top",
) -> Box:
    """Draw ``block`` inside ``box`` (left, top, right, bottom) and return the ink box of
    what was drawn. ``align`` defaults to right for right-to-left text, else left.

    Raises ``MEDIA_RENDER_FAILED`` (before drawing anything) if any line would reach
    outside ``box``: :func:`fit_text` makes that impossible, so it signals a bug."""
    placed = place_text(block, box=box, align=align, valign=valign)
    face = load(block.font, block.size, bold=block.bold)
    stroke = synthetic_bold(block.font, block.size, bold=block.bold)
    draw = ImageDraw.Draw(image)
    for line, origin in zip(block.lines, placed.origins, strict=True):
        if line:
            draw.text(
                origin, line, font=face, fill=fill, anchor="ls",
                direction=_direction_arg(block.direction), stroke_width=stroke, stroke_fill=fill,
            )  # fmt: skip
    return placed.ink


@dataclass(frozen=True)
class PlacedText:
    """A block positioned in a box: each line's baseline origin and the union ink box."""

    origins: tuple[tuple[int, int], ...]
    ink: Box


def place_text(
    block: TextBlock, *, box: Box, align: Align | None = None, valign: VAlign = "top"
) -> PlacedText:
    """Where :func:`draw_text` puts each line of ``block`` in ``box``, without drawing.
    Raises ``MEDIA_RENDER_FAILED`` if the block would reach outside the box."""
    face = load(block.font, block.size, bold=block.bold)
    stroke = synthetic_bold(block.font, block.size, bold=block.bold)
    geometry = _geometry(face, block.lines, block.direction, stroke, block.line_height)
    align = align or ("right" if block.direction == "rtl" else "left")
    left, top, right, bottom = box
    block_top = _aligned_top(top, bottom, geometry.height, valign)
    origins: list[tuple[int, int]] = []
    inks: list[Box] = []
    for index, (x0, y0, x1, y1) in enumerate(geometry.boxes):
        ink_left = _aligned_left(left, right, x1 - x0, align)
        baseline = block_top + geometry.baseline + index * block.line_height
        origins.append((ink_left - x0, baseline))
        if x1 > x0:
            inks.append((ink_left, baseline + y0, ink_left + x1 - x0, baseline + y1))
    ink = _union(inks) if inks else (left, block_top, left, block_top)
    _check_inside(ink, box, block_top, block_top + geometry.height)
    return PlacedText(origins=tuple(origins), ink=ink)


def _aligned_top(top: int, bottom: int, height: int, valign: VAlign) -> int:
    """Top edge of a block for the vertical alignment."""
    if valign == "middle":
        return top + (bottom - top - height) // 2
    if valign == "bottom":
        return bottom - height
    return top


def _aligned_left(left: int, right: int, width: int, align: Align) -> int:
    """Left edge of a line's ink for the alignment."""
    if align == "center":
        return left + (right - left - width) // 2
    if align == "right":
        return right - width
    return left


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _check_inside(ink: Box, box: Box, block_top: int, block_bottom: int) -> None:
    """Guard: neither the ink nor the block's metric extent may leave the box."""
    left, top, right, bottom = box
    inside = ink[0] >= left and ink[2] <= right and ink[1] >= top and ink[3] <= bottom
    if not inside or block_top < top or block_bottom > bottom:
        raise MediaError(
            f"text ink {ink} would leave its box {box}",
            code=ErrorCode.MEDIA_RENDER_FAILED,
            hint="This is a layout bug: fit the text to the box it is drawn in.",
            details={"ink": list(ink), "box": list(box)},
        )


def _too_long(text: str, box: tuple[int, int], min_size: int) -> MediaError:
    width, height = box
    return MediaError(
        f"text of {len(text)} characters does not fit a {width}×{height} px box even at "
        f"{min_size} px",
        code=ErrorCode.MEDIA_TEXT_TOO_LONG,
        hint="Shorten the headline or body text.",
        details={"characters": len(text), "box": [width, height], "min_size": min_size},
    )


def _too_wide(word: str, box: tuple[int, int], min_size: int) -> MediaError:
    return MediaError(
        f"the word {word[:40]!r} ({len(word)} characters) is wider than the {box[0]} px wide "
        f"box even at {min_size} px",
        code=ErrorCode.MEDIA_TEXT_TOO_LONG,
        hint="Shorten the word, or break it with a space or a hyphen.",
        details={"word": word, "box": list(box), "min_size": min_size},
    )
