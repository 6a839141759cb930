"""The reference composition for ``benchmarks/render.py``: the same reel composed the way
MoneyPrinterTurbo composes its videos, with moviepy 2.2.1 clips composited in Python and
written through ``write_videofile``.

    benchmarks/.venv-moviepy/bin/python benchmarks/render_moviepy.py MANIFEST.json

It runs in its own virtualenv (moviepy pins ``pillow<12``; Pressroom pins Pillow 13), so it
imports nothing from Pressroom: ``render.py`` writes a JSON manifest of the very inputs its
own render used (background and overlay PNGs, voiceover WAVs, each scene's start and length,
the subtitle cues with absolute times, the font file and colours) and times this script.

Per scene: the background as an ``ImageClip`` slowly zoomed frame by frame as
MoneyPrinterTurbo's ``zoomin_transition`` does it (a sub-pixel Pillow transform),
the headline overlay fading in (``CrossFadeIn``), both composited to the frame; every scene
after the first cross-fades in over the previous one (``CrossFadeIn`` at its start); each cue
is a ``TextClip`` on a box in the lower third; the voiceovers are ``AudioFileClip``s placed at
their scene's start in a ``CompositeAudioClip``. The encoder settings match Pressroom's
(libx264 veryfast CRF 21, AAC 128k, +faststart) so the comparison is of the composition.

Prints one JSON line: ``{"wall_seconds", "compose_seconds", "write_seconds", "out"}``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from moviepy import (  # type: ignore[import-not-found]
    AudioFileClip,
    CompositeAudioClip,
    CompositeVideoClip,
    ImageClip,
    TextClip,
    vfx,
)
from PIL import Image

ZOOM_AMOUNT = 0.06
OVERLAY_FADE_SECONDS = 0.5
SAFE_BOTTOM = 0.22


def hex_colour(rgb: list[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def zoomed(frame: Any, scale: float) -> Any:
    """MoneyPrinterTurbo's Ken Burns step: a centred sub-pixel crop scaled back to the frame
    (Pillow's EXTENT transform, bilinear)."""
    height, width = frame.shape[:2]
    left, top = (width - width / scale) / 2, (height - height / scale) / 2
    image = Image.fromarray(frame).transform(
        (width, height),
        Image.Transform.EXTENT,
        (left, top, width - left, height - top),
        resample=Image.Resampling.BILINEAR,
    )
    return np.asarray(image)


def scene_clip(scene: dict[str, Any], size: tuple[int, int], transition: float) -> Any:
    """One scene: the zooming background and the fading-in headline, cross-faded in."""
    duration = scene["duration"]
    background = (
        ImageClip(scene["background"])
        .with_duration(duration)
        .transform(lambda get_frame, t: zoomed(get_frame(t), 1 + ZOOM_AMOUNT * t / duration))
    )
    overlay = (
        ImageClip(scene["overlay"], transparent=True)
        .with_duration(duration)
        .with_effects([vfx.CrossFadeIn(OVERLAY_FADE_SECONDS)])
    )
    clip = CompositeVideoClip([background, overlay], size=size).with_start(scene["start"])
    if scene["start"] > 0:
        clip = clip.with_effects([vfx.CrossFadeIn(transition)])
    return clip


def subtitle_clip(cue: dict[str, Any], manifest: dict[str, Any]) -> Any:
    """One cue as MoneyPrinterTurbo draws it: a TextClip on a coloured box, lower third."""
    height = manifest["size"][1]
    style = manifest["subtitles"]
    text = TextClip(
        font=style["font_path"],
        text=cue["text"],
        font_size=style["font_size"],
        color=hex_colour(style["text_rgb"]),
        bg_color=hex_colour(style["box_rgb"]),
        margin=(style["font_size"] // 3, style["font_size"] // 4),
        text_align="center",
    )
    top = height * (1 - SAFE_BOTTOM) - text.h
    return (
        text.with_start(cue["start"])
        .with_duration(cue["end"] - cue["start"])
        .with_position(("center", top))
    )


def render(manifest: dict[str, Any]) -> dict[str, float]:
    """Compose and write the reel; return the time each part took."""
    size = tuple(manifest["size"])
    clock = time.perf_counter()
    scenes = [scene_clip(scene, size, manifest["transition"]) for scene in manifest["scenes"]]
    cues = [subtitle_clip(cue, manifest) for cue in manifest["cues"]]
    audio = CompositeAudioClip(
        [
            AudioFileClip(scene["audio"]).with_start(scene["start"])
            for scene in manifest["scenes"]
            if scene["audio"]
        ]
    )
    final = (
        CompositeVideoClip([*scenes, *cues], size=size)
        .with_duration(manifest["video_seconds"])
        .with_audio(audio.with_duration(manifest["video_seconds"]))
    )
    composed = time.perf_counter()
    final.write_videofile(
        manifest["out"],
        fps=manifest["fps"],
        codec="libx264",
        audio_codec="aac",
        audio_bitrate="128k",
        preset="veryfast",
        ffmpeg_params=["-crf", "21", "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
        threads=os.cpu_count(),
        temp_audiofile_path=str(Path(manifest["out"]).parent),
        logger=None,
    )
    written = time.perf_counter()
    final.close()
    return {
        "wall_seconds": round(written - clock, 3),
        "compose_seconds": round(composed - clock, 3),
        "write_seconds": round(written - composed, 3),
    }


def main() -> None:
    manifest = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(json.dumps({**render(manifest), "out": manifest["out"]}))


if __name__ == "__main__":
    main()
