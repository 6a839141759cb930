"""Rows and publishers the publishing tests work with: a run, an idea and a piece per call,
built with the ORM models, and publishers that fail or crash the way real ones do."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.errors import ErrorCode, PressroomError
from pressroom.providers.publishers.protocol import Publisher, PublishRequest, PublishResult
from pressroom.writing.models import Piece
from tests.factories import make_idea, make_run

NOW = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)
"""A Friday in Berlin winter time (UTC+1), two days before the change to summer time."""

LINKEDIN_TEXT = (
    'We cupped twelve lots from Huila, and one tasted like "red apple" and panela.\n\n'
    "Grind two steps finer, weigh your dose, then taste again."
)


def linkedin_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "linkedin",
        "hook_type": "story",
        "text": LINKEDIN_TEXT,
        "hashtags": ["specialtycoffee", "homebrewing"],
    }
    body.update(overrides)
    return body


def x_body(*posts: str) -> dict[str, Any]:
    return {
        "channel": "x",
        "hook_type": "question",
        "posts": list(posts) or ["Is your espresso sour?", "Grind two steps finer, then taste."],
    }


def reel_body() -> dict[str, Any]:
    return {
        "channel": "instagram-reel",
        "hook_type": "how_to",
        "hook": "Your espresso tastes sour: here is the fix.",
        "value": "Grind finer, weigh your dose and time every shot.",
        "cta": "Try it tomorrow morning.",
        "scenes": [
            {
                "beat": "hook",
                "duration_seconds": 4,
                "visual_prompt": "A sour face",
                "voiceover": "Sour espresso?",
            },
        ],
        "caption": "Sour espresso? Grind finer first.",
        "hashtags": ["espresso", "baristalife"],
    }


def make_piece(
    session: Session,
    *,
    brand: Brand,
    channel: str = "linkedin",
    status: str = "approved",
    body: dict[str, Any] | None = None,
    text: str | None = None,
) -> Piece:
    """A piece (with its own run and idea) in ``status``."""
    run = make_run(session, brand=brand, run_date=date(2026, 3, 27), started_at=NOW)
    idea = make_idea(session, run=run)
    trace_id = run.trace_id
    if body is None:
        body = {"linkedin": linkedin_body, "x": x_body, "instagram-reel": reel_body}[channel]()
    piece = Piece(
        brand_id=brand.id,
        run_id=run.id,
        idea_id=idea.id,
        channel=channel,
        status=status,
        body=body,
        text=text if text is not None else "plain rendering",
        writer="builtin (offline)",
        trace_id=trace_id,
    )
    session.add(piece)
    session.flush()
    return piece


class FailingPublisher:
    """A connector that fails with ``error`` on every call, never publishing."""

    name = "failing"

    def __init__(self, error: PressroomError) -> None:
        self.error = error
        self.publish_calls = 0

    def publish(self, request: PublishRequest) -> PublishResult:
        self.publish_calls += 1
        raise self.error

    def lookup(self, idempotency_key: str) -> PublishResult | None:
        return None


class CrashAfterPublish:
    """Publishes through ``inner``, then dies before the caller hears back — the process
    crash between the side effect and the database write."""

    name = "crash-after"

    def __init__(self, inner: Publisher) -> None:
        self.inner = inner

    def publish(self, request: PublishRequest) -> PublishResult:
        self.inner.publish(request)
        raise SystemExit("simulated crash after publishing")

    def lookup(self, idempotency_key: str) -> PublishResult | None:
        return self.inner.lookup(idempotency_key)


class CrashBeforePublish:
    """Dies after the attempt was claimed but before anything reached the connector."""

    name = "crash-before"

    def publish(self, request: PublishRequest) -> PublishResult:
        raise SystemExit("simulated crash before publishing")

    def lookup(self, idempotency_key: str) -> PublishResult | None:
        return None


class TimeoutAfterPublish:
    """Publishes through ``inner`` but the answer is lost: ``PROVIDER_TIMEOUT``, as a platform
    API whose response never arrives."""

    name = "timeout-after"

    def __init__(self, inner: Publisher, *, deliver: bool = True) -> None:
        self.inner = inner
        self.deliver = deliver

    def publish(self, request: PublishRequest) -> PublishResult:
        if self.deliver:
            self.inner.publish(request)
        raise PressroomError(
            "no response within 30 s", code=ErrorCode.PROVIDER_TIMEOUT, retryable=True
        )

    def lookup(self, idempotency_key: str) -> PublishResult | None:
        return self.inner.lookup(idempotency_key)
