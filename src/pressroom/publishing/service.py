"""Scheduling and publishing rules (SPEC §3.8): posting slots, one publish job per piece,
retries with backoff, and exactly-once publishing through a ``Publisher``.

The exactly-once argument is written out in docs/PUBLISHING.md.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from pressroom.audit import service as audit
from pressroom.brands.models import Brand
from pressroom.brands.schemas import DEFAULT_SLOTS
from pressroom.db.session import transaction
from pressroom.db.upsert import upsert
from pressroom.errors import (
    ErrorCode,
    InvalidInputError,
    InvalidStateTransitionError,
    NotFoundError,
    PressroomError,
)
from pressroom.logging import get_logger
from pressroom.providers.publishers.protocol import Publisher, PublishRequest, PublishResult
from pressroom.publishing import repository
from pressroom.publishing.errors import PublishError
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.requests import build_request
from pressroom.publishing.schemas import (
    PublishAction,
    PublishJobEnvelope,
    PublishJobPayload,
    PublishJobStatus,
    PublishOutcome,
)
from pressroom.publishing.slots import local_instant, parse_slot
from pressroom.writing.lifecycle import PieceStatus, transition
from pressroom.writing.models import Piece

log = get_logger(__name__)

S = PublishJobStatus
T = TypeVar("T")

RETRY_BACKOFF: tuple[timedelta, ...] = (
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
)
"""Wait before each retry (seed 000 §7); a failure after the last one is terminal."""

MAX_ATTEMPTS = len(RETRY_BACKOFF) + 1

ATTEMPT_LEASE = timedelta(minutes=5)
"""How long a started attempt may stay without an outcome before another run takes the job
over (the process that started it is then presumed dead)."""

OUTCOME_UNKNOWN = frozenset({ErrorCode.PROVIDER_TIMEOUT})
"""Errors after which the post may or may not have gone out."""

_OPEN = frozenset({S.SCHEDULED, S.PUBLISHING, S.FAILED_PUBLISH_RETRYABLE})


# -- scheduling -----------------------------------------------------------------------------


def next_slot(*, brand: Brand, channel: str, after: datetime, taken: set[datetime]) -> datetime:
    """The brand's first posting slot for ``channel`` strictly after ``after`` that is not in
    ``taken``, rolling over to later days. Slots are "HH:MM" in the brand's time zone
    (``posting_slots``, else the defaults). Returns UTC."""
    _require_aware(after, "after")
    slots = sorted({parse_slot(value) for value in _slot_values(brand, channel)})
    zone = ZoneInfo(brand.timezone)
    taken_utc = {moment.astimezone(UTC) for moment in taken}
    # Start a day early: a slot late on the previous local day can still be after ``after``.
    first_day = after.astimezone(zone).date() - timedelta(days=1)
    for offset in itertools.count():
        day = first_day + timedelta(days=offset)
        for slot in slots:
            candidate = local_instant(day, slot, zone)
            if candidate > after and candidate not in taken_utc:
                return candidate
    raise AssertionError("unreachable: taken slots are finite")  # pragma: no cover


def _slot_values(brand: Brand, channel: str) -> list[str]:
    values = (brand.posting_slots or {}).get(channel) or DEFAULT_SLOTS.get(channel) or []
    if not values:
        raise InvalidInputError(
            f"brand {brand.slug!r} has no posting slots for {channel}",
            hint=f'Add "posting_slots": {{"{channel}": ["09:00"]}} to the brand.',
            details={"brand": brand.slug, "channel": channel},
        )
    return list(values)


SLOT_ATTEMPTS = 50


def _insert_job(
    session: Session,
    *,
    piece: Piece,
    brand: Brand,
    now: datetime,
    schedule_at: datetime | None,
    connector: str,
    trace_id: str,
) -> PublishJobRecord:
    """Insert the job at the next free slot. The database's unique (brand, channel, time)
    constraint is the arbiter: a slot taken by a concurrent scheduler is skipped."""
    taken = repository.taken_slots(session, brand_id=brand.id, channel=piece.channel)
    for _ in range(SLOT_ATTEMPTS):
        at = schedule_at or next_slot(brand=brand, channel=piece.channel, after=now, taken=taken)
        try:
            with session.begin_nested():
                return upsert(
                    session,
                    PublishJobRecord,
                    keys=["piece_id"],
                    values={
                        "piece_id": piece.id,
                        "brand_id": brand.id,
                        "channel": piece.channel,
                        "connector": connector,
                        "status": S.SCHEDULED,
                        "schedule_at": at.astimezone(UTC),
                        "attempt": 0,
                        "idempotency_key": idempotency_key_for(piece.id),
                        "trace_id": trace_id,
                    },
                )
        except IntegrityError as exc:
            if schedule_at is not None:
                raise InvalidInputError(
                    f"{piece.channel} already has a post at {schedule_at.isoformat()}",
                    hint="Pick another time, or leave it to the brand's posting slots.",
                ) from exc
            taken = {*taken, at.astimezone(UTC)}
    raise InvalidInputError(
        f"no free {piece.channel} slot found after {SLOT_ATTEMPTS} tries",
        hint="Add posting slots for this channel to the brand.",
    )


def schedule_piece(
    session: Session,
    *,
    piece: Piece,
    brand: Brand,
    now: datetime,
    actor: str,
    trace_id: str,
    schedule_at: datetime | None = None,
    connector: str = "outbox",
) -> PublishJobRecord:
    """Create the piece's one publish job (idempotent: a second call returns the same job)
    at ``schedule_at`` or the brand's next free slot after ``now``, and move the piece from
    ``approved`` to ``scheduled`` (``INVALID_STATE_TRANSITION`` from any other state)."""
    existing = repository.job_for_piece(session, piece.id)
    if existing is not None:
        return existing
    if piece.brand_id != brand.id:
        raise InvalidInputError(
            f"piece {piece.id} does not belong to brand {brand.slug!r}",
            details={"piece_id": piece.id, "brand": brand.slug},
        )
    _require_aware(now, "now")
    if schedule_at is not None:
        _require_aware(schedule_at, "schedule_at")
    transition(session, piece, PieceStatus.SCHEDULED, actor=actor, trace_id=trace_id)
    job = _insert_job(
        session,
        piece=piece,
        brand=brand,
        now=now,
        schedule_at=schedule_at,
        connector=connector,
        trace_id=trace_id,
    )
    _audit_job(
        session,
        job,
        action="scheduled",
        actor=actor,
        trace_id=trace_id,
        after={"schedule_at": job.schedule_at.isoformat(), "connector": connector},
    )
    log.info(
        "publishing.job.scheduled",
        trace_id=trace_id,
        job_id=job.id,
        piece_id=piece.id,
        channel=piece.channel,
        schedule_at=job.schedule_at.isoformat(),
    )
    return job


def idempotency_key_for(piece_id: str) -> str:
    """The publish idempotency key of a piece: one piece, one post, whatever happens."""
    return f"pub-{piece_id}"


def due_jobs(
    session: Session,
    *,
    now: datetime,
    brand_id: str | None = None,
    lead: timedelta = timedelta(0),
) -> list[PublishJobRecord]:
    """Jobs to publish now: ``scheduled`` ones whose ``schedule_at`` is at most ``lead`` away
    (a connector that hands posts over with their own posting time, like the outbox, may
    work ahead), retryable failures whose ``next_retry_at`` has come (the backoff is never
    shortened by ``lead``), and started attempts whose lease ran out without an outcome."""
    _require_aware(now, "now")
    if lead < timedelta(0):
        raise InvalidInputError(f"lead must not be negative, got {lead}")
    return list(repository.due_jobs(session, now=now, lead=lead, brand_id=brand_id))


# -- recording outcomes ---------------------------------------------------------------------


def record_published(
    session: Session,
    *,
    job: PublishJobRecord,
    result: PublishResult,
    actor: str,
    trace_id: str,
) -> PublishJobRecord:
    """Record that ``job`` was published as ``result``; the piece becomes ``published``."""
    _require_open(job)
    before = _job_state(job)
    job.status = S.PUBLISHED
    job.external_id = result.external_id
    job.url = result.url
    job.published_at = result.published_at
    job.next_retry_at = None
    job.last_error = None
    _move_piece(session, job, PieceStatus.PUBLISHED, actor=actor, trace_id=trace_id)
    _audit_job(
        session,
        job,
        action="published",
        actor=actor,
        trace_id=trace_id,
        before=before,
        after={**_job_state(job), "external_id": job.external_id},
    )
    log.info(
        "publishing.job.published",
        trace_id=trace_id,
        job_id=job.id,
        external_id=job.external_id,
        attempt=job.attempt,
    )
    return job


def record_failure(
    session: Session,
    *,
    job: PublishJobRecord,
    error: PressroomError,
    now: datetime,
    actor: str,
    trace_id: str,
) -> PublishJobRecord:
    """Record a failed attempt (``job.attempt`` counts attempts made, this one included).

    Retryable errors wait 2, 10, then 30 minutes (``failed_publish_retryable`` with
    ``next_retry_at``); the next failure, or any non-retryable error, is terminal. The piece
    follows the job.
    """
    _require_open(job)
    _require_aware(now, "now")
    before = _job_state(job)
    job.attempt = max(job.attempt, 1)
    job.last_error = json.dumps(error.to_dict()["error"], ensure_ascii=False)
    if error.retryable and job.attempt <= len(RETRY_BACKOFF):
        job.status = S.FAILED_PUBLISH_RETRYABLE
        job.next_retry_at = now + RETRY_BACKOFF[job.attempt - 1]
        event, piece_status = "publishing.job.retry_scheduled", PieceStatus.FAILED_PUBLISH_RETRYABLE
    else:
        job.status = S.FAILED_PUBLISH_TERMINAL
        job.next_retry_at = None
        event, piece_status = "publishing.job.failed_terminal", PieceStatus.FAILED_PUBLISH_TERMINAL
    _move_piece(session, job, piece_status, actor=actor, trace_id=trace_id, note=error.message)
    _audit_job(
        session,
        job,
        action=job.status,
        actor=actor,
        trace_id=trace_id,
        before=before,
        after={**_job_state(job), "error": str(error.code)},
    )
    log.warning(
        event,
        trace_id=trace_id,
        job_id=job.id,
        attempt=job.attempt,
        code=str(error.code),
        next_retry_at=_iso(job.next_retry_at),
    )
    return job


# -- publishing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Attempt:
    job_id: str
    number: int
    request: PublishRequest
    look_first: bool


def publish_job(
    session_factory: sessionmaker[Session],
    *,
    job_id: str,
    publisher: Publisher,
    now: datetime,
    actor: str,
    media: Sequence[Path] = (),
    media_names: Sequence[str] = (),
) -> PublishOutcome:
    """Publish one job exactly once, in three steps with a side effect between two commits:

    1. claim the attempt (status ``publishing``, ``attempt`` + 1, a lease) and commit;
    2. ask the connector: ``lookup`` first if an earlier attempt may have reached it, then
       ``publish`` with the job's idempotency key;
    3. record the outcome and commit.

    A crash after 1 leaves the job ``publishing``; once its lease ends it is due again and the
    next attempt starts with ``lookup``, so a post that went out is recorded, not repeated.
    Unexpected exceptions propagate and leave the job in that same recoverable state.
    """
    _require_aware(now, "now")
    with transaction(session_factory) as session:
        started = _start_attempt(
            session, job_id=job_id, now=now, actor=actor, media=media, media_names=media_names
        )
    if isinstance(started, PublishOutcome):
        return started
    try:
        result, recovered = _deliver(publisher, started)
    except PressroomError as error:
        with transaction(session_factory) as session:
            return _finish_failed(session, attempt=started, error=error, now=now, actor=actor)
    with transaction(session_factory) as session:
        return _finish_published(
            session, attempt=started, result=result, recovered=recovered, actor=actor
        )


def _finish_published(
    session: Session, *, attempt: _Attempt, result: PublishResult, recovered: bool, actor: str
) -> PublishOutcome:
    job = _load(session, attempt.job_id)
    if job.status == S.PUBLISHED:
        # Another run took the job over after this attempt's lease and recorded the same post.
        return _outcome(job, "already_published")
    record_published(session, job=job, result=result, actor=actor, trace_id=job.trace_id)
    if recovered:
        log.info("publishing.job.recovered", trace_id=job.trace_id, job_id=job.id)
    outcome = _outcome(job, "recovered" if recovered else "published")
    return outcome.model_copy(update={"location": result.location})


def _finish_failed(
    session: Session, *, attempt: _Attempt, error: PressroomError, now: datetime, actor: str
) -> PublishOutcome:
    job = _load(session, attempt.job_id)
    if job.status != S.PUBLISHING or job.attempt != attempt.number:
        # Superseded by a later attempt: its outcome, not this one's, is the job's.
        return _outcome(job, "already_published" if job.status == S.PUBLISHED else "in_progress")
    record_failure(session, job=job, error=error, now=now, actor=actor, trace_id=job.trace_id)
    return _outcome(job, "failed", error=error)


def _start_attempt(
    session: Session,
    *,
    job_id: str,
    now: datetime,
    actor: str,
    media: Sequence[Path],
    media_names: Sequence[str] = (),
) -> _Attempt | PublishOutcome:
    job = _load(session, job_id)
    if job.status == S.PUBLISHED:
        return _outcome(job, "already_published")
    if job.status == S.FAILED_PUBLISH_TERMINAL:
        raise InvalidStateTransitionError(
            f"publish job {job.id} failed for good; it is not published again",
            hint="Write a new piece (or a revision) and schedule that.",
            details={"job_id": job.id, "status": job.status},
        )
    if _lease_held(job, now) or not repository.claim_attempt(
        session, job=job, lease_until=now + ATTEMPT_LEASE
    ):
        session.refresh(job)
        return _outcome(job, "in_progress")
    _audit_job(
        session,
        job,
        action="attempt_started",
        actor=actor,
        trace_id=job.trace_id,
        after={"attempt": job.attempt},
    )
    log.info(
        "publishing.job.attempt_started", trace_id=job.trace_id, job_id=job.id, attempt=job.attempt
    )
    try:
        request = build_request(session, job=job, media=media, media_names=media_names)
    except PressroomError as error:
        record_failure(session, job=job, error=error, now=now, actor=actor, trace_id=job.trace_id)
        return _outcome(job, "failed", error=error)
    return _Attempt(job_id=job.id, number=job.attempt, request=request, look_first=job.attempt > 1)


def _lease_held(job: PublishJobRecord, now: datetime) -> bool:
    """An attempt is running (or its process died less than a lease ago)."""
    return (
        job.status == S.PUBLISHING and job.next_retry_at is not None and (job.next_retry_at > now)
    )


def _deliver(publisher: Publisher, attempt: _Attempt) -> tuple[PublishResult, bool]:
    """The connector call. Returns the result and whether it came from ``lookup``."""
    key = attempt.request.idempotency_key
    if attempt.look_first:
        found = publisher.lookup(key)
        if found is not None:
            return found, True
        if attempt.number > MAX_ATTEMPTS:
            # Only lost attempts (crashes) get here: retries are exhausted, nothing went out.
            raise PublishError(
                f"no outcome after {attempt.number - 1} attempts",
                retryable=False,
                hint="Check the connector, then write and schedule the piece again.",
                details={"idempotency_key": key},
            )
    try:
        return publisher.publish(attempt.request), False
    except PressroomError as error:
        if error.code not in OUTCOME_UNKNOWN:
            raise
        found = publisher.lookup(key)
        if found is None:
            raise
        return found, True


def job_envelope(job: PublishJobRecord) -> PublishJobEnvelope:
    """The ``PublishJob`` contract for ``job``."""
    payload = PublishJobPayload(
        publish_job_id=job.id,
        status=S(job.status),
        channel=job.channel,
        attempt=job.attempt,
        next_retry_at=job.next_retry_at,
        piece_id=job.piece_id,
        schedule_at=job.schedule_at,
        idempotency_key=job.idempotency_key,
        connector=job.connector,
        external_id=job.external_id,
        url=job.url,
        published_at=job.published_at,
    )
    return PublishJobEnvelope.wrap(payload, trace_id=job.trace_id)  # type: ignore[no-any-return]


# -- helpers --------------------------------------------------------------------------------


def _load(session: Session, job_id: str) -> PublishJobRecord:
    return _require(repository.get_job(session, job_id), f"publish job {job_id}")


def _require(value: T | None, what: str) -> T:
    if value is None:
        raise NotFoundError(f"no {what}", details={"what": what})
    return value


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInputError(
            f"{name} must be timezone-aware, got {moment.isoformat()}",
            hint="Pass an aware datetime, e.g. datetime.now(UTC).",
        )


def _require_open(job: PublishJobRecord) -> None:
    if S(job.status) not in _OPEN:
        raise InvalidStateTransitionError(
            f"publish job {job.id} is {job.status}; its outcome is already recorded",
            details={"job_id": job.id, "status": job.status},
        )


def _move_piece(
    session: Session,
    job: PublishJobRecord,
    target: PieceStatus,
    *,
    actor: str,
    trace_id: str,
    note: str = "",
) -> None:
    piece = _require(session.get(Piece, job.piece_id), f"piece {job.piece_id}")
    transition(session, piece, target, actor=actor, trace_id=trace_id, note=note)


def _job_state(job: PublishJobRecord) -> dict[str, Any]:
    return {
        "status": str(job.status),
        "attempt": job.attempt,
        "next_retry_at": _iso(job.next_retry_at),
    }


def _audit_job(
    session: Session,
    job: PublishJobRecord,
    *,
    action: str,
    actor: str,
    trace_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    audit.record(
        session,
        entity_type="publish_job",
        entity_id=job.id,
        action=str(action),
        actor=actor,
        trace_id=trace_id,
        before=before,
        after=after,
    )


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _outcome(
    job: PublishJobRecord, action: PublishAction, *, error: PressroomError | None = None
) -> PublishOutcome:
    return PublishOutcome(
        job_id=job.id,
        action=action,
        status=S(job.status),
        attempt=job.attempt,
        external_id=job.external_id,
        url=job.url,
        published_at=job.published_at,
        next_retry_at=job.next_retry_at,
        error=None if error is None else error.to_dict(),
    )
