"""Run bookkeeping: start (idempotent by run id), record stage timings and per-item errors,
and derive the run's status from its pieces."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.errors import NotFoundError
from pressroom.runs.models import Run
from pressroom.writing.lifecycle import AWAITING_REVIEW, PieceStatus
from pressroom.writing.models import Piece


class RunStatus(StrEnum):
    RUNNING = "running"
    WAITING_FOR_REVIEW = "waiting_for_review"
    COMPLETED = "completed"
    COMPLETED_WITH_ERRORS = "completed_with_errors"
    FAILED = "failed"


def start_run(
    session: Session,
    *,
    run_id: str,
    brand_id: str,
    run_date: date,
    trigger: str,
    writer: str,
    trace_id: str,
    now: datetime,
) -> Run:
    """Create the run row, or return it unchanged when it already exists."""
    existing = session.get(Run, run_id)
    if existing is not None:
        return existing
    run = Run(
        id=run_id,
        brand_id=brand_id,
        run_date=run_date,
        trigger=trigger,
        status=RunStatus.RUNNING.value,
        writer=writer,
        trace_id=trace_id,
        started_at=now,
        counts={},
        timings={},
        errors=[],
    )
    session.add(run)
    audit.record(
        session,
        entity_type="run",
        entity_id=run_id,
        action="started",
        actor=f"trigger:{trigger}",
        trace_id=trace_id,
        after={"status": run.status, "writer": writer},
    )
    return run


def get_run(session: Session, run_id: str) -> Run:
    run = session.get(Run, run_id)
    if run is None:
        raise NotFoundError(f"no run {run_id!r}", hint="List runs with `pressroom runs list`.")
    return run


def record_timing(session: Session, *, run_id: str, stage: str, seconds: float) -> None:
    run = get_run(session, run_id)
    run.timings = {**run.timings, stage: round(seconds, 4)}


def record_errors(session: Session, *, run_id: str, errors: list[dict[str, Any]]) -> None:
    """Append per-item errors (each: stage, item, code, message). Never drops earlier ones."""
    if not errors:
        return
    run = get_run(session, run_id)
    seen = {(e.get("stage"), e.get("item"), e.get("code")) for e in run.errors}
    fresh = [e for e in errors if (e.get("stage"), e.get("item"), e.get("code")) not in seen]
    run.errors = [*run.errors, *fresh]


def piece_counts(session: Session, *, run_id: str) -> dict[str, int]:
    statuses = session.scalars(select(Piece.status).where(Piece.run_id == run_id)).all()
    return dict(Counter(statuses))


def refresh_status(session: Session, *, run_id: str, now: datetime, actor: str) -> Run:
    """Derive the run's status from its pieces and errors once the pipeline has finished.

    Waiting pieces → ``waiting_for_review``; otherwise any recorded error or failed piece →
    ``completed_with_errors``; else ``completed``. A failed run stays failed.
    """
    run = get_run(session, run_id)
    if run.status == RunStatus.FAILED:
        return run
    counts = piece_counts(session, run_id=run_id)
    waiting = sum(counts.get(str(s), 0) for s in AWAITING_REVIEW - {PieceStatus.FAILED_VALIDATION})
    failed = counts.get(PieceStatus.FAILED_VALIDATION, 0)
    if waiting or counts.get(PieceStatus.REVISION_REQUESTED, 0):
        status = RunStatus.WAITING_FOR_REVIEW
    elif run.errors or failed:
        status = RunStatus.COMPLETED_WITH_ERRORS
    else:
        status = RunStatus.COMPLETED
    run.counts = {**run.counts, "pieces_by_status": counts}
    if status != run.status:
        audit.record(
            session,
            entity_type="run",
            entity_id=run_id,
            action=f"status.{status}",
            actor=actor,
            trace_id=run.trace_id,
            before={"status": run.status},
            after={"status": status.value},
        )
        run.status = status.value
    if status != RunStatus.WAITING_FOR_REVIEW and run.finished_at is None:
        run.finished_at = now
    return run


def fail_run(session: Session, *, run_id: str, error: dict[str, Any], now: datetime) -> Run:
    run = get_run(session, run_id)
    record_errors(session, run_id=run_id, errors=[error])
    audit.record(
        session,
        entity_type="run",
        entity_id=run_id,
        action="status.failed",
        actor="pipeline",
        trace_id=run.trace_id,
        before={"status": run.status},
        after={"status": "failed", "error": error},
    )
    run.status = RunStatus.FAILED.value
    run.finished_at = now
    return run
