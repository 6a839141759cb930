from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class ScoreCardRecord(IdMixin, TimestampMixin, Base):
    """A piece version's score card (seed 000 §5.4). Natural key: piece + version."""

    __tablename__ = "score_cards"
    __table_args__ = (UniqueConstraint("piece_id", "piece_version"),)

    piece_id: Mapped[str] = mapped_column(ForeignKey("pieces.id", ondelete="CASCADE"), index=True)
    piece_version: Mapped[int]
    brand_alignment: Mapped[float]
    predicted_engagement: Mapped[float]
    safety: Mapped[float]
    readability: Mapped[float]
    composite: Mapped[float]
    decision: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[str]] = mapped_column(default=list)
    weights: Mapped[dict[str, Any]] = mapped_column(default=dict)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    scorer_version: Mapped[str] = mapped_column(String(32))
