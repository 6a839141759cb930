"""What a rendered file really is: a video's streams, size, frame rate, duration and frame
count read with the bundled ffmpeg (there is no ffprobe), its MP4 box order read from the
file itself, and images and WAVs checked with Pillow and the standard library."""

from __future__ import annotations

import re
import struct
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
from PIL import Image, UnidentifiedImageError

from pressroom.errors import ErrorCode, MediaError

PROBE_TIMEOUT_SECONDS = 120
_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\d+:\d+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})[ ,]")
_FPS = re.compile(r"([\d.]+) (?:fps|tbr)")
_AUDIO = re.compile(r"Stream #\d+:\d+.*?: Audio: (\w+)")
_FRAMES = re.compile(r"frame=\s*(\d+)")
_BOX_HEADER = struct.Struct(">I4s")


@dataclass(frozen=True)
class VideoInfo:
    """A video file as probed: container duration, the first video stream's size, frame rate,
    codec and frame count, the first audio stream's codec, and whether the index (``moov``)
    precedes the media data (``+faststart``, playable while downloading)."""

    duration_seconds: float
    width: int
    height: int
    fps: float
    video_codec: str
    audio_codec: str | None
    frames: int
    faststart: bool
    size_bytes: int


def _invalid(path: Path, reason: str, *, details: dict[str, object] | None = None) -> MediaError:
    return MediaError(
        f"{path.name} is not a valid media file: {reason}",
        code=ErrorCode.MEDIA_OUTPUT_INVALID,
        hint="Render the asset again; a file that cannot be read is never registered.",
        details={"path": str(path), **(details or {})},
    )


def probe(path: Path) -> VideoInfo:
    """Read ``path``'s streams, size, frame rate, duration, frame count and box order.

    Raises ``MediaError(MEDIA_OUTPUT_INVALID)`` when the file is missing, unreadable or has
    no video stream."""
    if not path.is_file():
        raise _invalid(path, "the file does not exist")
    header = _ffmpeg_header(path)
    video = _VIDEO.search(header)
    duration = _DURATION.search(header)
    if video is None or duration is None:
        raise _invalid(path, "no video stream found", details={"ffmpeg": _tail(header)})
    fps = _FPS.search(header[video.end() :].split("\n", 1)[0])
    audio = _AUDIO.search(header)
    hours, minutes, seconds = duration.groups()
    return VideoInfo(
        duration_seconds=int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        width=int(video.group(2)),
        height=int(video.group(3)),
        fps=float(fps.group(1)) if fps else 0.0,
        video_codec=video.group(1),
        audio_codec=audio.group(1) if audio else None,
        frames=_count_frames(path),
        faststart=is_faststart(path),
        size_bytes=path.stat().st_size,
    )


def _run_ffmpeg(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)]
    try:
        return subprocess.run(  # noqa: S603 - fixed binary, no shell
            [*command, *args],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=PROBE_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise _invalid(path, f"ffmpeg could not read it in {PROBE_TIMEOUT_SECONDS} s") from exc


def _ffmpeg_header(path: Path) -> str:
    # With no output ffmpeg exits 1 after printing the input's description: that is the probe.
    result = _run_ffmpeg(path)
    if "Input #0" not in result.stderr:
        raise _invalid(path, "ffmpeg cannot open it", details={"ffmpeg": _tail(result.stderr)})
    return result.stderr


def _count_frames(path: Path) -> int:
    # Copying the stream to the null muxer counts packets without decoding them: fast.
    result = _run_ffmpeg(path, "-map", "0:v:0", "-c", "copy", "-f", "null", "-")
    counts = _FRAMES.findall(result.stderr)
    if result.returncode != 0 or not counts:
        raise _invalid(path, "its frames cannot be read", details={"ffmpeg": _tail(result.stderr)})
    return int(counts[-1])


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def is_faststart(path: Path) -> bool:
    """Whether the MP4's ``moov`` box (the index) comes before its ``mdat`` box (the media),
    read from the top-level box headers of the file."""
    with path.open("rb") as handle:
        size_total = path.stat().st_size
        offset = 0
        while offset + _BOX_HEADER.size <= size_total:
            handle.seek(offset)
            size, kind = _BOX_HEADER.unpack(handle.read(_BOX_HEADER.size))
            if kind in (b"moov", b"mdat"):
                return bool(kind == b"moov")
            if size == 1:  # a 64-bit size follows the type
                size = struct.unpack(">Q", handle.read(8))[0]
            if size < _BOX_HEADER.size:
                return False  # size 0 ("to the end of the file") or corrupt
            offset += size
    return False


def validate_video(
    info: VideoInfo,
    *,
    size: tuple[int, int],
    fps: int,
    duration_seconds: float,
    tolerance: float = 0.25,
) -> None:
    """Check a probed video against what was asked for: exact size and frame rate, H.264 with
    an AAC track, the duration and the frames it holds within ``tolerance`` seconds, and
    ``+faststart``.

    Raises ``MediaError(MEDIA_OUTPUT_INVALID)`` listing every mismatch."""
    problems: list[str] = []
    if (info.width, info.height) != size:
        problems.append(f"resolution {info.width}x{info.height}, expected {size[0]}x{size[1]}")
    if abs(info.fps - fps) > 0.01:
        problems.append(f"{info.fps:g} fps, expected {fps}")
    if info.video_codec != "h264":
        problems.append(f"video codec {info.video_codec}, expected h264")
    if info.audio_codec != "aac":
        problems.append(f"audio codec {info.audio_codec or 'none'}, expected aac")
    if abs(info.duration_seconds - duration_seconds) > tolerance:
        problems.append(
            f"duration {info.duration_seconds:.2f} s, expected {duration_seconds:.2f} s "
            f"± {tolerance:g}"
        )
    expected_frames = round(duration_seconds * fps)
    if abs(info.frames - expected_frames) > tolerance * fps:
        problems.append(f"{info.frames} frames, expected {expected_frames}")
    if not info.faststart:
        problems.append("the index (moov) is not at the start (no +faststart)")
    if problems:
        raise MediaError(
            "The rendered video does not match its specification: " + "; ".join(problems),
            code=ErrorCode.MEDIA_OUTPUT_INVALID,
            hint="Render it again; if it keeps failing, report the details.",
            details={"problems": problems},
        )


def probe_image(path: Path) -> tuple[int, int]:
    """An image's (width, height) after Pillow has verified the whole file.

    Raises ``MediaError(MEDIA_OUTPUT_INVALID)`` for a missing, truncated or corrupt image."""
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            image.load()  # verify() skips the pixel data; decoding catches truncation
            return image.size
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise _invalid(path, str(exc) or type(exc).__name__) from exc


def probe_audio(path: Path) -> float:
    """A WAV file's duration in seconds.

    Raises ``MediaError(MEDIA_OUTPUT_INVALID)`` for a missing or malformed WAV."""
    try:
        with wave.open(str(path), "rb") as wav:
            frames, rate = wav.getnframes(), wav.getframerate()
    except (OSError, EOFError, wave.Error) as exc:
        raise _invalid(path, str(exc) or type(exc).__name__) from exc
    if rate <= 0:
        raise _invalid(path, "its sample rate is 0")
    return frames / rate
