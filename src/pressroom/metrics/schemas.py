"""What the metrics feature hands out: the import report and the ``PerformanceFeedback``
contract (seed 000 §5.7)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from pressroom.contracts import Envelope, Payload, contract
from pressroom.metrics.csv_reader import RejectedRow


class ImportReport(BaseModel):
    """The outcome of one CSV import. Rejected rows are part of a successful result: the good
    rows are stored, the rejected ones are listed with their line and reason."""

    model_config = ConfigDict(extra="forbid")

    imported: int = Field(default=0, description="New snapshots stored.")
    updated: int = Field(default=0, description="Stored snapshots whose values changed.")
    unchanged: int = Field(default=0, description="Rows identical to a stored snapshot.")
    rejected: list[RejectedRow] = Field(
        default_factory=list, description="(line, reason) per row left out; header = line 1."
    )
    ignored_columns: list[str] = Field(
        default_factory=list, description="Columns of the file that Pressroom does not read."
    )


class PerformanceMetrics(Payload):
    """The numbers of one snapshot plus the rates derived from them."""

    impressions: int = Field(ge=0)
    reach: int = Field(ge=0)
    likes: int = Field(ge=0)
    comments: int = Field(ge=0)
    shares: int = Field(ge=0)
    saves: int = Field(ge=0)
    clicks: int = Field(ge=0)
    followers_delta: int
    engagement_rate: float | None = Field(
        description="(likes + comments + shares + saves) / impressions; null without impressions."
    )
    click_through_rate: float | None = Field(
        description="clicks / impressions; null without impressions."
    )
    watch_through_rate: float | None = Field(
        default=None, ge=0, le=1, description="Share of viewers who watched to the end."
    )


class BenchmarkDelta(Payload):
    """This piece minus the mean of the brand's other pieces on the same channel (each at its
    latest snapshot). Null when there is nothing to compare with."""

    engagement_rate: float | None = None
    watch_through_rate: float | None = None
    baseline_pieces: int = Field(ge=0, description="How many pieces the mean is taken over.")


class PerformanceFeedbackPayload(Payload):
    """How one published piece performed (its latest snapshot)."""

    platform_post_id: str | None = Field(
        description="The platform's id of the post, when the publisher reported one."
    )
    piece_id: str
    concept_id: str = Field(description="The idea the piece was written from.")
    brand: str = Field(description="The brand's slug.")
    channel: str
    hook_type: str = ""
    collected_at: datetime
    metrics: PerformanceMetrics
    benchmark_delta: BenchmarkDelta


@contract("PerformanceFeedback")
class PerformanceFeedback(Envelope[PerformanceFeedbackPayload]):
    """Seed 000 §5.7 output: a piece's performance and its delta to the brand's benchmark."""
