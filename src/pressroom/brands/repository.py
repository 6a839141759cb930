"""Queries of the brands feature."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand


def brands_by_name(session: Session, *, organization_id: str) -> list[Brand]:
    """The organization's brands, by name."""
    query = select(Brand).where(Brand.organization_id == organization_id).order_by(Brand.name)
    return list(session.scalars(query))


def brands_page(
    session: Session, *, organization_id: str, after_slug: str | None, limit: int
) -> list[Brand]:
    """Up to ``limit`` of the organization's brands by slug, after ``after_slug``."""
    query = select(Brand).where(Brand.organization_id == organization_id)
    if after_slug is not None:
        query = query.where(Brand.slug > after_slug)
    return list(session.scalars(query.order_by(Brand.slug).limit(limit)))
