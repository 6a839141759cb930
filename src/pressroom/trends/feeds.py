"""Read one RSS/Atom feed from a file or an http(s) URL, safely.

We fetch the bytes ourselves (``httpx`` for URLs, a capped read for files) so that the size
cap and the timeout hold, and hand ``feedparser`` bytes only: it never fetches anything.
Before that, a strict SAX pass through ``defusedxml`` rejects entity declarations, so an
entity-expansion bomb costs nothing. Documents that are not well-formed still go to
``feedparser``'s lenient parser: feeds in the wild often are slightly broken, and a feed that
yields titled items is accepted with a warning.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import ipaddress
import socket
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_external_ges, feature_external_pes

import feedparser
import httpx
from defusedxml.common import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from pressroom.config import Settings
from pressroom.errors import InvalidInputError
from pressroom.trends.errors import (
    FeedEmptyError,
    FeedMalformedError,
    FeedTooLargeError,
    FeedUnreachableError,
)

ENTRY_KEY_MAX = 200
LINK_MAX = 2000
_PIECE = 256 * 1024
_HEADERS = {
    "User-Agent": "Pressroom feed reader",
    # Only encodings we inflate ourselves, under the size cap.
    "Accept-Encoding": "gzip, deflate",
    "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5",
}
# 408 Request Timeout, 425 Too Early, 429 Too Many Requests: the server asks us to come back.
_RETRYABLE_STATUSES = frozenset({408, 425, 429})


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One titled item of a feed, in plain text, with the parser's view of it in ``raw``."""

    entry_key: str
    title: str
    summary: str
    link: str
    published_at: datetime | None
    raw: dict[str, Any] = field(repr=False)


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its titled items, how many untitled ones were skipped, and a warning
    when the document was not well-formed but still yielded items."""

    location: str
    title: str
    format: str
    entries: tuple[FeedEntry, ...]
    skipped_untitled: int = 0
    warning: str | None = None


def is_url(location: str) -> bool:
    """Whether ``location`` is an http(s) URL (anything else is read as a file)."""
    return urlparse(location).scheme.lower() in {"http", "https"}


LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa")


def is_private_host(host: str) -> bool:
    """Whether ``host`` (a URL's host) names this machine or a private network: loopback,
    private, link-local, shared or reserved addresses in any spelling the URL parser and
    the resolver accept, and local-only names. Names that resolve to such addresses through
    DNS are not caught here."""
    name = host.strip("[]").rstrip(".").lower()
    if name == LOCAL_NAMES[0] or name.endswith(LOCAL_NAMES[1:]):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        try:
            # 127.1, 0x7f.0.0.1, 2130706433: what inet_aton (and so the resolver) accepts.
            address = ipaddress.ip_address(socket.inet_aton(name))
        except OSError:
            return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global


def normalize_location(location: str) -> str:
    """The canonical form of a feed location: URLs as given, ``file://`` URLs and relative
    paths as absolute paths. Other schemes are refused with ``INVALID_INPUT``."""
    text = location.strip()
    if not text:
        raise InvalidInputError("a feed location is empty", hint="Give a feed URL or file path.")
    if is_url(text):
        return text
    scheme = urlparse(text).scheme.lower()
    if scheme == "file":
        return str(Path(url2pathname(unquote(urlparse(text).path))).resolve())
    # One letter is a Windows drive (C:\feeds\x.xml), not a scheme.
    if len(scheme) > 1:
        raise InvalidInputError(
            f"unsupported feed location {text!r}",
            hint="Use an http(s) URL, a file:// URL or a path to an RSS/Atom file.",
        )
    return str(Path(text).expanduser().resolve())


def read_feed(location: str, *, settings: Settings) -> Feed:
    """Fetch and parse the feed at ``location`` (URL or path), within the configured size cap
    (``feed_max_bytes``) and timeout (``feed_timeout_seconds``)."""
    data = fetch_feed_bytes(
        location, max_bytes=settings.feed_max_bytes, timeout=settings.feed_timeout_seconds
    )
    return parse_feed(data, location=location)


def fetch_feed_bytes(location: str, *, max_bytes: int, timeout: float) -> bytes:
    """The raw bytes of a feed, never more than ``max_bytes`` read into memory."""
    if is_url(location):
        return _read_url(location, max_bytes=max_bytes, timeout=timeout)
    return _read_file(Path(normalize_location(location)), location=location, max_bytes=max_bytes)


def _too_large(location: str, max_bytes: int, size: int | None = None) -> FeedTooLargeError:
    seen = f" ({size:,} bytes)" if size is not None else ""
    return FeedTooLargeError(
        f"feed {location} is larger than the {max_bytes:,}-byte limit{seen}",
        hint="Raise PRESSROOM_FEED_MAX_BYTES if you trust this feed, or use a smaller feed.",
        details={"location": location, "max_bytes": max_bytes, "size": size},
    )


def _read_file(path: Path, *, location: str, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise FeedUnreachableError(
                f"feed path {location} is a folder", hint="Point at the feed file itself."
            )
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(location, max_bytes, size)
        with path.open("rb") as handle:
            # Read one byte past the cap: the file may have grown since stat() or be a pipe.
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise FeedUnreachableError(
            f"no feed file at {location}", hint="Check the path, or register the right one."
        ) from exc
    except PermissionError as exc:
        raise FeedUnreachableError(
            f"feed file {location} is not readable: {exc.strerror}",
            hint="Give the Pressroom process read access to the file.",
        ) from exc
    except OSError as exc:
        raise FeedUnreachableError(
            f"feed file {location} could not be read: {exc.strerror or exc}",
            hint="Check the path and the disk.",
        ) from exc
    if len(data) > max_bytes:
        raise _too_large(location, max_bytes)
    return data


def _read_url(url: str, *, max_bytes: int, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, headers=_HEADERS) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise _status_error(url, response.status_code)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _too_large(url, max_bytes, int(declared))
            return _read_capped(
                _decoded(response),
                url=url,
                max_bytes=max_bytes,
                deadline=deadline,
                timeout=timeout,
            )
    except httpx.TimeoutException as exc:
        raise _timed_out(url, timeout) from exc
    except httpx.TooManyRedirects as exc:
        raise FeedUnreachableError(
            f"too many redirects fetching {url}", hint="Use the feed's final URL."
        ) from exc
    except httpx.UnsupportedProtocol as exc:
        raise FeedUnreachableError(
            f"{url} redirected to an unsupported address: {exc}", hint="Use the final feed URL."
        ) from exc
    except httpx.TransportError as exc:
        raise FeedUnreachableError(
            f"could not connect to {url}: {exc}",
            hint="Check the URL, your network and that the server is up; the next run retries.",
            retryable=True,
        ) from exc
    except httpx.InvalidURL as exc:
        raise FeedUnreachableError(
            f"{url} is not a valid URL: {exc}", hint="Fix the feed URL."
        ) from exc


def _decoded(response: httpx.Response) -> Iterator[bytes]:
    """The body, decompressed piece by piece: each step yields at most ``_PIECE`` bytes, so a
    small compressed body that inflates to gigabytes (a "zip bomb") meets the size cap
    before it meets memory. httpx's own decoding inflates a whole network read at once."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in {"", "identity"}:
        yield from response.iter_raw()
        return
    if encoding not in {"gzip", "x-gzip", "deflate"}:
        raise FeedMalformedError(
            f"{response.url} is sent with unsupported content encoding {encoding!r}",
            hint="Feeds are read plain, gzip- or deflate-compressed.",
        )
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 32)  # gzip or zlib header
    try:
        for chunk in response.iter_raw():
            data = chunk
            while data:
                yield inflater.decompress(data, _PIECE)
                data = inflater.unconsumed_tail
        yield inflater.flush()
    except zlib.error as exc:
        raise FeedMalformedError(
            f"{response.url} sent a corrupt {encoding} body: {exc}",
            hint="The server compresses the feed wrongly; ask its publisher or retry later.",
        ) from exc


def _read_capped(
    chunks: Iterator[bytes], *, url: str, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    body = bytearray()
    for chunk in chunks:
        body.extend(chunk)
        if len(body) > max_bytes:
            raise _too_large(url, max_bytes)
        # httpx's timeout bounds each read; a server that trickles bytes is bounded here.
        if time.monotonic() > deadline:
            raise _timed_out(url, timeout)
    return bytes(body)


def _timed_out(url: str, timeout: float) -> FeedUnreachableError:
    return FeedUnreachableError(
        f"timed out after {timeout:g} s fetching {url}",
        hint="The server is slow or down; the next run retries. "
        "Raise PRESSROOM_FEED_TIMEOUT_SECONDS for slow feeds.",
        retryable=True,
    )


def _status_error(url: str, status: int) -> FeedUnreachableError:
    retryable = status >= 500 or status in _RETRYABLE_STATUSES
    hint = (
        "The server has a problem or asks us to slow down; the next run retries."
        if retryable
        else "Check the feed URL (the server refused it or it does not exist)."
    )
    return FeedUnreachableError(
        f"{url} answered HTTP {status}",
        hint=hint,
        retryable=retryable,
        details={"location": url, "http_status": status},
    )


def parse_feed(data: bytes, *, location: str) -> Feed:
    """Parse feed bytes (RSS 0.9x/1.0/2.0, Atom) into titled entries.

    Raises ``FEED_MALFORMED`` for unsafe XML, non-XML, non-feeds and broken documents that
    yield no titled item, and ``FEED_EMPTY`` for a valid feed without items.
    """
    strict_problem = _strict_xml_problem(data, location=location)
    headers = {"content-location": location} if is_url(location) else {}
    parsed = feedparser.parse(data, response_headers=headers)
    entries, skipped = _titled_entries(parsed.entries)
    version = str(parsed.get("version") or "")
    problem = strict_problem or _bozo_message(parsed)
    if not entries:
        _raise_for_no_entries(location, version=version, problem=problem, skipped=skipped)
    return Feed(
        location=location,
        title=_plain_text(str(parsed.feed.get("title", ""))),
        format=version,
        entries=tuple(entries),
        skipped_untitled=skipped,
        warning=problem,
    )


def _raise_for_no_entries(
    location: str, *, version: str, problem: str | None, skipped: int
) -> None:
    if problem is not None:
        raise FeedMalformedError(
            f"feed {location} could not be parsed: {problem}",
            hint="Open the feed in a browser or an XML validator and fix the reported line.",
            details={"location": location, "parser": problem},
        )
    if not version:
        raise FeedMalformedError(
            f"{location} is XML but not an RSS or Atom feed",
            hint="Point at the feed itself (often /feed, /rss or /atom.xml), not a web page.",
            details={"location": location},
        )
    if skipped == 0:
        raise FeedEmptyError(
            f"feed {location} has no items",
            hint="The feed is valid but empty; check back later or pick another feed.",
            details={"location": location},
        )


def _strict_xml_problem(data: bytes, *, location: str) -> str | None:
    """Refuse entity declarations; otherwise say where the document is not well-formed."""
    # Entity declarations are refused outright (that covers external entities too); an
    # external DTD reference such as RSS 0.91's is allowed but never loaded.
    parser = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=False)
    parser.setFeature(feature_external_ges, False)
    parser.setFeature(feature_external_pes, False)
    parser.setContentHandler(ContentHandler())
    try:
        parser.parse(io.BytesIO(data))
    except DefusedXmlException as exc:
        raise FeedMalformedError(
            f"feed {location} declares XML entities ({exc}), which are refused to guard "
            "against entity-expansion attacks",
            hint="Feeds do not need entity declarations; ask the publisher to remove them.",
            details={"location": location},
        ) from exc
    except SAXParseException as exc:
        # The strict pass stopped early, maybe before a declaration the lenient parser would
        # still read: refuse any entity declaration outright.
        if b"<!ENTITY" in data:
            raise FeedMalformedError(
                f"feed {location} is not well-formed and declares XML entities",
                hint="Feeds do not need entity declarations; ask the publisher to remove them.",
                details={"location": location},
            ) from exc
        return f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()}"
    return None


def _bozo_message(parsed: Mapping[str, Any]) -> str | None:
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    if isinstance(error, SAXParseException):
        return f"line {error.getLineNumber()}: {error.getMessage()}"
    return str(error) if error is not None else "the parser reported a problem"


def _titled_entries(raw_entries: list[Any]) -> tuple[list[FeedEntry], int]:
    entries: list[FeedEntry] = []
    skipped = 0
    for raw in raw_entries:
        title = _plain_text(str(raw.get("title") or ""))
        if not title:
            skipped += 1
            continue
        entries.append(_entry(raw, title=title))
    return entries, skipped


def _entry(raw: Mapping[str, Any], *, title: str) -> FeedEntry:
    link = str(raw.get("link") or "")
    summary = str(raw.get("summary") or "")
    if not summary and raw.get("content"):
        summary = str(raw["content"][0].get("value") or "")
    return FeedEntry(
        entry_key=entry_key(guid=str(raw.get("id") or ""), link=link, title=title),
        title=title,
        summary=_plain_text(summary),
        link=link if len(link) <= LINK_MAX else "",
        published_at=_published(raw),
        raw=_json_safe(raw),
    )


def categories_of(raw: Mapping[str, Any]) -> list[str]:
    """The publisher's categories of a stored item (RSS ``<category>``, Atom ``<category>``)."""
    tags = raw.get("tags") or []
    terms = (str(tag.get("term") or "") for tag in tags if isinstance(tag, Mapping))
    return [term for term in (_plain_text(term) for term in terms) if term]


def entry_key(*, guid: str, link: str, title: str) -> str:
    """The item's natural key within its source: its guid/id, else a hash of link + title."""
    guid = guid.strip()
    if guid and len(guid) <= ENTRY_KEY_MAX:
        return guid
    basis = guid or f"{link.strip()}\n{title.strip()}"
    return "sha256:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()


def _published(raw: Mapping[str, Any]) -> datetime | None:
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    if stamp is None:
        return None
    try:
        # feedparser normalizes every date it understands to UTC.
        return datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _json_safe(value: Any) -> Any:
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    if isinstance(value, Mapping):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Block elements separate words that would otherwise run together.
        if tag in {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr"}:
            self.parts.append(" ")


def _plain_text(markup: str) -> str:
    """Text without tags, entities decoded, whitespace collapsed."""
    if "<" not in markup and "&" not in markup:
        return " ".join(markup.split())
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return " ".join("".join(collector.parts).split())
