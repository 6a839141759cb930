"""The draft each channel's writer produces and its validator checks. A piece stores its draft
as JSON (``Piece.body``); ``render_text`` gives what would be posted. Drafts of every channel
are parsed through the registry (``pressroom.platforms.channels.parse_draft``)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class HookType(StrEnum):
    """How a piece opens; learning compares outcomes by hook type."""

    QUESTION = "question"
    STATEMENT = "statement"
    STATISTIC = "statistic"
    STORY = "story"
    CONTRARIAN = "contrarian"
    HOW_TO = "how_to"
    LIST = "list"


class Draft(BaseModel, ABC):
    """What a channel's writer produces; each channel's draft model derives from it and
    names its channel in ``channel``."""

    model_config = ConfigDict(extra="forbid")

    channel: str
    hook_type: HookType = Field(description="How the piece opens.")

    @abstractmethod
    def render_text(self) -> str:
        """The piece as a person reads it (and as it is stored in ``Piece.text``)."""


class LinkedInPostDraft(Draft):
    """A LinkedIn post: paragraphs separated by blank lines, hashtags listed separately."""

    channel: Literal["linkedin"] = "linkedin"
    text: str = Field(description="The post body: paragraphs separated by a blank line.")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags without '#'.")

    def render_text(self) -> str:
        tags = " ".join(f"#{tag.lstrip('#')}" for tag in self.hashtags)
        return f"{self.text.strip()}\n\n{tags}" if tags else self.text.strip()


class XThreadDraft(Draft):
    """A single X post (one item) or a thread (2–5 items), each as posted."""

    channel: Literal["x"] = "x"
    posts: list[str] = Field(description="Each post's full text, in order.")

    def render_text(self) -> str:
        return "\n\n---\n\n".join(post.strip() for post in self.posts)


class Scene(BaseModel):
    """One beat of a video script (SPEC §2 Script/Scene)."""

    model_config = ConfigDict(extra="forbid")

    beat: Literal["hook", "value", "cta"]
    duration_seconds: float = Field(gt=0, description="Planned length of the scene.")
    visual_prompt: str = Field(description="What the viewer sees.")
    voiceover: str = Field(description="What is spoken over the scene.")
    on_screen_text: str = Field(default="", description="Text burned into the frame.")
    visual_cues: dict[str, Any] = Field(default_factory=dict)
    audio_cues: dict[str, Any] = Field(default_factory=dict)


class VideoScriptDraft(Draft):
    """A short vertical video script (reel, TikTok, Short): a spoken hook, value and call to
    action, the scenes that show them (seed 003 "Pillar 2": beat, duration, voiceover, visual
    prompt, visual and audio cues), and the caption posted with the video."""

    hook: str = Field(description="Spoken opening.")
    value: str = Field(description="Spoken main content.")
    cta: str = Field(description="Spoken call to action.")
    scenes: list[Scene] = Field(description="Scene suggestions with visuals and voiceover.")
    caption: str = Field(description="The post caption.")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags without '#'.")

    def spoken_text(self) -> str:
        return " ".join(part.strip() for part in (self.hook, self.value, self.cta))

    def caption_text(self) -> str:
        """The posted caption's own words, before its hashtag line."""
        return self.caption.strip()

    def render_caption(self) -> str:
        """The caption as posted: its words, a blank line, then its hashtags."""
        return _with_hashtags(self.caption_text(), self.hashtags)

    def render_script(self) -> str:
        """The spoken sections and the scene plan, as the plain-text format writes them."""
        scenes = "\n".join(
            f"[{scene.beat} · {scene.duration_seconds:g}s] {scene.visual_prompt}"
            for scene in self.scenes
        )
        return (
            f"HOOK: {self.hook.strip()}\n\nVALUE: {self.value.strip()}\n\n"
            f"CTA: {self.cta.strip()}\n\nSCENES:\n{scenes}"
        )

    def render_text(self) -> str:
        return f"{self.render_script()}\n\nCAPTION:\n{self.render_caption()}"


class ReelScriptDraft(VideoScriptDraft):
    """An Instagram reel: spoken hook, value and call to action, scenes, and a caption."""

    channel: Literal["instagram-reel"] = "instagram-reel"
    hook: str = Field(description="Spoken opening (3–5 s).")
    cta: str = Field(description="Spoken call to action (5–10 s).")
    caption: str = Field(description="The post caption (≤2,200 characters).")


class TikTokScriptDraft(VideoScriptDraft):
    """A TikTok video: spoken hook, value and call to action, scenes, and a caption."""

    channel: Literal["tiktok"] = "tiktok"
    caption: str = Field(description="The post caption (≤2,200 characters with hashtags).")


class YouTubeShortDraft(VideoScriptDraft):
    """A YouTube Short: the script and scenes of every video script, a title, and a
    description. YouTube has no separate caption: ``caption`` opens the description (the
    lines shown before "…more"), ``description`` continues it (details, links) and the
    hashtags end it; ``render_caption`` is that whole description as posted."""

    channel: Literal["youtube-short"] = "youtube-short"
    title: str = Field(description="The video title (≤100 characters).")
    caption: str = Field(description="The description's opening lines, shown before '…more'.")
    description: str = Field(
        default="", description="The rest of the description: details and links."
    )

    def caption_text(self) -> str:
        parts = [part.strip() for part in (self.caption, self.description) if part.strip()]
        return "\n\n".join(parts)

    def render_text(self) -> str:
        return (
            f"TITLE: {self.title.strip()}\n\n{self.render_script()}\n\n"
            f"CAPTION:\n{self.caption.strip()}\n\n"
            f"DESCRIPTION:\n{_with_hashtags(self.description, self.hashtags)}"
        )


class InstagramPostDraft(Draft):
    """An Instagram feed post: one image (its prompt and alt text), a caption and
    hashtags."""

    channel: Literal["instagram-feed"] = "instagram-feed"
    image_prompt: str = Field(description="What the image shows, as a prompt for a renderer.")
    alt_text: str = Field(description="The image described for people who cannot see it.")
    caption: str = Field(description="The post caption (≤2,200 characters with hashtags).")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags without '#'.")

    def render_caption(self) -> str:
        """The caption as posted: the caption, a blank line, then its hashtags."""
        return _with_hashtags(self.caption, self.hashtags)

    def render_text(self) -> str:
        """``IMAGE:``, ``ALT:`` and ``CAPTION:`` sections; lines that would read as section
        headers are escaped."""
        prompt, alt, caption = (
            escape_markers(text.strip(), FEED_MARKERS)
            for text in (self.image_prompt, self.alt_text, self.caption)
        )
        caption = _with_hashtags(caption, self.hashtags)
        return f"IMAGE: {prompt}\n\nALT: {alt}\n\nCAPTION:\n{caption}"


class Slide(BaseModel):
    """One image of a carousel: the words on it and how it looks."""

    model_config = ConfigDict(extra="forbid")

    headline: str = Field(description="Large text on the slide (≤60 characters).")
    body: str = Field(default="", description="Smaller text on the slide (≤250 characters).")
    image_prompt: str = Field(description="What the slide shows, as a prompt for a renderer.")
    alt_text: str = Field(description="The slide described for people who cannot see it.")

    def render_text(self, number: int) -> str:
        """``SLIDE n:`` and the headline (a line of its own for each of its lines), the body,
        then ``IMAGE:`` and ``ALT:``; lines that would read as markers are escaped."""
        headline, body, prompt, alt = (
            escape_markers(text.strip(), CAROUSEL_MARKERS)
            for text in (self.headline, self.body, self.image_prompt, self.alt_text)
        )
        lines = [f"SLIDE {number}: {line}" for line in headline.split("\n")]
        lines += [body, f"IMAGE: {prompt}", f"ALT: {alt}"]
        return "\n".join(line for line in lines if line)


class InstagramCarouselDraft(Draft):
    """An Instagram carousel: 2–10 slides, a caption and hashtags."""

    channel: Literal["instagram-carousel"] = "instagram-carousel"
    slides: list[Slide] = Field(description="The slides in order (2–10).")
    caption: str = Field(description="The post caption (≤2,200 characters with hashtags).")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags without '#'.")

    def render_caption(self) -> str:
        """The caption as posted: the caption, a blank line, then its hashtags."""
        return _with_hashtags(self.caption, self.hashtags)

    def render_text(self) -> str:
        slides = "\n\n".join(
            slide.render_text(number) for number, slide in enumerate(self.slides, start=1)
        )
        caption = escape_markers(self.caption.strip(), CAROUSEL_MARKERS)
        return f"{slides}\n\nCAPTION:\n{_with_hashtags(caption, self.hashtags)}"


FEED_MARKERS = re.compile(r"\\*(?:IMAGE|ALT|CAPTION):")
"""A line of a feed post's plain text that starts with one of these (after any backslashes)
would read as a section header: ``render_text`` escapes it."""
CAROUSEL_MARKERS = re.compile(r"\\*(?:SLIDE \d+|IMAGE|ALT|CAPTION):")
"""The same for a carousel's plain text: its slide headers, image lines and caption header."""


def escape_markers(text: str, markers: re.Pattern[str]) -> str:
    """``text`` with one more backslash before each line that starts with one of a plain-text
    format's ``markers`` (after any backslashes), so it reads back as text, not as a marker;
    :func:`unescape_marker` undoes it line by line."""
    return "\n".join(f"\\{line}" if markers.match(line) else line for line in text.split("\n"))


def unescape_marker(line: str, markers: re.Pattern[str]) -> str:
    """A line of a plain-text format as it was before :func:`escape_markers`: one backslash
    fewer before a marker, every other line as it is."""
    return line[1:] if line.startswith("\\") and markers.match(line) else line


def _with_hashtags(text: str, hashtags: list[str]) -> str:
    tags = " ".join(f"#{tag.lstrip('#')}" for tag in hashtags)
    return f"{text.strip()}\n\n{tags}" if tags else text.strip()


IDENTIFIER_FIELDS = frozenset({"channel", "hook_type", "beat"})
"""Draft fields holding identifiers, never prose."""


def map_draft_text(
    data: dict[str, Any], rewrite: Callable[[str], str], *, drop_empty: bool = False
) -> dict[str, Any]:
    """A stored draft (its JSON form) with ``rewrite`` applied to every text field, at any
    depth; identifier fields stay as they are. ``drop_empty``: list items rewritten to ``""``
    are dropped."""

    def mapped(value: Any, name: str = "") -> Any:
        if isinstance(value, str):
            return value if name in IDENTIFIER_FIELDS else rewrite(value)
        if isinstance(value, list):
            items = [mapped(item) for item in value]
            return [item for item in items if item != ""] if drop_empty else items
        if isinstance(value, dict):
            return {key: mapped(item, key) for key, item in value.items()}
        return value

    result: dict[str, Any] = mapped(data)
    return result
