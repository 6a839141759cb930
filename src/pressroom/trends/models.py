from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class TrendSource(IdMixin, TimestampMixin, Base):
    """Where signals come from (an RSS/Atom URL or file, …). Natural key: brand + location."""

    __tablename__ = "trend_sources"
    __table_args__ = (UniqueConstraint("brand_id", "location"),)

    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    location: Mapped[str] = mapped_column(String(1000))
    name: Mapped[str] = mapped_column(String(200), default="")
    last_fetched_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)


class TrendObservation(IdMixin, TimestampMixin, Base):
    """One raw item as a source gave it (kept verbatim). Natural key: source + entry key."""

    __tablename__ = "trend_observations"
    __table_args__ = (UniqueConstraint("source_id", "entry_key"),)

    source_id: Mapped[str] = mapped_column(
        ForeignKey("trend_sources.id", ondelete="CASCADE"), index=True
    )
    entry_key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(2000), default="")
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    fetched_at: Mapped[datetime]
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    signal_id: Mapped[str | None] = mapped_column(
        ForeignKey("trend_signals.id", ondelete="SET NULL"), default=None, index=True
    )


class TrendSignal(IdMixin, TimestampMixin, Base):
    """A normalized, de-duplicated trend (seed 000 §5.2). Natural key: brand + topic key."""

    __tablename__ = "trend_signals"
    __table_args__ = (UniqueConstraint("brand_id", "topic_key"),)

    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    topic_key: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    platform: Mapped[str] = mapped_column(String(64), default="web")
    velocity: Mapped[float] = mapped_column(default=0.0)
    confidence: Mapped[float] = mapped_column(default=0.0)
    relevance: Mapped[float] = mapped_column(default=0.0)
    key_phrases: Mapped[list[str]] = mapped_column(default=list)
    audience_segments: Mapped[list[str]] = mapped_column(default=list)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
