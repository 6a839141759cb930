"""The one-graph video renderer, on real ffmpeg: what comes out is probed from the file
(size, frame rate, codecs, duration, box order), looked at frame by frame (motion, scene
changes, subtitles in the lower third) and listened to (voice placed at each scene's start);
bad inputs and a full disk fail with a clear code and leave nothing behind."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import wave
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import fontpkg
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pressroom.errors import ErrorCode, MediaError
from pressroom.media import video
from pressroom.media.probe import probe, probe_audio
from pressroom.media.subtitles import cues_for_scene
from pressroom.media.video import (
    MAX_SCENE_SPEECH_SECONDS,
    SceneClip,
    SubtitleStyle,
    check_scenes,
    compose,
    extract_frame,
    scene_durations,
)
from pressroom.providers.media.espeak import EspeakSpeech

FONT = Path(fontpkg.path("Noto Sans"))
BOX = (235, 30, 190)
"""A subtitle box colour no background here contains, so it can be found in a frame."""
TRANSITION = 0.4
VERTICAL = (1080, 1920)
SMALL = (180, 320)
LINES = (
    "Most teams post on a hunch, and it shows.",
    "Short ideas earned twice the saves last year.",
)


def style(font_size: int) -> SubtitleStyle:
    return SubtitleStyle(
        font_family="Noto Sans",
        fonts_dir=FONT.parent,
        font_size=font_size,
        text_rgb=(255, 255, 255),
        box_rgb=BOX,
    )


def draw_background(path: Path, size: tuple[int, int], *, seed: int) -> Path:
    """A seeded backdrop in blues and greens: a vertical gradient and a few soft discs."""
    rng = random.Random(seed)
    width, height = size
    top, bottom = (20, 40 + 60 * seed, 110), (10, 120, 90 - 30 * seed)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / (height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(6):
        x, y, r = (
            rng.randrange(width),
            rng.randrange(height),
            rng.randrange(width // 12, width // 4),
        )
        draw.ellipse(
            [x - r, y - r, x + r, y + r], outline=(200, 230, 255), width=max(2, width // 120)
        )
    image.save(path)
    return path


def draw_overlay(path: Path, size: tuple[int, int], text: str) -> Path:
    """The on-screen headline: white text in the upper third on a transparent frame."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    font = ImageFont.truetype(str(FONT), max(12, size[0] // 11))
    ImageDraw.Draw(image).text(
        (size[0] // 12, size[1] // 6), text, font=font, fill=(255, 255, 255, 255)
    )
    image.save(path)
    return path


def make_scenes(
    folder: Path,
    size: tuple[int, int],
    lines: tuple[str, ...] = LINES,
    *,
    silent: tuple[int, ...] = (),
) -> list[SceneClip]:
    """Scenes as the production house builds them: spoken lines, durations that follow the
    voice, subtitle cues over the speech."""
    folder.mkdir(parents=True, exist_ok=True)
    tts = EspeakSpeech()
    speeches = [
        None
        if index in silent
        else tts.synthesize(line, language="en", out=folder / f"voice-{index}.wav")
        for index, line in enumerate(lines)
    ]
    seconds = [0.0 if speech is None else speech.duration_seconds for speech in speeches]
    durations = scene_durations(seconds, transition=TRANSITION)
    return [
        SceneClip(
            background=draw_background(folder / f"bg-{index}.png", size, seed=index),
            overlay=draw_overlay(folder / f"overlay-{index}.png", size, f"Point {index + 1}"),
            audio=None if speech is None else speech.path,
            duration_seconds=durations[index],
            cues=tuple(cues_for_scene(line, start=0.0, duration=seconds[index])),
        )
        for index, (line, speech) in enumerate(zip(lines, speeches, strict=True))
    ]


def expected_seconds(scenes: list[SceneClip]) -> float:
    return sum(scene.duration_seconds for scene in scenes) - TRANSITION * (len(scenes) - 1)


def frame(path: Path, at: float, folder: Path) -> np.ndarray:
    out = folder / f"frame-{at:.3f}.png"
    extract_frame(path, at_seconds=at, out=out)
    with Image.open(out) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def box_pixels(image: np.ndarray) -> np.ndarray:
    """Where the frame shows the subtitle box colour (within compression error)."""
    return np.all(np.abs(image - np.array(BOX)) < 40, axis=2)


def soundtrack(path: Path, folder: Path) -> tuple[np.ndarray, int]:
    """The video's audio decoded to 16 kHz mono samples."""
    wav = folder / "soundtrack.wav"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-i",
            str(path),
            "-vn",
            "-ac",
            "1",
            "-ar",
            "16000",
            str(wav),
        ],
        check=True,
    )
    with wave.open(str(wav)) as reader:
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16)
        return samples.astype(np.float64), reader.getframerate()


def rms(samples: np.ndarray, rate: int, start: float, end: float) -> float:
    window = samples[int(start * rate) : int(end * rate)]
    return float(np.sqrt(np.mean(window**2))) if window.size else 0.0


@pytest.fixture(scope="module")
def vertical(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SceneClip], Path]:
    """A full-size 1080×1920 two-scene reel with voice and subtitles, rendered once."""
    folder = tmp_path_factory.mktemp("vertical")
    scenes = make_scenes(folder / "inputs", VERTICAL)
    out = folder / "reel.mp4"
    compose(
        scenes=scenes,
        size=VERTICAL,
        out=out,
        subtitles=style(64),
        transition_seconds=TRANSITION,
        workdir=folder / "work",
    )
    return out, scenes, folder


def test_full_size_reel_has_the_specified_streams(
    vertical: tuple[Path, list[SceneClip], Path],
) -> None:
    out, scenes, _ = vertical
    info = probe(out)
    assert (info.width, info.height) == VERTICAL
    assert info.fps == 30
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")
    assert info.faststart
    assert abs(info.duration_seconds - expected_seconds(scenes)) < 0.1
    assert abs(info.frames - round(expected_seconds(scenes) * 30)) <= 2
    assert 4.5 < info.duration_seconds < 8


def test_the_voice_plays_whole_and_starts_with_its_scene(
    vertical: tuple[Path, list[SceneClip], Path],
) -> None:
    out, scenes, folder = vertical
    samples, rate = soundtrack(out, folder)
    assert abs(samples.size / rate - expected_seconds(scenes)) < 0.1
    second_start = scenes[0].duration_seconds - TRANSITION
    first_speech = probe_audio(scenes[0].audio) if scenes[0].audio else 0.0
    speaking = rms(samples, rate, 0.2, first_speech - 0.2)
    # The padding between the first voice's end and the second scene's start is silent ...
    assert rms(samples, rate, first_speech + 0.05, second_start - 0.02) < speaking / 20
    # ... and the second voice begins with its scene.
    assert rms(samples, rate, second_start + 0.05, second_start + 0.6) > speaking / 4


def test_subtitles_sit_in_the_lower_third_above_the_safe_zone(
    vertical: tuple[Path, list[SceneClip], Path],
) -> None:
    out, scenes, folder = vertical
    cue = scenes[0].cues[0]
    image = frame(out, (cue.start + cue.end) / 2, folder)
    rows = np.nonzero(box_pixels(image).any(axis=1))[0]
    assert rows.size > 40, "no subtitle box in the frame"
    height = VERTICAL[1]
    assert rows.min() > height * 0.5
    assert rows.max() < height * 0.8, "the box reaches into the bottom 20 % the apps cover"


def test_scenes_change_through_a_transition(vertical: tuple[Path, list[SceneClip], Path]) -> None:
    out, scenes, folder = vertical
    change = scenes[0].duration_seconds - TRANSITION
    first, during, second = (
        frame(out, at, folder)
        for at in (change - 0.5, change + TRANSITION / 2, change + TRANSITION + 0.5)
    )
    assert np.abs(first - second).mean() > 10
    assert 1 < np.abs(during - first).mean() < np.abs(second - first).mean()


def test_the_background_moves_and_the_headline_fades_in(
    vertical: tuple[Path, list[SceneClip], Path],
) -> None:
    out, _, folder = vertical
    start, later = frame(out, 0.0, folder), frame(out, 1.5, folder)
    backdrop = slice(0, VERTICAL[1] // 7)  # above the headline, far from the subtitles
    assert np.abs(start[backdrop] - later[backdrop]).mean() > 0.5
    headline = slice(VERTICAL[1] // 6, VERTICAL[1] // 6 + VERTICAL[0] // 8)
    white = [np.all(image[headline] > 230, axis=2).sum() for image in (start, later)]
    assert white[0] < 50 < white[1], "the headline is invisible at 0 s and drawn by 1.5 s"


def test_subtitles_are_drawn_only_when_asked(tmp_path: Path) -> None:
    scenes = make_scenes(tmp_path / "inputs", SMALL)
    with_subs, without = tmp_path / "with.mp4", tmp_path / "without.mp4"
    for out, subtitles in ((with_subs, style(14)), (without, None)):
        compose(
            scenes=scenes, size=SMALL, out=out, subtitles=subtitles, workdir=tmp_path / out.stem
        )
    cue = scenes[1].cues[0]
    at = scenes[0].duration_seconds - TRANSITION + (cue.start + cue.end) / 2
    drawn, bare = frame(with_subs, at, tmp_path), frame(without, at, tmp_path)
    assert box_pixels(drawn).sum() > 100
    assert box_pixels(bare).sum() == 0
    upper = slice(0, SMALL[1] // 2)
    assert np.abs(drawn[upper] - bare[upper]).mean() < 1, "subtitles changed the upper half"


@pytest.mark.parametrize("size", [(320, 180), (240, 240)], ids=["16:9", "1:1"])
def test_other_shapes_render_natively(tmp_path: Path, size: tuple[int, int]) -> None:
    scenes = make_scenes(tmp_path / "inputs", size)
    out = tmp_path / "clip.mp4"
    info = compose(
        scenes=scenes, size=size, out=out, subtitles=style(12), workdir=tmp_path / "work"
    )
    assert (info.width, info.height) == size
    assert probe(out) == info
    assert abs(info.duration_seconds - expected_seconds(scenes)) < 0.1


def test_same_inputs_render_the_same_bytes(tmp_path: Path) -> None:
    scenes = make_scenes(tmp_path / "inputs", SMALL)
    first, second = tmp_path / "a.mp4", tmp_path / "b.mp4"
    for out in (first, second):
        compose(
            scenes=scenes, size=SMALL, out=out, subtitles=style(14), workdir=tmp_path / out.stem
        )
    assert first.read_bytes() == second.read_bytes()


def test_a_silent_scene_keeps_the_soundtrack_in_step(tmp_path: Path) -> None:
    lines = ("", *LINES)
    scenes = make_scenes(tmp_path / "inputs", SMALL, lines, silent=(0,))
    out = tmp_path / "clip.mp4"
    info = compose(
        scenes=scenes, size=SMALL, out=out, subtitles=style(14), workdir=tmp_path / "work"
    )
    samples, rate = soundtrack(out, tmp_path)
    assert abs(samples.size / rate - info.duration_seconds) < 0.1
    assert rms(samples, rate, 0.0, scenes[0].duration_seconds - TRANSITION) < 1
    assert (
        rms(samples, rate, scenes[0].duration_seconds - TRANSITION + 0.1, info.duration_seconds)
        > 100
    )


def test_progress_is_reported_up_to_completion(tmp_path: Path) -> None:
    scenes = make_scenes(tmp_path / "inputs", SMALL)
    seen: list[float] = []
    compose(
        scenes=scenes,
        size=SMALL,
        out=tmp_path / "clip.mp4",
        subtitles=None,
        workdir=tmp_path / "work",
        progress=seen.append,
    )
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    assert all(0.0 <= value <= 1.0 for value in seen)


def test_awkward_folder_names_survive_the_filter_graph(tmp_path: Path) -> None:
    scenes = make_scenes(tmp_path / "inputs", SMALL)
    workdir = tmp_path / "it's [a], b;c:d=e\\f"
    out = tmp_path / "clip.mp4"
    compose(scenes=scenes, size=SMALL, out=out, subtitles=style(14), workdir=workdir)
    cue = scenes[0].cues[0]
    assert box_pixels(frame(out, (cue.start + cue.end) / 2, tmp_path)).sum() > 100


# -- failures: a clear code, nothing half-written ------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


@pytest.fixture
def small_scenes(tmp_path: Path) -> list[SceneClip]:
    return make_scenes(tmp_path / "inputs", SMALL)


def test_a_missing_background_fails_before_ffmpeg_and_leaves_nothing(
    tmp_path: Path, small_scenes: list[SceneClip]
) -> None:
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "clip.mp4").write_bytes(b"the previous render")
    before = snapshot(outputs)
    broken = [small_scenes[0], replace(small_scenes[1], background=tmp_path / "gone.png")]
    with pytest.raises(MediaError) as caught:
        compose(
            scenes=broken,
            size=SMALL,
            out=outputs / "clip.mp4",
            subtitles=None,
            workdir=tmp_path / "work",
        )
    assert caught.value.code == ErrorCode.MEDIA_RENDER_FAILED
    assert "Scene 2's background" in caught.value.message
    assert snapshot(outputs) == before


def test_an_undecodable_background_fails_in_ffmpeg_and_leaves_nothing(
    tmp_path: Path, small_scenes: list[SceneClip]
) -> None:
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(small_scenes[0].background.read_bytes()[:200])
    broken = [replace(small_scenes[0], background=truncated), small_scenes[1]]
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    with pytest.raises(MediaError) as caught:
        compose(
            scenes=broken,
            size=SMALL,
            out=outputs / "clip.mp4",
            subtitles=None,
            workdir=tmp_path / "work",
        )
    assert caught.value.code == ErrorCode.MEDIA_RENDER_FAILED
    assert caught.value.details["ffmpeg"], "ffmpeg's own words are kept for the operator"
    assert list(outputs.iterdir()) == []


def test_inputs_of_the_wrong_size_are_refused(
    tmp_path: Path, small_scenes: list[SceneClip]
) -> None:
    with pytest.raises(MediaError) as caught:
        compose(
            scenes=small_scenes,
            size=(320, 180),
            out=tmp_path / "clip.mp4",
            subtitles=None,
            workdir=tmp_path / "work",
        )
    assert caught.value.code == ErrorCode.MEDIA_RENDER_FAILED
    assert "180x320" in caught.value.message
    assert not (tmp_path / "clip.mp4").exists()


def test_a_voice_longer_than_its_scene_is_refused(
    tmp_path: Path, small_scenes: list[SceneClip]
) -> None:
    cut = [replace(small_scenes[0], duration_seconds=1.0), small_scenes[1]]
    with pytest.raises(MediaError, match="longer than the scene") as caught:
        compose(
            scenes=cut,
            size=SMALL,
            out=tmp_path / "clip.mp4",
            subtitles=None,
            workdir=tmp_path / "work",
        )
    assert caught.value.code == ErrorCode.MEDIA_RENDER_FAILED


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 16 KiB filesystem (tmpfs): writing a video into it runs out of space."""
    mount = shutil.which("mount")
    disk = tmp_path / "disk"
    disk.mkdir()
    if mount is None or os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_is_retryable_storage_full_and_leaves_nothing(
    full_disk: Path, tmp_path: Path
) -> None:
    scenes = make_scenes(tmp_path / "inputs", (360, 640))
    with pytest.raises(MediaError) as caught:
        compose(
            scenes=scenes,
            size=(360, 640),
            out=full_disk / "clip.mp4",
            subtitles=style(20),
            workdir=tmp_path / "work",
        )
    assert caught.value.code == ErrorCode.STORAGE_FULL
    assert caught.value.retryable
    assert list(full_disk.iterdir()) == []


def test_ffmpeg_running_out_of_space_maps_to_storage_full(
    tmp_path: Path, small_scenes: list[SceneClip]
) -> None:
    """Without a mount: ffmpeg writes to /dev/full, which fails every write with ENOSPC."""
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-v",
        "error",
        "-y",
        "-i",
        str(small_scenes[0].background),
        "-f",
        "image2",
        "-update",
        "1",
        "/dev/full",
    ]
    with pytest.raises(MediaError) as caught:
        video._run(command, log=tmp_path / "ffmpeg.log", total=1.0, progress=None)
    assert caught.value.code == ErrorCode.STORAGE_FULL
    assert caught.value.retryable


# -- script checks and scene lengths -------------------------------------------------------


def test_scene_lengths_leave_room_for_the_voice_and_the_transitions() -> None:
    speech = [2.0, 0.2, 5.55]
    durations = scene_durations(speech, transition=TRANSITION)
    assert durations[0] - TRANSITION >= 2.0 + 0.35
    assert durations[1] == 1.5
    assert durations[2] >= 5.55 + 0.35
    assert all(round(value, 2) == value for value in durations)


def test_an_empty_scene_is_named() -> None:
    with pytest.raises(MediaError) as caught:
        check_scenes(voiceovers=["Hello there.", "  🎉 ", "Bye."], on_screen_texts=["", "", ""])
    assert caught.value.code == ErrorCode.MEDIA_SCRIPT_INVALID
    assert "scene 2 is empty" in caught.value.message
    check_scenes(voiceovers=["Hello there.", ""], on_screen_texts=["", "Swipe up"])


def test_overlong_scenes_and_videos_are_refused() -> None:
    with pytest.raises(MediaError) as caught:
        check_scenes(
            voiceovers=["a", "b", "c", "d"],
            on_screen_texts=["", "", "", ""],
            speech_seconds=[5.0, MAX_SCENE_SPEECH_SECONDS + 4, 18.0, 19.0],
        )
    assert caught.value.code == ErrorCode.MEDIA_SCRIPT_INVALID
    problems = caught.value.details["problems"]
    assert any("scene 2 is overlong" in problem for problem in problems)
    assert any("the video would last" in problem for problem in problems)
    check_scenes(voiceovers=["a", "b"], on_screen_texts=["", ""], speech_seconds=[10.0, 12.0])
