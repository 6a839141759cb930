"""Queries over pieces that are not a review's: one organization's pieces, listed and found."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.writing.models import Piece


def pieces_of_organization(
    session: Session,
    *,
    organization_id: str,
    limit: int,
    brand_id: str | None = None,
    status: str | None = None,
    channel: str | None = None,
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
    if created_from is not None:
        query = query.where(Piece.created_at >= created_from)
    if created_before is not None:
        query = query.where(Piece.created_at < created_before)
    if after is not None:
        query = query.where(tuple_(Piece.created_at, Piece.id) < after)
    order = (Piece.created_at.desc(), Piece.id.desc())
    return session.scalars(query.order_by(*order).limit(limit)).all()
