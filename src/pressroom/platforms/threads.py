"""Threads post validator: at most 500 characters as posted (SPEC §4).

Characters are Unicode code points after NFC normalisation, counted over the post as posted —
the text, a blank line and its hashtag line. Meta documents the limit in characters without
saying how emoji count, so this is the cautious reading: an emoji made of several code points
(a ZWJ family, a flag) counts each of them, and links count as written.
"""

from __future__ import annotations

from typing import Any, Literal

from pressroom.platforms import short_post
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.report import ValidationReport
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.short_post import ShortPostDraft, char_length

RULES = ChannelRules(
    channel="threads",
    display_name="Threads post",
    format="post",
    max_chars=500,
    tone="conversational",
)

PROBLEM_CODES: tuple[str, ...] = short_post.PROBLEM_CODES


class ThreadsPostDraft(ShortPostDraft):
    """A Threads post: the text and its hashtags, at most 500 characters together."""

    channel: Literal["threads"] = "threads"


def post_length(text: str) -> int:
    """The length Threads charges for ``text``: characters after NFC normalisation."""
    return char_length(text)


def validate_post(draft: ThreadsPostDraft, *, rules: ChannelRules = RULES) -> ValidationReport:
    """Check a Threads post against ``rules``; every problem is reported."""
    return short_post.validate_short_post(
        draft,
        rules=rules,
        length=post_length,
        limit=rules.max_chars,
        counting="characters",
    )


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: the post, with its hashtags on the last line."""
    return short_post.read_text("threads", text)


CHANNEL = Channel(
    rules=RULES,
    draft=ThreadsPostDraft,
    check=lambda draft, rules, _wps: validate_post(draft, rules=rules),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("08:00", "12:30", "19:00"),
    hashtag_norm=HashtagNorm(fewest=1, most=1, longest=30),
    platform="threads",
    scored_like="x",
)
