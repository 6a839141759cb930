"""The production house at work: one asset of a piece rendered into a working folder, from the
piece's draft and the brand's look — cover images, thumbnails and slides through the local
card renderer, videos from a script (backgrounds through the provider router, the voice
through the offline TTS, one ffmpeg graph), subtitles as SRT. No database here: the caller
stores and registers what comes back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from PIL import Image, ImageOps

from pressroom.errors import ErrorCode, MediaError, PressroomError
from pressroom.logging import get_logger
from pressroom.media import images, subtitles, video
from pressroom.media.colors import Theme, brand_theme
from pressroom.media.fonts import FontSet, brand_fonts, font_for_text, fonts_dir, split_emoji
from pressroom.media.probe import probe, probe_image
from pressroom.media.schemas import AssetSpec, BrandLook
from pressroom.media.spec import SIZES, VIDEO_FPS, VIDEO_SIZES, AssetRole
from pressroom.platforms.channels import DRAFT_MODELS
from pressroom.platforms.drafts import (
    Draft,
    InstagramCarouselDraft,
    InstagramPostDraft,
    VideoScriptDraft,
    YouTubeShortDraft,
)
from pressroom.providers.media.protocol import ImageRequest, SpeechRequest, Tier, VideoRequest
from pressroom.providers.media.router import Attempt, MediaRouter

HEADLINE_CHARS = 70
"""Longest cover headline taken from a caption (cut at a word, with an ellipsis)."""
TRANSITION_SECONDS = 0.4
MAX_CLIP_SECONDS = 20.0
"""Longest clip asked of a video provider for one scene (longer scenes loop it)."""
RIGHTS_OWNED = "owned: rendered by Pressroom from the brand's own material"

log = get_logger(__name__)


@dataclass
class Rendered:
    """A rendered file, complete and validated, waiting to be stored and registered."""

    path: Path
    suffix: str
    mime: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None
    provider: str = "local"
    model: str = "pressroom-renderer"
    rights: str = RIGHTS_OWNED
    usd: float = 0.0
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(frozen=True)
class Studio:
    """What rendering needs besides the piece: the provider router (image backgrounds and
    the voice), the speaking language and where scratch files go."""

    router: MediaRouter
    workdir: Path
    language: str = "en"
    trace_id: str | None = None


def parse_draft(channel: str, body: dict[str, Any]) -> Draft:
    return DRAFT_MODELS[channel].model_validate(body)


def render(spec: AssetSpec, *, draft: Draft, look: BrandLook, studio: Studio) -> Rendered:
    """Render ``spec`` of the piece whose draft is ``draft`` into ``studio.workdir``."""
    studio.workdir.mkdir(parents=True, exist_ok=True)
    fonts = brand_fonts(look.fonts, language=studio.language)
    theme = brand_theme(look.palette)
    if spec.role == AssetRole.VIDEO:
        return _video(spec, _script(draft), look=look, studio=studio, fonts=fonts, theme=theme)
    if spec.role == AssetRole.SUBTITLES:
        return _subtitles(spec, _script(draft), studio=studio)
    return _card(spec, draft, look=look, studio=studio, fonts=fonts, theme=theme)


# -- images ------------------------------------------------------------------------------


def card_text(spec: AssetSpec, draft: Draft, look: BrandLook) -> dict[str, Any]:
    """What a cover, thumbnail or slide says: headline, body, kicker, footer, counter, and
    the alt text for people who cannot see it."""
    footer = _domain(look.website) or look.name
    base: dict[str, Any] = {"kicker": look.name, "footer": footer, "body": "", "counter": None}
    if isinstance(draft, InstagramCarouselDraft) and spec.role == AssetRole.SLIDE:
        slide = draft.slides[spec.position - 1]
        counter = (spec.position, len(draft.slides))
        return {
            **base,
            "headline": slide.headline,
            "body": slide.body,
            "counter": counter,
            "alt": slide.alt_text,
        }
    if isinstance(draft, YouTubeShortDraft) and spec.role == AssetRole.THUMBNAIL:
        return {**base, "headline": draft.title, "alt": draft.title}
    if isinstance(draft, VideoScriptDraft):
        first = draft.scenes[0].on_screen_text if draft.scenes else ""
        headline = first.strip() or headline_from(draft.hook)
        return {**base, "headline": headline, "alt": headline}
    if isinstance(draft, InstagramPostDraft):
        return {**base, "headline": headline_from(draft.caption), "alt": draft.alt_text}
    raise MediaError(
        f"a {draft.channel} piece has no {spec.label}",
        code=ErrorCode.MEDIA_SCRIPT_INVALID,
        hint="Render the media its channel plans (pressroom media render PIECE).",
    )


def headline_from(text: str, *, limit: int = HEADLINE_CHARS) -> str:
    """The first sentence of ``text``, cut at a word with an ellipsis when too long."""
    flat = " ".join(text.split())
    first = re.split(r"(?<=[.!?…])\s", flat, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—– ")
    return f"{cut}…"


def _card(
    spec: AssetSpec, draft: Draft, *, look: BrandLook, studio: Studio, fonts: FontSet, theme: Theme
) -> Rendered:
    text = card_text(spec, draft, look)
    size = SIZES[spec.aspect]
    made = images.render_card(
        size=size,
        theme=theme,
        fonts=fonts,
        headline=text["headline"],
        body=text["body"],
        kicker=text["kicker"],
        footer=text["footer"],
        logo=Path(look.logo) if look.logo else None,
        counter=text["counter"],
        seed=spec.position,
    )
    path = studio.workdir / f"{spec.role.value}-{spec.position}-{spec.aspect.name.lower()}.png"
    path.write_bytes(images.encode_png(made.image))
    width, height = probe_image(path)
    return Rendered(
        path=path,
        suffix=".png",
        mime="image/png",
        width=width,
        height=height,
        warnings=list(made.warnings),
        meta={
            "headline": text["headline"],
            "alt_text": text["alt"],
            "contrast": round(made.contrast, 2),
        },
    )


def _domain(website: str) -> str:
    host = urlsplit(website).hostname or ""
    return host.removeprefix("www.")


# -- video -------------------------------------------------------------------------------


def _script(draft: Draft) -> VideoScriptDraft:
    if not isinstance(draft, VideoScriptDraft):
        raise MediaError(
            f"a {draft.channel} piece has no video script",
            code=ErrorCode.MEDIA_SCRIPT_INVALID,
            hint="Only reels, TikToks and Shorts are rendered as videos.",
        )
    return draft


def _voice_lines(script: VideoScriptDraft) -> list[str]:
    return [split_emoji(scene.voiceover)[0].strip() for scene in script.scenes]


def _video(
    spec: AssetSpec,
    script: VideoScriptDraft,
    *,
    look: BrandLook,
    studio: Studio,
    fonts: FontSet,
    theme: Theme,
) -> Rendered:
    size = VIDEO_SIZES[spec.aspect]
    lines = _voice_lines(script)
    shown = [scene.on_screen_text for scene in script.scenes]
    video.check_scenes(voiceovers=lines, on_screen_texts=shown)
    attempts: list[Attempt] = []
    speeches = [_speak(line, n, studio=studio, attempts=attempts) for n, line in enumerate(lines)]
    video.check_scenes(
        voiceovers=lines,
        on_screen_texts=shown,
        speech_seconds=[seconds for _path, seconds in speeches],
        transition_seconds=TRANSITION_SECONDS,
    )
    durations = video.scene_durations(
        [seconds for _path, seconds in speeches], transition=TRANSITION_SECONDS
    )
    scenes = [
        _scene(
            n,
            scene,
            speeches[n],
            durations[n],
            look=look,
            studio=studio,
            fonts=fonts,
            theme=theme,
            size=size,
            attempts=attempts,
        )
        for n, scene in enumerate(script.scenes)
    ]
    style = _subtitle_style(lines, fonts=fonts, theme=theme, size=size, studio=studio)
    out = studio.workdir / f"video-{spec.aspect.name.lower()}.mp4"
    info = video.compose(
        scenes=scenes,
        size=size,
        out=out,
        subtitles=style,
        fps=VIDEO_FPS,
        transition_seconds=TRANSITION_SECONDS,
        workdir=studio.workdir / "compose",
    )
    paid = [a for a in attempts if a.ok and a.usd]
    return Rendered(
        path=out,
        suffix=".mp4",
        mime="video/mp4",
        width=info.width,
        height=info.height,
        duration_seconds=info.duration_seconds,
        usd=round(sum(a.usd for a in paid), 6),
        provider=_providers(attempts),
        rights=_rights(paid),
        model="pressroom-renderer",
        warnings=_emoji_warnings(script),
        meta={
            "scenes": len(scenes),
            "fps": info.fps,
            "video_codec": info.video_codec,
            "audio_codec": info.audio_codec,
            "scene_seconds": durations,
        },
        attempts=attempts,
    )


def _speak(
    text: str, number: int, *, studio: Studio, attempts: list[Attempt]
) -> tuple[Path | None, float]:
    """The scene's voiceover (path and seconds); a scene without words is silent."""
    if not text:
        return None, 0.0
    out = studio.workdir / f"voice-{number + 1}.wav"
    made = studio.router.run(
        "speech",
        SpeechRequest(text=text, language=studio.language),
        out=out,
        on_attempt=attempts.append,
        trace_id=studio.trace_id,
    )
    return made.path, made.units


def _scene(
    number: int,
    scene: Any,
    speech: tuple[Path | None, float],
    duration: float,
    *,
    look: BrandLook,
    studio: Studio,
    fonts: FontSet,
    theme: Theme,
    size: tuple[int, int],
    attempts: list[Attempt],
) -> video.SceneClip:
    background = _background(
        number,
        scene.visual_prompt,
        look=look,
        studio=studio,
        theme=theme,
        size=size,
        attempts=attempts,
    )
    overlay = images.render_overlay(
        size=size,
        theme=theme,
        fonts=fonts,
        headline=scene.on_screen_text,
        seed=number,
        background=background,
    )
    clip = _clip(
        number,
        scene.visual_prompt,
        duration,
        look=look,
        studio=studio,
        size=size,
        attempts=attempts,
    )
    background_path = studio.workdir / f"scene-{number + 1}-background.png"
    overlay_path = studio.workdir / f"scene-{number + 1}-overlay.png"
    background_path.write_bytes(images.encode_png(background))
    overlay_path.write_bytes(images.encode_png(overlay.image))
    voice, seconds = speech
    cues = subtitles.cues_for_scene(scene.voiceover, start=0.0, duration=seconds) if voice else []
    return video.SceneClip(
        background=background_path,
        overlay=overlay_path,
        audio=voice,
        duration_seconds=duration,
        cues=tuple(cues),
        clip=clip,
    )


def _clip(
    number: int,
    prompt: str,
    duration: float,
    *,
    look: BrandLook,
    studio: Studio,
    size: tuple[int, int],
    attempts: list[Attempt],
) -> Path | None:
    """A moving background from a video provider, when the brand's tier pays for one and
    one is configured; ``None`` (the still backdrop moves instead) otherwise, and whenever
    every provider fails or returns a file that is not a playable video."""
    tier = cast(Tier, look.tier)
    if not studio.router.candidates("video", style=look.style, tier=tier):
        return None
    request = VideoRequest(
        prompt=prompt.strip() or look.name,
        size=size,
        duration_seconds=min(duration, MAX_CLIP_SECONDS),
        style=look.style,
    )
    out = studio.workdir / f"scene-{number + 1}-clip.mp4"
    try:
        made = studio.router.run(
            "video",
            request,
            out=out,
            tier=tier,
            on_attempt=attempts.append,
            trace_id=studio.trace_id,
        )
        probe(made.path)
    except PressroomError as error:
        log.warning(
            "media.scene.clip_unused",
            trace_id=studio.trace_id,
            scene=number + 1,
            code=str(error.code),
            message=error.message,
        )
        return None
    return made.path


def _background(
    number: int,
    prompt: str,
    *,
    look: BrandLook,
    studio: Studio,
    theme: Theme,
    size: tuple[int, int],
    attempts: list[Attempt],
) -> Image.Image:
    """The scene's backdrop: a provider's image when the brand's tier pays for one, else
    (and whenever a provider fails) the brand's own gradient."""
    out = studio.workdir / f"scene-{number + 1}-generated.png"
    request = ImageRequest(
        prompt=prompt.strip() or look.name,
        size=size,
        style=look.style,
        brand_palette=list(look.palette),
        seed=number + 1,
    )
    made = studio.router.run(
        "image",
        request,
        out=out,
        tier=cast(Tier, look.tier),
        on_attempt=attempts.append,
        trace_id=studio.trace_id,
    )
    return fill_frame(made.path, size=size)


def fill_frame(path: Path, *, size: tuple[int, int]) -> Image.Image:
    """A generated picture scaled and centre-cropped to fill the frame (RGB)."""
    with Image.open(path) as picture:
        return ImageOps.fit(picture.convert("RGB"), size, method=Image.Resampling.LANCZOS)


def _subtitle_style(
    lines: list[str], *, fonts: FontSet, theme: Theme, size: tuple[int, int], studio: Studio
) -> video.SubtitleStyle:
    spoken = " ".join(line for line in lines if line)
    chosen = font_for_text(fonts, spoken, role="body") if spoken else fonts.body
    return video.SubtitleStyle(
        font_family=chosen.family,
        fonts_dir=fonts_dir(fonts, studio.workdir / "fonts"),
        font_size=round(min(size) * 0.07),
        text_rgb=theme.text,
        box_rgb=theme.panel,
    )


def _rights(paid: list[Attempt]) -> str:
    """Local renders are the brand's own; paid providers' material is under their terms."""
    providers = sorted({a.provider for a in paid})
    if not providers:
        return RIGHTS_OWNED
    return f"contains material generated by {', '.join(providers)}: see its terms of use"


def _providers(attempts: list[Attempt]) -> str:
    used = dict.fromkeys(a.provider for a in attempts if a.ok)
    return "+".join(["local", *(name for name in used if name != "local")])[:64]


def _emoji_warnings(script: VideoScriptDraft) -> list[str]:
    dropped = [e for s in script.scenes for e in split_emoji(s.voiceover)[1]]
    return [f"emoji not spoken or subtitled: {' '.join(dropped)}"] if dropped else []


# -- subtitles ---------------------------------------------------------------------------


def _subtitles(spec: AssetSpec, script: VideoScriptDraft, *, studio: Studio) -> Rendered:
    """The video's subtitles as SRT (for platforms that take captions as a file), timed as
    the video plays them: the voice is spoken again (it is deterministic and quick) so each
    scene lasts what it lasts in the video, transitions included."""
    lines = _voice_lines(script)
    attempts: list[Attempt] = []
    seconds = [_speak(line, n, studio=studio, attempts=attempts)[1] for n, line in enumerate(lines)]
    durations = video.scene_durations(seconds, transition=TRANSITION_SECONDS)
    cues: list[subtitles.Cue] = []
    start = 0.0
    for line, spoken, length in zip(lines, seconds, durations, strict=True):
        if line:
            cues += subtitles.cues_for_scene(line, start=start, duration=spoken)
        start += length - TRANSITION_SECONDS
    if not cues:
        raise MediaError(
            "the script has no spoken words to subtitle",
            code=ErrorCode.MEDIA_SCRIPT_INVALID,
            hint="Give the scenes a voiceover.",
        )
    path = studio.workdir / "subtitles.srt"
    path.write_text(to_srt(cues), encoding="utf-8")
    return Rendered(
        path=path,
        suffix=".srt",
        mime="application/x-subrip",
        duration_seconds=round(start + TRANSITION_SECONDS, 3),
        meta={"cues": len(cues)},
        attempts=attempts,
    )


def to_srt(cues: list[subtitles.Cue]) -> str:
    """SubRip text: numbered cues with ``HH:MM:SS,mmm`` times."""

    def stamp(seconds: float) -> str:
        millis = round(seconds * 1000)
        hours, millis = divmod(millis, 3_600_000)
        minutes, millis = divmod(millis, 60_000)
        secs, millis = divmod(millis, 1000)
        return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"

    blocks = [
        f"{n}\n{stamp(cue.start)} --> {stamp(cue.end)}\n{cue.text}\n"
        for n, cue in enumerate(cues, start=1)
    ]
    return "\n".join(blocks)
