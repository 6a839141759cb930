"""Queries over runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.db.paging import older_than
from pressroom.runs.models import Run


def recent_runs(session: Session, *, brand_id: str | None = None, limit: int = 20) -> Sequence[Run]:
    """The newest runs first (of one brand, or all)."""
    query = select(Run).order_by(Run.started_at.desc(), Run.id).limit(limit)
    if brand_id is not None:
        query = query.where(Run.brand_id == brand_id)
    return session.scalars(query).all()


def runs_page(
    session: Session,
    *,
    organization_id: str,
    brand_id: str | None = None,
    status: str | None = None,
    run_date_from: date | None = None,
    run_date_before: date | None = None,
    after: tuple[datetime, str] | None = None,
    limit: int,
) -> Sequence[Run]:
    """One page of an organization's runs, newest first (``started_at``, then id, both
    descending); ``after`` is the (started_at, id) of the previous page's last run.
    ``run_date_from`` and ``run_date_before`` keep the runs of those days (from inclusive,
    before exclusive). One query."""
    query = (
        select(Run)
        .join(Brand, Run.brand_id == Brand.id)
        .where(Brand.organization_id == organization_id)
    )
    if brand_id is not None:
        query = query.where(Run.brand_id == brand_id)
    if status is not None:
        query = query.where(Run.status == status)
    if run_date_from is not None:
        query = query.where(Run.run_date >= run_date_from)
    if run_date_before is not None:
        query = query.where(Run.run_date < run_date_before)
    if after is not None:
        query = query.where(older_than(Run.started_at, Run.id, after))
    return session.scalars(query.order_by(Run.started_at.desc(), Run.id.desc()).limit(limit)).all()


def open_attempt_id(session: Session, *, base_run_id: str, failed_status: str) -> str:
    """The id a fresh start of ``base_run_id`` uses: the base id, or ``…#2``, ``…#3`` … after
    attempts that ended in ``failed_status`` — the first attempt that has not failed."""
    attempt = 1
    while True:
        candidate = base_run_id if attempt == 1 else f"{base_run_id}#{attempt}"
        existing = session.get(Run, candidate)
        if existing is None or existing.status != failed_status:
            return candidate
        attempt += 1
