"""What media each visual channel needs, as data: sizes, frame rate, codecs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Aspect(StrEnum):
    """Frame shapes Pressroom renders natively (never letterboxed from another shape)."""

    VERTICAL = "9:16"
    PORTRAIT = "4:5"
    SQUARE = "1:1"
    LANDSCAPE = "16:9"


SIZES: dict[Aspect, tuple[int, int]] = {
    Aspect.VERTICAL: (1080, 1920),
    Aspect.PORTRAIT: (1080, 1350),
    Aspect.SQUARE: (1080, 1080),
    Aspect.LANDSCAPE: (1280, 720),
}
"""Pixel size (width, height) of each shape: Instagram's 1080-wide feed and reel sizes and
YouTube's 1280×720 thumbnail; a 16:9 video is rendered at 1920×1080 (``VIDEO_SIZES``)."""

VIDEO_SIZES: dict[Aspect, tuple[int, int]] = {
    Aspect.VERTICAL: (1080, 1920),
    Aspect.SQUARE: (1080, 1080),
    Aspect.LANDSCAPE: (1920, 1080),
}

VIDEO_FPS = 30
VIDEO_CODEC = "h264"
AUDIO_CODEC = "aac"


class AssetKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    SUBTITLES = "subtitles"


class AssetRole(StrEnum):
    """What an asset is for in its piece."""

    COVER = "cover"
    """The image posted with a feed post, or a video's cover frame."""
    SLIDE = "slide"
    """One carousel slide (``position`` 1–10)."""
    THUMBNAIL = "thumbnail"
    """A video's thumbnail (YouTube's 1280×720 custom thumbnail)."""
    VIDEO = "video"
    VOICEOVER = "voiceover"
    SUBTITLES = "subtitles"


@dataclass(frozen=True)
class MediaPlan:
    """The media a channel's piece needs: ``images`` (role, shape) rendered from the piece,
    ``slides`` (carousel slides in ``slide_aspect``), and ``video`` (the master shape of a
    video from its script; other shapes on request)."""

    images: tuple[tuple[AssetRole, Aspect], ...] = ()
    slides: Aspect | None = None
    video: Aspect | None = None
