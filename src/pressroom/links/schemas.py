"""The links feature's contracts."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class ShortLinkOut(BaseModel):
    """A short link: where it points, its public address and how often it was followed."""

    model_config = ConfigDict(extra="forbid")

    id: str
    code: str
    short_url: str
    target_url: str
    brand_id: str
    piece_id: str | None
    clicks: int
    last_clicked_at: datetime | None
    created_at: datetime


class RankedHashtag(BaseModel):
    """One hashtag chosen for a piece (``tag`` without ``#``), its score and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tag: str
    score: float
    reason: str

    @property
    def text(self) -> str:
        """The hashtag as written in a post: ``#tag``."""
        return f"#{self.tag}"
