"""Mastodon status validator: at most 500 characters as Mastodon counts them (SPEC §4).

Mastodon's own rule (its ``StatusLengthValidator``): characters are grapheme clusters of the
text after NFC normalisation; every http(s) link counts 23 however long it is; a mention of an
account on another server, ``@user@domain``, counts only ``@user``. The status is counted as
posted — the text, a blank line and its hashtag line.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pressroom.platforms import short_post
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.report import ValidationReport
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.short_post import ShortPostDraft, grapheme_length, with_urls_as

RULES = ChannelRules(
    channel="mastodon",
    display_name="Mastodon status",
    format="status",
    max_chars=500,
    url_length=23,
    tone="conversational",
)

PROBLEM_CODES: tuple[str, ...] = short_post.PROBLEM_CODES

# Mastodon's MENTION_RE: a local username, optionally followed by @ and the account's domain
# (not after a word character, "=" or "/", so e-mail addresses and URLs are not mentions).
_MENTION = re.compile(r"(?<![=/\w])@(\w+(?:[\w.-]+\w)?)(?:@[\w.-]+\w)?")


class MastodonStatusDraft(ShortPostDraft):
    """A Mastodon status: the text and its hashtags, at most 500 characters together."""

    channel: Literal["mastodon"] = "mastodon"


def status_length(text: str, *, url_length: int | None = None) -> int:
    """The length Mastodon charges for ``text``: graphemes, links as ``url_length`` (23 by
    default) and remote mentions as their username only."""
    counted = with_urls_as(text, "x" * (url_length or RULES.url_length or 0))
    counted = _MENTION.sub(lambda match: f"@{match.group(1)}", counted)
    return grapheme_length(counted)


def validate_status(draft: MastodonStatusDraft, *, rules: ChannelRules = RULES) -> ValidationReport:
    """Check a Mastodon status against ``rules``; every problem is reported."""
    return short_post.validate_short_post(
        draft,
        rules=rules,
        length=lambda text: status_length(text, url_length=rules.url_length),
        limit=rules.max_chars,
        counting=f"characters as Mastodon counts them (links count {rules.url_length}, "
        "@user@server counts as @user)",
    )


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: the status, with its hashtags on the last line."""
    return short_post.read_text("mastodon", text)


CHANNEL = Channel(
    rules=RULES,
    draft=MastodonStatusDraft,
    check=lambda draft, rules, _wps: validate_status(draft, rules=rules),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("09:00", "14:00", "20:00"),
    hashtag_norm=HashtagNorm(fewest=1, most=3, longest=25),
    platform="mastodon",
    scored_like="x",
)
