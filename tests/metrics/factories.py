"""Factories for published pieces and their metrics: run → idea → piece → publish job →
snapshots, stored directly through the ORM."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.ideas.models import Idea
from pressroom.metrics.models import MetricSnapshot
from pressroom.publishing.models import PublishJobRecord
from pressroom.runs.models import Run
from pressroom.writing.models import Piece
from tests import factories as shared

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def make_run(session: Session, brand: Brand, **overrides: Any) -> Run:
    values: dict[str, Any] = {
        "run_date": T0.date(),
        "trace_id": "trace-test",
        "started_at": T0,
        **overrides,
    }
    return shared.make_run(session, brand=brand, **values)


def make_piece(
    session: Session,
    brand: Brand,
    *,
    channel: str = "x",
    hook_type: str = "question",
    status: str = "published",
    run: Run | None = None,
    **overrides: Any,
) -> Piece:
    """A piece with its own idea (in ``run``, or a new run)."""
    run = run or make_run(session, brand)
    slot = session.scalar(select(func.count()).select_from(Idea).where(Idea.run_id == run.id))
    idea = Idea(
        brand_id=brand.id,
        run_id=run.id,
        slot=slot or 0,
        title="An idea",
        hook="A hook?",
        hook_type=hook_type or "statement",
        topic_key=f"topic-{uuid.uuid4()}",
        writer="builtin",
        trace_id="trace-test",
    )
    session.add(idea)
    session.flush()
    values: dict[str, Any] = {
        "brand_id": brand.id,
        "run_id": run.id,
        "idea_id": idea.id,
        "channel": channel,
        "status": status,
        "hook_type": hook_type,
        "writer": "builtin",
        "trace_id": "trace-test",
    }
    values.update(overrides)
    piece = Piece(**values)
    session.add(piece)
    session.flush()
    return piece


_slots = itertools.count()


def make_publish_job(
    session: Session,
    piece: Piece,
    *,
    published_at: datetime | None = T0,
    external_id: str | None = None,
    **overrides: Any,
) -> PublishJobRecord:
    values: dict[str, Any] = {
        "piece_id": piece.id,
        "brand_id": piece.brand_id,
        "channel": piece.channel,
        "status": "published",
        # Distinct posting times: one post per brand, channel and minute (a unique constraint).
        "schedule_at": (published_at or T0) + timedelta(minutes=next(_slots)),
        "idempotency_key": f"publish-{piece.id}",
        "trace_id": "trace-test",
        "published_at": published_at,
        "external_id": external_id,
    }
    values.update(overrides)
    job = PublishJobRecord(**values)
    session.add(job)
    session.flush()
    return job


def make_snapshot(
    session: Session, piece: Piece, *, collected_at: datetime = T0, **counts: Any
) -> MetricSnapshot:
    snapshot = MetricSnapshot(
        piece_id=piece.id, channel=piece.channel, collected_at=collected_at, **counts
    )
    session.add(snapshot)
    session.flush()
    return snapshot
