"""What Pressroom knows about one channel, in one place: its rules (data), its draft model,
its validator and problem codes, its plain-text draft format, and its default posting times.

Each channel is one module of this package that defines ``CHANNEL``; the registry
(:mod:`pressroom.platforms.channels`) lists them. How to add one: ``docs/CHANNELS.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pressroom.media.spec import MediaPlan
from pressroom.platforms.drafts import Draft
from pressroom.platforms.report import ValidationReport
from pressroom.platforms.rules import ChannelRules

Check = Callable[[Any, ChannelRules, float], ValidationReport]
"""A validator: (the channel's draft, its rules, words per second) → report."""


@dataclass(frozen=True)
class HashtagNorm:
    """What works on a channel beyond its hard limit: how many hashtags (``fewest`` to
    ``most``) and how long one may be before it reads as noise (``longest``, characters)."""

    fewest: int
    most: int
    longest: int


@dataclass(frozen=True)
class Channel:
    rules: ChannelRules
    draft: type[Draft]
    """The draft model its writers produce (``channel`` is its discriminator)."""
    check: Check
    problem_codes: tuple[str, ...]
    """Every code ``check`` can report (besides ``invalid_draft``)."""
    read_text: Callable[[str], dict[str, Any]]
    """Reads the channel's plain-text draft format (``pressroom check``) into draft fields."""
    posting_slots: tuple[str, ...]
    """Default posting times, brand-local HH:MM (a brand's ``posting_slots`` override them)."""
    platform: str
    """The network it posts to (``linkedin``, ``x``, ``instagram``): UTM source, analytics."""
    aliases: tuple[str, ...] = ()
    """Other names analytics exports use for it."""
    hashtag_norm: HashtagNorm = HashtagNorm(fewest=1, most=3, longest=20)
    """How many hashtags work there (``pressroom.links.hashtags`` ranks and caps by it)."""
    media: MediaPlan | None = None
    """The media its pieces need rendered (cover, slides, video); ``None``: text only."""
    scored_like: str = ""
    """The channel whose scoring norms (readability band, engagement benchmark, hook lift)
    it borrows until ``scoring/rules.py`` states its own; empty when it has its own."""

    @property
    def name(self) -> str:
        return self.rules.channel
