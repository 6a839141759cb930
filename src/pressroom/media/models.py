from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class Asset(IdMixin, TimestampMixin, Base):
    """One rendered file of a piece (an image, a video, its voiceover or subtitles), or the
    error that kept it from being rendered. Natural key: piece, role, aspect, position — a
    re-render replaces the row; the stored file is content-addressed (``store`` + ``key``)
    and only registered once it is complete and validated."""

    __tablename__ = "assets"
    __table_args__ = (UniqueConstraint("piece_id", "role", "aspect", "position"),)

    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    piece_id: Mapped[str] = mapped_column(ForeignKey("pieces.id", ondelete="CASCADE"), index=True)
    piece_version: Mapped[int] = mapped_column(default=1)
    kind: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    aspect: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="ready")
    """``ready`` (a validated file is stored) or ``failed`` (``error`` says why)."""
    store: Mapped[str] = mapped_column(String(16), default="")
    key: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    mime: Mapped[str] = mapped_column(String(64), default="")
    size_bytes: Mapped[int] = mapped_column(default=0)
    width: Mapped[int | None] = mapped_column(default=None)
    height: Mapped[int | None] = mapped_column(default=None)
    duration_seconds: Mapped[float | None] = mapped_column(default=None)
    provider: Mapped[str] = mapped_column(String(64), default="")
    model: Mapped[str] = mapped_column(String(200), default="")
    cost_usd: Mapped[float] = mapped_column(default=0.0)
    rights: Mapped[str] = mapped_column(String(300), default="")
    """Who may use it and how (``owned``: rendered by Pressroom from the brand's own
    material; a provider's licence otherwise)."""
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the right to use it ends (a licensed stock clip), if ever."""
    review_status: Mapped[str] = mapped_column(String(16), default="pending")
    """``pending``, ``approved`` or ``rejected``: the brand's media approval gate."""
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """What it was rendered from and how: inputs, warnings, provider attempts, timings."""
    error: Mapped[dict[str, Any] | None] = mapped_column(default=None)
