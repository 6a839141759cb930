"""Media contracts: what to render for a piece, and an asset as the API and review show it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pressroom.media.spec import Aspect, AssetKind, AssetRole


class AssetSpec(BaseModel):
    """One file to render for a piece: its kind, its role in the piece, its frame shape and
    (for slides) its position. Its natural key in the piece is (role, aspect, position)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: AssetKind
    role: AssetRole
    aspect: Aspect
    position: int = Field(default=0, ge=0)

    @property
    def label(self) -> str:
        """How a person reads it: ``cover 4:5``, ``slide 3 4:5``, ``video 9:16``."""
        number = f" {self.position}" if self.position else ""
        return f"{self.role.value}{number} {self.aspect.value}"


class BrandLook(BaseModel):
    """What media take from the brand: its name and website (kicker, footer), palette,
    fonts, logo, and what the provider router needs (media tier, visual style)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    website: str = ""
    call_to_action: str = ""
    palette: list[str] = Field(default_factory=list)
    fonts: list[str] = Field(default_factory=list)
    logo: str = ""
    tier: str = "free"
    style: str = ""


class AssetView(BaseModel):
    """An asset as review, the API and the CLI show it."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    piece_id: str
    piece_version: int
    kind: str
    role: str
    aspect: str
    position: int
    status: str
    review_status: str
    mime: str
    size_bytes: int
    width: int | None
    height: int | None
    duration_seconds: float | None
    sha256: str
    provider: str
    model: str
    cost_usd: float
    rights: str
    expires_at: datetime | None
    meta: dict[str, Any]
    error: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
