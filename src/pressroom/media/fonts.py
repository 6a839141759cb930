"""Fonts for images and subtitles: the brand's fonts, bundled fallbacks, glyph coverage.

A brand names its fonts by family (installed as fontpkg packages, e.g.
``pip install fontpkg-montserrat``) or by file path. Text is drawn in the brand font when
that font has every character, else in the first bundled fallback that has them all:
Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic, Heebo (Hebrew) and, with the ``cjk``
extra, Noto Sans CJK. The CJK collection holds one face per region; Simplified Chinese is
the default and ``brand_fonts(language=...)`` picks Japanese, Korean or Traditional Chinese
forms for brands writing in those languages.

No colour-emoji font ships with Pillow-friendly licensing and size, so emoji are removed
before drawing (:func:`split_emoji`) and reported as a warning by the renderer.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import fontpkg
import regex  # type: ignore[import-untyped]  # \p{...} properties, \X clusters
from fontTools.ttLib import TTFont, TTLibError
from PIL import ImageFont, features

from pressroom.errors import ErrorCode, MediaError

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
BUNDLED_FAMILIES = ("Noto Sans", "Noto Sans Arabic", "Heebo")
CJK_PACKAGE = "noto_cjk_sans_otc"
CJK_FILE = "NotoSansCJK-Regular.ttc"
CJK_HINT = "Install the CJK fonts: pip install 'pressroom[cjk]'."
_CJK_REGIONS = {"ja": "JP", "ko": "KR", "zh-tw": "TC", "zh-hant": "TC", "zh-hk": "HK"}
_CJK_TEXT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]")
BOLD_WEIGHT = 700


@dataclass(frozen=True)
class FontChoice:
    """One font face: its file, the family name libass matches it by, and its face index
    inside a collection (``.ttc``)."""

    path: Path
    family: str
    index: int = 0

    def missing(self, text: str) -> list[str]:
        """The distinct characters of ``text`` this face has no glyph for, in order of first
        appearance. Controls and format characters (line breaks, ZWJ, ZWNJ, bidi marks) never
        count: shaping handles them without a glyph."""
        cmap = _cmap(self.path, self.index)
        seen: dict[str, None] = {}
        for char in text:
            if ord(char) not in cmap and unicodedata.category(char) not in ("Cc", "Cf"):
                seen.setdefault(char)
        return list(seen)

    def covers(self, text: str) -> bool:
        """Whether this face has a glyph for every character of ``text``."""
        return not self.missing(text)


@dataclass(frozen=True)
class FontSet:
    """The fonts a card is drawn with: the brand's headline and body faces, then fallbacks
    tried in order for text the brand fonts cannot show."""

    headline: FontChoice
    body: FontChoice
    fallbacks: tuple[FontChoice, ...]

    def all(self) -> tuple[FontChoice, ...]:
        """Every distinct face of the set, brand faces first."""
        return tuple(dict.fromkeys((self.headline, self.body, *self.fallbacks)))


@functools.lru_cache(maxsize=64)
def _cmap(path: Path, index: int) -> frozenset[int]:
    """The code points a face maps to glyphs (read once per face)."""
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


Axis = tuple[str, float, float, float]
"""A variation axis: tag, minimum, default, maximum."""


@functools.lru_cache(maxsize=64)
def _read_face(path: Path, index: int) -> tuple[str, tuple[Axis, ...]]:
    """The family name (name ID 1, the name libass matches) and the variation axes in font
    order. Raises the fontTools/OS error of an unreadable file."""
    with TTFont(path, fontNumber=index, lazy=True) as font:
        name = font["name"]
        family = name.getDebugName(1) or name.getDebugName(16) or path.stem
        fvar = font["fvar"].axes if "fvar" in font else []
        axes = tuple((a.axisTag, a.minValue, a.defaultValue, a.maxValue) for a in fvar)
    return str(family), axes


def face(path: Path, index: int = 0) -> FontChoice:
    """The :class:`FontChoice` of a font file (family read from its name table)."""
    try:
        family, _ = _read_face(path, index)
    except (OSError, TTLibError, KeyError, IndexError, AssertionError) as exc:
        raise MediaError(
            f"font file {path} cannot be read as a font: {exc}",
            code=ErrorCode.MEDIA_FONT_MISSING,
            hint="Give the path of a readable .ttf, .otf or .ttc file in the brand's fonts.",
            details={"font": str(path)},
        ) from exc
    return FontChoice(path=path, family=family, index=index)


def has_weight_axis(choice: FontChoice) -> bool:
    """Whether the face is a variable font with a weight axis (drawn bold by setting it)."""
    return any(tag == "wght" for tag, *_ in _read_face(choice.path, choice.index)[1])


def family_font(family: str) -> FontChoice:
    """The installed font of a family name (a fontpkg package)."""
    try:
        path = Path(fontpkg.path(family))
    except (fontpkg.FontpkgError, OSError) as exc:
        slug = fontpkg.slugify(family)
        raise MediaError(
            f"font family {family!r} is not installed",
            code=ErrorCode.MEDIA_FONT_MISSING,
            hint=(
                f"Install it with `pip install fontpkg-{slug}`, or put the path of a "
                ".ttf/.otf/.ttc file in the brand's fonts instead of the family name."
            ),
            details={"font": family},
        ) from exc
    return face(path)


def _resolve(name: str) -> FontChoice:
    """A brand's font entry: a file path (by suffix or separator) or a family name."""
    looks_like_path = name.lower().endswith(FONT_SUFFIXES) or os.sep in name or "/" in name
    if not looks_like_path:
        return family_font(name)
    path = Path(name).expanduser()
    if not path.is_file():
        raise MediaError(
            f"font file {name} does not exist",
            code=ErrorCode.MEDIA_FONT_MISSING,
            hint="Fix the path in the brand's fonts, or name an installed family instead.",
            details={"font": name},
        )
    return face(path)


def cjk_font(language: str | None = None) -> FontChoice | None:
    """Noto Sans CJK from the ``cjk`` extra, in the face for ``language`` (``ja`` → JP,
    ``ko`` → KR, ``zh-TW``/``zh-Hant`` → TC, ``zh-HK`` → HK, else SC); ``None`` when the
    extra is not installed."""
    spec = importlib.util.find_spec(CJK_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / CJK_FILE
    if not path.is_file():
        return None
    region = _CJK_REGIONS.get((language or "").lower(), "SC")
    return _cjk_face(path, f"Noto Sans CJK {region}")


@functools.lru_cache(maxsize=8)
def _cjk_face(path: Path, family: str) -> FontChoice:
    """The face of the collection whose family is ``family`` (first face if none is)."""
    for index in range(_face_count(path)):
        choice = face(path, index)
        if choice.family == family:
            return choice
    return face(path, 0)


def _face_count(path: Path) -> int:
    """How many faces a font collection holds (1 for a plain font file)."""
    with path.open("rb") as handle:
        header = handle.read(12)
    if header[:4] != b"ttcf":
        return 1
    return int.from_bytes(header[8:12], "big")


@functools.lru_cache(maxsize=8)
def bundled_fallbacks(language: str | None = None) -> tuple[FontChoice, ...]:
    """The fallbacks every set ends with: Noto Sans, Noto Sans Arabic, Heebo, then Noto
    Sans CJK when the ``cjk`` extra is installed."""
    fallbacks = [family_font(family) for family in BUNDLED_FAMILIES]
    cjk = cjk_font(language)
    return (*fallbacks, cjk) if cjk else tuple(fallbacks)


def brand_fonts(names: Sequence[str], *, language: str | None = None) -> FontSet:
    """The font set for a brand's ``fonts`` list: first entry = headline, second (or the
    first again) = body; entries are family names or font file paths. An empty list uses
    Noto Sans. ``language`` (BCP 47) only picks the CJK face.

    Raises ``MEDIA_FONT_MISSING`` naming the first font that is not installed or not
    readable."""
    fallbacks = bundled_fallbacks(language)
    if not names:
        return FontSet(headline=fallbacks[0], body=fallbacks[0], fallbacks=fallbacks)
    headline = _resolve(names[0])
    body = _resolve(names[1]) if len(names) > 1 else headline
    return FontSet(headline=headline, body=body, fallbacks=fallbacks)


def font_for_text(fonts: FontSet, text: str, *, role: Literal["headline", "body"]) -> FontChoice:
    """The brand font for ``role`` if it has every character of ``text``, else the first
    fallback that does. Raises ``MEDIA_GLYPHS_UNSUPPORTED`` listing the characters (with
    their Unicode names) when no single font of the set has them all."""
    primary = fonts.headline if role == "headline" else fonts.body
    for choice in (primary, *fonts.fallbacks):
        if choice.covers(text):
            return choice
    raise _unsupported(fonts, text, primary)


def _unsupported(fonts: FontSet, text: str, primary: FontChoice) -> MediaError:
    """The error for text no single font of the set can draw."""
    nowhere = [c for c in primary.missing(text) if all(not f.covers(c) for f in fonts.all())]
    listed = nowhere or primary.missing(text)
    names = ", ".join(f"{c!r} ({unicodedata.name(c, f'U+{ord(c):04X}')})" for c in listed[:12])
    if nowhere:
        message = f"no font in the set has glyphs for: {names}"
    else:
        message = f"no single font has every character of this text (mixed scripts): {names}"
    has_cjk_font = any(f.path.name == CJK_FILE for f in fonts.all())
    if any(_CJK_TEXT.match(c) for c in listed) and not has_cjk_font:
        hint = CJK_HINT
    else:
        hint = "Add a font that covers these characters to the brand's fonts, or edit the text."
    return MediaError(
        message,
        code=ErrorCode.MEDIA_GLYPHS_UNSUPPORTED,
        hint=hint,
        details={"characters": listed, "fonts": [f.family for f in fonts.all()]},
    )


def _raqm() -> ImageFont.Layout:
    """Raqm (bidi, shaping) when this Pillow has it, else the basic layout."""
    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


_loaded = threading.local()
_FONT_CACHE_LIMIT = 512


def load(choice: FontChoice, size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The face at ``size`` px, shaped with raqm. ``bold`` sets a variable font's weight
    axis to 700; a static face stays as it is (see :func:`synthetic_bold`). Loaded fonts are
    cached per thread: FreeType faces must not be shared between threads."""
    cache: dict[tuple[FontChoice, int, bool], ImageFont.FreeTypeFont]
    cache = _loaded.__dict__.setdefault("fonts", {})
    key = (choice, size, bold)
    if len(cache) > _FONT_CACHE_LIMIT:
        cache.clear()  # sizes tried while fitting add up over a long-running process
    if key not in cache:
        font = ImageFont.truetype(str(choice.path), size, index=choice.index, layout_engine=_raqm())
        if bold and has_weight_axis(choice):
            _set_weight(font, choice, BOLD_WEIGHT)
        cache[key] = font
    return cache[key]


def _set_weight(font: ImageFont.FreeTypeFont, choice: FontChoice, weight: int) -> None:
    """Set the weight axis (clamped to its range), other axes at their defaults."""
    axes = _read_face(choice.path, choice.index)[1]
    font.set_variation_by_axes(
        [min(max(weight, low), high) if tag == "wght" else default
         for tag, low, default, high in axes]
    )  # fmt: skip


def synthetic_bold(choice: FontChoice, size: int, *, bold: bool) -> int:
    """Stroke width (px) that thickens a static face for bold text; 0 for regular text and
    for variable faces (their weight axis does it properly)."""
    if not bold or has_weight_axis(choice):
        return 0
    return max(1, round(size * 0.022))


_EMOJI_CLUSTER = regex.compile(
    r"\p{Emoji_Presentation}|\p{Regional_Indicator}|\uFE0F|\u20E3|"
    r"\p{Extended_Pictographic}\u200D"
)
_EMOJI_LEFTOVER = regex.compile(r"^[\uFE0E\uFE0F\u200D\u20E3\p{Emoji_Modifier}]+$")
_PICTOGRAPHIC = regex.compile(r"\p{Extended_Pictographic}")


def split_emoji(text: str, *, fonts: FontSet | None = None) -> tuple[str, list[str]]:
    """``text`` without emoji, and the emoji removed (in order).

    An emoji is a grapheme cluster shown as emoji by default (``Emoji_Presentation``), made
    emoji by U+FE0F, a ZWJ sequence, a flag or a keycap. Pictographs shown as text by
    default (©, ™, ❤ without U+FE0F) stay, unless ``fonts`` is given and none of its fonts
    has them. Stray selectors, joiners and skin-tone modifiers are dropped silently, spaces
    left behind are tidied, and lines that held only emoji are removed.
    """
    faces = fonts.all() if fonts else ()
    removed: list[str] = []
    lines = []
    for line in text.split("\n"):
        clusters = regex.findall(r"\X", line)
        kept = []
        for cluster in clusters:
            if _is_emoji(cluster, faces):
                removed.append(cluster)
            elif not _EMOJI_LEFTOVER.match(cluster):
                kept.append(cluster)
        if len(kept) == len(clusters):
            lines.append(line)  # untouched lines keep their spacing
        elif tidy := regex.sub(r"[ \t]{2,}", " ", "".join(kept)).strip():
            lines.append(tidy)
    return "\n".join(lines).strip(), removed


def _is_emoji(cluster: str, faces: Iterable[FontChoice]) -> bool:
    """Whether a grapheme cluster is an emoji the fonts cannot draw."""
    if _EMOJI_CLUSTER.search(cluster):
        return True
    if not _PICTOGRAPHIC.search(cluster):
        return False
    faces = tuple(faces)
    return bool(faces) and not any(f.covers(cluster) for f in faces)


def fonts_dir(fonts: FontSet, dest: Path) -> Path:
    """``dest`` holding (symlinks to, or copies of) every font file of the set, for
    libass's ``fontsdir=``: libass then finds each face by its family name."""
    dest.mkdir(parents=True, exist_ok=True)
    for number, path in enumerate(dict.fromkeys(f.path for f in fonts.all())):
        target = dest / f"{number:02d}-{path.name}"
        if target.exists() or target.is_symlink():
            target.unlink()
        try:
            target.symlink_to(path.resolve())
        except OSError:
            # Filesystems without symlinks (some Windows setups): copy instead.
            shutil.copyfile(path, target)
    return dest
