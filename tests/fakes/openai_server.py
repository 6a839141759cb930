"""A fake OpenAI chat-completions endpoint on loopback, following OpenAI's published contract.

``POST /v1/chat/completions`` answers with the standard ``chat.completion`` object, errors with
OpenAI's error body (``{"error": {"message", "type", "param", "code"}}``) and status codes, and
429s with ``retry-after`` and ``x-ratelimit-*`` headers. ``GET /v1/models`` lists the models.

Tests script it with a queue of :class:`Reply` behaviours; once the queue is empty a default
responder writes a *valid* answer for whatever was asked (ideas or a LinkedIn, X or Instagram
reel draft, told apart by the schema name in ``response_format`` or the ``Output schema:`` line
of the prompt), so a whole daily run can go through it. Every request is recorded.

Standalone, for manual use and the benchmark::

    python -m tests.fakes.openai_server --port 8089 --latency-ms 300
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from pressroom.providers.llm import prompts
from tests.fakes.loopback import LoopbackServer

_INVALID = "invalid_request_error"
# Messages, types and codes as OpenAI sends them, per status.
_ERROR_DEFAULTS: dict[int, tuple[str, str, str | None]] = {
    400: ("Invalid request.", _INVALID, None),
    401: ("Incorrect API key provided.", _INVALID, "invalid_api_key"),
    403: ("You are not allowed to use this model.", _INVALID, "model_not_allowed"),
    404: ("The model does not exist or you do not have access to it.", _INVALID, "model_not_found"),
    429: ("Rate limit reached for requests per min (RPM).", "requests", "rate_limit_exceeded"),
    500: ("The server had an error while processing your request.", "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}

MALFORMED_CONTENT = "Sure! Here is your post:\n\nCoffee is a craft. {not json"


@dataclass(frozen=True)
class Reply:
    """One scripted behaviour of the fake. Build with the class methods."""

    kind: str
    status: int = 200
    content: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    error_body: dict[str, Any] | None = None
    finish_reason: str = "stop"
    refusal: str | None = None
    body: bytes | None = None
    usage: tuple[int, int] | None = None

    @classmethod
    def ok(
        cls,
        content: str,
        *,
        finish_reason: str = "stop",
        usage: tuple[int, int] | None = None,
    ) -> Reply:
        """200 with ``content`` as the assistant message (``usage``: prompt, completion)."""
        return cls("ok", content=content, finish_reason=finish_reason, usage=usage)

    @classmethod
    def refused(cls, text: str) -> Reply:
        """200 whose message is a refusal (content null, ``refusal`` set)."""
        return cls("ok", refusal=text)

    @classmethod
    def stall(cls, seconds: float) -> Reply:
        """Answer normally, but only after ``seconds`` (longer than the client's timeout)."""
        return cls("default", delay=seconds)

    @classmethod
    def malformed(cls) -> Reply:
        """200 whose content is not JSON."""
        return cls("ok", content=MALFORMED_CONTENT)

    @classmethod
    def schema_invalid(cls) -> Reply:
        """200 with JSON that breaks the requested schema (an unknown hook type, a field too
        many)."""
        return cls("schema_invalid")

    @classmethod
    def error(cls, status: int, *, message: str | None = None, code: str | None = None) -> Reply:
        """``status`` with OpenAI's error body."""
        default_message, kind, default_code = _ERROR_DEFAULTS.get(
            status, ("Error.", _INVALID, None)
        )
        body = {
            "message": message or default_message,
            "type": kind,
            "param": None,
            "code": code or default_code,
        }
        return cls("error", status=status, error_body=body)

    @classmethod
    def rate_limited(cls, *, retry_after: float = 1.0, retry_after_ms: int | None = None) -> Reply:
        """429 with ``retry-after`` (whole seconds, rounded up), optionally ``retry-after-ms``,
        and the ``x-ratelimit-*`` headers OpenAI sends."""
        headers = {
            "retry-after": str(math.ceil(retry_after)),
            "x-ratelimit-limit-requests": "500",
            "x-ratelimit-remaining-requests": "0",
            "x-ratelimit-reset-requests": f"{retry_after:g}s",
            "x-ratelimit-limit-tokens": "200000",
            "x-ratelimit-remaining-tokens": "199000",
            "x-ratelimit-reset-tokens": "300ms",
        }
        if retry_after_ms is not None:
            headers["retry-after-ms"] = str(retry_after_ms)
        return cls("error", status=429, headers=headers, error_body=cls.error(429).error_body)

    @classmethod
    def raw(cls, status: int, body: bytes, *, content_type: str = "text/html") -> Reply:
        """Any status and body, such as a proxy's error page."""
        return cls("raw", status=status, body=body, headers={"content-type": content_type})


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received_at: float
    """``time.monotonic()`` when the request arrived."""

    @property
    def model(self) -> str | None:
        return self.body.get("model")

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    @property
    def response_format(self) -> dict[str, Any] | None:
        return self.body.get("response_format")

    @property
    def prompt(self) -> str:
        """Every message's content, joined."""
        return "\n\n".join(str(m.get("content") or "") for m in self.messages)


class FakeOpenAI(LoopbackServer):
    """The fake endpoint: a ThreadingHTTPServer on 127.0.0.1 (a free port) in a background
    thread, so concurrent calls overlap. Use as a context manager.

    ``latency_ms`` delays every answer (the benchmark sets it); ``api_key``, when set, makes
    any other bearer token a 401, as OpenAI does.
    """

    def __init__(
        self, *, port: int = 0, latency_ms: float = 0.0, api_key: str | None = None
    ) -> None:
        self.latency_seconds = latency_ms / 1000
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        super().__init__(_handler_class(self), port=port)

    def stop(self) -> None:
        self._stopping.set()  # wakes stalled answers so they end now
        super().stop()

    def enqueue(self, *replies: Reply) -> None:
        """Answer the next requests with ``replies``, in order, then go back to the default."""
        with self._lock:
            self._replies.extend(replies)

    @property
    def completions(self) -> list[RecordedRequest]:
        """The chat-completion requests received so far."""
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_reply(self) -> Reply:
        with self._lock:
            return self._replies.popleft() if self._replies else Reply("default")

    def _wait(self, seconds: float) -> bool:
        """Sleep ``seconds``; False when the server is stopping."""
        return not self._stopping.wait(seconds) if seconds > 0 else True


def _handler_class(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "fake-openai/1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the test output stays readable; requests are recorded instead

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                models = [{"id": "fake-model", "object": "model", "created": 0, "owned_by": "fake"}]
                self._send(200, {"object": "list", "data": models})
            else:
                self._send_error(Reply.error(404, message=f"Unknown path {self.path}"))

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                self._send_error(Reply.error(400, message="We could not parse the JSON body."))
                return
            headers = {key.lower(): value for key, value in self.headers.items()}
            fake._record(RecordedRequest("POST", self.path, headers, body, time.monotonic()))
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send_error(Reply.error(404, message=f"Unknown path {self.path}"))
                return
            if fake.api_key is not None and headers.get("authorization") != (
                f"Bearer {fake.api_key}"
            ):
                self._send_error(Reply.error(401))
                return
            reply = fake._next_reply()
            if not fake._wait(fake.latency_seconds + reply.delay):
                return
            # The client may have given up (its timeout): that is the point of a stall.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer(reply, body)

        def _answer(self, reply: Reply, body: dict[str, Any]) -> None:
            if reply.kind == "error":
                self._send_error(reply)
            elif reply.kind == "raw":
                self._send_bytes(reply.status, reply.body or b"", reply.headers)
            elif reply.kind == "ok":
                self._send(200, _completion(body, reply.content, reply), _ratelimit_headers())
            else:
                broken = reply.kind == "schema_invalid"
                content = default_content(body, schema_invalid=broken)
                self._send(200, _completion(body, content, reply), _ratelimit_headers())

        def _send_error(self, reply: Reply) -> None:
            self._send(reply.status, {"error": reply.error_body}, reply.headers)

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            merged = {"content-type": "application/json", **(headers or {})}
            self._send_bytes(status, json.dumps(payload).encode(), merged)

        def _send_bytes(self, status: int, data: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in {**headers, "x-request-id": f"req_{uuid.uuid4().hex}"}.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _ratelimit_headers() -> dict[str, str]:
    return {
        "x-ratelimit-limit-requests": "500",
        "x-ratelimit-remaining-requests": "499",
        "x-ratelimit-reset-requests": "120ms",
        "openai-processing-ms": "1",
    }


def _completion(body: dict[str, Any], content: str | None, reply: Reply) -> dict[str, Any]:
    prompt_tokens, completion_tokens = reply.usage or (
        _token_estimate(json.dumps(body.get("messages") or [])),
        _token_estimate(content or reply.refusal or ""),
    )
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or "fake-model",
        "system_fingerprint": "fp_fake",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": reply.refusal},
                "logprobs": None,
                "finish_reason": reply.finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _token_estimate(text: str) -> int:
    # About four characters per token, as OpenAI's own rule of thumb says.
    return max(1, math.ceil(len(text) / 4))


# --- The default responder: a valid answer for whatever was asked. -----------------------


def requested_schema(body: dict[str, Any]) -> str | None:
    """The output schema name a request asks for: from ``response_format`` (json_schema) or the
    prompt's ``Output schema:`` line (the JSON modes)."""
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        return str((response_format.get("json_schema") or {}).get("name") or "") or None
    marker = re.compile(re.escape(prompts.SCHEMA_MARKER) + r"([\w-]+)")
    for message in body.get("messages") or []:
        found = marker.search(str(message.get("content") or ""))
        if found:
            return found.group(1)
    return None


def default_content(body: dict[str, Any], *, schema_invalid: bool = False) -> str:
    """The JSON answer the default responder gives ``body`` (plain text when no schema is
    named). ``schema_invalid`` breaks it: an unknown hook type and an unexpected field."""
    name = requested_schema(body)
    prompt = "\n".join(str(m.get("content") or "") for m in body.get("messages") or [])
    source = _json_after(prompt, prompts.SOURCE_LABEL)
    if name == prompts.IDEAS_SCHEMA_NAME:
        answer: dict[str, Any] = {"ideas": _ideas(body, prompt)}
    elif isinstance(source, dict):  # a translation: the fake cannot translate, so echoes
        answer = source
    elif name in _DRAFTS:
        answer = _DRAFTS[name](_json_after(prompt, prompts.IDEA_LABEL) or {})
    else:
        return "Hello from the fake OpenAI endpoint."
    if schema_invalid:
        target = answer["ideas"][0] if "ideas" in answer else answer
        target.update(hook_type="clickbait", mood="upbeat")
    return json.dumps(answer)


_ANGLES = [
    (
        "A practical guide to {topic}",
        "how_to",
        "Here is how to get started with {topic} this week.",
    ),
    (
        "Why {topic} matters more than it seems",
        "contrarian",
        "Most people overlook {topic}, and that is a mistake.",
    ),
    (
        "Five things we learned about {topic}",
        "list",
        "We spent a week on {topic}; five lessons stood out.",
    ),
    (
        "What would change if you took {topic} seriously?",
        "question",
        "What would change if you took {topic} seriously?",
    ),
    ("The story behind {topic}", "story", "Last month {topic} changed how we work."),
]
_FALLBACK_TOPICS = [
    "getting started",
    "common mistakes",
    "tools that help",
    "behind the scenes",
    "what changed this year",
]


def _ideas(body: dict[str, Any], prompt: str) -> list[dict[str, Any]]:
    avoid = {str(t).casefold() for t in _json_after(prompt, prompts.AVOID_LABEL) or []}
    signals = [s for s in _json_after(prompt, prompts.SIGNALS_LABEL) or [] if isinstance(s, dict)]
    fresh = [s for s in signals if str(s.get("topic", "")).casefold() not in avoid] or signals
    topics = fresh or [{"topic": t} for t in _FALLBACK_TOPICS if t not in avoid]
    ideas = []
    alternatives = _alternative_count(body, prompt)
    for index in range(_idea_count(body, prompt)):
        signal = topics[index % len(topics)]
        topic = str(signal.get("topic") or "our craft")[:120]
        title, hook_type, hook = _ANGLES[index % len(_ANGLES)]
        others = [_ANGLES[(index + 1 + k) % len(_ANGLES)][2] for k in range(alternatives)]
        ideas.append(
            {
                "title": title.format(topic=topic),
                "hook": hook.format(topic=topic),
                "hook_type": hook_type,
                "description": f"A clear, practical look at {topic}, with one step readers "
                "can try today and what to watch for.",
                "format": "post",
                "rationale": f"{topic} is being discussed right now and fits the audience.",
                "audience_fit": 0.8,
                "topic_category": topic[:100],
                "key_phrases": [str(p) for p in signal.get("key_phrases") or []][:5] or [topic],
                "source_trend_ids": [signal["trend_id"]] if signal.get("trend_id") else [],
                "alternative_hooks": [other.format(topic=topic) for other in others],
            }
        )
    return ideas


def _alternative_count(body: dict[str, Any], prompt: str) -> int:
    """How many other hooks each idea is asked for: the schema's count, else the prompt's."""
    schema = _response_schema(body)
    try:
        idea = schema["$defs"]["ProposedIdea"]
        return int(idea["properties"]["alternative_hooks"]["minItems"])
    except (KeyError, TypeError, ValueError):
        found = re.search(r"alternative_hooks: (\d+)", prompt)
        return int(found.group(1)) if found else 0


def _response_schema(body: dict[str, Any]) -> Any:
    """The JSON Schema a request asks for (either ``response_format`` shape), or ``None``."""
    response_format = body.get("response_format") or {}
    return response_format.get("schema") or (response_format.get("json_schema") or {}).get("schema")


def _idea_count(body: dict[str, Any], prompt: str) -> int:
    schema = _response_schema(body)
    try:
        return int(schema["properties"]["ideas"]["minItems"])
    except (KeyError, TypeError, ValueError):
        found = re.search(r"exactly (\d+)", prompt)
        return int(found.group(1)) if found else 3


def _json_after(prompt: str, label: str) -> Any:
    lines = prompt.splitlines()
    for index, line in enumerate(lines[:-1]):
        if line.strip() == label:
            try:
                return json.loads(lines[index + 1])
            except json.JSONDecodeError:
                return None
    return None


def _idea_parts(idea: dict[str, Any]) -> tuple[str, str, str, list[str]]:
    title = str(idea.get("title") or "One small change worth making")
    hook = str(idea.get("hook") or title)
    hook_type = str(idea.get("hook_type") or "statement")
    phrases = [str(p) for p in idea.get("key_phrases") or []]
    tags = [re.sub(r"\W+", "", p).lower() for p in phrases]
    return title, hook, hook_type, [t for t in tags if t and not t.isdigit()][:3] or ["tips"]


def _linkedin(idea: dict[str, Any]) -> dict[str, Any]:
    title, hook, hook_type, tags = _idea_parts(idea)
    text = "\n\n".join(
        [
            _clip(hook, 400),
            f"Here is the idea in one line: {_clip(title, 200)}. It sounds simple, yet it "
            "changes how people plan their week once they try it. We tested it ourselves "
            "before writing this, and the results were practical rather than dramatic.",
            "Three things stood out. First, small changes compound: one adjustment made every "
            "day beats a big overhaul made once. Second, measuring before and after keeps "
            "everyone honest about what actually improved. Third, sharing the results with "
            "the people doing the work turns a one-off experiment into a habit the whole team "
            "owns.",
            "If you want to try it, start this week with one step you can repeat. Write down "
            "what you expect, run it for five days, and compare notes on Friday. Keep what "
            "worked, drop what did not, and tell us what you found. Small, steady steps are "
            "easier to keep than big promises, and they show results sooner than you expect.",
            "What would you test first?",
        ]
    )
    return {"channel": "linkedin", "hook_type": hook_type, "text": text, "hashtags": tags}


def _x_thread(idea: dict[str, Any]) -> dict[str, Any]:
    title, hook, hook_type, _tags = _idea_parts(idea)
    posts = [
        _clip(hook, 240),
        f"The idea: {_clip(title, 150)}. Small, repeatable steps beat big one-off changes.",
        "Try one step this week, measure before and after, and keep what works. What would "
        "you test first?",
    ]
    return {"channel": "x", "hook_type": hook_type, "posts": posts}


def _reel(idea: dict[str, Any]) -> dict[str, Any]:
    title, _hook, hook_type, tags = _idea_parts(idea)
    hook = "Stop scrolling for a second: this one small change helps."
    value = (
        f"Today's idea: {_clip(title, 120)}. Start with one step you can repeat every day. "
        "Measure before and after, keep what works, and drop what does not. Small changes "
        "add up faster than big plans."
    )
    cta = "Save this for later, try one step this week, and tell us what changed for you."
    scenes = [
        _scene("hook", hook, "Close-up of hands at work, warm light"),
        _scene("value", value, "Step-by-step shots of the change being made"),
        _scene("cta", cta, "Smiling face to camera, text overlay with the question"),
    ]
    caption = f"{_clip(title, 200)}\n\nOne small step, repeated, beats a big plan. Save it."
    return {
        "channel": "instagram-reel",
        "hook_type": hook_type,
        "hook": hook,
        "value": value,
        "cta": cta,
        "scenes": scenes,
        "caption": caption,
        "hashtags": tags,
    }


def _scene(beat: str, voiceover: str, visual: str) -> dict[str, Any]:
    seconds = round(len(voiceover.split()) / 2.5, 1)
    return {
        "beat": beat,
        "duration_seconds": seconds,
        "visual_prompt": visual,
        "voiceover": voiceover,
        "on_screen_text": "",
        "visual_cues": {},
        "audio_cues": {},
    }


def _clip(text: str, budget: int) -> str:
    """``text`` cut to ``budget`` characters counted as X does at most (wide ones as 2)."""
    used, kept = 0, list[str]()
    for char in text.strip():
        used += 1 if ord(char) < 0x1100 else 2
        if used > budget:
            return "".join(kept).rstrip() + "…"
        kept.append(char)
    return "".join(kept)


_DRAFTS = {
    prompts.draft_schema_name("linkedin"): _linkedin,
    prompts.draft_schema_name("x"): _x_thread,
    prompts.draft_schema_name("instagram-reel"): _reel,
}


@pytest.fixture(name="fake_openai")
def fake_openai_fixture() -> Iterator[FakeOpenAI]:
    """A running :class:`FakeOpenAI`, stopped after the test."""
    with FakeOpenAI() as server:
        yield server


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the fake OpenAI endpoint.")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--api-key", default=None, help="Require this bearer token.")
    args = parser.parse_args()
    with FakeOpenAI(port=args.port, latency_ms=args.latency_ms, api_key=args.api_key) as server:
        print(f"fake OpenAI endpoint on {server.base_url} (Ctrl+C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
