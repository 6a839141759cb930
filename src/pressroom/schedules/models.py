from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class BrandSchedule(IdMixin, TimestampMixin, Base):
    """A brand's schedule. A brand without a row has the defaults (on, 06:00 and 03:00)."""

    __tablename__ = "brand_schedules"

    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), unique=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    run_time: Mapped[str] = mapped_column(String(5), default="06:00")
    learn_time: Mapped[str] = mapped_column(String(5), default="03:00")
