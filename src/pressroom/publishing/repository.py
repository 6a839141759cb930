"""Every query of the publishing feature."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, tuple_, update
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.schemas import PublishJobStatus
from pressroom.scoring.models import ScoreCardRecord

J = PublishJobRecord
S = PublishJobStatus


def get_job(session: Session, job_id: str) -> PublishJobRecord | None:
    return session.get(PublishJobRecord, job_id)


def job_for_piece(session: Session, piece_id: str) -> PublishJobRecord | None:
    return session.scalars(select(J).where(J.piece_id == piece_id)).one_or_none()


def taken_slots(session: Session, *, brand_id: str, channel: str) -> set[datetime]:
    """Posting times already given to a job of this brand and channel, whatever its state."""
    rows = session.scalars(
        select(J.schedule_at).where(J.brand_id == brand_id, J.channel == channel)
    )
    return set(rows)


def due_jobs(
    session: Session, *, now: datetime, lead: timedelta, brand_id: str | None = None
) -> Sequence[PublishJobRecord]:
    """Jobs to attempt now, oldest posting time first, among those whose posting time is at
    most ``lead`` away: scheduled ones, failed ones whose retry time has come, and attempts
    whose lease ran out without an outcome (their process died)."""
    waiting_again = and_(
        J.status.in_([S.FAILED_PUBLISH_RETRYABLE, S.PUBLISHING]), J.next_retry_at <= now
    )
    query = select(J).where(
        J.schedule_at <= now + lead, or_(J.status == S.SCHEDULED, waiting_again)
    )
    if brand_id is not None:
        query = query.where(J.brand_id == brand_id)
    return session.scalars(query.order_by(J.schedule_at, J.id)).all()


def claim_attempt(session: Session, *, job: PublishJobRecord, lease_until: datetime) -> bool:
    """Mark ``job`` as being published, if nobody else changed it since it was read.

    A compare-and-set on ``attempt``: of two workers that read the same job, one wins.
    """
    # RETURNING brings the claimed row back into ``job`` in the same statement.
    claimed = session.scalars(
        update(J)
        .where(J.id == job.id, J.attempt == job.attempt, J.status == job.status)
        .values(status=S.PUBLISHING, attempt=J.attempt + 1, next_retry_at=lease_until)
        .returning(J),
        execution_options={"synchronize_session": False, "populate_existing": True},
    ).one_or_none()
    return claimed is not None


def latest_score(session: Session, *, piece_id: str) -> ScoreCardRecord | None:
    return session.scalars(
        select(ScoreCardRecord)
        .where(ScoreCardRecord.piece_id == piece_id)
        .order_by(ScoreCardRecord.piece_version.desc())
        .limit(1)
    ).first()


def jobs_of_organization(
    session: Session,
    *,
    organization_id: str,
    limit: int,
    brand_id: str | None = None,
    status: str | None = None,
    scheduled_from: datetime | None = None,
    scheduled_before: datetime | None = None,
    after: tuple[datetime, str] | None = None,
) -> Sequence[PublishJobRecord]:
    """Up to ``limit`` jobs of the organization's brands in posting order (``schedule_at``,
    then ``id``), after the (schedule_at, id) key ``after``. One query."""
    owned = select(Brand.id).where(Brand.id == J.brand_id, Brand.organization_id == organization_id)
    query = select(J).where(owned.exists())
    if brand_id is not None:
        query = query.where(J.brand_id == brand_id)
    if status is not None:
        query = query.where(J.status == status)
    if scheduled_from is not None:
        query = query.where(J.schedule_at >= scheduled_from)
    if scheduled_before is not None:
        query = query.where(J.schedule_at < scheduled_before)
    if after is not None:
        query = query.where(tuple_(J.schedule_at, J.id) > after)
    return session.scalars(query.order_by(J.schedule_at, J.id).limit(limit)).all()
