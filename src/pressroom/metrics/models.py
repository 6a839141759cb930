from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class MetricSnapshot(IdMixin, TimestampMixin, Base):
    """Performance of one published piece at one moment. Natural key: piece + collected_at."""

    __tablename__ = "metric_snapshots"
    __table_args__ = (UniqueConstraint("piece_id", "collected_at"),)

    piece_id: Mapped[str] = mapped_column(ForeignKey("pieces.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    collected_at: Mapped[datetime]
    impressions: Mapped[int] = mapped_column(default=0)
    reach: Mapped[int] = mapped_column(default=0)
    likes: Mapped[int] = mapped_column(default=0)
    comments: Mapped[int] = mapped_column(default=0)
    shares: Mapped[int] = mapped_column(default=0)
    saves: Mapped[int] = mapped_column(default=0)
    clicks: Mapped[int] = mapped_column(default=0)
    watch_through: Mapped[float | None] = mapped_column(default=None)
    followers_delta: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(32), default="csv")
