"""Brand alignment: how much a piece sounds like the brand. Similarity to the brand's own
texts — lexical (TF-IDF, the default) or by sentence embeddings (the ``embeddings`` extra) —
plus two voice-profile signals: the brand's signature phrases and the grammatical person it
speaks in."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from pressroom.providers.llm.protocol import BrandContext
from pressroom.scoring import embeddings
from pressroom.scoring.rules import (
    ALIGNMENT,
    CONFLICTING_PERSON,
    PERSON_ALIASES,
    PERSON_PRONOUNS,
)
from pressroom.scoring.schemas import AlignmentBackend
from pressroom.scoring.similarity import lexical_similarity

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
class Similarity:
    """How close the piece is to the brand's texts, by one backend, and the 0–1 score it
    makes. ``shared_terms`` (lexical) are the words shared most with the brand;
    ``closest_text`` (embeddings) names the brand text nearest in meaning."""

    backend: AlignmentBackend
    raw: float
    centroid: float
    best: float
    score: float
    shared_terms: tuple[str, ...] = ()
    closest_text: str | None = None
    model: str | None = None
    versions: dict[str, str] = field(default_factory=dict)

    def as_detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {
            "backend": str(self.backend),
            "raw": self.raw,
            "to_brand": self.centroid,
            "closest": self.best,
            "score": self.score,
        }
        if self.backend is AlignmentBackend.EMBEDDINGS:
            detail.update(closest_text=self.closest_text, model=self.model, versions=self.versions)
        return detail

    def evidence(self) -> str | None:
        """What the reason line says about the similarity, if anything."""
        if self.backend is AlignmentBackend.EMBEDDINGS:
            if self.closest_text is None:
                return None
            if self.score == 0.0:
                return (
                    f"nothing close in meaning to the brand's texts (best cosine {self.best:.2f})"
                )
            return f"closest in meaning to {self.closest_text} (cosine {self.best:.2f})"
        if not self.shared_terms:
            return None
        shown = ", ".join(f"'{t}'" for t in self.shared_terms[:3])
        return f"shares wording such as {shown}"


@dataclass(frozen=True)
class AlignmentResult:
    """The brand alignment sub-score and the signals behind it."""

    score: float
    similarity: Similarity
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
            "similarity": self.similarity.as_detail(),
            "shared_terms": list(self.similarity.shared_terms),
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
        similar = self.similarity.evidence()
        if similar:
            evidence.append(similar)
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


def voice_texts(brand: BrandContext) -> list[tuple[str, str]]:
    """The brand texts sentence embeddings compare a piece with, each with how a reason
    names it: the guidelines and the voice examples, or — for a brand with neither — its
    description, audience, topics and call to action."""
    named = [("the brand's guidelines", brand.guidelines)] + [
        (f"voice example {number}", example)
        for number, example in enumerate(brand.voice_examples, start=1)
    ]
    if not any(text.strip() for _, text in named):
        named = [
            ("the brand's description", brand.description),
            ("the brand's audience", brand.audience),
            ("the brand's topics", ". ".join(brand.topics)),
            ("the brand's call to action", brand.call_to_action),
        ]
    return [(name, text) for name, text in named if text.strip()]


def brand_alignment(
    *, brand: BrandContext, wording: str, backend: AlignmentBackend = AlignmentBackend.LEXICAL
) -> AlignmentResult:
    """Score how much ``wording`` sounds like ``brand`` (see ``docs/SCORING.md``)."""
    text = _plain_apostrophes(wording)
    if backend is AlignmentBackend.EMBEDDINGS:
        similarity = _semantic_similarity(brand, text)
    else:
        similarity = _lexical_similarity(brand, text)
    phrases = _phrases(brand.voice_profile.get("signature_phrases"))
    found = tuple(p for p in phrases if _contains_phrase(text, p))
    person = _person_signal(brand.voice_profile.get("person"), text)
    parts = [(similarity.score, ALIGNMENT.similarity_weight)]
    if phrases:
        parts.append((1.0 if found else 0.0, ALIGNMENT.signature_weight))
    if person is not None:
        parts.append((person.score, ALIGNMENT.person_weight))
    score = sum(value * weight for value, weight in parts) / sum(w for _, w in parts)
    return AlignmentResult(
        score=round(score, 4),
        similarity=similarity,
        signature_phrases=phrases,
        signatures_found=found,
        person=person,
    )


def _lexical_similarity(brand: BrandContext, text: str) -> Similarity:
    match = lexical_similarity(
        corpus=brand_corpus(brand), text=text, top_terms=ALIGNMENT.shared_terms_shown
    )
    return Similarity(
        backend=AlignmentBackend.LEXICAL,
        raw=match.raw,
        centroid=match.centroid,
        best=match.best,
        score=round(1.0 - math.exp(-match.raw / ALIGNMENT.lexical_scale), 4),
        shared_terms=match.shared_terms,
    )


def _semantic_similarity(brand: BrandContext, text: str) -> Similarity:
    named = voice_texts(brand)
    match = embeddings.embedding_similarity(corpus=[t for _, t in named], text=text)
    span = ALIGNMENT.embedding_ceiling - ALIGNMENT.embedding_floor
    score = min(1.0, max(0.0, (match.raw - ALIGNMENT.embedding_floor) / span))
    return Similarity(
        backend=AlignmentBackend.EMBEDDINGS,
        raw=match.raw,
        centroid=match.centroid,
        best=match.best,
        score=round(score, 4),
        closest_text=named[match.closest][0] if match.closest is not None else None,
        model=embeddings.MODEL_NAME,
        versions=embeddings.versions(),
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
