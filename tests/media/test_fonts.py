"""Brand fonts, bundled fallbacks, glyph coverage, bold faces, emoji and libass font dirs."""

from __future__ import annotations

from pathlib import Path

import fontpkg
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw

from pressroom.errors import ErrorCode, MediaError
from pressroom.media.fonts import (
    FontSet,
    brand_fonts,
    cjk_font,
    font_for_text,
    fonts_dir,
    load,
    split_emoji,
    synthetic_bold,
)


def ink_pixels(font_size: int, text: str, *, bold: bool, fonts: FontSet) -> int:
    """How many pixels ``text`` inks in the set's headline font."""
    image = Image.new("L", (font_size * len(text), font_size * 2), 0)
    face = load(fonts.headline, font_size, bold=bold)
    ImageDraw.Draw(image).text((0, 0), text, font=face, fill=255)
    return sum(image.histogram()[128:])


def test_empty_brand_list_uses_bundled_noto_sans_with_all_fallbacks() -> None:
    fonts = brand_fonts([])
    assert fonts.headline.family == "Noto Sans"
    assert fonts.body == fonts.headline
    families = [choice.family for choice in fonts.fallbacks]
    assert families == ["Noto Sans", "Noto Sans Arabic", "Heebo", "Noto Sans CJK SC"]


def test_family_names_resolve_through_fontpkg() -> None:
    fonts = brand_fonts(["Heebo", "Noto Sans"])
    assert fonts.headline.family == "Heebo"
    assert fonts.headline.path == fontpkg.path("Heebo")
    assert fonts.body.family == "Noto Sans"


def test_unknown_family_names_the_font_and_the_package_to_install() -> None:
    with pytest.raises(MediaError) as caught:
        brand_fonts(["No Such Font"])
    assert caught.value.code == ErrorCode.MEDIA_FONT_MISSING
    assert "No Such Font" in caught.value.message
    assert "pip install fontpkg-no-such-font" in (caught.value.hint or "")


def test_a_font_file_path_works(tmp_path: Path) -> None:
    copy = tmp_path / "BrandSans.ttf"
    copy.write_bytes(Path(fontpkg.path("Heebo")).read_bytes())
    fonts = brand_fonts([str(copy)])
    assert fonts.headline.path == copy
    assert fonts.headline.family == "Heebo"
    assert fonts.headline.covers("Hello שלום")


def test_missing_and_unreadable_font_files_are_font_missing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font at all")
    for entry in (str(tmp_path / "absent.otf"), str(broken)):
        with pytest.raises(MediaError) as caught:
            brand_fonts(["Noto Sans", entry])
        assert caught.value.code == ErrorCode.MEDIA_FONT_MISSING
        assert entry in caught.value.message


def test_coverage_is_read_from_the_cmap() -> None:
    latin = brand_fonts([]).headline
    assert latin.covers("Résumé, naïve — Ελληνικά, Кириллица\n")
    assert latin.missing("abc مرحبا") == ["م", "ر", "ح", "ب", "ا"]


def test_font_for_text_prefers_the_brand_font_then_the_right_fallback() -> None:
    fonts = brand_fonts(["Heebo", "Noto Sans"])
    assert font_for_text(fonts, "Hello", role="headline").family == "Heebo"
    assert font_for_text(fonts, "Hello", role="body").family == "Noto Sans"
    assert font_for_text(fonts, "مرحبا بالعالم", role="body").family == "Noto Sans Arabic"
    assert font_for_text(fonts, "שלום עולם", role="body").family == "Heebo"
    assert font_for_text(fonts, "你好，世界", role="headline").family == "Noto Sans CJK SC"


def test_cjk_face_follows_the_language() -> None:
    japanese = cjk_font("ja")
    korean = cjk_font("ko")
    assert japanese is not None
    assert korean is not None
    assert (japanese.family, japanese.index) == ("Noto Sans CJK JP", 0)
    assert korean.family == "Noto Sans CJK KR"
    assert brand_fonts([], language="ja").fallbacks[-1] == japanese


def test_cjk_without_the_cjk_font_is_unsupported_with_an_install_hint() -> None:
    full = brand_fonts([])
    fonts = FontSet(full.headline, full.body, full.fallbacks[:3])
    with pytest.raises(MediaError) as caught:
        font_for_text(fonts, "新产品发布", role="headline")
    error = caught.value
    assert error.code == ErrorCode.MEDIA_GLYPHS_UNSUPPORTED
    assert "CJK UNIFIED IDEOGRAPH-65B0" in error.message
    assert "pressroom[cjk]" in (error.hint or "")
    assert error.details["characters"][0] == "新"


def test_characters_no_font_has_are_listed_with_names() -> None:
    with pytest.raises(MediaError) as caught:
        font_for_text(brand_fonts([]), "Tifinagh ⴰⵣⵓⵍ", role="body")
    assert caught.value.code == ErrorCode.MEDIA_GLYPHS_UNSUPPORTED
    assert "TIFINAGH LETTER YA" in caught.value.message
    assert "pressroom[cjk]" not in (caught.value.hint or "")


def test_bold_sets_the_weight_axis_of_a_variable_font() -> None:
    fonts = brand_fonts([])
    assert synthetic_bold(fonts.headline, 40, bold=True) == 0
    regular = ink_pixels(40, "Heavy", bold=False, fonts=fonts)
    bold = ink_pixels(40, "Heavy", bold=True, fonts=fonts)
    assert bold > regular * 1.25


def test_static_faces_get_a_synthetic_bold_stroke() -> None:
    cjk = cjk_font()
    assert cjk is not None
    assert synthetic_bold(cjk, 80, bold=True) >= 2
    assert synthetic_bold(cjk, 80, bold=False) == 0


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        ("Launch 🚀 today!", "Launch today!", ["🚀"]),
        ("Flags 🇫🇷🇩🇪 ok", "Flags ok", ["🇫🇷", "🇩🇪"]),
        ("Team 👨‍👩‍👧 and 👍🏽", "Team and", ["👨‍👩‍👧", "👍🏽"]),
        ("I ❤️ NY", "I NY", ["❤️"]),
        ("1️⃣ first", "first", ["1️⃣"]),
        ("🎉\nSecond line", "Second line", ["🎉"]),
        ("No emoji,  two spaces\n\nkept", "No emoji,  two spaces\n\nkept", []),
        ("© 2025 Acme™", "© 2025 Acme™", []),
    ],
)
def test_split_emoji(text: str, expected: str, removed: list[str]) -> None:
    assert split_emoji(text) == (expected, removed)


def test_split_emoji_drops_text_pictographs_only_when_no_font_has_them() -> None:
    full = brand_fonts([])
    latin_only = FontSet(full.headline, full.body, full.fallbacks[:1])
    assert split_emoji("I ❤ NY") == ("I ❤ NY", [])
    assert split_emoji("I ❤ NY", fonts=latin_only) == ("I NY", ["❤"])
    assert split_emoji("Next → step", fonts=full) == ("Next → step", [])


def test_fonts_dir_links_every_face_for_libass(tmp_path: Path) -> None:
    fonts = brand_fonts(["Heebo"])
    dest = fonts_dir(fonts, tmp_path / "fonts")
    files = sorted(dest.iterdir())
    assert len(files) == len({choice.path for choice in fonts.all()})
    families = set()
    for file in files:
        with TTFont(file, fontNumber=0, lazy=True) as font:
            families.add(font["name"].getDebugName(1))
    assert {"Heebo", "Noto Sans", "Noto Sans Arabic"} <= families
    assert fonts_dir(fonts, dest) == dest  # idempotent: links are replaced, not duplicated
    assert len(list(dest.iterdir())) == len(files)
