"""Queries over runs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.runs.models import Run


def recent_runs(session: Session, *, brand_id: str | None = None, limit: int = 20) -> Sequence[Run]:
    """The newest runs first (of one brand, or all)."""
    query = select(Run).order_by(Run.started_at.desc(), Run.id).limit(limit)
    if brand_id is not None:
        query = query.where(Run.brand_id == brand_id)
    return session.scalars(query).all()
