"""Every query the links feature makes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.db.paging import older_than
from pressroom.links.models import ShortLink


def code_taken(session: Session, code: str) -> bool:
    return bool(session.scalar(select(exists().where(ShortLink.code == code))))


def count_click(session: Session, *, code: str, now: datetime) -> str | None:
    """Add one click to the link with ``code`` and return its target (``None``: no such
    link). One ``UPDATE … SET clicks = clicks + 1``: the database adds, so concurrent clicks
    are never lost (PostgreSQL locks the row; SQLite takes one writer at a time)."""
    statement = (
        update(ShortLink)
        .where(ShortLink.code == code)
        .values(clicks=ShortLink.clicks + 1, last_clicked_at=now)
        .returning(ShortLink.target_url)
        .execution_options(synchronize_session=False)
    )
    target: str | None = session.scalars(statement).one_or_none()
    return target


def links_of_organization(
    session: Session,
    *,
    organization_id: str,
    brand_id: str | None = None,
    piece_id: str | None = None,
    after: tuple[datetime, str] | None = None,
    limit: int,
) -> Sequence[ShortLink]:
    """One page of an organization's short links, newest first (``created_at``, then id,
    both descending); ``after`` is the previous page's last (created_at, id)."""
    query = (
        select(ShortLink)
        .join(Brand, ShortLink.brand_id == Brand.id)
        .where(Brand.organization_id == organization_id)
    )
    if brand_id is not None:
        query = query.where(ShortLink.brand_id == brand_id)
    if piece_id is not None:
        query = query.where(ShortLink.piece_id == piece_id)
    if after is not None:
        query = query.where(older_than(ShortLink.created_at, ShortLink.id, after))
    ordered = query.order_by(ShortLink.created_at.desc(), ShortLink.id.desc()).limit(limit)
    return session.scalars(ordered).all()
