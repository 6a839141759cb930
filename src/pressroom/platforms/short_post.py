"""What the short text-post channels share (Threads, Mastodon, Bluesky, Facebook): the draft —
one text and its hashtags — its plain-text format, the ways they count length, and a validator
parameterised by the channel's own length measure.

Each channel module states its rules and how it counts; this module only knows how to count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import regex  # type: ignore[import-untyped]  # `\X`: extended grapheme clusters (UAX #29)
from pydantic import Field

from pressroom.platforms.drafts import Draft
from pressroom.platforms.report import Problem, ValidationReport
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.text import (
    count_words,
    hashtag_problems,
    normalize,
    plural,
    split_trailing_hashtags,
)

# A link as the networks autolink one: http(s)://, then everything up to whitespace, without
# trailing sentence punctuation (and without a closing bracket that was not opened in it).
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'’\""
_GRAPHEME = regex.compile(r"\X")

PROBLEM_CODES: tuple[str, ...] = ("empty_post", "post_too_long", "invalid_hashtag")
"""The codes every short-post validator can report; channels add their own."""


class ShortPostDraft(Draft):
    """A single text post: the text as written and hashtags listed separately (posted as a
    final line of ``#tags``). Each short-post channel's draft derives from it."""

    text: str = Field(description="The post as written, without the hashtag line.")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags without '#'.")

    def render_text(self) -> str:
        tags = " ".join(f"#{tag.lstrip('#')}" for tag in self.hashtags)
        return f"{self.text.strip()}\n\n{tags}" if tags else self.text.strip()


PostLength = Callable[[str], int]
"""A channel's length measure of the text as posted."""


def char_length(text: str) -> int:
    """Unicode characters (code points) after NFC normalisation."""
    return len(normalize(text))


def grapheme_length(text: str) -> int:
    """Extended grapheme clusters — what a reader sees as one character: a ZWJ family, a flag,
    a skin-toned hand or an ``e`` + combining accent is one."""
    return len(_GRAPHEME.findall(normalize(text)))


def url_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` string indices of every http(s) link in ``text``."""
    spans = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_URL_TRAILING)
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(_URL_TRAILING)
        spans.append((match.start(), match.start() + len(url)))
    return spans


def with_urls_as(text: str, placeholder: str) -> str:
    """``text`` with every link replaced by ``placeholder``."""
    out, last = [], 0
    for start, end in url_spans(text):
        out += [text[last:start], placeholder]
        last = end
    return "".join([*out, text[last:]])


def read_text(channel: str, text: str) -> dict[str, Any]:
    """The plain-text format: the post as written, its hashtags on a final line of their own."""
    body, tags = split_trailing_hashtags(text)
    return {"channel": channel, "text": body, "hashtags": tags}


def validate_short_post(
    draft: ShortPostDraft,
    *,
    rules: ChannelRules,
    length: PostLength,
    limit: int | None,
    counting: str,
) -> ValidationReport:
    """Check ``draft`` as posted against ``limit`` by the channel's ``length`` measure
    (``counting`` says how it counts, for the message); empty posts and malformed listed
    hashtags too. Channels add their own problems and measures to the report."""
    posted = draft.render_text()
    size = length(posted)
    hashtag_count, problems = hashtag_problems(
        body=draft.text,
        listed=draft.hashtags,
        max_hashtags=rules.max_hashtags,
        channel_name=rules.display_name,
    )
    problems = [*_empty_problems(draft, rules), *_length_problems(size, limit, counting), *problems]
    measures = {"length": size, "words": count_words(draft.text), "hashtags": hashtag_count}
    return ValidationReport(
        channel=rules.channel, valid=not problems, problems=problems, measures=measures
    )


def _empty_problems(draft: ShortPostDraft, rules: ChannelRules) -> list[Problem]:
    if draft.text.strip():
        return []
    return [
        Problem(
            code="empty_post",
            message=f"The {rules.display_name} has no text. Write the post; hashtags alone are "
            "not a post.",
            path="text",
            actual=draft.text,
        )
    ]


def _length_problems(size: int, limit: int | None, counting: str) -> list[Problem]:
    if limit is None or size <= limit:
        return []
    return [
        Problem(
            code="post_too_long",
            message=f"The post as posted (text and hashtag line) is {size:,} {counting}; the "
            f"limit is {limit:,}. Cut about {plural(size - limit, 'character')}, or drop a "
            "hashtag or a sentence.",
            path="text",
            limit=limit,
            actual=size,
        )
    ]
