"""Contracts of the ideas stage (seed 000 §5.3)."""

from __future__ import annotations

from pydantic import Field

from pressroom.contracts import Envelope, Payload, contract
from pressroom.ideas.models import Idea
from pressroom.providers.llm.protocol import SourceSignal


class CampaignContext(Payload):
    objective: str = "engagement"
    target_audience: list[str] = Field(default_factory=list)
    constraints: list[str] = Field(default_factory=list)


class ConceptGenerationRequestPayload(Payload):
    trend_signals: list[SourceSignal]
    brand_guidelines_ref: str
    campaign_context: CampaignContext = Field(default_factory=CampaignContext)
    prompt_profile_id: str | None = None
    count: int = Field(default=5, ge=1, le=10)


class Concept(Payload):
    concept_id: str
    title: str
    hook: str
    hook_type: str
    format: str
    rationale: str
    expected_audience_fit: float = Field(ge=0, le=1)
    source_trend_ids: list[str]


class ContentConceptBatchPayload(Payload):
    concepts: list[Concept]


@contract("ConceptGenerationRequest")
class ConceptGenerationRequest(Envelope[ConceptGenerationRequestPayload]):
    """Ask for ideas from trend signals and a brand."""


@contract("ContentConceptBatch")
class ContentConceptBatch(Envelope[ContentConceptBatchPayload]):
    """The ideas of one run."""


def concept_batch(ideas: list[Idea], *, trace_id: str) -> ContentConceptBatch:
    concepts = [
        Concept(
            concept_id=i.id,
            title=i.title,
            hook=i.hook,
            hook_type=i.hook_type,
            format=i.format,
            rationale=i.rationale,
            expected_audience_fit=i.audience_fit,
            source_trend_ids=list(i.source_trend_ids),
        )
        for i in ideas
    ]
    return ContentConceptBatch(
        trace_id=trace_id, payload=ContentConceptBatchPayload(concepts=concepts)
    )
