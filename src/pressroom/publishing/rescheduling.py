"""Moving a scheduled post to another time (SPEC §3.8): only before any attempt to publish
it has started, only to a time still ahead, and never onto a minute the brand's channel has
already given to another post."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.errors import InvalidInputError, InvalidStateTransitionError
from pressroom.logging import get_logger
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.schemas import PublishJobStatus

log = get_logger(__name__)


def reschedule(
    session: Session,
    *,
    job: PublishJobRecord,
    schedule_at: datetime,
    now: datetime,
    actor: str,
    trace_id: str,
) -> PublishJobRecord:
    """Move ``job`` to ``schedule_at`` (timezone-aware, after ``now``), audited.

    Only a ``scheduled`` job moves: once an attempt has started (``publishing``), failed or
    published, its timing belongs to the retry rules and the connector, so any other status
    is ``INVALID_STATE_TRANSITION`` (409). A time already given to another post of the same
    brand and channel is ``INVALID_INPUT``, as when scheduling.
    """
    for moment, name in ((schedule_at, "schedule_at"), (now, "now")):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidInputError(
                f"{name} must be timezone-aware, got {moment.isoformat()}",
                hint="Give an offset, e.g. 2026-03-30T09:00:00+02:00.",
            )
    if job.status != PublishJobStatus.SCHEDULED:
        raise InvalidStateTransitionError(
            f"publish job {job.id} is {job.status}; only a scheduled job can be rescheduled",
            hint="A job being published, failed or published keeps its time.",
            details={"job_id": job.id, "status": job.status},
        )
    if schedule_at <= now:
        raise InvalidInputError(
            f"{schedule_at.isoformat()} is not in the future",
            hint="Pick a time ahead of now.",
            details={"schedule_at": schedule_at.isoformat(), "now": now.isoformat()},
        )
    target = _in_utc(schedule_at)
    before = job.schedule_at
    if target == before:
        return job
    _move(session, job, target)
    audit.record(
        session,
        entity_type="publish_job",
        entity_id=job.id,
        action="rescheduled",
        actor=actor,
        trace_id=trace_id,
        before={"schedule_at": before.isoformat()},
        after={"schedule_at": target.isoformat()},
    )
    log.info(
        "publishing.job.rescheduled",
        trace_id=trace_id,
        job_id=job.id,
        schedule_at=target.isoformat(),
        before=before.isoformat(),
    )
    return job


def _move(session: Session, job: PublishJobRecord, target: datetime) -> None:
    """The database's unique (brand, channel, time) constraint decides whether the time is
    free, as it does when scheduling (a concurrent scheduler may take it meanwhile)."""
    try:
        with session.begin_nested():
            job.schedule_at = target
            session.flush()
    except IntegrityError as exc:
        raise InvalidInputError(
            f"{job.channel} already has a post at {target.isoformat()}",
            hint="Pick another time.",
            details={"channel": job.channel, "schedule_at": target.isoformat()},
        ) from exc


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:  # an offset that takes it past year 9999
        raise InvalidInputError(f"{moment.isoformat()} is out of range") from exc
