from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin


class Piece(IdMixin, TimestampMixin, Base):
    """One platform-specific content item. Natural key: idea + channel + tone + language.

    ``body`` is the channel draft (see ``writing.schemas``); ``text`` its plain rendering.
    ``tone`` is ``""`` for the brand's own voice; pieces of one idea and channel in different
    tones are that idea's A/B variants. A translation has the ``language`` it was written in
    and points at the piece it was translated from (``source_piece_id``).
    """

    __tablename__ = "pieces"
    __table_args__ = (
        UniqueConstraint("idea_id", "channel", "tone", "language"),
        # The studio's lists: newest first, by state or brand (cursor on created_at, id).
        Index("ix_pieces_status_created_at_id", "status", "created_at", "id"),
        Index("ix_pieces_brand_id_created_at_id", "brand_id", "created_at", "id"),
        Index("ix_pieces_created_at_id", "created_at", "id"),
        # The dashboard's count of an organization's pieces per state, from the index alone.
        Index("ix_pieces_status_brand_id", "status", "brand_id"),
    )

    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[str] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    tone: Mapped[str] = mapped_column(String(16), default="")
    language: Mapped[str] = mapped_column(String(35), default="en")
    source_piece_id: Mapped[str | None] = mapped_column(
        ForeignKey("pieces.id", ondelete="CASCADE"), index=True, default=None
    )
    status: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(default=0)
    body: Mapped[dict[str, Any]] = mapped_column(default=dict)
    text: Mapped[str] = mapped_column(Text, default="")
    hook_type: Mapped[str] = mapped_column(String(32), default="")
    writer: Mapped[str] = mapped_column(String(200), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    problems: Mapped[list[Any]] = mapped_column(default=list)
    trace_id: Mapped[str] = mapped_column(String(64))


class PieceVersion(IdMixin, TimestampMixin, Base):
    """An immutable version of a piece: the AI (or built-in) original, repairs, edits,
    revisions. Natural key: piece + version."""

    __tablename__ = "piece_versions"
    __table_args__ = (UniqueConstraint("piece_id", "version"),)

    piece_id: Mapped[str] = mapped_column(ForeignKey("pieces.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(String(200))
    body: Mapped[dict[str, Any]] = mapped_column(default=dict)
    text: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
