"""The organization's audit log: who changed what, when, newest first.

Events are shown only for the entity types that belong to one organization
(``pressroom.audit.repository.SCOPED_ENTITY_TYPES``); events about users and metrics
imports are not shown here."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from pressroom.audit import repository
from pressroom.audit.models import AuditEvent
from pressroom.errors import InvalidInputError
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_cursor,
    encode_cursor,
)
from pressroom.web.deps import CurrentPrincipal, DbSession

router = APIRouter(prefix="/audit-events", tags=["audit"])

EntityType = Literal[
    "organization",
    "membership",
    "brand",
    "run",
    "idea",
    "piece",
    "publish_job",
    "prompt_profile",
    "api_key",
    "invitation",
]


class AuditEventOut(BaseModel):
    id: str
    entity_type: str
    entity_id: str
    action: str
    actor: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    trace_id: str
    created_at: datetime

    @classmethod
    def of(cls, event: AuditEvent) -> AuditEventOut:
        return cls.model_validate(event, from_attributes=True)


def decode_moment_cursor(cursor: str) -> tuple[datetime, str]:
    """The (moment, id) a newest-first cursor carries (see :func:`moment_cursor`)."""
    moment, row_id = decode_cursor(cursor, parts=2)
    try:
        when = datetime.fromisoformat(str(moment))
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise InvalidInputError(
            "the cursor is not one this API returned",
            hint="Pass the `next_cursor` of the previous page unchanged, or no cursor.",
        )
    return when, str(row_id)


def as_utc(moment: datetime | None) -> datetime | None:
    """A query parameter's moment; one without an offset is read as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def moment_cursor(moment: datetime, row_id: str) -> str:
    """The cursor after a row of a newest-first page, sorted by a moment and its id."""
    return encode_cursor(moment.isoformat(), row_id)


@router.get("", summary="The organization's audit events, newest first")
def list_audit_events(
    session: DbSession,
    principal: CurrentPrincipal,
    entity_type: EntityType | None = None,
    entity_id: Annotated[str | None, Query(max_length=200)] = None,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[AuditEventOut]:
    before = decode_moment_cursor(cursor) if cursor else None
    events = repository.organization_events(
        session,
        organization_id=principal.organization_id,
        entity_type=entity_type,
        entity_id=entity_id,
        since=as_utc(since),
        before=before,
        limit=limit + 1,
    )
    items = [AuditEventOut.of(event) for event in events[:limit]]
    last = items[-1] if len(events) > limit else None
    return Page(items=items, next_cursor=moment_cursor(last.created_at, last.id) if last else None)
