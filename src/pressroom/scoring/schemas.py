"""What scoring reads and returns: the brand's engagement history, the score card a piece
version gets, and the ``PieceScoringRequest`` / ``ScoreCard`` contracts (seed 000 §5.4).

:func:`pressroom.scoring.service.score_piece` returns a plain :class:`ScoreCardResult`; the
``ScoreCard`` contract's payload is built from it with :meth:`ScoreCardPayload.from_result`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pressroom.contracts import Envelope, Payload, contract
from pressroom.platforms.channels import ChannelDraft
from pressroom.platforms.drafts import HookType

SUB_SCORES = ("brand_alignment", "predicted_engagement", "safety", "readability")
"""The sub-scores a brand can weigh (``Brand.score_weights`` keys)."""


class AlignmentBackend(StrEnum):
    """How brand alignment measures similarity to the brand's texts
    (``PRESSROOM_ALIGNMENT_BACKEND``)."""

    LEXICAL = "lexical"  # TF-IDF word overlap (scikit-learn); always available
    EMBEDDINGS = "embeddings"  # sentence embeddings; needs the ``embeddings`` extra


class LengthBucket(StrEnum):
    """A piece's length for its channel (thresholds: ``rules.LENGTH_BUCKET_WORDS``)."""

    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class Decision(StrEnum):
    """What the score card recommends for a piece version."""

    APPROVE = "approve"
    REVIEW = "review"
    REJECT = "reject"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EngagementSegment(_Model):
    """The brand's published pieces of one channel and hook type, summarised."""

    channel: str = Field(min_length=1, description="Channel id, e.g. `linkedin`.")
    hook_type: HookType
    mean_rate: float = Field(ge=0, description="Mean engagement rate of these pieces.")
    count: int = Field(ge=0, description="How many pieces the mean is taken over.")


class EngagementCell(_Model):
    """The brand's measured pieces of one channel, hook type and length, summarised for the
    fitted engagement model: how many, their mean rate and their mean log rate
    (``ln(rate + rules.RATE_FLOOR)``). Built by ``scoring.engagement.engagement_cells``."""

    channel: str = Field(min_length=1, description="Channel id, e.g. `linkedin`.")
    hook_type: HookType
    length: LengthBucket
    count: int = Field(ge=1, description="How many pieces the means are taken over.")
    mean_rate: float = Field(ge=0, description="Mean engagement rate of these pieces.")
    mean_log_rate: float = Field(description="Mean of ln(rate + rate floor) of these pieces.")


class EngagementHistory(_Model):
    """A brand's own engagement so far, as scoring reads it.

    Engagement rate means ``(likes + comments + shares + saves) / impressions`` of one piece
    (its latest snapshot; pieces without impressions are left out). ``segments`` holds one
    entry per (channel, hook type) the brand has published; ``overall_rate`` is the mean over
    all of the brand's measured pieces (any channel, any hook type) and ``overall_count`` how
    many that is. Below ``rules.FIT_MIN_PIECES`` measured pieces scoring shrinks these towards
    its priors by sample count; from there on it fits a model on ``cells`` (one per channel,
    hook type and length), so the brand's own pieces decide.
    """

    overall_rate: float = Field(default=0.0, ge=0)
    overall_count: int = Field(default=0, ge=0)
    segments: list[EngagementSegment] = Field(default_factory=list)
    cells: list[EngagementCell] = Field(
        default_factory=list,
        description="The measured pieces with a known hook type, by channel, hook type and "
        "length (for the fitted model; empty in histories recorded before it existed).",
    )

    @model_validator(mode="after")
    def _one_segment_per_key(self) -> Self:
        keys = [(segment.channel, segment.hook_type) for segment in self.segments]
        if len(keys) != len(set(keys)):
            raise ValueError("segments must hold each (channel, hook_type) at most once")
        cells = [(cell.channel, cell.hook_type, cell.length) for cell in self.cells]
        if len(cells) != len(set(cells)):
            raise ValueError("cells must hold each (channel, hook_type, length) at most once")
        return self

    @property
    def fit_count(self) -> int:
        """How many measured pieces the fitted model can learn from."""
        return sum(cell.count for cell in self.cells)

    def segment(self, channel: str, hook_type: HookType) -> EngagementSegment | None:
        """The brand's record for one channel and hook type, if it has one."""
        for segment in self.segments:
            if segment.channel == channel and segment.hook_type == hook_type:
                return segment
        return None


class Scores(_Model):
    """The four sub-scores and their weighted mean, each in [0, 1]."""

    brand_alignment: float = Field(ge=0, le=1)
    predicted_engagement: float = Field(ge=0, le=1)
    safety: float = Field(ge=0, le=1)
    readability: float = Field(ge=0, le=1)
    composite: float = Field(ge=0, le=1)


class ScoreCardResult(_Model):
    """What :func:`~pressroom.scoring.service.score_piece` returns for one draft.

    ``reasons`` explain the decision first, then every notable sub-score, in a fixed order;
    ``details`` holds the numbers behind each sub-score; ``weights`` are the normalised
    weights the composite used.
    """

    channel: str
    hook_type: HookType
    scores: Scores
    decision: Decision
    reasons: list[str]
    weights: dict[str, float]
    details: dict[str, Any]
    scorer_version: str


class ScoreCardPayload(Payload):
    """Seed 000 §5.4 ``ScoreCard`` for one piece version (``concept_id`` → ``piece_id``)."""

    piece_id: str = Field(min_length=1)
    piece_version: int = Field(ge=0)
    channel: str
    scores: Scores
    decision: Decision
    reasons: list[str]
    weights: dict[str, float] = Field(default_factory=dict)
    details: dict[str, Any] = Field(default_factory=dict)
    scorer_version: str

    @classmethod
    def from_result(
        cls, *, piece_id: str, piece_version: int, result: ScoreCardResult
    ) -> ScoreCardPayload:
        """The contract payload of a scoring result for one piece version."""
        return cls(
            piece_id=piece_id,
            piece_version=piece_version,
            **result.model_dump(
                include={
                    "channel",
                    "scores",
                    "decision",
                    "reasons",
                    "weights",
                    "details",
                    "scorer_version",
                }
            ),
        )


@contract("ScoreCard")
class ScoreCard(Envelope[ScoreCardPayload]):
    """Seed 000 §5.4 output: a piece version's scores, decision and reasons."""


class PieceScoringRequestPayload(Payload):
    """Seed 000 §5.4 ``AssetScoringRequest`` adapted to pieces: score this draft."""

    piece_id: str = Field(min_length=1)
    piece_version: int = Field(default=0, ge=0)
    channel: str
    draft: ChannelDraft
    score_weights: dict[str, float] | None = Field(
        default=None, description="Sub-score weights; the brand's (or the defaults) when null."
    )

    @model_validator(mode="after")
    def _draft_matches_channel(self) -> Self:
        if self.draft.channel != self.channel:
            raise ValueError(f"draft is for {self.draft.channel!r}, not {self.channel!r}")
        return self


@contract("PieceScoringRequest")
class PieceScoringRequest(Envelope[PieceScoringRequestPayload]):
    """Seed 000 §5.4 input: a piece version's draft to score."""
