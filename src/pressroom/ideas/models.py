from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class Idea(IdMixin, TimestampMixin, Base):
    """A concept for a run (seed 000 ContentConcept). Natural key: run + slot."""

    __tablename__ = "ideas"
    __table_args__ = (UniqueConstraint("run_id", "slot"),)

    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    slot: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    hook: Mapped[str] = mapped_column(Text)
    hook_type: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(32), default="post")
    rationale: Mapped[str] = mapped_column(Text, default="")
    audience_fit: Mapped[float] = mapped_column(default=0.0)
    topic_key: Mapped[str] = mapped_column(String(200), index=True)
    topic_category: Mapped[str] = mapped_column(String(100), default="")
    key_phrases: Mapped[list[str]] = mapped_column(default=list)
    source_trend_ids: Mapped[list[str]] = mapped_column(default=list)
    hook_candidates: Mapped[list[Any]] = mapped_column(default=list)
    """The shortlisted hooks (text, type, score, rationale), the chosen one first."""
    writer: Mapped[str] = mapped_column(String(200))
    trace_id: Mapped[str] = mapped_column(String(64))
