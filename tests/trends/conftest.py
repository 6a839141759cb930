"""A real HTTP server on loopback that serves feeds the way web servers do: with and
without Content-Length, slowly, with redirects and error statuses."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHUNK = 256 * 1024


@dataclass
class Route:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = b""
    file: Path | None = None  # streamed from disk, never held in memory
    content_length: bool = True
    content_type: str = "application/rss+xml"
    content_encoding: str = ""
    location: str = ""  # for redirects
    delay: float = 0.0  # seconds before answering
    trickle: float = 0.0  # seconds between 16-byte pieces of the body
    sent: int = field(default=0)  # bytes of body written before the client hung up


class FeedServer:
    """Routes by path; ``url(path)`` gives the address to fetch."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.stop = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        # A short poll interval keeps shutdown (and so each test) quick.
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def serve(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay and server.stop.wait(route.delay):
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.location:
                self.send_header("Location", route.location)
            if route.content_encoding:
                self.send_header("Content-Encoding", route.content_encoding)
            size = route.file.stat().st_size if route.file else len(route.body)
            if route.content_length:
                self.send_header("Content-Length", str(size))
            self.end_headers()
            try:
                for chunk in _chunks(route):
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    route.sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


def _chunks(route: Route) -> Iterator[bytes]:
    if route.trickle:
        for start in range(0, len(route.body), 16):
            time.sleep(route.trickle)
            yield route.body[start : start + 16]
        return
    if route.file is None:
        yield route.body
        return
    with route.file.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    yield server
    server.stop.set()
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"


@pytest.fixture
def write_feed(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """Write feed bytes to a file in the test's folder."""

    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def huge_feed(tmp_path: Path) -> Path:
    """A 50 MB feed file, sparse: valid RSS start, then zeros, created in no time."""
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:
        handle.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>')
        handle.truncate(50 * 1024 * 1024)
    return path
