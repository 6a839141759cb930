"""The organization's audit log: who changed what, when, newest first.

Events are shown only for the entity types that belong to one organization
(``pressroom.audit.repository.SCOPED_ENTITY_TYPES``); events about users and metrics
imports are not shown here."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from pressroom.audit import repository
from pressroom.audit.models import AuditEvent
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    as_utc,
    decode_moment_cursor,
    moment_cursor,
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
