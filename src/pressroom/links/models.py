from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class ShortLink(IdMixin, TimestampMixin, Base):
    """A short link served by Pressroom at ``/l/{code}``, counting the clicks it redirects.

    Natural key: ``link_key``, a digest of brand + piece + target (a target URL can be longer
    than an index allows, and a link without a piece must be unique too, which a unique
    constraint over a NULL ``piece_id`` would not enforce). Deleting a piece keeps its links
    working (``piece_id`` becomes NULL): they may already be out in published posts."""

    __tablename__ = "short_links"
    __table_args__ = (
        # The links API: an organization's links newest first (cursor on created_at, id).
        Index("ix_short_links_brand_id_created_at_id", "brand_id", "created_at", "id"),
    )

    code: Mapped[str] = mapped_column(String(32), unique=True)
    link_key: Mapped[str] = mapped_column(String(64), unique=True)
    target_url: Mapped[str] = mapped_column(Text)
    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    piece_id: Mapped[str | None] = mapped_column(
        ForeignKey("pieces.id", ondelete="SET NULL"), index=True, default=None
    )
    clicks: Mapped[int] = mapped_column(default=0)
    last_clicked_at: Mapped[datetime | None] = mapped_column(default=None)
