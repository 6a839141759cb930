from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class Review(IdMixin, TimestampMixin, Base):
    """A decision on a piece by a person or by the brand's auto-approve policy."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_created_at_id", "created_at", "id"),)

    piece_id: Mapped[str] = mapped_column(ForeignKey("pieces.id", ondelete="CASCADE"), index=True)
    piece_version: Mapped[int]
    actor: Mapped[str] = mapped_column(String(200))
    decision: Mapped[str] = mapped_column(String(32))
    feedback: Mapped[str] = mapped_column(Text, default="")
