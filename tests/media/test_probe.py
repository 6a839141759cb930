"""Probing rendered files with the bundled ffmpeg and the file's own bytes: real clips made by
ffmpeg here, with and without ``+faststart``, and broken files of every kind."""

from __future__ import annotations

import subprocess
import wave
from dataclasses import replace
from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image

from pressroom.errors import ErrorCode, MediaError
from pressroom.media.probe import (
    VideoInfo,
    is_faststart,
    probe,
    probe_audio,
    probe_image,
    validate_video,
)


def make_clip(
    path: Path, *, faststart: bool = True, audio: bool = True, seconds: float = 2.0
) -> Path:
    """A 2 s 320×240 30 fps H.264 test pattern, with a 440 Hz AAC tone unless ``audio`` is off."""
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y"]
    command += ["-f", "lavfi", "-i", f"testsrc2=size=320x240:rate=30:duration={seconds}"]
    if audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "aac"]
    command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    command += ["-movflags", "+faststart"] if faststart else []
    subprocess.run([*command, str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clip") / "clip.mp4")


def test_probe_reads_the_streams(clip: Path) -> None:
    info = probe(clip)
    assert (info.width, info.height) == (320, 240)
    assert info.fps == 30
    assert info.video_codec == "h264"
    assert info.audio_codec == "aac"
    assert info.frames == 60
    assert abs(info.duration_seconds - 2.0) < 0.05
    assert info.faststart
    assert info.size_bytes == clip.stat().st_size


def test_faststart_is_read_from_the_box_order(tmp_path: Path, clip: Path) -> None:
    plain = make_clip(tmp_path / "plain.mp4", faststart=False)
    assert not is_faststart(plain)
    assert is_faststart(clip)
    assert not probe(plain).faststart


def test_a_silent_clip_has_no_audio_codec(tmp_path: Path) -> None:
    assert probe(make_clip(tmp_path / "mute.mp4", audio=False)).audio_codec is None


def test_a_matching_video_passes(clip: Path) -> None:
    validate_video(probe(clip), size=(320, 240), fps=30, duration_seconds=2.0)


def test_every_mismatch_is_listed(clip: Path) -> None:
    wrong = replace(probe(clip), video_codec="hevc", audio_codec=None, faststart=False)
    with pytest.raises(MediaError) as caught:
        validate_video(wrong, size=(1080, 1920), fps=25, duration_seconds=5.0)
    assert caught.value.code == ErrorCode.MEDIA_OUTPUT_INVALID
    problems = " | ".join(caught.value.details["problems"])
    for expected in (
        "resolution 320x240",
        "30 fps, expected 25",
        "hevc",
        "audio codec none",
        "duration 2.00 s",
        "frames",
        "moov",
    ):
        assert expected in problems


@pytest.mark.parametrize(
    "content",
    [b"", b"not a video at all" * 100, b"\x00\x00\x00\x18ftypmp42" + b"\xff" * 4000],
    ids=["empty", "text", "garbage-after-header"],
)
def test_a_corrupt_video_is_invalid_output(tmp_path: Path, content: bytes) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(content)
    with pytest.raises(MediaError) as caught:
        probe(broken)
    assert caught.value.code == ErrorCode.MEDIA_OUTPUT_INVALID
    assert "broken.mp4" in caught.value.message


def test_a_truncated_video_fails_validation(tmp_path: Path, clip: Path) -> None:
    cut = tmp_path / "cut.mp4"
    data = clip.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(MediaError) as caught:
        validate_video(probe(cut), size=(320, 240), fps=30, duration_seconds=2.0)
    assert caught.value.code == ErrorCode.MEDIA_OUTPUT_INVALID


def test_a_missing_video_is_invalid_output(tmp_path: Path) -> None:
    with pytest.raises(MediaError) as caught:
        probe(tmp_path / "nowhere.mp4")
    assert caught.value.code == ErrorCode.MEDIA_OUTPUT_INVALID


def test_probe_image_reads_the_size_and_refuses_broken_files(tmp_path: Path) -> None:
    good = tmp_path / "good.png"
    Image.new("RGB", (120, 80), (10, 20, 30)).save(good)
    assert probe_image(good) == (120, 80)
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(good.read_bytes()[:60])
    for broken in (truncated, tmp_path / "missing.png"):
        with pytest.raises(MediaError) as caught:
            probe_image(broken)
        assert caught.value.code == ErrorCode.MEDIA_OUTPUT_INVALID


def test_probe_audio_reads_a_wav_duration(tmp_path: Path) -> None:
    path = tmp_path / "tone.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(22050)
        wav.writeframes(b"\x00\x00" * 33075)
    assert probe_audio(path) == 1.5
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF....WAVEfmt ")
    with pytest.raises(MediaError) as caught:
        probe_audio(broken)
    assert caught.value.code == ErrorCode.MEDIA_OUTPUT_INVALID


def test_video_info_is_a_plain_value(clip: Path) -> None:
    info = probe(clip)
    assert isinstance(info, VideoInfo)
    assert probe(clip) == info
