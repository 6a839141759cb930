"""Queries of the audit log as one organization may see it.

Audit events carry no organization: an event belongs to the organization of the entity it
is about. Only the entity types below can be traced to one, and only those are ever shown to
an organization; events about anything else (users, who may belong to several
organizations, and metrics imports, recorded by file digest) are never returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from pressroom.accounts.models import ApiKey, Invitation
from pressroom.audit.models import AuditEvent
from pressroom.brands.models import Brand
from pressroom.ideas.models import Idea
from pressroom.learning.models import PromptProfileRecord
from pressroom.publishing.models import PublishJobRecord
from pressroom.runs.models import Run
from pressroom.writing.models import Piece

# (id, owner) columns per entity type: owned by a brand, or by the organization itself.
Ownership = tuple[InstrumentedAttribute[str], InstrumentedAttribute[str]]
BRAND_OWNED: dict[str, Ownership] = {
    "run": (Run.id, Run.brand_id),
    "idea": (Idea.id, Idea.brand_id),
    "piece": (Piece.id, Piece.brand_id),
    "publish_job": (PublishJobRecord.id, PublishJobRecord.brand_id),
    "prompt_profile": (PromptProfileRecord.id, PromptProfileRecord.brand_id),
}
ORGANIZATION_OWNED: dict[str, Ownership] = {
    "api_key": (ApiKey.id, ApiKey.organization_id),
    "invitation": (Invitation.id, Invitation.organization_id),
}

SCOPED_ENTITY_TYPES = (
    "organization",
    "membership",
    "brand",
    *BRAND_OWNED,
    *ORGANIZATION_OWNED,
)
"""The entity types whose events an organization sees."""


def _ids_of_brands(organization_id: str) -> Select[str]:
    return select(Brand.id).where(Brand.organization_id == organization_id)


def _about(entity_type: str, organization_id: str) -> ColumnElement[bool]:
    """Events about entities of ``entity_type`` that belong to the organization."""
    is_type = AuditEvent.entity_type == entity_type
    if entity_type == "organization":
        return and_(is_type, AuditEvent.entity_id == organization_id)
    if entity_type == "membership":
        # A membership can be deleted; every membership event records its organization.
        recorded = func.coalesce(
            AuditEvent.after["organization_id"].as_string(),
            AuditEvent.before["organization_id"].as_string(),
        )
        return and_(is_type, recorded == organization_id)
    if entity_type == "brand":
        return and_(is_type, AuditEvent.entity_id.in_(_ids_of_brands(organization_id)))
    if entity_type in ORGANIZATION_OWNED:
        id_column, owner = ORGANIZATION_OWNED[entity_type]
        ids = select(id_column).where(owner == organization_id)
    else:
        id_column, owner = BRAND_OWNED[entity_type]
        ids = select(id_column).where(owner.in_(_ids_of_brands(organization_id)))
    return and_(is_type, AuditEvent.entity_id.in_(ids))


def organization_events(
    session: Session,
    *,
    organization_id: str,
    entity_type: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    before: tuple[datetime, str] | None = None,
    limit: int = 50,
) -> Sequence[AuditEvent]:
    """The organization's events, newest first: of one entity type and entity when given,
    created at or after ``since``, and older than the ``before`` (created_at, id) cursor."""
    types = [entity_type] if entity_type is not None else list(SCOPED_ENTITY_TYPES)
    query = select(AuditEvent).where(or_(*(_about(kind, organization_id) for kind in types)))
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == entity_id)
    if since is not None:
        query = query.where(AuditEvent.created_at >= since)
    if before is not None:
        created_at, event_id = before
        query = query.where(
            or_(
                AuditEvent.created_at < created_at,
                and_(AuditEvent.created_at == created_at, AuditEvent.id < event_id),
            )
        )
    order = (AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return session.scalars(query.order_by(*order).limit(limit)).all()
