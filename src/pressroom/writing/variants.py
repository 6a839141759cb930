"""Which pieces a run writes for every idea × channel: one per tone (the brand's A/B
variants, or the profile's preferred tone), each translated into the brand's further
languages when the writer can."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from pressroom.errors import ErrorCode, PressroomError
from pressroom.learning.strategy import WritingStrategy
from pressroom.providers.llm.protocol import DEFAULT_LANGUAGE
from pressroom.writing.tones import piece_tones

ENGLISH_ONLY_WRITERS = frozenset({"builtin"})
"""Writers that write English only (the built-in writer composes from English patterns)."""


class RunVariants(BaseModel):
    """The tones and translations a run writes, and the languages it had to leave out."""

    tones: list[str]
    translations: list[str] = Field(default_factory=list)
    untranslated: list[dict[str, Any]] = Field(
        default_factory=list, description="One run error per language left out."
    )


def language_needs_model(language: str, *, first: bool) -> PressroomError:
    what = "writing in" if first else "translating into"
    return PressroomError(
        f"{what} {language!r} needs a model provider: the built-in writer writes English only",
        code=ErrorCode.LANGUAGE_NEEDS_MODEL,
        hint="Set the brand's model (or PRESSROOM_MODEL) to a provider such as "
        "openai-chat:<model>, or remove the language from the brand's languages.",
        details={"language": language},
    )


def run_variants(
    *,
    tone_variants: Sequence[str],
    languages: Sequence[str],
    strategy: WritingStrategy,
    writer_name: str,
) -> RunVariants:
    """The run's tones and translations for a brand. A writer that writes English only gets
    no translations (each language left out is reported) and cannot write for a brand whose
    first language is another: ``LANGUAGE_NEEDS_MODEL``."""
    first, *others = list(languages) or [DEFAULT_LANGUAGE]
    english_only = writer_name in ENGLISH_ONLY_WRITERS
    if english_only and first != DEFAULT_LANGUAGE:
        raise language_needs_model(first, first=True)
    tones = piece_tones(variants=tone_variants, weights=strategy.tone_weights)
    if not english_only:
        return RunVariants(tones=tones, translations=others)
    untranslated = [
        {
            "stage": "writing",
            "item": language,
            **language_needs_model(language, first=False).to_dict()["error"],
        }
        for language in others
    ]
    return RunVariants(tones=tones, untranslated=untranslated)
