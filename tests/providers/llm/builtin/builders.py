"""Requests for the built-in writer: the demo brand, a minimal brand, and trend signals shaped
like the trends stage's output; and the validator the writing stage uses."""

from __future__ import annotations

from datetime import date
from typing import Any

from pressroom.brands import service as brands
from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.platforms.drafts import HookType
from pressroom.platforms.report import ValidationReport
from pressroom.platforms.validation import validate
from pressroom.providers.llm.protocol import (
    AnyDraft,
    BrandContext,
    IdeaDraft,
    IdeaRequest,
    PieceRequest,
    SourceSignal,
)

CHANNELS = tuple(CHANNEL_RULES)
RUN_DATE = date(2026, 11, 20)


def demo_brand(**overrides: Any) -> BrandContext:
    """The bundled demo brand as writers see it (with ``overrides``)."""
    data = brands.demo_spec().model_dump(include=set(BrandContext.model_fields))
    data.update(overrides)
    return BrandContext.model_validate(data)


def minimal_brand(**overrides: Any) -> BrandContext:
    """A brand with only a name and two topics: no voice, examples, hashtags or website."""
    data: dict[str, Any] = {
        "slug": "plain-co",
        "name": "Plain Co",
        "topics": ["bicycles", "repair"],
    }
    data.update(overrides)
    return BrandContext.model_validate(data)


def coffee_signals() -> list[SourceSignal]:
    return [
        SourceSignal(
            trend_id="trend-prices",
            topic="Coffee prices hit a 50-year high",
            summary="Arabica futures rose 40% this year as drought hit Brazil. Roasters are "
            "passing the costs on to cafés.",
            key_phrases=["arabica futures", "drought in Brazil", "roaster margins"],
            links=["https://news.example/prices"],
            velocity=2.4,
            confidence=0.8,
            relevance=0.9,
        ),
        SourceSignal(
            trend_id="trend-grinders",
            topic="Burr grinders get cheaper",
            summary="Entry-level burr grinders now cost under 100 euros.",
            key_phrases=["burr grinders", "grind size", "pour over"],
            velocity=1.1,
            confidence=0.6,
            relevance=0.7,
        ),
        SourceSignal(
            trend_id="trend-pods",
            topic="Compostable coffee pods",
            key_phrases=["compostable pods", "packaging waste"],
            velocity=0.5,
            confidence=0.5,
            relevance=0.6,
        ),
        SourceSignal(
            trend_id="trend-farmers",
            topic="Coffee farmers adopt shade growing",
            summary="Farms in Huila report steadier yields under shade trees.",
            key_phrases=["shade growing", "coffee farmers", "steadier yields"],
            velocity=0.9,
            confidence=0.7,
            relevance=0.8,
        ),
    ]


def idea_request(**overrides: Any) -> IdeaRequest:
    data: dict[str, Any] = {
        "brand": demo_brand(),
        "signals": coffee_signals(),
        "count": 5,
        "run_date": RUN_DATE,
        "trace_id": "trace-ideas",
    }
    data.update(overrides)
    return IdeaRequest.model_validate(data)


def an_idea(hook_type: HookType = HookType.QUESTION, **overrides: Any) -> IdeaDraft:
    data: dict[str, Any] = {
        "title": "What coffee prices mean for home brewers",
        "hook": "What do arabica futures change for home brewers?",
        "hook_type": hook_type,
        "description": "Prices and what to do about them.",
        "key_phrases": ["arabica futures", "drought in Brazil", "roaster margins"],
        "topic_category": "coffee prices",
        "source_trend_ids": ["trend-prices"],
    }
    data.update(overrides)
    return IdeaDraft.model_validate(data)


def piece_request(channel: str, **overrides: Any) -> PieceRequest:
    data: dict[str, Any] = {
        "brand": demo_brand(),
        "idea": an_idea(),
        "channel": channel,
        "rules": CHANNEL_RULES[channel],
        "sources": coffee_signals(),
        "trace_id": "trace-piece",
    }
    data.update(overrides)
    return PieceRequest.model_validate(data)


def check(request: PieceRequest, draft: AnyDraft) -> ValidationReport:
    """Validate ``draft`` exactly as the writing stage does."""
    return validate(request.channel, draft, words_per_second=request.words_per_second)


def spoken_text(draft: AnyDraft) -> str:
    """Everything a draft says or shows, in one string."""
    return draft.render_text()
