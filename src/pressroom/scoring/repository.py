"""Every query of the scoring feature."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.scoring.models import ScoreCardRecord
from pressroom.writing.models import Piece


def piece_exists(session: Session, piece_id: str) -> bool:
    """Whether a piece with this id is stored."""
    return session.scalar(select(Piece.id).where(Piece.id == piece_id)) is not None


def latest_card(session: Session, piece_id: str) -> ScoreCardRecord | None:
    """The score card of the piece's highest scored version."""
    return session.scalars(
        select(ScoreCardRecord)
        .where(ScoreCardRecord.piece_id == piece_id)
        .order_by(ScoreCardRecord.piece_version.desc())
        .limit(1)
    ).one_or_none()
