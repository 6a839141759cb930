from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class CostEntry(IdMixin, TimestampMixin, Base):
    """The cost of one provider call or render. Natural key: ``operation_key`` (so a replayed
    step never counts twice)."""

    __tablename__ = "cost_entries"

    operation_key: Mapped[str] = mapped_column(String(300), unique=True)
    brand_id: Mapped[str | None] = mapped_column(
        ForeignKey("brands.id", ondelete="SET NULL"), default=None, index=True
    )
    run_id: Mapped[str | None] = mapped_column(
        ForeignKey("runs.id", ondelete="SET NULL"), default=None, index=True
    )
    pillar: Mapped[str] = mapped_column(String(32))
    provider: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(200))
    input_tokens: Mapped[int] = mapped_column(default=0)
    output_tokens: Mapped[int] = mapped_column(default=0)
    seconds: Mapped[float] = mapped_column(default=0.0)
    usd: Mapped[float] = mapped_column(default=0.0)
    units: Mapped[float] = mapped_column(default=0.0)
    """How much of ``unit`` it bought (media: images, seconds of speech or video)."""
    unit: Mapped[str] = mapped_column(String(16), default="")
