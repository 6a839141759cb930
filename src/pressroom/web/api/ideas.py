"""Ideas the organization's runs produced."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from pressroom.ideas import repository
from pressroom.ideas.hooks import HookCandidate
from pressroom.ideas.models import Idea
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_moment_cursor,
    moment_cursor,
    page_of,
)
from pressroom.web.api.runs import owned_run
from pressroom.web.deps import CurrentPrincipal, DbSession, owned, owned_brand

router = APIRouter(prefix="/ideas", tags=["ideas"])


class IdeaOut(BaseModel):
    """An idea of a run: its hook, format, why it fits, and the signals it came from."""

    id: str
    brand_id: str
    run_id: str
    slot: int
    title: str
    hook: str
    hook_type: str
    description: str
    format: str
    rationale: str
    audience_fit: float
    topic_key: str
    topic_category: str
    key_phrases: list[str]
    source_trend_ids: list[str]
    hook_candidates: list[HookCandidate] = Field(
        description="The shortlisted hooks, the chosen one first, each with its type, score "
        "and rationale."
    )
    writer: str
    trace_id: str
    created_at: datetime

    @classmethod
    def of(cls, idea: Idea) -> IdeaOut:
        return cls.model_validate(idea, from_attributes=True)


@router.get("", summary="List the organization's ideas, newest first")
def list_ideas(
    session: DbSession,
    principal: CurrentPrincipal,
    brand_id: str | None = None,
    run_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[IdeaOut]:
    if brand_id is not None:
        owned_brand(session, principal, brand_id)
    if run_id is not None:
        owned_run(session, principal, run_id)
    rows = repository.ideas_page(
        session,
        organization_id=principal.organization_id,
        brand_id=brand_id,
        run_id=run_id,
        after=decode_moment_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    return page_of(
        rows, limit=limit, item=IdeaOut.of, cursor=lambda i: moment_cursor(i.created_at, i.id)
    )


@router.get("/{idea_id}", summary="One idea")
def get_idea(idea_id: str, session: DbSession, principal: CurrentPrincipal) -> IdeaOut:
    hint = "GET /api/v1/ideas lists yours."
    return IdeaOut.of(owned(session, principal, Idea, idea_id, noun="idea", hint=hint))
