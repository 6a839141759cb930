"""Publish jobs (scheduled posts) of the caller's organization: the posting calendar, one
job, and moving a post that has not gone out to another time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.contracts import utcnow
from pressroom.errors import InvalidInputError
from pressroom.publishing import repository as jobs
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.rescheduling import reschedule
from pressroom.publishing.schemas import PublishJobStatus
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_moment_cursor,
    moment_cursor,
    page_of,
)
from pressroom.web.deps import CurrentPrincipal, DbSession, TraceId, owned, owned_brand, requires

router = APIRouter(prefix="/publish-jobs", tags=["publish jobs"])


class PublishJobOut(BaseModel):
    """A scheduled publication of one piece, and how its attempts went."""

    id: str
    piece_id: str
    brand_id: str
    channel: str
    connector: str
    status: PublishJobStatus
    schedule_at: datetime
    attempt: int = Field(description="Attempts made so far.")
    next_retry_at: datetime | None
    idempotency_key: str
    external_id: str | None
    url: str | None
    published_at: datetime | None
    last_error: str | None = Field(description="The last failure, as the error's JSON.")
    trace_id: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, job: PublishJobRecord) -> PublishJobOut:
        return cls.model_validate(job, from_attributes=True)


class Reschedule(BaseModel):
    """Move a scheduled post to another time."""

    model_config = ConfigDict(extra="forbid")

    schedule_at: AwareDatetime = Field(
        description="The new posting time, with its offset (e.g. 2026-03-30T09:00:00+02:00)."
    )


@router.get("", summary="List the organization's publish jobs in posting order")
def list_publish_jobs(
    session: DbSession,
    principal: CurrentPrincipal,
    brand_id: str | None = None,
    status: PublishJobStatus | None = None,
    scheduled_from: Annotated[
        AwareDatetime | None, Query(description="Posting time from (included).")
    ] = None,
    scheduled_to: Annotated[
        AwareDatetime | None, Query(description="Posting time up to (excluded).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[PublishJobOut]:
    if brand_id is not None:
        owned_brand(session, principal, brand_id)
    rows = jobs.jobs_of_organization(
        session,
        organization_id=principal.organization_id,
        brand_id=brand_id,
        status=status,
        scheduled_from=_utc(scheduled_from, "scheduled_from"),
        scheduled_before=_utc(scheduled_to, "scheduled_to"),
        after=decode_moment_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    return page_of(
        rows,
        limit=limit,
        item=PublishJobOut.of,
        cursor=lambda job: moment_cursor(job.schedule_at, job.id),
    )


@router.get("/{job_id}", summary="One publish job")
def get_publish_job(job_id: str, session: DbSession, principal: CurrentPrincipal) -> PublishJobOut:
    return PublishJobOut.of(owned_job(session, principal, job_id))


@router.patch("/{job_id}", summary="Reschedule a post that has not gone out")
def reschedule_publish_job(
    job_id: str,
    change: Reschedule,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.EDIT_CONTENT)],
) -> PublishJobOut:
    """Move a ``scheduled`` job to ``schedule_at`` (timezone-aware, in the future; 422
    otherwise, or when the brand's channel already posts at that time). A job whose
    publishing has started, failed or finished keeps its time: 409
    ``INVALID_STATE_TRANSITION``."""
    job = owned_job(session, principal, job_id)
    moved = reschedule(
        session,
        job=job,
        schedule_at=change.schedule_at,
        now=utcnow(),
        actor=principal.actor,
        trace_id=trace_id or job.trace_id,
    )
    return PublishJobOut.of(moved)


def owned_job(session: Session, principal: Principal, job_id: str) -> PublishJobRecord:
    """The job when its brand belongs to the principal's organization; otherwise 404,
    exactly as for a job that does not exist."""
    hint = "GET /api/v1/publish-jobs lists yours."
    return owned(session, principal, PublishJobRecord, job_id, noun="publish job", hint=hint)


def _utc(moment: datetime | None, name: str) -> datetime | None:
    if moment is None:
        return None
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:  # an offset that takes it past the calendar's ends
        raise InvalidInputError(f"{name} is out of range: {moment.isoformat()}") from exc
