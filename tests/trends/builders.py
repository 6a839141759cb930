"""Small feed documents for tests: RSS 2.0, RSS 1.0 and Atom, built from plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Item:
    title: str
    link: str = ""
    summary: str = ""
    guid: str = ""
    published: datetime | None = None
    categories: tuple[str, ...] = ()


def rss(items: list[Item], *, title: str = "Test feed") -> bytes:
    """An RSS 2.0 document."""
    body = "".join(_rss_item(item) for item in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example/</link>"
        f"<description>test</description>\n{body}</channel></rss>\n"
    ).encode()


def _rss_item(item: Item) -> str:
    parts = [f"<title>{escape(item.title)}</title>" if item.title else ""]
    if item.link:
        parts.append(f"<link>{escape(item.link)}</link>")
    if item.guid:
        parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
    if item.summary:
        parts.append(f"<description>{escape(item.summary)}</description>")
    if item.published:
        parts.append(f"<pubDate>{format_datetime(item.published, usegmt=True)}</pubDate>")
    parts.extend(f"<category>{escape(c)}</category>" for c in item.categories)
    return "<item>" + "".join(parts) + "</item>\n"


def atom(items: list[Item], *, title: str = "Test Atom feed") -> bytes:
    """An Atom 1.0 document."""
    entries = "".join(
        "<entry>"
        + (f"<title>{escape(item.title)}</title>" if item.title else "")
        + (f'<link href="{escape(item.link)}"/>' if item.link else "")
        + f"<id>{escape(item.guid or 'urn:x:' + item.title)}</id>"
        + (f"<updated>{item.published.isoformat()}</updated>" if item.published else "")
        + (f"<summary>{escape(item.summary)}</summary>" if item.summary else "")
        + "</entry>\n"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(title)}</title>'
        "<id>urn:test:feed</id><updated>2026-11-20T00:00:00Z</updated>\n"
        f"{entries}</feed>\n"
    ).encode()


def rss10(items: list[Item]) -> bytes:
    """An RSS 1.0 (RDF) document."""
    entries = "".join(
        f'<item rdf:about="{escape(item.link)}"><title>{escape(item.title)}</title>'
        f"<link>{escape(item.link)}</link><description>{escape(item.summary)}</description>"
        "</item>\n"
        for item in items
    )
    return (
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/">'
        '<channel rdf:about="https://news.example/"><title>RDF feed</title>'
        "<link>https://news.example/</link><description>t</description></channel>\n"
        f"{entries}</rdf:RDF>\n"
    ).encode()
