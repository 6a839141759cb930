"""A brand's prompt profiles: the versions learning proposed, what each changes against the
one before and why, and approving a proposal so it steers the next runs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.contracts import utcnow
from pressroom.errors import InvalidInputError
from pressroom.learning import service as learning
from pressroom.learning.models import PromptProfileRecord
from pressroom.learning.schemas import (
    ProfileChange,
    ProfileStatus,
    SettingChange,
    settings_diff,
)
from pressroom.learning.strategy import WritingStrategy
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_cursor,
    encode_cursor,
)
from pressroom.web.deps import CurrentPrincipal, DbSession, TraceId, owned_brand, requires

router = APIRouter(prefix="/brands", tags=["prompt profiles"])


class ProfileSummaryOut(BaseModel):
    """A version as listed."""

    version: int
    status: ProfileStatus
    previous_version: int | None
    changes: int = Field(description="How many changes it makes to the previous version.")
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None

    @classmethod
    def of(cls, record: PromptProfileRecord) -> ProfileSummaryOut:
        values = {**_record_fields(record, cls), "changes": len(record.changes)}
        return cls.model_validate(values)


class ProfileOut(BaseModel):
    """A version in full: its settings, the changes learning made and why (``justification``,
    ``evidence``), and ``diff``, setting by setting, against the previous version (the
    neutral default strategy for the first)."""

    version: int
    status: ProfileStatus
    previous_version: int | None
    approval_required: bool
    settings: WritingStrategy
    changes: list[ProfileChange]
    justification: str
    evidence: dict[str, Any]
    diff: list[SettingChange]
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None


class ProfileProposal(BaseModel):
    """A person's proposal: the whole strategy of the next version and why."""

    model_config = ConfigDict(extra="forbid")

    settings: WritingStrategy
    reason: str = Field(min_length=1, description="Why; kept as the version's justification.")


def _record_fields(record: PromptProfileRecord, model: type[BaseModel]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in model.model_fields if hasattr(record, name)}


def _profile_out(session: Session, record: PromptProfileRecord) -> ProfileOut:
    previous = (
        learning.get_profile(session, brand_id=record.brand_id, version=record.previous_version)
        if record.previous_version is not None
        else None
    )
    before = previous.settings if previous else WritingStrategy().model_dump(mode="json")
    values = {
        **_record_fields(record, ProfileOut),
        "approval_required": record.status == ProfileStatus.APPROVAL_REQUIRED,
        "diff": settings_diff(before, record.settings),
    }
    return ProfileOut.model_validate(values)


@router.get("/{brand_id}/prompt-profiles", summary="The brand's prompt profile versions")
def list_profiles(
    brand_id: str,
    session: DbSession,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[ProfileSummaryOut]:
    brand = owned_brand(session, principal, brand_id)
    (below,) = decode_cursor(cursor, parts=1) if cursor else (None,)
    if below is not None and not isinstance(below, int):
        raise InvalidInputError("the cursor is not one this API returned")
    records = [
        record
        for record in learning.list_profiles(session, brand_id=brand.id)
        if below is None or record.version < below
    ]
    items = [ProfileSummaryOut.of(record) for record in records[:limit]]
    more = len(records) > limit
    return Page(items=items, next_cursor=encode_cursor(items[-1].version) if more else None)


@router.get("/{brand_id}/prompt-profiles/{version}", summary="One version, with its diff")
def get_profile(
    brand_id: str, version: int, session: DbSession, principal: CurrentPrincipal
) -> ProfileOut:
    brand = owned_brand(session, principal, brand_id)
    return _profile_out(session, learning.get_profile(session, brand_id=brand.id, version=version))


@router.post(
    "/{brand_id}/prompt-profiles",
    summary="Propose a version of your own: it waits for approval like a learned one",
    status_code=201,
)
def propose_profile(
    brand_id: str,
    proposal: ProfileProposal,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.APPROVE_PROFILES)],
) -> ProfileOut:
    """Store ``settings`` as the brand's next prompt profile version, ``approval_required``
    (an older version awaiting approval is superseded). Its change list has one entry per
    setting that differs from the active version; settings equal to the active ones are 422
    ``INVALID_INPUT``."""
    brand = owned_brand(session, principal, brand_id)
    record = learning.propose_settings(
        session,
        brand=brand,
        settings=proposal.settings,
        reason=proposal.reason,
        actor=principal.actor,
        trace_id=trace_id,
        now=utcnow(),
    )
    return _profile_out(session, record)


@router.post(
    "/{brand_id}/prompt-profiles/{version}/approve",
    summary="Approve a proposed version: the next runs write with it",
)
def approve_profile(
    brand_id: str,
    version: int,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.APPROVE_PROFILES)],
) -> ProfileOut:
    return _decide(session, principal, brand_id, version, approve=True, trace_id=trace_id)


@router.post(
    "/{brand_id}/prompt-profiles/{version}/reject",
    summary="Reject a proposed version: runs keep the current strategy",
)
def reject_profile(
    brand_id: str,
    version: int,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.APPROVE_PROFILES)],
) -> ProfileOut:
    return _decide(session, principal, brand_id, version, approve=False, trace_id=trace_id)


def _decide(
    session: Session,
    principal: Principal,
    brand_id: str,
    version: int,
    *,
    approve: bool,
    trace_id: str,
) -> ProfileOut:
    brand = owned_brand(session, principal, brand_id)
    record = learning.decide_profile(
        session,
        brand=brand,
        version=version,
        approve=approve,
        actor=principal.actor,
        trace_id=trace_id,
    )
    return _profile_out(session, record)
