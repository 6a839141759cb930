"""Queries over ideas."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.ideas.models import Idea
from pressroom.writing.models import Piece


def ideas_page(
    session: Session,
    *,
    organization_id: str,
    brand_id: str | None = None,
    run_id: str | None = None,
    after: tuple[datetime, str] | None = None,
    limit: int,
) -> Sequence[Idea]:
    """One page of an organization's ideas, newest first (``created_at``, then id, both
    descending); ``after`` is the (created_at, id) of the previous page's last idea."""
    query = (
        select(Idea)
        .join(Brand, Idea.brand_id == Brand.id)
        .where(Brand.organization_id == organization_id)
    )
    if brand_id is not None:
        query = query.where(Idea.brand_id == brand_id)
    if run_id is not None:
        query = query.where(Idea.run_id == run_id)
    if after is not None:
        created_at, idea_id = after
        query = query.where(
            or_(
                Idea.created_at < created_at, and_(Idea.created_at == created_at, Idea.id < idea_id)
            )
        )
    return session.scalars(
        query.order_by(Idea.created_at.desc(), Idea.id.desc()).limit(limit)
    ).all()


def titles_by_piece(session: Session, piece_ids: Sequence[str]) -> dict[str, str]:
    """The title of each piece's idea, by piece id (one query)."""
    if not piece_ids:
        return {}
    query = select(Piece.id, Idea.title).join(Idea, Idea.id == Piece.idea_id)
    rows = session.execute(query.where(Piece.id.in_(list(piece_ids))))
    return {piece_id: title for piece_id, title in rows}
