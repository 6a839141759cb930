"""Platform rules (SPEC §4) as data: the limits a channel's validator enforces. Each channel's
module states its own (``linkedin.RULES`` …); nothing else hard-codes a platform limit."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ChannelRules(BaseModel):
    """The limits one channel's validator enforces. ``None`` means no limit."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channel: str
    display_name: str
    format: str
    min_words: int | None = None
    max_words: int | None = None
    min_paragraph_breaks: int | None = None
    max_hashtags: int | None = None
    max_weighted_length: int | None = None
    thread_min_posts: int | None = None
    thread_max_posts: int | None = None
    min_spoken_seconds: float | None = None
    max_spoken_seconds: float | None = None
    hook_seconds: tuple[float, float] | None = None
    cta_seconds: tuple[float, float] | None = None
    caption_max_chars: int | None = None
    min_scenes: int | None = None
    scene_seconds_tolerance: float | None = None
    """How far the scenes' planned total may stray from the spoken time; ``None``: the total
    is not checked."""
    title_max_chars: int | None = None
    description_max_chars: int | None = None
    min_slides: int | None = None
    max_slides: int | None = None
    slide_headline_max_chars: int | None = None
    slide_body_max_chars: int | None = None
    alt_text_max_chars: int | None = None
    max_chars: int | None = None
    max_graphemes: int | None = None
    url_length: int | None = None
    recommended_words: tuple[int, int] | None = None
    tone: str = ""


DEFAULT_WORDS_PER_SECOND = 2.5
