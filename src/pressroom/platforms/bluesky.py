"""Bluesky post validator and rich-text facets: at most 300 graphemes as posted (SPEC §4);
links, mentions and hashtags marked as ``app.bsky.richtext.facet`` ranges in UTF-8 bytes.

Graphemes are extended grapheme clusters (Unicode UAX #29) of the NFC-normalised post as
posted (text, blank line, hashtag line), which is how Bluesky counts: a ZWJ family, a flag
or ``e`` + combining accent is one. Links count as written.

Bluesky does not find links, mentions or tags in the text itself: the post record carries
them as facets, each a ``[byteStart, byteEnd)`` range of the UTF-8 text (AT Protocol
``app.bsky.richtext.facet``). :func:`facets` computes them the way Bluesky's own app does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import regex  # type: ignore[import-untyped]

from pressroom.platforms import short_post
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.report import Problem, ValidationReport
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.short_post import ShortPostDraft, grapheme_length, url_spans
from pressroom.platforms.text import plural

RULES = ChannelRules(
    channel="bluesky",
    display_name="Bluesky post",
    format="post",
    max_graphemes=300,
    tone="conversational",
)

MAX_TAG_GRAPHEMES = 64
"""The longest tag a ``#tag`` facet may carry (``app.bsky.richtext.facet#tag``)."""

PROBLEM_CODES: tuple[str, ...] = (*short_post.PROBLEM_CODES, "hashtag_too_long")

FacetKind = Literal["link", "mention", "tag"]
FACET_TYPE = "app.bsky.richtext.facet"

# A handle is a domain name (Bluesky's mention pattern): after the start, a space or "(".
_MENTION = re.compile(
    r"(?:^|(?<=[\s(]))@((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+"
    r"[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)"
)
# Bluesky's tag pattern: # or ＃ after the start or a space, with at least one character that
# is not a digit, a space or punctuation; trailing punctuation is not part of the tag.
_INVISIBLE = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_TAG = regex.compile(
    rf"(?:^|(?<=\s))[#＃]((?!\ufe0f)[^\s{_INVISIBLE}]*[^\d\s\p{{P}}{_INVISIBLE}]+[^\s{_INVISIBLE}]*)"
)
_TRAILING_PUNCTUATION = regex.compile(r"\p{P}+$")


@dataclass(frozen=True)
class Facet:
    """One rich-text facet: a ``[byte_start, byte_end)`` range of the post's UTF-8 bytes and
    what it is — a link (``value`` is the URI), a mention (the handle, without ``@``) or a
    tag (without ``#``)."""

    byte_start: int
    byte_end: int
    kind: FacetKind
    value: str

    def as_record(self, did: str = "") -> dict[str, Any]:
        """The facet as the AT Protocol record carries it. A mention needs the account's DID
        (resolved from the handle when publishing)."""
        feature: dict[str, Any] = {"$type": f"{FACET_TYPE}#{self.kind}"}
        if self.kind == "link":
            feature["uri"] = self.value
        elif self.kind == "mention":
            feature["did"] = did
        else:
            feature["tag"] = self.value
        return {
            "index": {"byteStart": self.byte_start, "byteEnd": self.byte_end},
            "features": [feature],
        }


class BlueskyPostDraft(ShortPostDraft):
    """A Bluesky post: the text and its hashtags, at most 300 graphemes together."""

    channel: Literal["bluesky"] = "bluesky"

    def facets(self) -> list[Facet]:
        """The facets of the post as posted (:meth:`render_text`)."""
        return facets(self.render_text())

    def record(self, dids: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The ``app.bsky.feed.post`` text and facets to publish. ``dids`` maps handles to
        DIDs; a mention whose handle is not in it stays plain text, as in Bluesky's app."""
        dids = dids or {}
        text = self.render_text()
        found = [f for f in facets(text) if f.kind != "mention" or f.value in dids]
        wrong = facet_problems(text, found)
        if wrong:  # facets are computed from the text: this is a bug, never a writer's mistake
            raise ValueError("; ".join(problem.message for problem in wrong))
        return {
            "$type": "app.bsky.feed.post",
            "text": self.render_text(),
            "facets": [f.as_record(dids.get(f.value, "")) for f in found],
        }


def post_length(text: str) -> int:
    """The length Bluesky charges for ``text``: graphemes after NFC normalisation."""
    return grapheme_length(text)


def facets(text: str) -> list[Facet]:
    """Link, mention and tag facets of ``text``, in order, with UTF-8 byte offsets. Tags
    longer than Bluesky allows get no facet (the validator reports them)."""
    links: list[tuple[int, int, FacetKind, str]] = [
        (start, end, "link", text[start:end]) for start, end in url_spans(text)
    ]
    others: list[tuple[int, int, FacetKind, str]] = [
        *((m.start(), m.end(), "mention", m.group(1)) for m in _MENTION.finditer(text)),
        *_tag_spans(text),
    ]
    # What looks like a mention or a tag inside a link is part of the link.
    found: list[tuple[int, int, FacetKind, str]] = [
        *links,
        *(o for o in others if not any(o[0] < end and start < o[1] for start, end, *_ in links)),
    ]
    return [
        Facet(_byte_offset(text, start), _byte_offset(text, end), kind, value)
        for start, end, kind, value in sorted(found)
        if kind != "tag" or grapheme_length(value) <= MAX_TAG_GRAPHEMES
    ]


def _tag_spans(text: str) -> list[tuple[int, int, FacetKind, str]]:
    spans: list[tuple[int, int, FacetKind, str]] = []
    for match in _TAG.finditer(text):
        tag = _TRAILING_PUNCTUATION.sub("", match.group(1))
        spans.append((match.start(), match.start(1) + len(tag), "tag", tag))
    return spans


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def facet_problems(text: str, found: list[Facet]) -> list[Problem]:
    """Facets that do not mark what they claim in ``text``: a range outside the text, off a
    character boundary, overlapping another, or whose bytes are not its link, ``@handle`` or
    ``#tag``."""
    data, problems, end = text.encode("utf-8"), [], 0
    for index, facet in enumerate(found):
        expected = {"link": facet.value, "mention": f"@{facet.value}", "tag": f"#{facet.value}"}
        try:
            marked = data[facet.byte_start : facet.byte_end].decode("utf-8")
        except UnicodeDecodeError:
            marked = None
        ok = facet.byte_start >= end and facet.byte_end <= len(data)
        if not ok or marked is None or marked.replace("＃", "#") != expected[facet.kind]:
            problems.append(
                Problem(
                    code="invalid_facet",
                    message=f"Facet {index + 1} ({facet.kind}, bytes {facet.byte_start}–"
                    f"{facet.byte_end}) does not mark '{expected[facet.kind]}' in the post. "
                    "Recompute the facets from the text as posted.",
                    path=f"facets[{index}]",
                    actual=marked,
                )
            )
        end = max(end, facet.byte_end)
    return problems


def validate_post(draft: BlueskyPostDraft, *, rules: ChannelRules = RULES) -> ValidationReport:
    """Check a Bluesky post against ``rules``; every problem is reported."""
    report = short_post.validate_short_post(
        draft,
        rules=rules,
        length=post_length,
        limit=rules.max_graphemes,
        counting="graphemes (characters as Bluesky counts them: an emoji is one)",
    )
    posted = draft.render_text()
    found = facets(posted)
    report.problems.extend(_long_tag_problems(posted))
    report.valid = not report.problems
    report.measures["facets"] = len(found)
    return report


def _long_tag_problems(text: str) -> list[Problem]:
    return [
        Problem(
            code="hashtag_too_long",
            message=f"The hashtag '#{tag}' is {plural(size, 'grapheme')}; Bluesky links tags "
            f"of at most {MAX_TAG_GRAPHEMES}. Shorten it or drop it.",
            path="text",
            limit=MAX_TAG_GRAPHEMES,
            actual=size,
        )
        for _, _, _, tag in _tag_spans(text)
        if (size := grapheme_length(tag)) > MAX_TAG_GRAPHEMES
    ]


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: the post, with its hashtags on the last line."""
    return short_post.read_text("bluesky", text)


CHANNEL = Channel(
    rules=RULES,
    draft=BlueskyPostDraft,
    check=lambda draft, rules, _wps: validate_post(draft, rules=rules),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("09:00", "13:00", "18:00"),
    hashtag_norm=HashtagNorm(fewest=1, most=2, longest=20),
    platform="bluesky",
    aliases=("bsky",),
    scored_like="x",
)
