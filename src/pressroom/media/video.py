"""A video from its scenes in one ffmpeg run: every still decoded once and moved slowly
(zoompan), the headline overlay faded in, xfade transitions, the voiceovers laid at their
scene's start, ASS subtitles burned in last, H.264/AAC with the index up front. The file is
probed and checked before it replaces ``out``; a failed render leaves nothing behind."""

from __future__ import annotations

import errno
import math
import os
import re
import secrets
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import imageio_ffmpeg
import regex  # type: ignore[import-untyped]  # \p{...} Unicode properties
from PIL import Image, UnidentifiedImageError

from pressroom.errors import ErrorCode, MediaError
from pressroom.media.probe import VideoInfo, probe, probe_audio, validate_video
from pressroom.media.subtitles import Cue, write_ass

MAX_SCENE_SPEECH_SECONDS = 20.0
"""Longest voiceover one scene may carry: past this a reel scene drags."""
MAX_VIDEO_SECONDS = 60.0
"""Longest reel, TikTok or Short Pressroom renders (SPEC §4)."""
VIDEO_SECONDS_TOLERANCE = 1.0
"""How far past ``MAX_VIDEO_SECONDS`` a script may run (padding and rounding)."""
DEFAULT_TRANSITION_SECONDS = 0.4
OVERLAY_FADE_SECONDS = 0.5
ZOOM_AMOUNT = 0.06
"""How far the background zooms or pans over a scene: subtle motion, not a ride."""
TRANSITIONS = ("fade", "slideleft", "smoothup", "circleopen", "wipeleft", "slideup")
MOTIONS = ("zoom_in", "pan_right", "zoom_out", "pan_left")
AUDIO_RATE = 48_000
VIDEO_ENCODING = ("-c:v", "libx264", "-preset", "veryfast", "-crf", "21", "-pix_fmt", "yuv420p")
AUDIO_ENCODING = ("-c:a", "aac", "-b:a", "128k", "-ar", str(AUDIO_RATE), "-ac", "2")
STDERR_TAIL_LINES = 15
_SPEAKABLE = regex.compile(r"[\p{L}\p{N}]")
_ERROR_LINE = re.compile(r"error|invalid|cannot|could not|failed|no such", re.IGNORECASE)
_DISK_FULL = re.compile(r"No space left on device|ENOSPC", re.IGNORECASE)


@dataclass(frozen=True)
class SceneClip:
    """One scene's inputs: an RGB ``background`` and an RGBA ``overlay`` (the on-screen text)
    PNG, both exactly the frame size, its voiceover WAV (``None``: a silent scene), how long
    it lasts, and its subtitle cues (seconds from the scene's start)."""

    background: Path
    overlay: Path
    audio: Path | None
    duration_seconds: float
    cues: tuple[Cue, ...] = ()
    clip: Path | None = None
    """A moving background (a video provider's clip) shown instead of the still: scaled and
    cropped to fill the frame, looped or cut to the scene's length."""


@dataclass(frozen=True)
class SubtitleStyle:
    """How burned-in subtitles look: a font family found in ``fonts_dir``, its size, and the
    text and box colours. ``font_size`` is an ASS size: the font's whole line height
    (ascender + descender) in pixels, so text is drawn smaller than Pillow draws the same
    size (about 0.73× for Noto Sans)."""

    font_family: str
    fonts_dir: Path
    font_size: int
    text_rgb: tuple[int, int, int]
    box_rgb: tuple[int, int, int]


@dataclass(frozen=True)
class _Timeline:
    """Scene lengths in whole frames and where each scene starts once transitions overlap."""

    fps: int
    frames: tuple[int, ...]
    transition_frames: int

    @property
    def starts(self) -> list[float]:
        clock, starts = 0, []
        for frames in self.frames:
            starts.append(clock / self.fps)
            clock += frames - self.transition_frames
        return starts

    @property
    def total_seconds(self) -> float:
        overlaps = self.transition_frames * (len(self.frames) - 1)
        return (sum(self.frames) - overlaps) / self.fps

    def audio_slot(self, index: int) -> float:
        """Seconds of the scene's voiceover before the next scene's transition begins."""
        last = index == len(self.frames) - 1
        return (self.frames[index] - (0 if last else self.transition_frames)) / self.fps


def scene_durations(
    speech_seconds: Sequence[float],
    *,
    padding: float = 0.35,
    minimum: float = 1.5,
    transition: float,
) -> list[float]:
    """How long each scene lasts so its voiceover is never cut: the speech, ``padding`` after
    it, and (but for the last scene) the transition into the next scene, which overlaps;
    at least ``minimum`` and long enough for both transitions."""
    if transition < 0:
        raise ValueError("transition must not be negative")
    floor = max(minimum, 2 * transition + 0.2)
    last = len(speech_seconds) - 1
    return [
        math.ceil(max(floor, speech + padding + (transition if index < last else 0.0)) * 100) / 100
        for index, speech in enumerate(speech_seconds)
    ]


def check_scenes(
    *,
    voiceovers: Sequence[str],
    on_screen_texts: Sequence[str],
    speech_seconds: Sequence[float] | None = None,
    transition_seconds: float = DEFAULT_TRANSITION_SECONDS,
) -> None:
    """Check a script before it is rendered: every scene says or shows something, no scene
    speaks longer than ``MAX_SCENE_SPEECH_SECONDS`` and the video (from ``speech_seconds``,
    once spoken) fits ``MAX_VIDEO_SECONDS``.

    Raises ``MediaError(MEDIA_SCRIPT_INVALID)`` naming every scene at fault (numbered from 1)."""
    problems: list[str] = []
    if not voiceovers:
        problems.append("the script has no scenes")
    for number, (spoken, shown) in enumerate(zip(voiceovers, on_screen_texts, strict=True), 1):
        if not _SPEAKABLE.search(spoken) and not shown.strip():
            problems.append(f"scene {number} is empty (no voiceover and no on-screen text)")
    if speech_seconds is not None:
        problems.extend(_duration_problems(speech_seconds, transition_seconds))
    if problems:
        raise MediaError(
            "The video script cannot be rendered: " + "; ".join(problems),
            code=ErrorCode.MEDIA_SCRIPT_INVALID,
            hint=f"Give every scene a voiceover or on-screen text, keep each under "
            f"{MAX_SCENE_SPEECH_SECONDS:g} s of speech and the video under "
            f"{MAX_VIDEO_SECONDS:g} s, then render again.",
            details={"problems": problems},
        )


def _duration_problems(speech_seconds: Sequence[float], transition: float) -> list[str]:
    problems = [
        f"scene {number} is overlong ({seconds:.1f} s of speech, at most "
        f"{MAX_SCENE_SPEECH_SECONDS:g} s)"
        for number, seconds in enumerate(speech_seconds, 1)
        if seconds > MAX_SCENE_SPEECH_SECONDS
    ]
    durations = scene_durations(speech_seconds, transition=transition)
    total = sum(durations) - transition * max(0, len(durations) - 1)
    if total > MAX_VIDEO_SECONDS + VIDEO_SECONDS_TOLERANCE:
        problems.append(f"the video would last {total:.1f} s, at most {MAX_VIDEO_SECONDS:g} s")
    return problems


def compose(
    *,
    scenes: Sequence[SceneClip],
    size: tuple[int, int],
    out: Path,
    subtitles: SubtitleStyle | None,
    fps: int = 30,
    transition_seconds: float = DEFAULT_TRANSITION_SECONDS,
    workdir: Path,
    progress: Callable[[float], None] | None = None,
    threads: int | None = None,
) -> VideoInfo:
    """Render ``scenes`` into an H.264/AAC MP4 of ``size`` at ``fps`` in one ffmpeg run,
    check it (size, frame rate, codecs, duration, faststart) and move it to ``out``.

    ``workdir`` holds the filter graph, subtitles and log. Raises ``MediaError``:
    ``MEDIA_RENDER_FAILED`` (bad inputs, ffmpeg failed: its last lines in ``details``),
    ``MEDIA_OUTPUT_INVALID`` (the file is not what was asked for) or ``STORAGE_FULL``
    (retryable); ``out`` is then untouched and no partial file is left."""
    timeline = _timeline(scenes, fps=fps, transition_seconds=transition_seconds)
    overlays = [_check_inputs(scene, index, size) for index, scene in enumerate(scenes, 1)]
    _check_audio(scenes, timeline)
    try:
        workdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(workdir, exc) from exc
    subs = _write_subtitles(scenes, timeline, size, subtitles, workdir)
    graph = _filter_graph(scenes, overlays, timeline, size, subs, subtitles)
    script = workdir / "graph.txt"
    _write_text(script, graph)
    partial = out.with_name(f".{out.name}.{secrets.token_hex(6)}.partial")
    command = _command(scenes, script, partial, fps=fps, threads=threads)
    try:
        _run(command, log=workdir / "ffmpeg.log", total=timeline.total_seconds, progress=progress)
        info = probe(partial)
        validate_video(info, size=size, fps=fps, duration_seconds=timeline.total_seconds)
        _replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return info


def _render_error(message: str, **details: object) -> MediaError:
    return MediaError(
        message,
        code=ErrorCode.MEDIA_RENDER_FAILED,
        hint="Check the scene inputs named in the message and render again; ffmpeg's last "
        "lines are in the details.",
        details=dict(details),
    )


def _storage_full(path: Path) -> MediaError:
    return MediaError(
        f"The disk is full: cannot write {path.name}",
        code=ErrorCode.STORAGE_FULL,
        hint="Free some disk space (or move the data folder), then render again.",
        retryable=True,
        details={"path": str(path)},
    )


def _timeline(scenes: Sequence[SceneClip], *, fps: int, transition_seconds: float) -> _Timeline:
    if not scenes:
        raise _render_error("A video needs at least one scene")
    timeline = _Timeline(
        fps=fps,
        frames=tuple(math.ceil(scene.duration_seconds * fps - 1e-6) for scene in scenes),
        transition_frames=round(transition_seconds * fps) if len(scenes) > 1 else 0,
    )
    for number, frames in enumerate(timeline.frames, 1):
        edges = (number > 1) + (number < len(scenes))
        if frames <= edges * timeline.transition_frames:
            raise _render_error(
                f"Scene {number} ({frames / fps:.2f} s) is shorter than its transitions",
                scene=number,
            )
    return timeline


def _check_inputs(scene: SceneClip, number: int, size: tuple[int, int]) -> tuple[int, ...] | None:
    """Check the scene's stills exist and have the frame's size; return the overlay's visible
    box (x, y, width, height; even numbers for 4:2:0 chroma), or ``None`` when it is empty."""
    if scene.clip is not None and not scene.clip.is_file():
        raise _render_error(
            f"Scene {number}'s clip {scene.clip} does not exist", scene=number, path=str(scene.clip)
        )
    for role, path in (("background", scene.background), ("overlay", scene.overlay)):
        try:
            with Image.open(path) as image:
                if image.size != size:
                    raise _render_error(
                        f"Scene {number}'s {role} is {image.size[0]}x{image.size[1]}, the "
                        f"video is {size[0]}x{size[1]}",
                        scene=number,
                        path=str(path),
                    )
                if role == "overlay":
                    return _visible_box(image, size)
        except (OSError, UnidentifiedImageError) as exc:
            raise _render_error(
                f"Scene {number}'s {role} cannot be read: {exc}", scene=number, path=str(path)
            ) from exc
    return None


def _visible_box(image: Image.Image, size: tuple[int, int]) -> tuple[int, ...] | None:
    box = image.convert("RGBA").getchannel("A").getbbox()
    if box is None:
        return None
    left, top = box[0] & ~1, box[1] & ~1
    right, bottom = min(size[0], box[2] + (box[2] & 1)), min(size[1], box[3] + (box[3] & 1))
    return (left, top, right - left, bottom - top)


def _check_audio(scenes: Sequence[SceneClip], timeline: _Timeline) -> None:
    for index, scene in enumerate(scenes):
        if scene.audio is None:
            continue
        if not scene.audio.is_file():
            raise _render_error(
                f"Scene {index + 1}'s voiceover {scene.audio} does not exist",
                scene=index + 1,
                path=str(scene.audio),
            )
        spoken, slot = probe_audio(scene.audio), timeline.audio_slot(index)
        if spoken > slot + 0.01:
            raise _render_error(
                f"Scene {index + 1}'s voiceover ({spoken:.2f} s) is longer than the scene "
                f"leaves it ({slot:.2f} s); size scenes with scene_durations()",
                scene=index + 1,
            )


def _write_subtitles(
    scenes: Sequence[SceneClip],
    timeline: _Timeline,
    size: tuple[int, int],
    style: SubtitleStyle | None,
    workdir: Path,
) -> Path | None:
    cues = [
        Cue(start=start + cue.start, end=start + cue.end, text=cue.text)
        for scene, start in zip(scenes, timeline.starts, strict=True)
        for cue in scene.cues
    ]
    if style is None or not cues:
        return None
    path = workdir / "subtitles.ass"
    try:
        write_ass(
            cues,
            size=size,
            font_family=style.font_family,
            font_size=style.font_size,
            text_rgb=style.text_rgb,
            box_rgb=style.box_rgb,
            path=path,
        )
    except OSError as exc:
        raise _write_error(path, exc) from exc
    return path


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _write_error(path, exc) from exc


def _write_error(path: Path, exc: OSError) -> MediaError:
    if exc.errno == errno.ENOSPC:
        return _storage_full(path)
    return _render_error(f"Cannot write {path}: {exc}", path=str(path))


def filter_value(value: str) -> str:
    """``value`` escaped for a filter option inside a filter graph: first for the option
    parser (``\\ ' :``), then for the graph parser (``\\ ' [ ] , ;``)."""
    option = re.sub(r"([\\':])", r"\\\1", value)
    return re.sub(r"([\\'\[\],;])", r"\\\1", option)


def _filter_graph(
    scenes: Sequence[SceneClip],
    overlays: Sequence[tuple[int, ...] | None],
    timeline: _Timeline,
    size: tuple[int, int],
    subs: Path | None,
    style: SubtitleStyle | None,
) -> str:
    chains = [
        _scene_video(index, overlays[index], timeline, size, clip=scene.clip is not None)
        for index, scene in enumerate(scenes)
    ]
    chains += [
        _scene_audio(index, source, timeline) for index, source in enumerate(_audio_inputs(scenes))
    ]
    chains += _transitions(timeline)
    labels = "".join(f"[a{index}]" for index in range(len(scenes)))
    chains.append(f"{labels}concat=n={len(scenes)}:v=0:a=1[aout]")
    last = f"[x{len(scenes) - 1}]"
    if subs is not None and style is not None:
        chains.append(
            f"{last}subtitles=filename={filter_value(str(subs))}"
            f":fontsdir={filter_value(str(style.fonts_dir))}[vout]"
        )
    else:
        chains.append(f"{last}null[vout]")
    return ";\n".join(chains) + "\n"


def _scene_video(
    index: int,
    overlay: tuple[int, ...] | None,
    timeline: _Timeline,
    size: tuple[int, int],
    *,
    clip: bool = False,
) -> str:
    """Decode the still once, move it with zoompan for the scene's frames (or take the
    scene's clip, filling the frame, for as many frames), then lay the headline's visible
    box on top, fading in."""
    frames, fps = timeline.frames[index], timeline.fps
    if clip:
        width, height = size
        chain = (
            f"[{2 * index}:v]scale={width}:{height}:force_original_aspect_ratio=increase,"
            f"crop={width}:{height},fps={fps},trim=end_frame={frames},setpts=PTS-STARTPTS,"
            f"format=yuv420p,setsar=1[bg{index}]"
        )
    else:
        zoom, x, y = _motion(MOTIONS[index % len(MOTIONS)], frames)
        chain = (
            f"[{2 * index}:v]format=yuv420p,"
            f"zoompan=z='{zoom}':x='{x}':y='{y}':d={frames}:s={size[0]}x{size[1]}:fps={fps},"
            f"setsar=1[bg{index}]"
        )
    if overlay is None:
        return chain + f";\n[bg{index}]null[v{index}]"
    left, top, width, height = overlay
    fade_frames = max(1, round(OVERLAY_FADE_SECONDS * fps))
    return (
        f"{chain};\n[{2 * index + 1}:v]crop={width}:{height}:{left}:{top},format=yuva420p,"
        f"loop=loop={fade_frames - 1}:size=1:start=0,setpts=N/({fps}*TB),"
        f"fade=t=in:st=0:d={OVERLAY_FADE_SECONDS}:alpha=1[ov{index}];\n"
        f"[bg{index}][ov{index}]overlay=x={left}:y={top}:eof_action=repeat,"
        f"format=yuv420p[v{index}]"
    )


def _motion(kind: str, frames: int) -> tuple[str, str, str]:
    """zoompan's zoom, x and y expressions for a slow zoom or pan over ``frames`` frames.

    zoompan crops whole pixels: a smoothly varying zoom makes the crop's size and position
    round differently from frame to frame and the picture shakes. So the crop moves in
    whole, even steps (even for 4:2:0 chroma) and the zoom is derived from the crop width:
    the motion steps forward and never back."""
    progress = f"on/{max(1, frames - 1)}"
    if kind in ("zoom_in", "zoom_out"):
        amount = progress if kind == "zoom_in" else f"(1-{progress})"
        inset = f"2*floor(iw*{ZOOM_AMOUNT}*{amount}/4)"  # pixels cut from each side
        return f"iw/(iw-2*{inset})", inset, "2*floor((ih-ih/zoom)/4)"
    amount = progress if kind == "pan_right" else f"(1-{progress})"
    return f"{1 + ZOOM_AMOUNT}", f"2*floor({amount}*(iw-iw/zoom)/2)", "2*floor((ih-ih/zoom)/4)"


def _audio_inputs(scenes: Sequence[SceneClip]) -> list[int | None]:
    """Each scene's voiceover input number (they follow the 2 stills per scene), or ``None``."""
    numbers: list[int | None] = []
    next_input = 2 * len(scenes)
    for scene in scenes:
        numbers.append(None if scene.audio is None else next_input)
        next_input += scene.audio is not None
    return numbers


def _scene_audio(index: int, source_input: int | None, timeline: _Timeline) -> str:
    """The voiceover padded with silence (or silence alone) to exactly its slot, so the
    concatenated track puts every voiceover at its scene's start."""
    slot = timeline.audio_slot(index)
    source = (
        f"anullsrc=r={AUDIO_RATE}:cl=stereo"
        if source_input is None
        else f"[{source_input}:a]aresample={AUDIO_RATE}"
    )
    return (
        f"{source},aformat=sample_fmts=fltp:sample_rates={AUDIO_RATE}:channel_layouts=stereo,"
        f"apad=whole_dur={slot:.6f},atrim=end={slot:.6f},asetpts=N/SR/TB[a{index}]"
    )


def _transitions(timeline: _Timeline) -> list[str]:
    if len(timeline.frames) == 1:
        return ["[v0]null[x0]"]
    duration = timeline.transition_frames / timeline.fps
    chains, previous = [], "[v0]"
    for index, start in enumerate(timeline.starts[1:], 1):
        kind = TRANSITIONS[(index - 1) % len(TRANSITIONS)]
        chains.append(
            f"{previous}[v{index}]xfade=transition={kind}:duration={duration:.6f}"
            f":offset={start:.6f}[x{index}]"
        )
        previous = f"[x{index}]"
    return chains


def _command(
    scenes: Sequence[SceneClip], script: Path, partial: Path, *, fps: int, threads: int | None
) -> list[str]:
    inputs: list[str] = []
    for scene in scenes:
        # A clip loops for as long as its scene lasts (the graph cuts it to length).
        background = ["-i", str(scene.background)]
        if scene.clip is not None:
            background = ["-stream_loop", "-1", "-i", str(scene.clip)]
        inputs += [*background, "-i", str(scene.overlay)]
    for scene in scenes:
        if scene.audio is not None:
            inputs += ["-i", str(scene.audio)]
    threading_args = [] if threads is None else ["-threads", str(threads)]
    graph_threads = [] if threads is None else ["-filter_complex_threads", str(threads)]
    return [
        imageio_ffmpeg.get_ffmpeg_exe(),
        *("-hide_banner", "-nostdin", "-y", "-loglevel", "warning", "-nostats"),
        *("-progress", "pipe:1"),
        *graph_threads,
        *inputs,
        *("-/filter_complex", str(script), "-map", "[vout]", "-map", "[aout]"),
        *VIDEO_ENCODING,
        *("-r", str(fps), *threading_args),
        *AUDIO_ENCODING,
        *("-movflags", "+faststart", "-f", "mp4", str(partial)),
    ]


def _render_timeout(total_seconds: float) -> float:
    # Far above any healthy render (≥ 1 s of video per wall second on 2 cores): only a hung
    # ffmpeg reaches it.
    return 120.0 + 30.0 * total_seconds


def _run(
    command: list[str],
    *,
    log: Path,
    total: float,
    progress: Callable[[float], None] | None,
) -> None:
    """Run ffmpeg, report ``-progress`` as a fraction of ``total`` seconds, and turn a failure
    into a ``MediaError`` carrying the last lines it logged."""
    try:
        stderr = log.open("w", encoding="utf-8")
    except OSError as exc:
        raise _write_error(log, exc) from exc
    with stderr:
        try:
            process = subprocess.Popen(  # noqa: S603 - the bundled ffmpeg, no shell
                command, stdout=subprocess.PIPE, stderr=stderr, text=True
            )
        except OSError as exc:
            raise _render_error(f"ffmpeg cannot be started: {exc}", command=command[0]) from exc
        code, timed_out = _wait(process, total=total, progress=progress)
    if code != 0:
        raise _ffmpeg_failure(code, log, timed_out=timed_out)


def _wait(
    process: subprocess.Popen[str], *, total: float, progress: Callable[[float], None] | None
) -> tuple[int, bool]:
    """Follow ffmpeg's progress to its end; kill it when it hangs past the timeout, or when
    the progress callback raises or the caller is interrupted. Returns (exit code, timed out)."""
    timed_out = threading.Event()

    def give_up() -> None:
        timed_out.set()
        process.kill()

    timer = threading.Timer(_render_timeout(total), give_up)
    timer.start()
    with process:
        try:
            _follow(process.stdout, total, progress)
        except BaseException:
            process.kill()
            raise
        finally:
            timer.cancel()
        return process.wait(), timed_out.is_set()


def _follow(stdout: IO[str] | None, total: float, progress: Callable[[float], None] | None) -> None:
    for line in stdout or ():
        key, _, value = line.strip().partition("=")
        if progress is None:
            continue
        if key == "out_time_us" and value.isdigit():
            progress(min(1.0, int(value) / 1e6 / total) if total > 0 else 0.0)
        elif key == "progress" and value == "end":
            progress(1.0)


def _ffmpeg_failure(code: int, log: Path, *, timed_out: bool) -> MediaError:
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    tail = "\n".join(lines[-STDERR_TAIL_LINES:])
    if _DISK_FULL.search(tail):
        return _storage_full(log.parent)
    reason = "timed out" if timed_out else f"exit code {code}"
    # The first error names the cause (a bad input, a filter); later lines are its echoes.
    first = next((line for line in lines if _ERROR_LINE.search(line)), lines[-1] if lines else "")
    return _render_error(
        f"ffmpeg failed ({reason}): {first.strip() or 'no output'}", exit_code=code, ffmpeg=tail
    )


def _replace(partial: Path, out: Path) -> None:
    try:
        os.replace(partial, out)
    except OSError as exc:
        raise _write_error(out, exc) from exc


def extract_frame(video: Path, *, at_seconds: float, out: Path) -> None:
    """Write the frame shown at ``at_seconds`` of ``video`` as a PNG at ``out`` (a thumbnail,
    a check in tests); ``out`` is written whole or not at all."""
    partial = out.with_name(f".{out.name}.{secrets.token_hex(6)}.partial")
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        *("-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats"),
        *("-ss", f"{max(0.0, at_seconds):.3f}", "-i", str(video)),
        *("-frames:v", "1", "-update", "1", "-c:v", "png", "-f", "image2", str(partial)),
    ]
    log = out.with_name(f".{out.name}.{secrets.token_hex(6)}.log")
    try:
        _run(command, log=log, total=0.0, progress=None)
        if not partial.is_file():
            raise _render_error(f"{video.name} has no frame at {at_seconds:.2f} s", path=str(video))
        _replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
        log.unlink(missing_ok=True)
