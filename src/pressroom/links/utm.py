"""UTM tags on links (pure functions, no I/O).

Rules (docs/LINKS.md): only ``http``/``https`` URLs are tagged; the URL's other query
parameters (their order and spelling) and its fragment are kept; a URL that already carries
any ``utm_*`` parameter is left exactly as the person wrote it (their tagging is deliberate,
and mixing two attributions would make both wrong), so no parameter is ever duplicated."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict

from pressroom.platforms.drafts import map_draft_text

MEDIUM = "social"
"""``utm_medium`` of every link Pressroom writes: organic social posts."""


URL_IN_TEXT = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\"*"
BRACKETS = {")": "(", "]": "[", "}": "{"}


class UtmTags(BaseModel):
    """The four UTM values of one piece's links."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    medium: str
    campaign: str
    content: str

    def as_params(self) -> list[tuple[str, str]]:
        return [
            ("utm_source", self.source),
            ("utm_medium", self.medium),
            ("utm_campaign", self.campaign),
            ("utm_content", self.content),
        ]


def source_for(channel: str) -> str:
    """The platform a channel posts to, as ``utm_source``: the network, not the format (a
    reel and a carousel are both ``instagram``; ``Channel.platform``). An unknown channel is
    its name up to the first ``-``."""
    from pressroom.platforms.channels import CHANNELS

    known = CHANNELS.get(channel)
    return known.platform if known is not None else channel.split("-", 1)[0]


def campaign_for(brand_slug: str, run_date: date) -> str:
    """``utm_campaign``: the brand's slug and the run's date, ``acme-coffee-2026-03-27``:
    one campaign per brand and daily run, so analytics group a day's pieces together."""
    return f"{brand_slug}-{run_date.isoformat()}"


def tags_for(*, channel: str, brand_slug: str, run_date: date, piece_id: str) -> UtmTags:
    """The UTM tags of one piece's links, by Pressroom's conventions."""
    return UtmTags(
        source=source_for(channel),
        medium=MEDIUM,
        campaign=campaign_for(brand_slug, run_date),
        content=piece_id,
    )


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host."""
    parts = urlsplit(url)
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def with_utm(url: str, *, source: str, medium: str, campaign: str, content: str) -> str:
    """``url`` with ``utm_source``, ``utm_medium``, ``utm_campaign`` and ``utm_content``
    appended to its query. Not an http(s) URL, or already carrying a ``utm_*`` parameter:
    ``url`` unchanged."""
    if not is_web_url(url):
        return url
    parts = urlsplit(url)
    names = {name.lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
    if any(name.startswith("utm_") for name in names):
        return url
    tags = UtmTags(source=source, medium=medium, campaign=campaign, content=content)
    added = urlencode(tags.as_params())
    query = f"{parts.query}&{added}" if parts.query.strip("&") else added
    return urlunsplit(parts._replace(query=query))


def tag(url: str, tags: UtmTags) -> str:
    """:func:`with_utm` with the values of ``tags``."""
    return with_utm(
        url, source=tags.source, medium=tags.medium, campaign=tags.campaign, content=tags.content
    )


def rewrite_urls(text: str, rewrite: Callable[[str], str]) -> str:
    """``text`` with every http(s) URL in it replaced by ``rewrite(url)``. Punctuation that
    ends a sentence (``.`` ``,`` ``!`` …) and a closing bracket the URL did not open stay
    outside the URL: ``(see https://a.example/x).`` rewrites ``https://a.example/x``."""

    def replace(match: re.Match[str]) -> str:
        url, rest = split_trailing(match.group(0))
        return rewrite(url) + rest

    return URL_IN_TEXT.sub(replace, text)


def tag_text(text: str, tags: UtmTags) -> str:
    """``text`` with UTM tags on every http(s) URL in it (by :func:`with_utm`'s rules)."""
    return rewrite_urls(text, lambda url: tag(url, tags))


def tag_draft(draft: dict[str, Any], tags: UtmTags) -> dict[str, Any]:
    """A stored draft (``Piece.body``) with UTM tags on the links in every text field."""
    return rewrite_draft_urls(draft, lambda url: tag(url, tags))


def rewrite_draft_urls(draft: dict[str, Any], rewrite: Callable[[str], str]) -> dict[str, Any]:
    """A stored draft with every http(s) URL in its text fields replaced by ``rewrite(url)``."""
    return map_draft_text(draft, lambda text: rewrite_urls(text, rewrite))


def urls_in(text: str) -> list[str]:
    """Every http(s) URL in ``text``, in order, trailing punctuation excluded."""
    return [split_trailing(match.group(0))[0] for match in URL_IN_TEXT.finditer(text)]


def split_trailing(candidate: str) -> tuple[str, str]:
    """(URL, trailing text that is not part of it) of a URL-looking run of characters."""
    url = candidate
    while url and (url[-1] in TRAILING_PUNCTUATION or _unopened_bracket(url)):
        url = url[:-1]
    return url, candidate[len(url) :]


def _unopened_bracket(url: str) -> bool:
    """Whether ``url`` ends in a closing bracket it did not open (``…/Foo_(bar)`` did)."""
    last = url[-1]
    return last in BRACKETS and url.count(last) > url.count(BRACKETS[last])
