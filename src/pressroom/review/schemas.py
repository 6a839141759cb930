"""What the review service returns: the queue, one piece in full, and a decision's outcome.

The same models serve the CLI (``--json``), the REST API and the web UI.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pressroom.media.schemas import AssetView
from pressroom.platforms.report import Problem

BUILTIN_WRITER_LABEL = "built-in writer"


class ReviewDecision(StrEnum):
    """What a person decided about a piece (``Review.decision``)."""

    APPROVED = "approved"
    REJECTED = "rejected"
    EDITED = "edited"
    REVISION_REQUESTED = "revision_requested"


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScoreSummary(_View):
    """The headline of a score card, as the queue shows it."""

    piece_version: int
    composite: float
    decision: str


class ScoreCardView(ScoreSummary):
    """A piece version's score card with the reasons behind it."""

    brand_alignment: float
    predicted_engagement: float
    safety: float
    readability: float
    reasons: list[str] = Field(default_factory=list)
    weights: dict[str, Any] = Field(default_factory=dict)
    scorer_version: str
    created_at: datetime


class VersionView(_View):
    """One immutable version of a piece."""

    version: int
    kind: str = Field(
        description="ai_original, builtin_original, ai_translation, repair, edit or revision."
    )
    author: str
    created_at: datetime
    note: str = ""
    text: str
    draft: dict[str, Any] = Field(default_factory=dict)


class ReviewView(_View):
    """One decision from the review history."""

    actor: str
    decision: str
    feedback: str = ""
    piece_version: int
    created_at: datetime


class QueueItem(_View):
    """A piece waiting for a person, as one line of the review queue."""

    piece_id: str
    brand_id: str
    channel: str
    tone: str = Field(default="", description="The piece's tone; empty: the brand's own voice.")
    language: str = Field(default="en", description="A BCP 47 language tag.")
    idea_title: str
    status: str
    version: int
    writer_label: str
    score: ScoreSummary | None = None
    problem_count: int = 0
    preview: str = Field(description="The start of the text, on one line.")
    created_at: datetime


class PieceDetail(_View):
    """Everything a reviewer needs to decide about one piece."""

    piece_id: str
    brand_id: str
    run_id: str
    idea_id: str
    idea_title: str
    idea_hook: str
    channel: str
    channel_name: str
    tone: str = Field(default="", description="The piece's tone; empty: the brand's own voice.")
    language: str = Field(default="en", description="A BCP 47 language tag.")
    source_piece_id: str | None = Field(
        default=None, description="For a translation, the piece it was translated from."
    )
    status: str
    version: int
    hook_type: str
    writer: str = Field(description="The writer's stable id, e.g. `builtin`.")
    writer_label: str = Field(description="How the writer is shown to people.")
    attempts: int
    trace_id: str
    created_at: datetime
    updated_at: datetime
    draft: dict[str, Any]
    text: str
    original: VersionView | None = Field(
        default=None, description="What the writer (AI or built-in) first wrote."
    )
    versions: list[VersionView] = Field(default_factory=list, description="Oldest first.")
    score_card: ScoreCardView | None = None
    problems: list[Problem] = Field(
        default_factory=list, description="Validation problems of the current version."
    )
    measures: dict[str, Any] = Field(
        default_factory=dict, description="The current draft measured against the channel."
    )
    limits: dict[str, Any] = Field(
        default_factory=dict, description="The channel's rules that have a limit."
    )
    media_state: str = Field(
        default="none",
        description="Its media for this version: none (text only), pending, failed, ready.",
    )
    assets: list[AssetView] = Field(
        default_factory=list, description="Its rendered media (or their errors), posting order."
    )
    reviews: list[ReviewView] = Field(default_factory=list, description="Oldest first.")
    next_statuses: list[str] = Field(
        default_factory=list, description="The statuses this piece may move to from here."
    )


class ReviewOutcome(_View):
    """The result of a decision: where the piece stands now."""

    piece_id: str
    decision: ReviewDecision
    status: str
    version: int
    problems: list[Problem] = Field(
        default_factory=list, description="Validation problems of the current version."
    )
