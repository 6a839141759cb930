from __future__ import annotations

import contextlib
import gzip
import os
import threading
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest

from pressroom.config import Settings
from pressroom.errors import ErrorCode, PressroomError
from pressroom.trends.feeds import categories_of, normalize_location, parse_feed, read_feed
from tests.trends.builders import Item, atom, rss, rss10
from tests.trends.conftest import FeedServer, Route

WriteFeed = Callable[[str, bytes], Path]

PUBLISHED = datetime(2026, 11, 19, 8, 30, tzinfo=UTC)
ITEMS = [
    Item(
        "Espresso grind size explained",
        "https://news.example/a",
        "Grind finer.",
        "g-1",
        PUBLISHED,
        ("Brewing",),
    ),
    Item("Harvest report from Huila", "https://news.example/b", "Sweeter lots.", "g-2"),
]


def settings_with(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update=changes)


def error_of(call: Callable[[], object]) -> PressroomError:
    with pytest.raises(PressroomError) as caught:
        call()
    return caught.value


# --- formats -------------------------------------------------------------------------------


def test_reads_rss2_file_with_plain_text_dates_and_keys(
    settings: Settings, write_feed: WriteFeed
) -> None:
    path = write_feed("feed.xml", rss(ITEMS, title="Cupping news"))
    feed = read_feed(str(path), settings=settings)
    assert feed.title == "Cupping news"
    assert feed.format == "rss20"
    assert [e.title for e in feed.entries] == [i.title for i in ITEMS]
    first = feed.entries[0]
    assert (first.entry_key, first.link, first.summary) == (
        "g-1",
        "https://news.example/a",
        "Grind finer.",
    )
    assert first.published_at == PUBLISHED
    assert categories_of(first.raw) == ["Brewing"]
    assert feed.entries[1].published_at is None
    assert feed.warning is None


def test_reads_atom_and_rss1(settings: Settings, write_feed: WriteFeed) -> None:
    atom_feed = read_feed(str(write_feed("a.xml", atom(ITEMS))), settings=settings)
    assert atom_feed.format == "atom10"
    assert [e.title for e in atom_feed.entries] == [i.title for i in ITEMS]
    assert atom_feed.entries[0].published_at == PUBLISHED
    assert atom_feed.entries[0].link == "https://news.example/a"
    rdf = read_feed(str(write_feed("r.xml", rss10(ITEMS))), settings=settings)
    assert rdf.format == "rss10"
    assert [e.summary for e in rdf.entries] == ["Grind finer.", "Sweeter lots."]


def test_rss091_with_its_public_doctype_is_accepted() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
        b'0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        b'<rss version="0.91"><channel><title>t</title><link>https://news.example/</link>'
        b"<description>d</description><item><title>Roast &amp; brew</title>"
        b"<link>https://news.example/1</link></item></channel></rss>"
    )
    feed = parse_feed(data, location="old.xml")
    assert [e.title for e in feed.entries] == ["Roast & brew"]


def test_html_in_summaries_becomes_plain_text() -> None:
    item = Item("Title", summary="<p>Grind <b>finer</b> &amp; taste.</p><p>Then adjust.</p>")
    feed = parse_feed(rss([item]), location="f.xml")
    assert feed.entries[0].summary == "Grind finer & taste. Then adjust."


def test_entry_key_falls_back_to_a_hash_of_link_and_title() -> None:
    items = [
        Item("Same title", "https://news.example/1"),
        Item("Same title", "https://news.example/2"),
    ]
    keys = [e.entry_key for e in parse_feed(rss(items), location="f.xml").entries]
    assert all(key.startswith("sha256:") for key in keys)
    assert keys[0] != keys[1]
    again = [e.entry_key for e in parse_feed(rss(items), location="f.xml").entries]
    assert again == keys


def test_untitled_entries_are_skipped_and_counted() -> None:
    feed = parse_feed(rss([Item("", "https://news.example/x"), *ITEMS]), location="f.xml")
    assert feed.skipped_untitled == 1
    assert len(feed.entries) == 2


def test_a_feed_of_only_untitled_items_is_not_an_error() -> None:
    feed = parse_feed(rss([Item("", "https://news.example/x")]), location="f.xml")
    assert (feed.entries, feed.skipped_untitled) == ((), 1)


def test_slightly_broken_feed_is_read_with_a_warning() -> None:
    data = (
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>\n'
        b"<item><title>Cups</title><link>https://news.example/1</link></item>\n"
        b"<item><title>Milk & rent</title><link>https://news.example/2</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(data, location="f.xml")
    assert [e.title for e in feed.entries] == ["Cups", "Milk & rent"]
    assert feed.warning is not None
    assert feed.warning.startswith("line 4")


def test_bundled_sample_feed_parses_cleanly() -> None:
    path = resources.files("pressroom.brands") / "demo" / "sample-feed.xml"
    feed = parse_feed(path.read_bytes(), location="sample-feed.xml")
    assert feed.format == "rss20"
    assert feed.warning is None
    assert 15 <= len(feed.entries) <= 20
    assert all(e.link.startswith("https://news.example/") for e in feed.entries)
    assert len({e.entry_key for e in feed.entries}) == len(feed.entries)
    assert all(e.published_at is not None for e in feed.entries)


# --- malformed, unsafe, empty --------------------------------------------------------------


def test_mismatched_tags_are_malformed_with_the_line(
    settings: Settings, write_feed: WriteFeed
) -> None:
    data = b'<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<item><title>a</titel>'
    error = error_of(lambda: read_feed(str(write_feed("bad.xml", data)), settings=settings))
    assert error.code == ErrorCode.FEED_MALFORMED
    assert "line 3" in error.message
    assert error.hint
    assert not error.retryable


def test_text_that_is_not_xml_is_malformed() -> None:
    error = error_of(lambda: parse_feed(b"just some words, no markup", location="notes.txt"))
    assert error.code == ErrorCode.FEED_MALFORMED
    assert "line 1" in error.message


def test_xml_that_is_not_a_feed_is_malformed() -> None:
    page = b"<?xml version='1.0'?><html><body><p>Welcome</p></body></html>"
    error = error_of(lambda: parse_feed(page, location="page.html"))
    assert error.code == ErrorCode.FEED_MALFORMED
    assert "not an RSS or Atom feed" in error.message


def test_entity_bomb_is_refused_without_expanding() -> None:
    levels = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY l0 "lol">{levels}]>\n'
        '<rss version="2.0"><channel><title>&l9;</title><item><title>&l9;</title></item>'
        "</channel></rss>"
    ).encode()
    started = time.monotonic()
    error = error_of(lambda: parse_feed(bomb, location="bomb.xml"))
    assert error.code == ErrorCode.FEED_MALFORMED
    assert "entit" in error.message
    assert time.monotonic() - started < 1.0


def test_entity_declaration_in_a_broken_document_is_refused() -> None:
    data = (
        b'garbage<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]>'
        b'<rss version="2.0"><channel><item><title>&a;</title></item></channel></rss>'
    )
    error = error_of(lambda: parse_feed(data, location="x.xml"))
    assert error.code == ErrorCode.FEED_MALFORMED
    assert "entities" in error.message


def test_external_entities_are_refused() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>'
    )
    assert error_of(lambda: parse_feed(data, location="x.xml")).code == ErrorCode.FEED_MALFORMED


@pytest.mark.parametrize("document", [rss([]), atom([])], ids=["rss", "atom"])
def test_valid_feed_without_items_is_empty(document: bytes) -> None:
    error = error_of(lambda: parse_feed(document, location="empty.xml"))
    assert error.code == ErrorCode.FEED_EMPTY
    assert error.hint


# --- files ---------------------------------------------------------------------------------


def test_missing_file_is_unreachable_and_not_retryable(settings: Settings, tmp_path: Path) -> None:
    error = error_of(lambda: read_feed(str(tmp_path / "nope.xml"), settings=settings))
    assert error.code == ErrorCode.FEED_UNREACHABLE
    assert not error.retryable
    assert "nope.xml" in error.message


def test_folder_is_unreachable(settings: Settings, tmp_path: Path) -> None:
    assert error_of(lambda: read_feed(str(tmp_path), settings=settings)).code == (
        ErrorCode.FEED_UNREACHABLE
    )


def test_file_url_is_read(settings: Settings, write_feed: WriteFeed) -> None:
    path = write_feed("feed.xml", rss(ITEMS))
    feed = read_feed(path.as_uri(), settings=settings)
    assert len(feed.entries) == 2


def test_huge_file_is_too_large_before_reading(settings: Settings, huge_feed: Path) -> None:
    started = time.monotonic()
    error = error_of(lambda: read_feed(str(huge_feed), settings=settings))
    assert error.code == ErrorCode.FEED_TOO_LARGE
    assert f"{settings.feed_max_bytes:,}" in error.message
    assert "PRESSROOM_FEED_MAX_BYTES" in (error.hint or "")
    assert time.monotonic() - started < 0.5


def test_a_pipe_is_capped_while_reading(settings: Settings, tmp_path: Path) -> None:
    pipe = tmp_path / "feed.pipe"
    os.mkfifo(pipe)

    def write() -> None:
        # The reader stops at the cap and closes its end: the rest of the write has nowhere
        # to go.
        with contextlib.suppress(BrokenPipeError), pipe.open("wb") as handle:
            handle.write(b"x" * 4096)

    writer = threading.Thread(target=write)
    writer.start()
    error = error_of(
        lambda: read_feed(str(pipe), settings=settings_with(settings, feed_max_bytes=1024))
    )
    writer.join(timeout=5)
    assert error.code == ErrorCode.FEED_TOO_LARGE


def test_locations_are_normalized(tmp_path: Path) -> None:
    assert normalize_location(" https://news.example/feed ") == "https://news.example/feed"
    assert normalize_location((tmp_path / "f.xml").as_uri()) == str(tmp_path / "f.xml")
    assert Path(normalize_location("relative/feed.xml")).is_absolute()
    for bad in ["", "   ", "ftp://news.example/feed.xml", "gopher://x"]:
        assert error_of(lambda bad=bad: normalize_location(bad)).code == ErrorCode.INVALID_INPUT


# --- HTTP ----------------------------------------------------------------------------------


def test_reads_feed_over_http_following_redirects(
    settings: Settings, feed_server: FeedServer
) -> None:
    target = feed_server.serve("/feed.xml", Route(body=rss(ITEMS)))
    url = feed_server.serve("/old", Route(status=301, location=target))
    feed = read_feed(url, settings=settings)
    assert [e.title for e in feed.entries] == [i.title for i in ITEMS]


def test_relative_links_resolve_against_the_feed_url(
    settings: Settings, feed_server: FeedServer
) -> None:
    url = feed_server.serve("/news/feed.xml", Route(body=rss([Item("T", "/story/1")])))
    assert read_feed(url, settings=settings).entries[0].link == feed_server.url("/story/1")


@pytest.mark.parametrize(
    ("status", "retryable"),
    [(404, False), (410, False), (403, False), (429, True), (500, True), (503, True)],
)
def test_http_errors_are_unreachable(
    settings: Settings, feed_server: FeedServer, status: int, retryable: bool
) -> None:
    url = feed_server.serve("/feed.xml", Route(status=status, body=b"nope"))
    error = error_of(lambda: read_feed(url, settings=settings))
    assert error.code == ErrorCode.FEED_UNREACHABLE
    assert error.retryable is retryable
    assert f"HTTP {status}" in error.message
    assert error.hint


def test_refused_connection_is_unreachable_and_retryable(
    settings: Settings, closed_port_url: str
) -> None:
    error = error_of(lambda: read_feed(closed_port_url, settings=settings))
    assert error.code == ErrorCode.FEED_UNREACHABLE
    assert error.retryable


def test_unknown_host_is_unreachable(settings: Settings) -> None:
    fast = settings_with(settings, feed_timeout_seconds=3.0)
    error = error_of(lambda: read_feed("http://feeds.nonexistent.invalid/rss", settings=fast))
    assert error.code == ErrorCode.FEED_UNREACHABLE


def test_slow_server_times_out_as_retryable(settings: Settings, feed_server: FeedServer) -> None:
    url = feed_server.serve("/slow.xml", Route(body=rss(ITEMS), delay=5.0))
    started = time.monotonic()
    error = error_of(
        lambda: read_feed(url, settings=settings_with(settings, feed_timeout_seconds=0.3))
    )
    assert error.code == ErrorCode.FEED_UNREACHABLE
    assert error.retryable
    assert "timed out" in error.message
    assert time.monotonic() - started < 2.0


def test_trickling_server_is_cut_off_at_the_total_timeout(
    settings: Settings, feed_server: FeedServer
) -> None:
    # Each piece arrives well within the per-read timeout; the whole never would.
    url = feed_server.serve("/trickle.xml", Route(body=rss(ITEMS), trickle=0.05))
    started = time.monotonic()
    error = error_of(
        lambda: read_feed(url, settings=settings_with(settings, feed_timeout_seconds=0.4))
    )
    assert error.code == ErrorCode.FEED_UNREACHABLE
    assert error.retryable
    assert time.monotonic() - started < 1.5


def test_huge_feed_with_content_length_is_refused_before_the_body(
    settings: Settings, feed_server: FeedServer, huge_feed: Path
) -> None:
    route = Route(file=huge_feed)
    url = feed_server.serve("/huge.xml", route)
    error = error_of(lambda: read_feed(url, settings=settings))
    assert error.code == ErrorCode.FEED_TOO_LARGE
    assert "52,428,800 bytes" in error.message
    assert route.sent < huge_feed.stat().st_size // 2


def test_huge_feed_without_length_stops_at_the_cap(
    settings: Settings, feed_server: FeedServer, huge_feed: Path
) -> None:
    route = Route(file=huge_feed, content_length=False)
    url = feed_server.serve("/stream.xml", route)
    error = error_of(lambda: read_feed(url, settings=settings))
    assert error.code == ErrorCode.FEED_TOO_LARGE
    # The server could only push what the socket buffers took after we stopped reading.
    assert route.sent < huge_feed.stat().st_size // 2


def test_gzip_feed_is_inflated(settings: Settings, feed_server: FeedServer) -> None:
    url = feed_server.serve(
        "/feed.xml.gz", Route(body=gzip.compress(rss(ITEMS)), content_encoding="gzip")
    )
    assert [e.title for e in read_feed(url, settings=settings).entries] == [i.title for i in ITEMS]


def test_gzip_bomb_stops_at_the_cap_without_inflating_it_all(
    settings: Settings, feed_server: FeedServer
) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * (60 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    url = feed_server.serve("/bomb.xml", Route(body=bomb, content_encoding="gzip"))
    tracemalloc.start()
    try:
        error = error_of(lambda: read_feed(url, settings=settings))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == ErrorCode.FEED_TOO_LARGE
    assert peak < 2.5 * settings.feed_max_bytes


def test_corrupt_gzip_body_is_malformed(settings: Settings, feed_server: FeedServer) -> None:
    url = feed_server.serve(
        "/bad.gz", Route(body=b"\x1f\x8b\x08\x00garbage" * 10, content_encoding="gzip")
    )
    assert error_of(lambda: read_feed(url, settings=settings)).code == ErrorCode.FEED_MALFORMED


def test_unknown_content_encoding_is_malformed(settings: Settings, feed_server: FeedServer) -> None:
    url = feed_server.serve("/x", Route(body=rss(ITEMS), content_encoding="snappy"))
    assert error_of(lambda: read_feed(url, settings=settings)).code == ErrorCode.FEED_MALFORMED


def test_html_page_over_http_is_malformed(settings: Settings, feed_server: FeedServer) -> None:
    url = feed_server.serve(
        "/", Route(body=b"<!doctype html><html><body>Hi</body></html>", content_type="text/html")
    )
    assert error_of(lambda: read_feed(url, settings=settings)).code == ErrorCode.FEED_MALFORMED
