"""Subtitle phrasing, timing and the ASS file, checked on realistic voiceovers and drawn by
the bundled ffmpeg's libass (right-to-left text included)."""

from __future__ import annotations

import subprocess
from itertools import pairwise
from pathlib import Path

import fontpkg
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pressroom.media.subtitles import (
    MIN_CUE_SECONDS,
    Cue,
    cues_for_scene,
    display_width,
    escape_ass,
    phrase,
    write_ass,
)
from pressroom.media.video import filter_value

PARAGRAPH = (
    "Most teams publish on a hunch. We looked at 4,000 posts from small brands, and the "
    "pattern was clear: the ones that explained one idea in under thirty seconds got twice "
    "the saves. So here is the playbook, step by step, that you can use tomorrow morning "
    "before your first coffee. Save this post, share it with a friend who needs it, and "
    "follow us for part two."
)
CJK = (
    "我们分析了四千条帖子，结果非常清楚：用不到三十秒解释一个想法的内容，"
    "收藏量是其他内容的两倍。明天早上就可以试试！"
)


@pytest.mark.parametrize("max_chars", [20, 32, 42])
def test_phrases_keep_words_whole_and_fit(max_chars: int) -> None:
    phrases = phrase(PARAGRAPH, max_chars=max_chars)
    assert " ".join(phrases).split() == PARAGRAPH.split()
    assert all(len(item) <= max_chars for item in phrases)


def test_phrases_end_at_sentences_and_prefer_clause_breaks() -> None:
    phrases = phrase(PARAGRAPH)
    for sentence_end in ("hunch.", "saves.", "coffee.", "two."):
        assert any(item.endswith(sentence_end) for item in phrases)
    assert not any(". " in item for item in phrases), "a phrase runs across a sentence end"
    assert "from small brands," in phrases
    assert any(item.endswith("clear:") for item in phrases)


def test_no_phrase_ends_on_an_article_or_leaves_a_word_dangling() -> None:
    phrases = phrase(PARAGRAPH)
    assert not any(item.split()[-1].lower() in {"a", "the", "an", "of", "to"} for item in phrases)
    assert not any(len(item.split()) == 1 for item in phrases)
    assert phrase("Yes. We ship it today.") == ["Yes. We ship it today."]


def test_a_short_sentence_stays_one_phrase() -> None:
    assert phrase("Follow for more.") == ["Follow for more."]
    assert phrase("  ") == []


def test_a_word_longer_than_a_line_is_kept_whole() -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    phrases = phrase(f"Ask the {word} about it today.", max_chars=20)
    assert word in phrases
    assert all(len(item) <= 20 for item in phrases if item != word)


def test_abbreviations_do_not_end_sentences() -> None:
    assert phrase("Dr. Smith said so.") == ["Dr. Smith said so."]


def test_cjk_splits_between_characters_at_punctuation_first() -> None:
    phrases = phrase(CJK)
    assert "".join(phrases) == CJK
    assert all(display_width(item) <= 32 for item in phrases)
    assert all(item[-1] in "，：。！" for item in phrases)


def test_cjk_without_punctuation_still_fits() -> None:
    text = "用不到三十秒解释一个想法的内容收藏量是其他内容的两倍明天早上就可以试试"
    phrases = phrase(text, max_chars=20)
    assert "".join(phrases) == text
    assert all(display_width(item) <= 20 for item in phrases)


def test_cues_cover_the_speech_contiguously() -> None:
    cues = cues_for_scene(PARAGRAPH, start=2.0, duration=24.0)
    assert [cue.text for cue in cues] == phrase(PARAGRAPH)
    assert cues[0].start == 2.0
    assert cues[-1].end == 26.0
    for before, after in pairwise(cues):
        assert before.end == after.start
    assert all(cue.end - cue.start >= MIN_CUE_SECONDS for cue in cues)


def test_longer_phrases_stay_longer_on_screen() -> None:
    cues = cues_for_scene(
        "Stop. This one simple trick changed how we write every hook.", start=0.0, duration=5.0
    )
    by_length = sorted(cues, key=lambda cue: len(cue.text))
    assert by_length[0].end - by_length[0].start < by_length[-1].end - by_length[-1].start


def test_a_very_short_scene_splits_its_time_evenly() -> None:
    cues = cues_for_scene(PARAGRAPH, start=0.0, duration=3.0)
    lengths = {round(cue.end - cue.start, 3) for cue in cues}
    assert len(lengths) <= 2  # equal shares up to rounding
    assert cues[-1].end == 3.0


def test_no_voiceover_no_cues() -> None:
    assert cues_for_scene("", start=0.0, duration=2.0) == []


def test_escape_ass_neutralises_override_codes() -> None:
    escaped = escape_ass("Use {\\b1}bold{\\b0} and C:\\new\nline")
    assert "{" not in escaped.replace("\\{", "")
    assert "}" not in escaped.replace("\\}", "")
    assert "\\b1" not in escaped
    assert "\\n" not in escaped
    assert escaped.endswith("\\Nline")


def test_write_ass_header_events_and_safe_zone(tmp_path: Path) -> None:
    path = tmp_path / "subs.ass"
    cues = [Cue(0.0, 1.25, "Hello {there}"), Cue(1.25, 61.5, "Bye")]
    write_ass(
        cues,
        size=(1080, 1920),
        font_family="Noto Sans",
        font_size=64,
        text_rgb=(255, 255, 255),
        box_rgb=(16, 32, 48),
        path=path,
    )
    text = path.read_text(encoding="utf-8")
    assert "PlayResX: 1080\nPlayResY: 1920" in text
    style = next(line for line in text.splitlines() if line.startswith("Style:")).split(",")
    assert style[1:3] == ["Noto Sans", "64"]
    assert style[5] == "&H00302010"  # box colour as &HAABBGGRR
    assert style[15] == "3"  # opaque box
    assert int(style[21]) >= 1920 * 0.2  # lifted above the bottom safe zone
    assert "Dialogue: 0,0:00:00.00,0:00:01.25,Default,,0,0,0,,Hello \\{there\\}" in text
    assert "0:00:01.25,0:01:01.50" in text


def render(text: str, family: str, folder: Path) -> np.ndarray:
    """Draw ``text`` as a subtitle with libass on a grey frame; return the frame's pixels."""
    subs = folder / f"{family}.ass"
    write_ass(
        [Cue(0.0, 5.0, text)],
        size=(480, 240),
        font_family=family,
        font_size=48,
        text_rgb=(255, 255, 255),
        box_rgb=(0, 0, 0),
        path=subs,
    )
    fonts = Path(fontpkg.path(family)).parent
    out = folder / f"{family}.png"
    graph = f"subtitles=filename={filter_value(str(subs))}:fontsdir={filter_value(str(fonts))}"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "color=c=gray:s=480x240:d=1",
            "-vf",
            graph,
            "-frames:v",
            "1",
            "-update",
            "1",
            str(out),
        ],
        check=True,
    )
    with Image.open(out) as image:
        return np.asarray(image.convert("L"))


def ink(image: np.ndarray) -> np.ndarray:
    """The white text inside its box, cropped to its extent and normalised to 64×32."""
    mask = image > 160
    rows, cols = np.nonzero(mask)
    crop = Image.fromarray(
        (mask[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1] * 255).astype(np.uint8)
    )
    return np.asarray(crop.resize((64, 32)), dtype=np.float64) / 255


def pillow_ink(text: str, family: str, *, bidi: bool) -> np.ndarray:
    """The same text set by Pillow: shaped in bidi order (raqm), or naively in the order it is
    stored (basic layout), which is what a renderer without bidi support would show."""
    engine = ImageFont.Layout.RAQM if bidi else ImageFont.Layout.BASIC
    font = ImageFont.truetype(fontpkg.path(family), 48, layout_engine=engine)
    image = Image.new("L", (600, 120), 0)
    ImageDraw.Draw(image).text((10, 20), text, font=font, fill=255)
    return ink(np.asarray(image))


@pytest.mark.parametrize(
    ("family", "text"), [("Heebo", "שלום עולם"), ("Noto Sans Arabic", "مرحبا بالعالم")]
)
def test_right_to_left_subtitles_are_drawn_right_to_left(
    tmp_path: Path, family: str, text: str
) -> None:
    drawn = ink(render(text, family, tmp_path))
    bidi, naive = pillow_ink(text, family, bidi=True), pillow_ink(text, family, bidi=False)
    assert np.abs(drawn - bidi).mean() < 0.6 * np.abs(drawn - naive).mean()
