from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class PublishJobRecord(IdMixin, TimestampMixin, Base):
    """A scheduled publication of one piece. Natural key: piece (one job per piece);
    ``idempotency_key`` is what connectors use to never publish twice."""

    __tablename__ = "publish_jobs"
    # One post per brand, channel and minute: concurrent schedulers cannot double-book a slot.
    __table_args__ = (
        UniqueConstraint("brand_id", "channel", "schedule_at"),
        # The studio's lists and calendar: by time, per brand (cursor on schedule_at, id).
        Index("ix_publish_jobs_brand_id_schedule_at_id", "brand_id", "schedule_at", "id"),
        Index("ix_publish_jobs_schedule_at_id", "schedule_at", "id"),
    )

    piece_id: Mapped[str] = mapped_column(ForeignKey("pieces.id", ondelete="CASCADE"), unique=True)
    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    connector: Mapped[str] = mapped_column(String(32), default="outbox")
    status: Mapped[str] = mapped_column(String(32), index=True)
    schedule_at: Mapped[datetime] = mapped_column(index=True)
    attempt: Mapped[int] = mapped_column(default=0)
    next_retry_at: Mapped[datetime | None] = mapped_column(default=None)
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(200), default=None)
    url: Mapped[str | None] = mapped_column(String(2000), default=None)
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    trace_id: Mapped[str] = mapped_column(String(64))
