"""The draft each channel's writer produces and its validator checks. A piece stores its draft
as JSON (``Piece.body``); ``render_text`` gives what would be posted. Drafts of every channel
are parsed through the registry (``pressroom.platforms.channels.parse_draft``)."""

from __future__ import annotations

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


class Draft(BaseModel):
    """What a channel's writer produces; each channel's draft model derives from it and
    names its channel in ``channel``."""

    model_config = ConfigDict(extra="forbid")

    channel: str
    hook_type: HookType = Field(description="How the piece opens.")

    def render_text(self) -> str:
        """The piece as a person reads it (and as it is stored in ``Piece.text``)."""
        raise NotImplementedError


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


class ReelScriptDraft(Draft):
    """An Instagram reel: spoken hook, value and call to action, scenes, and a caption."""

    channel: Literal["instagram-reel"] = "instagram-reel"
    hook: str = Field(description="Spoken opening (3–5 s).")
    value: str = Field(description="Spoken main content.")
    cta: str = Field(description="Spoken call to action (5–10 s).")
    scenes: list[Scene] = Field(description="Scene suggestions with visuals and voiceover.")
    caption: str = Field(description="The post caption (≤2,200 characters).")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags without '#'.")

    def spoken_text(self) -> str:
        return " ".join(part.strip() for part in (self.hook, self.value, self.cta))

    def render_caption(self) -> str:
        tags = " ".join(f"#{tag.lstrip('#')}" for tag in self.hashtags)
        return f"{self.caption.strip()}\n\n{tags}" if tags else self.caption.strip()

    def render_text(self) -> str:
        scenes = "\n".join(
            f"[{scene.beat} · {scene.duration_seconds:g}s] {scene.visual_prompt}"
            for scene in self.scenes
        )
        return (
            f"HOOK: {self.hook.strip()}\n\nVALUE: {self.value.strip()}\n\n"
            f"CTA: {self.cta.strip()}\n\nSCENES:\n{scenes}\n\nCAPTION:\n{self.render_caption()}"
        )
