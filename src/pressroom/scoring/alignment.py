"""Brand alignment: how much a piece sounds like the brand. Lexical similarity to the brand's
guidelines and voice examples, plus two voice-profile signals: the brand's signature phrases
and the grammatical person it speaks in."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from pressroom.providers.llm.protocol import BrandContext
from pressroom.scoring.rules import (
    ALIGNMENT,
    CONFLICTING_PERSON,
    PERSON_ALIASES,
    PERSON_PRONOUNS,
)
from pressroom.scoring.similarity import LexicalMatch, lexical_similarity

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class PersonSignal:
    """Whether the piece speaks in the brand's person (``expected``)."""

    expected: str
    used: int
    conflicting: int

    @property
    def score(self) -> float:
        if self.used == 0:
            return 0.5 if self.conflicting == 0 else 0.0
        return self.used / (self.used + self.conflicting)


@dataclass(frozen=True)
class AlignmentResult:
    """The brand alignment sub-score and the signals behind it."""

    score: float
    lexical: LexicalMatch
    lexical_score: float
    signature_phrases: tuple[str, ...]
    signatures_found: tuple[str, ...]
    person: PersonSignal | None

    def as_detail(self) -> dict[str, Any]:
        person = None
        if self.person is not None:
            person = {
                "expected": self.person.expected,
                "used": self.person.used,
                "conflicting": self.person.conflicting,
                "score": round(self.person.score, 4),
            }
        return {
            "lexical": {
                "raw": self.lexical.raw,
                "to_brand": self.lexical.centroid,
                "closest_text": self.lexical.best,
                "score": self.lexical_score,
            },
            "shared_terms": list(self.lexical.shared_terms),
            "signature_phrases": {
                "expected": list(self.signature_phrases),
                "found": list(self.signatures_found),
            },
            "person": person,
        }

    def reasons(self) -> list[str]:
        """Why the piece does or does not sound like the brand."""
        evidence = []
        if self.signatures_found:
            evidence.append("uses " + ", ".join(f"'{p}'" for p in self.signatures_found))
        if self.lexical.shared_terms:
            shown = ", ".join(f"'{t}'" for t in self.lexical.shared_terms[:3])
            evidence.append(f"shares wording such as {shown}")
        because = "; ".join(evidence) or "little wording in common with the brand"
        if self.score >= ALIGNMENT.close_match:
            lines = [f"Matches the brand voice closely ({self.score:.2f}): {because}"]
        elif self.score < ALIGNMENT.weak_match:
            lines = [
                f"Reads unlike the brand's guidelines and examples ({self.score:.2f}): {because}"
            ]
        else:
            lines = [f"Partly matches the brand voice ({self.score:.2f}): {because}"]
        if self.person is not None and self.person.conflicting > self.person.used:
            lines.append(
                f"Speaks as '{CONFLICTING_PERSON[self.person.expected]}' where the "
                f"brand speaks as '{self.person.expected}'"
            )
        return lines


def brand_corpus(brand: BrandContext) -> list[str]:
    """The brand's own texts the piece is compared with."""
    profile = brand.voice_profile
    return [
        brand.description,
        brand.audience,
        brand.guidelines,
        *brand.voice_examples,
        ". ".join(brand.topics),
        ". ".join(_phrases(profile.get("signature_phrases"))),
        brand.call_to_action,
    ]


def brand_alignment(*, brand: BrandContext, wording: str) -> AlignmentResult:
    """Score how much ``wording`` sounds like ``brand`` (see ``docs/SCORING.md``)."""
    text = _plain_apostrophes(wording)
    lexical = lexical_similarity(
        corpus=brand_corpus(brand), text=text, top_terms=ALIGNMENT.shared_terms_shown
    )
    lexical_score = round(1.0 - math.exp(-lexical.raw / ALIGNMENT.lexical_scale), 4)
    phrases = _phrases(brand.voice_profile.get("signature_phrases"))
    found = tuple(p for p in phrases if _contains_phrase(text, p))
    person = _person_signal(brand.voice_profile.get("person"), text)
    parts = [(lexical_score, ALIGNMENT.lexical_weight)]
    if phrases:
        parts.append((1.0 if found else 0.0, ALIGNMENT.signature_weight))
    if person is not None:
        parts.append((person.score, ALIGNMENT.person_weight))
    score = sum(value * weight for value, weight in parts) / sum(w for _, w in parts)
    return AlignmentResult(
        score=round(score, 4),
        lexical=lexical,
        lexical_score=lexical_score,
        signature_phrases=phrases,
        signatures_found=found,
        person=person,
    )


def _phrases(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(" ".join(str(p).split()) for p in value if isinstance(p, str) and p.strip())


def _contains_phrase(text: str, phrase: str) -> bool:
    words = r"\s+".join(re.escape(word) for word in _plain_apostrophes(phrase).split())
    return re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None


def _person_signal(value: object, text: str) -> PersonSignal | None:
    person = PERSON_ALIASES.get(str(value).strip().lower()) if isinstance(value, str) else None
    if person is None:
        return None
    words = [word.lower() for word in _WORD.findall(text)]
    conflicting = PERSON_PRONOUNS.get(CONFLICTING_PERSON.get(person, ""), frozenset())
    return PersonSignal(
        expected=person,
        used=sum(word in PERSON_PRONOUNS[person] for word in words),
        conflicting=sum(word in conflicting for word in words),
    )


def _plain_apostrophes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")
