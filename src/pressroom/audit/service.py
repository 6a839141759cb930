"""The append-only audit log: every state change, with actor, before/after and trace_id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.audit.models import AuditEvent


def record(
    session: Session,
    *,
    entity_type: str,
    entity_id: str,
    action: str,
    actor: str,
    trace_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Never updates or deletes (the database refuses both)."""
    event = AuditEvent(
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        actor=actor,
        trace_id=trace_id,
        before=before,
        after=after,
    )
    session.add(event)
    return event


def history(session: Session, *, entity_type: str, entity_id: str) -> Sequence[AuditEvent]:
    """Events for one entity, oldest first."""
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).all()


def by_trace(session: Session, *, trace_id: str) -> Sequence[AuditEvent]:
    """Every event of one trace (a run from trigger to outbox), oldest first."""
    return session.scalars(
        select(AuditEvent).where(AuditEvent.trace_id == trace_id).order_by(AuditEvent.created_at)
    ).all()
