"""Contracts of the writing stage: a piece draft as it leaves the Copywriter."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from pressroom.contracts import Envelope, Payload, contract
from pressroom.platforms.channels import ChannelDraft


class PieceDraftPayload(Payload):
    piece_id: str
    concept_id: str
    channel: str
    version: int = Field(ge=1)
    status: str
    writer: str
    draft: ChannelDraft
    problems: list[dict[str, Any]] = Field(default_factory=list)


@contract("PieceDraft")
class PieceDraft(Envelope[PieceDraftPayload]):
    """One platform-specific piece, validated (or with its problems)."""
