"""Contracts of the writing stage: a piece draft as it leaves the Copywriter."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pressroom.contracts import Envelope, Payload, contract
from pressroom.platforms.channels import ChannelDraft
from pressroom.providers.llm.protocol import DEFAULT_LANGUAGE
from pressroom.writing.models import Piece
from pressroom.writing.tones import Tone


class Variant(BaseModel):
    """Which piece of an idea × channel is meant: its tone (``""``: the brand's own voice)
    and language, and for a translation the piece it is translated from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tone: Tone | None = None
    language: str = DEFAULT_LANGUAGE
    source_piece_id: str | None = None

    @property
    def tone_name(self) -> str:
        return self.tone.value if self.tone is not None else ""

    @property
    def key_suffix(self) -> str:
        """What tells this variant's keys (workflow ids, ledger keys) from the brand-voice
        original's, which have none."""
        parts = [self.tone_name] if self.tone is not None else []
        if self.language != DEFAULT_LANGUAGE or self.source_piece_id is not None:
            parts.append(self.language)
        return "".join(f":{part}" for part in parts)

    @classmethod
    def of(cls, piece: Piece) -> Variant:
        return cls(
            tone=Tone(piece.tone) if piece.tone else None,
            language=piece.language,
            source_piece_id=piece.source_piece_id,
        )


class PieceDraftPayload(Payload):
    piece_id: str
    concept_id: str
    channel: str
    version: int = Field(ge=1)
    status: str
    writer: str
    tone: str = Field(default="", description="The piece's tone; empty: the brand's own voice.")
    language: str = Field(default=DEFAULT_LANGUAGE, description="A BCP 47 language tag.")
    draft: ChannelDraft
    problems: list[dict[str, Any]] = Field(default_factory=list)


@contract("PieceDraft")
class PieceDraft(Envelope[PieceDraftPayload]):
    """One platform-specific piece, validated (or with its problems)."""
