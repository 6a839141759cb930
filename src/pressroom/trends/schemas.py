"""Trend contracts (seed 000 §5.2) and the report of one ingestion."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pressroom.contracts import Envelope, Payload, contract
from pressroom.trends.models import TrendSignal


class TrendIngestionRequestPayload(Payload):
    """What to ingest: source locations (RSS/Atom URLs or files), for which window."""

    sources: list[str] = Field(
        default_factory=list, description="Feed URLs or paths; empty means the brand's own."
    )
    time_window_hours: int = Field(default=24, ge=1, le=24 * 90)
    geo: str | None = Field(default=None, description="Region code, e.g. US (informational).")
    language: str | None = Field(default=None, description="Language code, e.g. en.")


@contract("TrendIngestionRequest")
class TrendIngestionRequest(Envelope[TrendIngestionRequestPayload]):
    """Seed 000 ``TrendIngestionRequest``."""


class TrendEvidence(Payload):
    """Why we believe the signal: how many items, which titles, where from."""

    sample_size: int = Field(ge=0)
    examples: list[str] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)


class TrendSignalPayload(Payload):
    """One normalized trend signal (seed 000 §5.2, plus summary, key phrases, relevance)."""

    trend_id: str
    topic: str
    platform: str
    velocity: float = Field(ge=0, le=1)
    confidence: float = Field(ge=0, le=1)
    audience_segments: list[str] = Field(default_factory=list)
    evidence: TrendEvidence
    summary: str = ""
    key_phrases: list[str] = Field(default_factory=list)
    relevance: float = Field(default=0.0, ge=0, le=1)


class TrendSignalBatchPayload(Payload):
    signals: list[TrendSignalPayload]


@contract("TrendSignalBatch")
class TrendSignalBatch(Envelope[TrendSignalBatchPayload]):
    """Seed 000 ``TrendSignalBatch``."""


def signal_payload(signal: TrendSignal) -> TrendSignalPayload:
    """A stored signal as the contract describes it."""
    evidence: dict[str, Any] = signal.evidence or {}
    return TrendSignalPayload(
        trend_id=signal.id,
        topic=signal.topic,
        platform=signal.platform,
        velocity=signal.velocity,
        confidence=signal.confidence,
        audience_segments=list(signal.audience_segments),
        evidence=TrendEvidence(
            sample_size=int(evidence.get("sample_size", 0)),
            examples=list(evidence.get("examples", [])),
            links=list(evidence.get("links", [])),
            sources=list(evidence.get("sources", [])),
        ),
        summary=signal.summary,
        key_phrases=list(signal.key_phrases),
        relevance=signal.relevance,
    )


def batch_from_signals(
    signals: Sequence[TrendSignal], *, trace_id: str, created_at: datetime | None = None
) -> TrendSignalBatch:
    """Wrap stored signals in a ``TrendSignalBatch`` envelope."""
    payload = TrendSignalBatchPayload(signals=[signal_payload(s) for s in signals])
    batch: TrendSignalBatch = TrendSignalBatch.wrap(
        payload, trace_id=trace_id, created_at=created_at
    )
    return batch


class SourceOutcome(BaseModel):
    """What happened to one source in one ingestion."""

    model_config = ConfigDict(extra="forbid")

    source_id: str
    location: str
    items_read: int = Field(default=0, description="Titled items in the feed.")
    new: int = Field(default=0, description="Items not stored before.")
    skipped: int = Field(default=0, description="Items without a title (not stored).")
    warning: str | None = Field(
        default=None, description="Parser complaint about a feed whose items were still read."
    )
    error_code: str | None = Field(default=None, description="Stable code when it failed.")
    error_message: str | None = None
    error_hint: str | None = None
    retryable: bool = Field(default=False, description="Whether the next run may succeed.")


class IngestReport(BaseModel):
    """The outcome of ``trends.service.ingest``: per source, and the signals touched."""

    model_config = ConfigDict(extra="forbid")

    brand: str
    trace_id: str
    ingested_at: datetime
    sources: list[SourceOutcome] = Field(default_factory=list)
    signals_created: list[str] = Field(default_factory=list)
    signals_updated: list[str] = Field(default_factory=list)

    @property
    def failed(self) -> list[SourceOutcome]:
        """Sources that could not be read this time."""
        return [outcome for outcome in self.sources if outcome.error_code is not None]

    @property
    def new_items(self) -> int:
        """Items stored for the first time, over all sources."""
        return sum(outcome.new for outcome in self.sources)
