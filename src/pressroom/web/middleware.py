"""Cross-cutting HTTP behaviour, as plain ASGI middleware: request ids, the request body
limit, per-credential rate limits and ``Idempotency-Key`` replays."""

from __future__ import annotations

import asyncio
import hashlib
import math
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from anyio.to_thread import run_sync
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from pressroom.db.session import transaction
from pressroom.errors import ErrorCode
from pressroom.web.models import IdempotencyRecord
from pressroom.web.problems import problem
from pressroom.web.ratelimit import TokenBuckets

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REQUEST_ID_HEADER = b"x-request-id"
MAX_BODY_BYTES = 1024 * 1024
API_PREFIX = "/api/"
SIGN_IN_PATHS = frozenset({"/login", "/join"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def credential_scope(scope: Scope) -> str | None:
    """A stable, secret-free name for the request's credential (its SHA-256)."""
    authorization = _header(scope, b"authorization")
    if authorization:
        return hashlib.sha256(authorization.encode()).hexdigest()
    cookie = _header(scope, b"cookie") or ""
    for part in cookie.split(";"):
        name, _, value = part.strip().partition("=")
        if name == "pressroom_session" and value:
            return hashlib.sha256(value.encode()).hexdigest()
    return None


class RequestId:
    """Echo the caller's ``X-Request-ID`` (or give one) on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, REQUEST_ID_HEADER)
        request_id = given if given and len(given) <= 200 else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_id)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with a 413, whether announced by
    Content-Length or streamed."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        if length and length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, receive, send)
            return
        body, more = bytearray(), True
        while more:
            message = await receive()
            body.extend(message.get("body", b""))
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self._refuse(scope, receive, send)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            status=413,
            code=str(ErrorCode.PAYLOAD_TOO_LARGE),
            detail=f"the request body is over {self.limit} bytes",
            hint="Send less at once (split the request).",
        )
        await response(scope, receive, send)


class RateLimit:
    """A token bucket per credential (per client address without one) on the API and on the
    studio's sign-in form: ``per_minute`` requests a minute, in bursts of up to
    ``per_minute``; over it, 429 with ``Retry-After``. (Each signed-in user has a bucket of
    their own as well, whatever credential they use: ``deps.current_principal``.)"""

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.per_minute = per_minute
        self._buckets = TokenBuckets(per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limited = scope["type"] == "http" and (
            scope["path"].startswith(API_PREFIX)
            or (scope["path"] in SIGN_IN_PATHS and scope["method"] == "POST")
        )
        if not limited:
            await self.app(scope, receive, send)
            return
        client = scope.get("client") or ("unknown", 0)
        who = credential_scope(scope) or f"address:{client[0]}"
        wait = self._buckets.take(who)
        if wait > 0:
            retry_after = str(max(1, math.ceil(wait)))
            response = problem(
                status=429,
                code=str(ErrorCode.RATE_LIMITED),
                detail=f"more than {self.per_minute} requests a minute",
                retryable=True,
                hint=f"Wait {retry_after} s (Retry-After) and send it again.",
                headers={"Retry-After": retry_after},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class Idempotency:
    """A POST to the API with an ``Idempotency-Key`` header runs once per credential and
    key: the same key with the same method, path and body replays the first response (with
    ``Idempotent-Replayed: true``); with anything else, 409 ``IDEMPOTENCY_KEY_REUSED``.
    Responses of 5xx are not kept, so such a request may be sent again. Requests with the
    same credential and key take turns, so one that arrives while the first is still being
    served waits for it and gets its answer."""

    def __init__(self, app: ASGIApp, session_factory: sessionmaker[Session]) -> None:
        self.app = app
        self.session_factory = session_factory
        self._turns: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, b"idempotency-key")
        who = credential_scope(scope)
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or not scope["path"].startswith(API_PREFIX)
            or not key
            or who is None
        ):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        async with self._turn(who, key):
            await self._once(scope, send, who=who, key=key, body=body)

    @asynccontextmanager
    async def _turn(self, who: str, key: str) -> AsyncIterator[None]:
        lock, waiting = self._turns.get((who, key), (asyncio.Lock(), 0))
        self._turns[(who, key)] = (lock, waiting + 1)
        try:
            async with lock:
                yield
        finally:
            lock, waiting = self._turns[(who, key)]
            if waiting == 1:
                del self._turns[(who, key)]
            else:
                self._turns[(who, key)] = (lock, waiting - 1)

    async def _once(self, scope: Scope, send: Send, *, who: str, key: str, body: bytes) -> None:
        digest = hashlib.sha256(
            scope["method"].encode() + b" " + scope["path"].encode() + b"\n" + body
        ).hexdigest()
        stored = await run_sync(self._find, who, key)
        if stored is not None:
            await self._answer(stored, digest, scope, send)
            return
        captured: dict[str, Any] = {"body": bytearray(), "messages": []}

        async def capture(message: Message) -> None:
            # Held back until the response is kept: a retry that arrives the moment the
            # client has the first answer must find it.
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = [
                    (bytes(k).decode("latin-1"), bytes(v).decode("latin-1"))
                    for k, v in message.get("headers", [])
                ]
            elif message["type"] == "http.response.body":
                captured["body"].extend(message.get("body", b""))
            captured["messages"].append(message)

        await self.app(scope, _replaying(body), capture)
        if captured.get("status", 500) < 500:
            await run_sync(self._keep, who, key, scope, digest, captured)
        for message in captured["messages"]:
            await send(message)

    def _find(self, who: str, key: str) -> IdempotencyRecord | None:
        with transaction(self.session_factory) as session:
            return session.scalar(
                select(IdempotencyRecord).where(
                    IdempotencyRecord.scope == who, IdempotencyRecord.key == key
                )
            )

    def _keep(
        self, who: str, key: str, scope: Scope, digest: str, captured: dict[str, Any]
    ) -> None:
        kept = {
            name: value
            for name, value in captured["headers"]
            if name.lower() in {"content-type", "location"}
        }
        try:
            with transaction(self.session_factory) as session:
                session.add(
                    IdempotencyRecord(
                        scope=who,
                        key=key[:200],
                        method=scope["method"],
                        path=scope["path"][:500],
                        request_hash=digest,
                        status=captured["status"],
                        headers=kept,
                        body=bytes(captured["body"]).decode("utf-8", "replace"),
                    )
                )
        except IntegrityError:
            pass  # a concurrent request with the same key kept its response first

    async def _answer(
        self, stored: IdempotencyRecord, digest: str, scope: Scope, send: Send
    ) -> None:
        async def no_body() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        if stored.request_hash != digest:
            response = problem(
                status=409,
                code=str(ErrorCode.IDEMPOTENCY_KEY_REUSED),
                detail="this Idempotency-Key was used for a different request",
                hint="Use a new key for a new request.",
            )
            await response(scope, no_body, send)
            return
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored.headers.items()]
        headers.append((b"idempotent-replayed", b"true"))
        await send({"type": "http.response.start", "status": stored.status, "headers": headers})
        await send({"type": "http.response.body", "body": stored.body.encode("utf-8")})


async def _read_body(receive: Receive) -> bytes:
    body, more = bytearray(), True
    while more:
        message = await receive()
        body.extend(message.get("body", b""))
        more = message.get("more_body", False)
    return bytes(body)


def _replaying(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        # After the body, the app only waits for the client to go away.
        return {"type": "http.disconnect"}

    return receive
