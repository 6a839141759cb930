"""Facebook page post validator: at most 63,206 characters (SPEC §4), and a measure of how the
post sits against the recommended 40–80 words.

The recommendation is advice, not a rule: a post outside it is still valid; the report's
``recommended_words`` and ``within_recommended_words`` measures say where it sits, and the
built-in writer aims inside it. Characters are counted like Threads: code points after NFC
normalisation, over the post as posted (text, blank line, hashtag line).
"""

from __future__ import annotations

from typing import Any, Literal

from pressroom.platforms import short_post
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.report import ValidationReport
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.short_post import ShortPostDraft, char_length

RULES = ChannelRules(
    channel="facebook",
    display_name="Facebook page post",
    format="page post",
    max_chars=63_206,
    recommended_words=(40, 80),
    tone="friendly",
)

PROBLEM_CODES: tuple[str, ...] = short_post.PROBLEM_CODES


class FacebookPostDraft(ShortPostDraft):
    """A Facebook page post: the text and its hashtags (40–80 words read best)."""

    channel: Literal["facebook"] = "facebook"


def post_length(text: str) -> int:
    """The length Facebook charges for ``text``: characters after NFC normalisation."""
    return char_length(text)


def validate_post(draft: FacebookPostDraft, *, rules: ChannelRules = RULES) -> ValidationReport:
    """Check a Facebook page post against ``rules``; every problem is reported, and the word
    count is compared with the recommended range (a measure, never a problem)."""
    report = short_post.validate_short_post(
        draft, rules=rules, length=post_length, limit=rules.max_chars, counting="characters"
    )
    if rules.recommended_words is not None:
        low, high = rules.recommended_words
        report.measures["recommended_words"] = [low, high]
        report.measures["within_recommended_words"] = low <= report.measures["words"] <= high
    return report


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: the post, with its hashtags on the last line."""
    return short_post.read_text("facebook", text)


CHANNEL = Channel(
    rules=RULES,
    draft=FacebookPostDraft,
    check=lambda draft, rules, _wps: validate_post(draft, rules=rules),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("09:00", "13:00", "19:30"),
    hashtag_norm=HashtagNorm(fewest=1, most=2, longest=20),
    platform="facebook",
    aliases=("fb",),
    scored_like="linkedin",
)
