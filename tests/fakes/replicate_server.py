"""A fake Replicate API on loopback, following Replicate's published predictions contract.

``POST /v1/models/{owner}/{name}/predictions`` (``{"input": …}``) and ``POST /v1/predictions``
(``{"version": …, "input": …}``) create a prediction (201, status ``starting``); ``GET
/v1/predictions/{id}`` moves it to ``processing`` and, after the job's number of polls, to
``succeeded`` (``output``: a list of file URLs, or one URL) or ``failed`` (``error``); ``POST
/v1/predictions/{id}/cancel`` cancels it. Output files are served by the same server under
``/delivery/`` (like ``replicate.delivery``, without a token). Errors are problem+json bodies
(``{"title", "detail", "status"}``): 401 without the right bearer token, 404 for an unknown
model, 422 for input the model's schema refuses; 429s carry ``Retry-After``.

Tests script it: :class:`Job` says what the next predictions do (succeed after N polls, fail
with a message, never finish, send corrupt bytes), :class:`Reply` queues HTTP answers per
endpoint (429, 500, a dropped connection) before the normal handling. By default a prediction
succeeds after two polls with a real PNG (the requested size) or a real H.264 MP4.

Standalone, for manual use::

    python -m tests.fakes.replicate_server --port 8090
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import re
import subprocess
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import pytest
from PIL import Image

from pressroom.providers.media.protocol import ReplicateConfig
from tests.fakes.loopback import LoopbackServer

API_TOKEN = "r8_fake_token_0123456789"
IMAGE_MODEL = "acme/flux-fake"
VIDEO_MODEL = "acme/clip-fake"
IMAGE_VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa"
MODELS = {IMAGE_MODEL: "image", VIDEO_MODEL: "video"}
VERSIONS = {IMAGE_VERSION: IMAGE_MODEL}
ASPECT_RATIOS = {"1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"}
CORRUPT_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"garbage, not pixels" * 8
"""Starts like a PNG, then is not one (what a truncated upload looks like)."""
_ENDPOINTS = ("create", "poll", "cancel", "download")


@dataclass(frozen=True)
class Job:
    """What one prediction does. Build with the class methods."""

    outcome: str = "succeeded"
    polls: int = 2
    error: str | None = None
    output: bytes | None = None
    """The output file's bytes; None: a valid file for the input."""
    as_list: bool = True
    """``output`` as ``[url]`` (most image models) or a bare URL (most video models)."""
    no_output: bool = False

    @classmethod
    def succeeds(cls, *, polls: int = 2, as_list: bool = True) -> Job:
        """Succeed after ``polls`` polls with a valid file for the input."""
        return cls(polls=polls, as_list=as_list)

    @classmethod
    def sends(cls, data: bytes, *, polls: int = 1) -> Job:
        """Succeed, with ``data`` as the output file (corrupt bytes, an oversized file…)."""
        return cls(polls=polls, output=data)

    @classmethod
    def without_output(cls) -> Job:
        """Succeed with ``output: null`` (a model that returned nothing)."""
        return cls(polls=1, no_output=True)

    @classmethod
    def fails(cls, error: str, *, polls: int = 1) -> Job:
        """End ``failed`` after ``polls`` polls, with Replicate's ``error`` text."""
        return cls(outcome="failed", polls=polls, error=error)

    @classmethod
    def never_finishes(cls) -> Job:
        """Stay ``processing`` until cancelled."""
        return cls(outcome="never")


@dataclass(frozen=True)
class Reply:
    """One scripted HTTP answer, given before the normal handling of an endpoint."""

    status: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False

    @classmethod
    def error(cls, status: int, detail: str = "Internal server error") -> Reply:
        """``status`` with a problem+json body."""
        return cls(status, _problem(status, detail))

    @classmethod
    def rate_limited(cls, *, retry_after: str = "1") -> Reply:
        """429 with ``Retry-After`` and the body Replicate's docs show."""
        body = {"detail": "Request was throttled. Expected available in 1 second."}
        return cls(429, body, {"retry-after": retry_after})

    @classmethod
    def dropped(cls) -> Reply:
        """Close the connection without answering (a network failure mid-request)."""
        return cls(0, drop=True)


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received_at: float


@dataclass
class _Prediction:
    id: str
    model: str
    version: str
    kind: str
    input: dict[str, Any]
    job: Job
    status: str = "starting"
    polls: int = 0
    created_at: str = field(default_factory=lambda: _now())
    completed_at: str | None = None


class FakeReplicate(LoopbackServer):
    """The fake API on 127.0.0.1 (a free port) in a background thread; ``base_url`` is what
    to configure as Replicate's API address. Use as a context manager."""

    def __init__(self, *, port: int = 0, api_token: str = API_TOKEN) -> None:
        self.api_token = api_token
        self.requests: list[RecordedRequest] = []
        self.predictions: dict[str, _Prediction] = {}
        self._jobs: deque[Job] = deque()
        self._replies: dict[str, deque[Reply]] = {name: deque() for name in _ENDPOINTS}
        self._lock = threading.Lock()
        super().__init__(_handler_class(self), port=port)

    def config(self, **overrides: Any) -> ReplicateConfig:
        """A generator config for this fake: the image model, the right token, and quick
        polls and retries so tests stay fast; ``overrides`` win."""
        values: dict[str, Any] = {
            "api_token": self.api_token,
            "base_url": self.base_url,
            "model": IMAGE_MODEL,
            "usd_per_unit": 0.003,
            "poll_interval_seconds": 0.01,
            "backoff_seconds": 0.01,
            "timeout_seconds": 10.0,
            "max_retries": 2,
        }
        return ReplicateConfig(**{**values, **overrides})

    def script(self, *jobs: Job) -> None:
        """The next predictions do ``jobs``, in order; then the default (succeed)."""
        with self._lock:
            self._jobs.extend(jobs)

    def enqueue(self, endpoint: str, *replies: Reply) -> None:
        """Answer the next requests to ``endpoint`` (create, poll, cancel, download) with
        ``replies``, in order, before handling them normally again."""
        with self._lock:
            self._replies[endpoint].extend(replies)

    def calls(self, endpoint: str) -> list[RecordedRequest]:
        """The requests received so far on ``endpoint``."""
        with self._lock:
            return [r for r in self.requests if _endpoint(r.method, r.path) == endpoint]

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_reply(self, endpoint: str) -> Reply | None:
        with self._lock:
            queue = self._replies[endpoint]
            return queue.popleft() if queue else None

    def _create(self, model: str, version: str, model_input: dict[str, Any]) -> _Prediction:
        with self._lock:
            job = self._jobs.popleft() if self._jobs else Job()
            prediction = _Prediction(
                id=uuid.uuid4().hex[:26],
                model=model,
                version=version,
                kind=MODELS[model],
                input=model_input,
                job=job,
            )
            self.predictions[prediction.id] = prediction
            return prediction

    def _advance(self, prediction: _Prediction) -> None:
        """One poll: starting → processing → (after ``job.polls``) the job's outcome."""
        with self._lock:
            if prediction.status not in ("starting", "processing"):
                return
            prediction.polls += 1
            prediction.status = "processing"
            if prediction.job.outcome != "never" and prediction.polls >= prediction.job.polls:
                prediction.status = prediction.job.outcome
                prediction.completed_at = _now()

    def _cancel(self, prediction: _Prediction) -> None:
        with self._lock:
            if prediction.status in ("starting", "processing"):
                prediction.status = "canceled"
                prediction.completed_at = _now()

    def as_json(self, prediction: _Prediction) -> dict[str, Any]:
        """The prediction object as Replicate returns it."""
        api = f"{self.base_url}/predictions/{prediction.id}"
        done = prediction.status == "succeeded"
        return {
            "id": prediction.id,
            "model": prediction.model,
            "version": prediction.version,
            "input": prediction.input,
            "logs": "",
            "output": self._output(prediction) if done else None,
            "data_removed": False,
            "error": prediction.job.error if prediction.status == "failed" else None,
            "status": prediction.status,
            "created_at": prediction.created_at,
            "started_at": prediction.created_at if prediction.polls else None,
            "completed_at": prediction.completed_at,
            "metrics": {"predict_time": 0.5} if prediction.completed_at else {},
            "urls": {
                "get": api,
                "cancel": f"{api}/cancel",
                "web": f"https://replicate.com/p/{prediction.id}",
            },
        }

    def _output(self, prediction: _Prediction) -> Any:
        if prediction.job.no_output:
            return None
        extension = "png" if prediction.kind == "image" else "mp4"
        url = f"http://127.0.0.1:{self.port}/delivery/{prediction.id}/output.{extension}"
        return [url] if prediction.job.as_list else url

    def output_bytes(self, prediction: _Prediction) -> bytes:
        """The output file: the job's bytes, else a valid file for the input."""
        if prediction.job.output is not None:
            return prediction.job.output
        size = _size(prediction.input)
        if prediction.kind == "image":
            return png_bytes(size)
        return mp4_bytes(size, seconds=int(prediction.input.get("duration", 1)))


def _handler_class(fake: FakeReplicate) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "fake-replicate/1"
        # Headers and body go out in two writes; without this, Nagle's algorithm holds the
        # body back until the client's delayed ACK (~40 ms a request on loopback).
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass  # requests are recorded instead

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except json.JSONDecodeError:
                self._send(400, _problem(400, "The request body is not valid JSON."))
                return
            headers = {key.lower(): value for key, value in self.headers.items()}
            fake._record(RecordedRequest(method, self.path, headers, body, time.monotonic()))
            endpoint = _endpoint(method, self.path)
            if endpoint is None:
                self._send(404, _problem(404, "The requested resource could not be found."))
                return
            if endpoint != "download" and headers.get("authorization") != (
                f"Bearer {fake.api_token}"
            ):
                self._send(401, _problem(401, "You did not pass a valid authentication token"))
                return
            reply = fake._next_reply(endpoint)
            if reply is not None and reply.drop:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(2)  # SHUT_RDWR: the client sees the peer vanish
                return
            if reply is not None:
                self._send(reply.status, reply.body or {}, reply.headers)
                return
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                getattr(self, f"_{endpoint}")(body)

        def _create(self, body: dict[str, Any]) -> None:
            found = re.fullmatch(r"/v1/models/([\w.-]+/[\w.-]+)/predictions", self.path)
            model = found.group(1) if found else VERSIONS.get(str(body.get("version")), "")
            if model not in MODELS:
                if found:
                    self._send(404, _problem(404, "The requested resource could not be found."))
                else:
                    self._send(422, _problem(422, "Invalid version or not permitted", "version"))
                return
            model_input = body.get("input")
            problem = _input_problem(model_input, MODELS[model])
            if problem:
                self._send(422, _problem(422, problem, "input"))
                return
            version = str(body.get("version") or IMAGE_VERSION)
            prediction = fake._create(model, version, model_input)  # type: ignore[arg-type]
            self._send(201, fake.as_json(prediction))

        def _poll(self, _body: dict[str, Any]) -> None:
            prediction = self._prediction()
            if prediction is not None:
                fake._advance(prediction)
                self._send(200, fake.as_json(prediction))

        def _cancel(self, _body: dict[str, Any]) -> None:
            prediction = self._prediction()
            if prediction is not None:
                fake._cancel(prediction)
                self._send(200, fake.as_json(prediction))

        def _download(self, _body: dict[str, Any]) -> None:
            prediction = self._prediction()
            if prediction is None:
                return
            data = fake.output_bytes(prediction)
            kind = "image/png" if prediction.kind == "image" else "video/mp4"
            self._send_bytes(200, data, {"content-type": kind})

        def _prediction(self) -> _Prediction | None:
            found = re.search(r"/(?:predictions|delivery)/([\w-]+)", self.path)
            prediction = fake.predictions.get(found.group(1)) if found else None
            if prediction is None:
                self._send(404, _problem(404, "The requested resource could not be found."))
            return prediction

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            kind = "application/problem+json" if status >= 400 else "application/json"
            merged = {"content-type": kind, **(headers or {})}
            self._send_bytes(status, json.dumps(payload).encode(), merged)

        def _send_bytes(self, status: int, data: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _endpoint(method: str, path: str) -> str | None:
    if path.startswith("/delivery/") and method == "GET":
        return "download"
    if method == "GET" and re.fullmatch(r"/v1/predictions/[\w-]+", path):
        return "poll"
    if method == "POST" and re.fullmatch(r"/v1/predictions/[\w-]+/cancel", path):
        return "cancel"
    if method == "POST" and re.fullmatch(
        r"/v1/(predictions|models/[\w.-]+/[\w.-]+/predictions)", path
    ):
        return "create"
    return None


def _problem(status: int, detail: str, field_name: str | None = None) -> dict[str, Any]:
    titles = {
        400: "Bad request",
        401: "Unauthenticated",
        404: "Not found",
        422: "Input validation failed",
        429: "Too many requests",
        500: "Internal server error",
        503: "Service unavailable",
    }
    body: dict[str, Any] = {
        "title": titles.get(status, "Error"),
        "detail": detail,
        "status": status,
    }
    if status == 422 and field_name:
        body["invalid_fields"] = [{"type": "invalid", "field": field_name, "description": detail}]
    return body


def _input_problem(model_input: Any, kind: str) -> str | None:
    """What the model's input schema refuses, as Replicate words it, or None."""
    if not isinstance(model_input, dict):
        return "- input: Invalid type. Expected: object, given: null"
    prompt = model_input.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        return "- input: prompt is required"
    ratio = model_input.get("aspect_ratio", "1:1")
    if ratio not in ASPECT_RATIOS:
        allowed = ", ".join(f'"{r}"' for r in sorted(ASPECT_RATIOS))
        return f"- input.aspect_ratio: aspect_ratio must be one of the following: {allowed}"
    duration = model_input.get("duration", 1)
    if kind == "video" and (not isinstance(duration, int) or not 1 <= duration <= 10):
        return "- input.duration: Must be between 1 and 10"
    image = model_input.get("image")
    if image is not None and not str(image).startswith(("data:image/", "http")):
        return "- input.image: Does not match format 'uri'"
    return None


def _size(model_input: dict[str, Any]) -> tuple[int, int]:
    """The output size: the input's width and height, else 64 px high at its aspect ratio
    (even sides: H.264 needs them)."""
    width, height = model_input.get("width"), model_input.get("height")
    if isinstance(width, int) and isinstance(height, int):
        return width, height
    across, down = (int(part) for part in str(model_input.get("aspect_ratio", "1:1")).split(":"))
    return max(2, round(64 * across / down / 2) * 2), 64


def png_bytes(size: tuple[int, int]) -> bytes:
    """A real PNG of ``size``: a two-colour split, so it is not one flat colour."""
    image = Image.new("RGB", size, (30, 60, 90))
    image.paste((240, 200, 40), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@functools.cache
def mp4_bytes(size: tuple[int, int], *, seconds: int) -> bytes:
    """A real H.264 MP4 of ``size`` lasting ``seconds``, made with ffmpeg (once per shape)."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "clip.mp4"
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi",
            "-i", f"testsrc=size={size[0]}x{size[1]}:rate=10:duration={seconds}",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(target),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        return target.read_bytes()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())


@pytest.fixture(name="fake_replicate")
def fake_replicate_fixture() -> Iterator[FakeReplicate]:
    """A running :class:`FakeReplicate`, stopped after the test."""
    with FakeReplicate() as server:
        yield server


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the fake Replicate API.")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--api-token", default=API_TOKEN, help="The bearer token to require.")
    args = parser.parse_args()
    with FakeReplicate(port=args.port, api_token=args.api_token) as server:
        print(f"fake Replicate API on {server.base_url} (Ctrl+C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
