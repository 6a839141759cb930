"""Queries of the cost ledger as one organization may see it: the entries of its brands
(an entry whose brand was deleted, or that no brand paid for, belongs to no organization)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from pressroom.brands.models import Brand
from pressroom.ledger.models import CostEntry


@dataclass(frozen=True)
class CostFilter:
    """Which entries: the organization's, optionally of one brand or run, created in
    [``start``, ``end``)."""

    organization_id: str
    brand_id: str | None = None
    run_id: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        brands = select(Brand.id).where(Brand.organization_id == self.organization_id)
        found: list[ColumnElement[bool]] = [CostEntry.brand_id.in_(brands)]
        if self.brand_id is not None:
            found.append(CostEntry.brand_id == self.brand_id)
        if self.run_id is not None:
            found.append(CostEntry.run_id == self.run_id)
        if self.start is not None:
            found.append(CostEntry.created_at >= self.start)
        if self.end is not None:
            found.append(CostEntry.created_at < self.end)
        return found


def totals_by(
    session: Session, scope: CostFilter, column: InstrumentedAttribute[str] | None = None
) -> list[dict[str, Any]]:
    """Calls, tokens, seconds and USD of the entries in ``scope``: one row per value of
    ``column`` (by name), or a single row for all of them."""
    sums = (
        func.count(CostEntry.id).label("calls"),
        func.coalesce(func.sum(CostEntry.input_tokens), 0).label("input_tokens"),
        func.coalesce(func.sum(CostEntry.output_tokens), 0).label("output_tokens"),
        func.coalesce(func.sum(CostEntry.seconds), 0.0).label("seconds"),
        func.coalesce(func.sum(CostEntry.usd), 0.0).label("usd"),
    )
    if column is None:
        return [dict(session.execute(select(*sums).where(*scope.conditions())).one()._mapping)]
    query = select(column.label("key"), *sums).where(*scope.conditions())
    rows = session.execute(query.group_by(column).order_by(column))
    return [dict(row._mapping) for row in rows]


def entries(
    session: Session,
    scope: CostFilter,
    *,
    before: tuple[datetime, str] | None = None,
    limit: int = 50,
) -> Sequence[CostEntry]:
    """The entries in ``scope``, newest first, older than the ``before`` (created_at, id)
    cursor."""
    query = select(CostEntry).where(*scope.conditions())
    if before is not None:
        created_at, entry_id = before
        query = query.where(
            or_(
                CostEntry.created_at < created_at,
                and_(CostEntry.created_at == created_at, CostEntry.id < entry_id),
            )
        )
    order = (CostEntry.created_at.desc(), CostEntry.id.desc())
    return session.scalars(query.order_by(*order).limit(limit)).all()
