from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.accounts.models import DEFAULT_ORGANIZATION_ID
from pressroom.db.base import Base, IdMixin, TimestampMixin


class Brand(IdMixin, TimestampMixin, Base):
    """A brand (workspace) Pressroom writes for. Natural key: ``slug``."""

    __tablename__ = "brands"

    slug: Mapped[str] = mapped_column(String(64), unique=True)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id"), index=True, default=DEFAULT_ORGANIZATION_ID
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(Text, default="")
    guidelines: Mapped[str] = mapped_column(Text, default="")
    voice_examples: Mapped[list[str]] = mapped_column(default=list)
    voice_profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    topics: Mapped[list[str]] = mapped_column(default=list)
    restricted_terms: Mapped[list[str]] = mapped_column(default=list)
    hashtags: Mapped[list[str]] = mapped_column(default=list)
    channels: Mapped[list[str]] = mapped_column(default=list)
    palette: Mapped[list[str]] = mapped_column(default=list)
    fonts: Mapped[list[str]] = mapped_column(default=list)
    website: Mapped[str] = mapped_column(String(500), default="")
    call_to_action: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    posting_slots: Mapped[dict[str, Any]] = mapped_column(default=dict)
    approval_policy: Mapped[str] = mapped_column(String(32), default="auto_approve")
    score_weights: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ideas_per_run: Mapped[int] = mapped_column(default=5)
    model: Mapped[str | None] = mapped_column(String(200), default=None)
    short_links: Mapped[bool] = mapped_column(default=False)
    tone_variants: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=lambda: ["en"])
    logo: Mapped[str] = mapped_column(String(500), default="")
    media_approval: Mapped[str] = mapped_column(String(16), default="with_piece")
    media_tier: Mapped[str] = mapped_column(String(16), default="free")
    visual_style: Mapped[str] = mapped_column(String(60), default="")
