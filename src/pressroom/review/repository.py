"""Every query the review feature makes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.db.paging import older_than
from pressroom.ideas.models import Idea
from pressroom.review.models import Review
from pressroom.scoring.models import ScoreCardRecord
from pressroom.writing.models import Piece, PieceVersion


def pieces_with_prefix(session: Session, prefix: str, *, limit: int = 2) -> Sequence[Piece]:
    """Pieces whose id starts with ``prefix`` (at most ``limit``: enough to see ambiguity)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return session.scalars(
        select(Piece)
        .where(Piece.id.like(f"{escaped}%", escape="\\"))
        .order_by(Piece.id)
        .limit(limit)
    ).all()


def lock_piece(session: Session, piece_id: str) -> Piece:
    """The piece re-read ``FOR UPDATE`` (a no-op on SQLite, whose writers take turns)."""
    return session.get_one(Piece, piece_id, with_for_update=True, populate_existing=True)


def awaiting_review(
    session: Session,
    *,
    statuses: Collection[str],
    brand_id: str | None,
    brand_ids: Collection[str] | None = None,
    after: tuple[datetime, str] | None = None,
    limit: int | None = None,
) -> Sequence[tuple[Piece, Idea]]:
    """Pieces in ``statuses`` (of one brand, or of ``brand_ids``) with their ideas, oldest
    first; ``after`` (created_at, id) and ``limit`` page through them.

    One query per status, merged: each walks the (status, created_at, id) index in order and
    stops at ``limit``, where one query over all statuses would sort every waiting piece."""
    rows: list[tuple[Piece, Idea]] = []
    for status in sorted(statuses):
        query = (
            select(Piece, Idea)
            .join(Idea, Idea.id == Piece.idea_id)
            .where(Piece.status == status)
            .order_by(Piece.created_at, Piece.id)
        )
        if brand_id is not None:
            query = query.where(Piece.brand_id == brand_id)
        if brand_ids is not None:
            query = query.where(Piece.brand_id.in_(list(brand_ids)))
        if after is not None:
            created_at, piece_id = after
            query = query.where(
                or_(
                    Piece.created_at > created_at,
                    and_(Piece.created_at == created_at, Piece.id > piece_id),
                )
            )
        if limit is not None:
            query = query.limit(limit)
        rows += [(row[0], row[1]) for row in session.execute(query).all()]
    rows.sort(key=lambda row: (row[0].created_at, row[0].id))
    return rows if limit is None else rows[:limit]


def count_awaiting_review(
    session: Session, *, statuses: Collection[str], brand_ids: Collection[str], cap: int
) -> int:
    """How many pieces await review, counting no further than ``cap``."""
    matching = (
        select(Piece.id)
        .where(Piece.status.in_(list(statuses)), Piece.brand_id.in_(list(brand_ids)))
        .limit(cap)
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(matching)) or 0)


def idea(session: Session, idea_id: str) -> Idea:
    return session.get_one(Idea, idea_id)


def latest_score_cards(session: Session, piece_ids: Collection[str]) -> dict[str, ScoreCardRecord]:
    """The newest score card of each piece (the highest scored version wins)."""
    if not piece_ids:
        return {}
    cards = session.scalars(
        select(ScoreCardRecord)
        .where(ScoreCardRecord.piece_id.in_(list(piece_ids)))
        .order_by(ScoreCardRecord.piece_version, ScoreCardRecord.created_at)
    ).all()
    return {card.piece_id: card for card in cards}


def versions(session: Session, piece_id: str) -> Sequence[PieceVersion]:
    """A piece's versions, oldest first."""
    return session.scalars(
        select(PieceVersion).where(PieceVersion.piece_id == piece_id).order_by(PieceVersion.version)
    ).all()


def highest_version(session: Session, piece_id: str) -> int:
    """The highest stored version number of a piece (0 when none is stored)."""
    value = session.scalar(
        select(func.max(PieceVersion.version)).where(PieceVersion.piece_id == piece_id)
    )
    return int(value or 0)


def reviews(session: Session, piece_id: str) -> Sequence[Review]:
    """A piece's review history, oldest first."""
    return session.scalars(
        select(Review).where(Review.piece_id == piece_id).order_by(Review.created_at, Review.id)
    ).all()


def latest_review(session: Session, piece_id: str, *, decision: str) -> Review | None:
    """The newest review of a piece with ``decision``."""
    return session.scalars(
        select(Review)
        .where(Review.piece_id == piece_id, Review.decision == decision)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(1)
    ).first()


def reviews_of_organization(
    session: Session,
    *,
    organization_id: str,
    brand_id: str | None = None,
    piece_id: str | None = None,
    decision: str | None = None,
    after: tuple[datetime, str] | None = None,
    limit: int,
) -> Sequence[tuple[Review, Piece]]:
    """One page of the decisions on an organization's pieces, newest first (``created_at``,
    then id, both descending), each with its piece; ``after`` is the previous page's last
    (created_at, id)."""
    query = (
        select(Review, Piece)
        .join(Piece, Review.piece_id == Piece.id)
        .join(Brand, Piece.brand_id == Brand.id)
        .where(Brand.organization_id == organization_id)
    )
    if brand_id is not None:
        query = query.where(Piece.brand_id == brand_id)
    if piece_id is not None:
        query = query.where(Review.piece_id == piece_id)
    if decision is not None:
        query = query.where(Review.decision == decision)
    if after is not None:
        query = query.where(older_than(Review.created_at, Review.id, after))
    ordered = query.order_by(Review.created_at.desc(), Review.id.desc()).limit(limit)
    return [(row[0], row[1]) for row in session.execute(ordered)]
