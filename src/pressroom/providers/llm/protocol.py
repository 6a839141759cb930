"""The one door every writer comes through: ``Writer`` and the requests it answers."""

from __future__ import annotations

from datetime import date
from typing import Generic, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from pressroom.ideas.hooks import SHORTLIST, HookCandidate
from pressroom.learning.strategy import WritingStrategy
from pressroom.platforms.drafts import Draft, HookType
from pressroom.platforms.rules import ChannelRules
from pressroom.writing.tones import Tone

OutputT = TypeVar("OutputT")

DEFAULT_LANGUAGE = "en"
"""What a brand writes in when it names no languages, and the only language the built-in
writer writes."""

AnyDraft = Draft
"""A draft of any channel (each channel's draft model derives from ``Draft``)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BrandContext(_Model):
    """What a writer knows about the brand."""

    slug: str
    name: str
    description: str = ""
    audience: str = ""
    guidelines: str = ""
    voice_examples: list[str] = Field(default_factory=list)
    voice_profile: dict[str, object] = Field(default_factory=dict)
    topics: list[str] = Field(default_factory=list)
    restricted_terms: list[str] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    palette: list[str] = Field(default_factory=list, description="Brand colours as #RRGGBB.")
    website: str = ""
    call_to_action: str = ""


class SourceSignal(_Model):
    """A trend signal as source material for ideas."""

    trend_id: str
    topic: str
    summary: str = ""
    key_phrases: list[str] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    velocity: float = 0.0
    confidence: float = 0.0
    relevance: float = 0.0


class IdeaDraft(_Model):
    """One idea as a writer proposes it (seed 000 ContentConcept, plus hook type)."""

    title: str = Field(min_length=3, max_length=200)
    hook: str = Field(min_length=3, max_length=400)
    hook_type: HookType
    description: str = Field(default="", max_length=2000)
    format: str = Field(default="post", max_length=32)
    rationale: str = Field(default="", max_length=2000)
    audience_fit: float = Field(default=0.5, ge=0, le=1)
    topic_category: str = Field(default="", max_length=100)
    key_phrases: list[str] = Field(default_factory=list)
    source_trend_ids: list[str] = Field(default_factory=list)
    hook_candidates: list[HookCandidate] = Field(
        default_factory=list,
        max_length=SHORTLIST,
        description="The shortlisted hooks, the chosen one first (filled in by Pressroom).",
    )


class IdeaRequest(_Model):
    brand: BrandContext
    signals: list[SourceSignal]
    count: int = Field(ge=1, le=10)
    avoid_topics: list[str] = Field(
        default_factory=list, description="Topics used in the last 30 days."
    )
    strategy: WritingStrategy = Field(default_factory=WritingStrategy)
    run_date: date
    trace_id: str


class PieceRequest(_Model):
    brand: BrandContext
    idea: IdeaDraft
    channel: str
    rules: ChannelRules
    strategy: WritingStrategy = Field(default_factory=WritingStrategy)
    sources: list[SourceSignal] = Field(default_factory=list)
    attempt: int = Field(default=1, ge=1, description="1 for the first try, 2+ for repairs.")
    problems: list[str] = Field(
        default_factory=list, description="The validator's feedback on the previous attempt."
    )
    previous: dict[str, object] | None = Field(
        default=None, description="The previous attempt's draft, when repairing."
    )
    reviewer_feedback: str = Field(default="", description="A person's revision request.")
    tone: Tone | None = Field(
        default=None, description="The tone to write in; None: the brand's own voice."
    )
    language: str = Field(
        default=DEFAULT_LANGUAGE, description="The language to write in (a BCP 47 tag)."
    )
    translate_from: dict[str, object] | None = Field(
        default=None,
        description="A valid draft of the same channel, in the brand's first language, to "
        "translate and localise into ``language`` (its facts, links and structure kept).",
    )
    words_per_second: float = 2.5
    trace_id: str


class Usage(_Model):
    """What a call cost (the ledger records it)."""

    provider: str
    model: str
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0


class WriterResult(BaseModel, Generic[OutputT]):
    output: OutputT
    usage: Usage


@runtime_checkable
class Writer(Protocol):
    """Writes ideas and channel drafts. Implementations must be safe to call from several
    threads at once (pieces are written in parallel)."""

    @property
    def name(self) -> str:
        """Stable id, e.g. ``builtin`` or ``openai-chat:gpt-4o-mini``."""
        ...

    @property
    def label(self) -> str:
        """How output is labelled to people: the built-in writer is never passed off as AI."""
        ...

    def write_ideas(self, request: IdeaRequest) -> WriterResult[list[IdeaDraft]]:
        """Propose ``request.count`` diverse ideas from the signals."""
        ...

    def write_piece(self, request: PieceRequest) -> WriterResult[AnyDraft]:
        """Write (or repair, when ``request.problems`` is set) one channel draft."""
        ...
