"""What the organization's brands spent on providers: totals by pillar and provider, and
the ledger's entries, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from pressroom.accounts.service import Principal
from pressroom.errors import InvalidInputError
from pressroom.ledger import repository
from pressroom.ledger.models import CostEntry
from pressroom.ledger.repository import CostFilter
from pressroom.runs.models import Run
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    as_utc,
    decode_moment_cursor,
    moment_cursor,
    page_of,
)
from pressroom.web.deps import CurrentPrincipal, DbSession, owned, owned_brand

router = APIRouter(prefix="/costs", tags=["costs"])


class CostTotal(BaseModel):
    """Calls, tokens, seconds and USD, for everything selected or one pillar / provider."""

    key: str | None = None
    calls: int
    input_tokens: int
    output_tokens: int
    seconds: float
    usd: float


class CostEntryOut(BaseModel):
    id: str
    brand_id: str | None
    run_id: str | None
    pillar: str
    provider: str
    model: str
    input_tokens: int
    output_tokens: int
    seconds: float
    usd: float
    created_at: datetime

    @classmethod
    def of(cls, entry: CostEntry) -> CostEntryOut:
        return cls.model_validate(entry, from_attributes=True)


class CostsOut(BaseModel):
    """Totals of the selected entries (``by_pillar``, ``by_provider`` keyed by name) and
    the first page of the entries themselves."""

    total: CostTotal
    by_pillar: list[CostTotal]
    by_provider: list[CostTotal]
    entries: Page[CostEntryOut]


def _check_run(session: DbSession, principal: Principal, run_id: str) -> None:
    """404 for a run of another organization, exactly as for one that does not exist."""
    owned(session, principal, Run, run_id, noun="run", hint="Leave out run_id to see every run's.")


@router.get("", summary="Costs of the organization's brands, optionally of a brand or run")
def get_costs(
    session: DbSession,
    principal: CurrentPrincipal,
    brand_id: str | None = None,
    run_id: str | None = None,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> CostsOut:
    if brand_id is not None:
        owned_brand(session, principal, brand_id)
    if run_id is not None:
        _check_run(session, principal, run_id)
    start, end = as_utc(start), as_utc(end)
    if start is not None and end is not None and start >= end:
        raise InvalidInputError("`from` must be before `to`")
    scope = CostFilter(principal.organization_id, brand_id, run_id, start, end)
    before = decode_moment_cursor(cursor) if cursor else None
    rows = repository.entries(session, scope, before=before, limit=limit + 1)
    return CostsOut(
        total=CostTotal(**repository.totals_by(session, scope)[0]),
        by_pillar=[
            CostTotal(**row) for row in repository.totals_by(session, scope, CostEntry.pillar)
        ],
        by_provider=[
            CostTotal(**row) for row in repository.totals_by(session, scope, CostEntry.provider)
        ],
        entries=page_of(
            rows,
            limit=limit,
            item=CostEntryOut.of,
            cursor=lambda e: moment_cursor(e.created_at, e.id),
        ),
    )
