"""The video benchmark: a 30 s, six-scene 1080×1920 reel with voiceover and burned-in
subtitles, rendered by Pressroom's one-graph ffmpeg composition and, side by side on the very
same input files, by the moviepy composition MoneyPrinterTurbo uses.

    .venv/bin/python benchmarks/render.py [--skip-reference] [--out DIR]

The inputs are made here: the voiceovers by the offline voice (eSpeak NG), backgrounds and
headline overlays drawn with plain Pillow, subtitle cues from ``pressroom.media.subtitles``.
Only the compositions are timed (``compose()`` including its probe and validation; moviepy's
clip building and ``write_videofile``), both with the same encoder settings. moviepy 2.2.1
pins ``pillow<12``, so the reference runs in its own virtualenv, made once with pip and kept
in ``benchmarks/.venv-moviepy/``.

Prints one JSON object: ``video_seconds`` (the reel's probed length); for each render
``wall_seconds`` and ``video_seconds_per_wall_second``, and ``cpu_seconds`` (user + system
time of the render's processes, which other load on the machine does not inflate);
``speedup`` (moviepy's wall time over ours) and ``cpu_speedup``; ``cores``; the 1-minute load
average before and after (a busy machine slows both renders); and whether the goals are met:
at least real time on 2 cores, and at least 5× faster than moviepy.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_VENV = ROOT / "benchmarks" / ".venv-moviepy"
REFERENCE_SCRIPT = ROOT / "benchmarks" / "render_moviepy.py"
REFERENCE_REQUIREMENT = "moviepy==2.2.1"
REFERENCE_TIMEOUT_SECONDS = 3600

SIZE = (1080, 1920)
FPS = 30
TRANSITION_SECONDS = 0.4
LANGUAGE = "en"
GOAL_VIDEO_SECONDS_PER_WALL_SECOND = 1.0
"""At least real time on 2 cores."""
GOAL_SPEEDUP = 5.0
"""At least 5× faster than the moviepy composition."""
ROUND_DIGITS = 3

LINES = (
    "Most small brands post on a hunch, and their numbers show it every single month.",
    "We looked at four thousand reels from shops like yours over the last year.",
    "The winners explained one idea, in under thirty seconds, with a strong first line.",
    "They showed the product working in real hands instead of talking about it.",
    "And they posted at the same time every week, so people came back for more.",
    "Save this reel, try one idea tomorrow, and follow for the full playbook.",
)
HEADLINES = ("Posting on a hunch?", "4,000 reels", "One idea", "Show it", "Same time", "Try it")
PALETTES = (
    ((24, 36, 92), (92, 56, 150)),
    ((16, 70, 96), (30, 140, 140)),
    ((60, 24, 80), (170, 60, 110)),
    ((20, 60, 50), (90, 150, 90)),
    ((90, 40, 20), (200, 120, 50)),
    ((30, 30, 40), (80, 90, 140)),
)
TEXT_RGB = (255, 255, 255)
BOX_RGB = (18, 18, 28)


# -- inputs ------------------------------------------------------------------------------


def draw_background(path: Path, *, seed: int) -> None:
    """A seeded brand-like backdrop: a diagonal two-colour gradient and soft circles."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    width, height = SIZE
    # A slightly tilted gradient, cut from a larger one so no corner is left empty.
    tilted = Image.linear_gradient("L").resize((2 * width, 2 * height)).rotate(8)
    gradient = tilted.crop((width // 2, height // 2, width // 2 + width, height // 2 + height))
    image = Image.composite(Image.new("RGB", SIZE, bottom), Image.new("RGB", SIZE, top), gradient)
    shapes = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(7):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(width // 10, width // 3)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(255, 255, 255, 28))
    shapes = shapes.filter(ImageFilter.GaussianBlur(12))
    image.paste(shapes, (0, 0), shapes)
    image.save(path)


def draw_overlay(path: Path, headline: str, font_path: Path) -> None:
    """The scene's headline: large white text on a translucent band in the upper third."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = SIZE
    image = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path), 96)
    box = draw.textbbox((0, 0), headline, font=font)
    left, top = (width - (box[2] - box[0])) // 2, height // 5
    pad = 36
    draw.rounded_rectangle(
        [left - pad, top - pad, left + box[2] - box[0] + pad, top + box[3] - box[1] + pad],
        radius=28,
        fill=(0, 0, 0, 120),
    )
    draw.text((left - box[0], top - box[1]), headline, font=font, fill=(255, 255, 255, 255))
    image.save(path)


def make_inputs(folder: Path) -> dict[str, Any]:
    """Speak, draw and time the six scenes; return them with the subtitle style."""
    import fontpkg

    from pressroom.media.subtitles import cues_for_scene
    from pressroom.media.video import SceneClip, SubtitleStyle, scene_durations
    from pressroom.providers.media.espeak import EspeakSpeech

    folder.mkdir(parents=True, exist_ok=True)
    font_path = Path(fontpkg.path("Noto Sans"))
    voice = EspeakSpeech()
    speeches = [
        voice.synthesize(line, language=LANGUAGE, out=folder / f"voice-{n + 1}.wav")
        for n, line in enumerate(LINES)
    ]
    durations = scene_durations(
        [speech.duration_seconds for speech in speeches], transition=TRANSITION_SECONDS
    )
    scenes = []
    for n, (line, speech, duration) in enumerate(zip(LINES, speeches, durations, strict=True)):
        draw_background(folder / f"background-{n + 1}.png", seed=n)
        draw_overlay(folder / f"overlay-{n + 1}.png", HEADLINES[n], font_path)
        cues = cues_for_scene(line, start=0.0, duration=speech.duration_seconds)
        scenes.append(
            SceneClip(
                background=folder / f"background-{n + 1}.png",
                overlay=folder / f"overlay-{n + 1}.png",
                audio=speech.path,
                duration_seconds=duration,
                cues=tuple(cues),
            )
        )
    style = SubtitleStyle(
        font_family="Noto Sans",
        fonts_dir=font_path.parent,
        font_size=round(SIZE[0] * 0.07),
        text_rgb=TEXT_RGB,
        box_rgb=BOX_RGB,
    )
    return {"scenes": scenes, "style": style, "font_path": font_path}


# -- the two renders ---------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and every child it has waited for, so a
    render's CPU cost counts its ffmpeg (and moviepy's) processes too."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def render_ours(inputs: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Pressroom's composition: one ffmpeg run, probed and validated."""
    from pressroom.media.video import compose

    out = folder / "pressroom.mp4"
    clock, cpu = time.perf_counter(), cpu_seconds()
    info = compose(
        scenes=inputs["scenes"],
        size=SIZE,
        out=out,
        subtitles=inputs["style"],
        fps=FPS,
        transition_seconds=TRANSITION_SECONDS,
        workdir=folder / "pressroom-work",
    )
    wall, cpu = time.perf_counter() - clock, cpu_seconds() - cpu
    return {
        "wall_seconds": round(wall, ROUND_DIGITS),
        "cpu_seconds": round(cpu, ROUND_DIGITS),
        "video_seconds": info.duration_seconds,
        "video_seconds_per_wall_second": round(info.duration_seconds / wall, ROUND_DIGITS),
        "size_bytes": info.size_bytes,
        "frames": info.frames,
        "out": str(out),
    }


def reference_python() -> Path:
    """The moviepy virtualenv's interpreter, made (once) with the standard venv and pip."""
    python = REFERENCE_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {REFERENCE_VENV} with {REFERENCE_REQUIREMENT} ...", file=sys.stderr)
        venv.create(REFERENCE_VENV, with_pip=True, clear=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", REFERENCE_REQUIREMENT],
            check=True,
        )
    return python


def pillow_font_size(font_path: Path, ass_size: int) -> int:
    """The Pillow size that draws text as tall as libass draws ``ass_size``: an ASS font size
    is the font's whole line height (ascender + descender), Pillow's is its em."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_path, lazy=True)
    line_height = font["hhea"].ascent - font["hhea"].descent
    return round(ass_size * font["head"].unitsPerEm / line_height)


def scene_starts(scenes: list[Any]) -> list[float]:
    """Where each scene starts, with durations rounded up to whole frames as compose() does."""
    starts, clock = [], 0.0
    for scene in scenes:
        starts.append(round(clock, 6))
        clock += math.ceil(scene.duration_seconds * FPS - 1e-6) / FPS - TRANSITION_SECONDS
    return starts


def render_reference(inputs: dict[str, Any], folder: Path, video_seconds: float) -> dict[str, Any]:
    """The same reel through moviepy in its own virtualenv, timed by the child itself."""
    from pressroom.media.probe import probe

    python = reference_python()
    scenes, style = inputs["scenes"], inputs["style"]
    starts = scene_starts(scenes)
    manifest = {
        "size": list(SIZE),
        "fps": FPS,
        "transition": TRANSITION_SECONDS,
        "video_seconds": video_seconds,
        "out": str(folder / "moviepy.mp4"),
        "scenes": [
            {
                "background": str(scene.background),
                "overlay": str(scene.overlay),
                "audio": str(scene.audio) if scene.audio else None,
                "start": start,
                "duration": math.ceil(scene.duration_seconds * FPS - 1e-6) / FPS,
            }
            for scene, start in zip(scenes, starts, strict=True)
        ],
        "cues": [
            {"start": start + cue.start, "end": start + cue.end, "text": cue.text}
            for scene, start in zip(scenes, starts, strict=True)
            for cue in scene.cues
        ],
        "subtitles": {
            "font_path": str(inputs["font_path"]),
            "font_size": pillow_font_size(inputs["font_path"], style.font_size),
            "text_rgb": list(style.text_rgb),
            "box_rgb": list(style.box_rgb),
        },
    }
    path = folder / "moviepy-manifest.json"
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    print("rendering the moviepy reference (minutes) ...", file=sys.stderr)
    clock, cpu = time.perf_counter(), cpu_seconds()
    done = subprocess.run(
        [str(python), str(REFERENCE_SCRIPT), str(path)],
        capture_output=True,
        text=True,
        timeout=REFERENCE_TIMEOUT_SECONDS,
        check=False,
    )
    process, cpu = time.perf_counter() - clock, cpu_seconds() - cpu
    if done.returncode != 0:
        raise SystemExit(f"the moviepy reference failed:\n{done.stderr[-3000:]}")
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    info = probe(Path(manifest["out"]))  # the reference really rendered the same reel
    return {
        "wall_seconds": timings["wall_seconds"],
        "video_seconds_per_wall_second": round(video_seconds / timings["wall_seconds"], 3),
        "compose_seconds": timings["compose_seconds"],
        "write_seconds": timings["write_seconds"],
        "process_seconds": round(process, ROUND_DIGITS),
        "process_cpu_seconds": round(cpu, ROUND_DIGITS),
        "video_seconds": info.duration_seconds,
        "size": [info.width, info.height],
        "size_bytes": info.size_bytes,
        "out": manifest["out"],
    }


# -- main --------------------------------------------------------------------------------


def run(out_dir: Path, *, skip_reference: bool) -> dict[str, Any]:
    """Make the inputs, render ours (and the reference), and return the figures."""
    load_before = os.getloadavg()[0]  # other work on the machine skews wall times: say so
    clock = time.perf_counter()
    inputs = make_inputs(out_dir / "inputs")
    inputs_seconds = time.perf_counter() - clock
    ours = render_ours(inputs, out_dir)
    video_seconds = ours.pop("video_seconds")
    result: dict[str, Any] = {
        "video_seconds": video_seconds,
        "scenes": len(inputs["scenes"]),
        "size": list(SIZE),
        "fps": FPS,
        "cores": os.cpu_count(),
        "load_average_before": round(load_before, 2),
        "inputs_seconds": round(inputs_seconds, ROUND_DIGITS),
        "ours": ours,
    }
    goals = {
        "ours_at_least_real_time": ours["video_seconds_per_wall_second"]
        >= GOAL_VIDEO_SECONDS_PER_WALL_SECOND
    }
    if not skip_reference:
        reference = render_reference(inputs, out_dir, video_seconds)
        result["moviepy"] = reference
        result["speedup"] = round(reference["wall_seconds"] / ours["wall_seconds"], 2)
        result["cpu_speedup"] = round(reference["process_cpu_seconds"] / ours["cpu_seconds"], 2)
        goals["speedup_at_least_5x"] = result["speedup"] >= GOAL_SPEEDUP
    result["load_average_after"] = round(os.getloadavg()[0], 2)
    result["goals_met"] = goals
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-reference", action="store_true", help="render ours only")
    parser.add_argument("--out", type=Path, help="keep the inputs and videos in this folder")
    args = parser.parse_args()
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        result = run(args.out.resolve(), skip_reference=args.skip_reference)
    else:
        with tempfile.TemporaryDirectory(prefix="pressroom-render-") as folder:
            result = run(Path(folder), skip_reference=args.skip_reference)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
