"""Platform rules (SPEC §4), kept as data in one place. Validators read these numbers; nothing
else hard-codes a platform limit."""

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
    tone: str = ""


LINKEDIN = ChannelRules(
    channel="linkedin",
    display_name="LinkedIn post",
    format="post",
    min_words=150,
    max_words=300,
    min_paragraph_breaks=1,
    max_hashtags=5,
    tone="professional",
)

X = ChannelRules(
    channel="x",
    display_name="X thread",
    format="thread",
    max_weighted_length=280,
    thread_min_posts=1,
    thread_max_posts=5,
    tone="conversational",
)

INSTAGRAM_REEL = ChannelRules(
    channel="instagram-reel",
    display_name="Instagram reel script",
    format="reel",
    min_spoken_seconds=15,
    max_spoken_seconds=60,
    hook_seconds=(3, 5),
    cta_seconds=(5, 10),
    caption_max_chars=2200,
    max_hashtags=30,
    min_scenes=3,
    tone="energetic",
)

CHANNEL_RULES: dict[str, ChannelRules] = {
    rules.channel: rules for rules in (LINKEDIN, X, INSTAGRAM_REEL)
}

DEFAULT_WORDS_PER_SECOND = 2.5
