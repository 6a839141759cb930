"""Hashtags ranked per channel (pure, deterministic): brand-approved first, then relevance to
the piece, then the channel's norms; never more than the channel allows.

The score of a tag is ``2`` when the brand approved it, plus its relevance (0–1: the share of
the tag's letters covered by words of the piece), plus ``0.1`` when its length fits the
channel's norm — so an approved tag always outranks any other. Ties go to the tag in
alphabetical order. How many are kept: the channel's hard limit (``max_hashtags`` in its
``ChannelRules``) and its norm (``Channel.hashtag_norm``), whichever is lower. A tag that
is neither approved nor found in the piece is kept only to reach the norm's fewest."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from pressroom.links.schemas import RankedHashtag
from pressroom.platforms.channel import HashtagNorm
from pressroom.platforms.channels import channel_named, rules_for

APPROVED_WEIGHT = 2.0
NORM_FIT_WEIGHT = 0.1
MIN_WORD_LENGTH = 3
"""Words shorter than this ("a", "of", "to") say nothing about a tag and would match inside
almost any one."""
NOT_A_TAG_CHARACTER = re.compile(r"[^\w]", re.UNICODE)
WORD = re.compile(r"\w+", re.UNICODE)


def norm_of(channel: str) -> HashtagNorm:
    """The channel's hashtag norm (its registry entry, ``Channel.hashtag_norm``; docs/LINKS.md);
    an unknown channel is ``UNKNOWN_CHANNEL``."""
    return channel_named(channel).hashtag_norm


def normalise(tag: str) -> str:
    """A tag as stored: no ``#``, only letters, digits and ``_`` (NFC); empty when nothing
    is left or only digits are (platforms do not link an all-digit tag)."""
    cleaned = NOT_A_TAG_CHARACTER.sub("", unicodedata.normalize("NFC", tag))
    return "" if cleaned.isdigit() else cleaned


def unique_tags(tags: Iterable[str]) -> list[str]:
    """Normalised tags, first spelling kept, without case-insensitive duplicates."""
    seen: set[str] = set()
    kept: list[str] = []
    for raw in tags:
        tag = normalise(raw)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return kept


def relevance(tag: str, words: set[str]) -> float:
    """The share of ``tag``'s letters covered by ``words`` of the piece (≥ 3 letters), so
    compound tags count: ``specialtycoffee`` is fully covered by "specialty" and "coffee"."""
    folded = tag.casefold()
    covered = [False] * len(folded)
    for word in words:
        start = folded.find(word)
        while start != -1:
            covered[start : start + len(word)] = [True] * len(word)
            start = folded.find(word, start + 1)
    return round(sum(covered) / len(folded), 3)


def limit_for(channel: str) -> int:
    """How many tags ``channel`` gets: its hard limit and its norm, whichever is lower."""
    rules = rules_for(channel)  # an unknown channel: UNKNOWN_CHANNEL
    most = norm_of(channel).most
    return most if rules.max_hashtags is None else min(most, rules.max_hashtags)


def rank_hashtags(
    *, candidates: Sequence[str], brand_approved: Sequence[str], text: str, channel: str
) -> list[RankedHashtag]:
    """The hashtags for a piece of ``channel``, best first, at most :func:`limit_for` it.
    ``candidates`` are the writer's suggestions; the brand's approved tags are candidates
    too. An unknown channel is ``UNKNOWN_CHANNEL``."""
    limit = limit_for(channel)
    norm = norm_of(channel)
    approved = {tag.casefold() for tag in unique_tags(brand_approved)}
    words = {w.casefold() for w in WORD.findall(text) if len(w) >= MIN_WORD_LENGTH}
    chosen: list[RankedHashtag] = []
    fillers: list[RankedHashtag] = []
    for tag in unique_tags([*brand_approved, *candidates]):
        is_approved, share = tag.casefold() in approved, relevance(tag, words)
        ranked = _ranked(tag, approved=is_approved, share=share, norm=norm)
        (chosen if is_approved or share > 0 else fillers).append(ranked)
    chosen.sort(key=_order)
    fillers.sort(key=_order)
    return (chosen + fillers[: max(0, norm.fewest - len(chosen))])[:limit]


def _order(ranked: RankedHashtag) -> tuple[float, str]:
    return (-ranked.score, ranked.tag.casefold())


def _ranked(tag: str, *, approved: bool, share: float, norm: HashtagNorm) -> RankedHashtag:
    fits = len(tag) <= norm.longest
    score = APPROVED_WEIGHT * approved + share + NORM_FIT_WEIGHT * fits
    reasons = [
        "brand-approved" if approved else "",
        f"{share:.0%} of the tag is in the piece" if share else "not found in the piece",
        f"fits the channel's length norm (≤{norm.longest})"
        if fits
        else f"longer than the channel's norm (>{norm.longest})",
    ]
    return RankedHashtag(
        tag=tag, score=round(score, 3), reason="; ".join(reason for reason in reasons if reason)
    )


def rank_draft_hashtags(
    draft: dict[str, Any], *, brand_approved: Sequence[str], channel: str
) -> dict[str, Any]:
    """A stored draft with its own ``hashtags`` ranked for ``channel``: those the brand approved
    first, then those the draft's text is about; never a tag the writer did not choose, never
    more than the draft had (a writer that chose few, as the brand's habit asks, keeps few)
    nor more than the channel's norm. A draft without a hashtag list is returned as it is."""
    listed = draft.get("hashtags")
    if not isinstance(listed, list) or not listed:
        return draft
    chosen = {str(tag).casefold() for tag in listed}
    approved = [tag for tag in unique_tags(brand_approved) if tag.casefold() in chosen]
    text = " ".join(
        str(value) for key, value in draft.items() if key != "hashtags" and isinstance(value, str)
    )
    ranked = rank_hashtags(
        candidates=[str(tag) for tag in listed],
        brand_approved=approved,
        text=text,
        channel=channel,
    )
    return {**draft, "hashtags": [item.tag for item in ranked][: len(listed)]}
