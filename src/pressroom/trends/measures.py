"""How a trend signal is measured: velocity, confidence, relevance, freshness and the rank
that mixes them. Pure functions with the formulas in their docstrings (and docs/TRENDS.md),
so a person can recompute any number by hand. Every value lies in 0–1."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from pressroom.trends.text import content_terms

VELOCITY_WINDOW = timedelta(hours=24)
FRESHNESS_HALF_LIFE = timedelta(hours=48)
RANK_WEIGHTS: dict[str, float] = {
    "relevance": 0.45,
    "velocity": 0.20,
    "confidence": 0.15,
    "freshness": 0.20,
}


@dataclass(frozen=True, slots=True)
class Velocity:
    """Sightings in the last window and in the window before it, and the resulting score."""

    recent: int
    previous: int
    score: float


def anchor_time(now: datetime, latest: datetime | None) -> datetime:
    """The moment windows are measured back from: ``now``, or the latest sighting when that
    is earlier. A brand whose feeds went quiet (or the static demo feed read months later)
    still gets its freshest signals measured and ranked, instead of an empty list."""
    return now if latest is None or latest > now else latest


def velocity(times: Iterable[datetime], *, anchor: datetime) -> Velocity:
    """Growth across two 24-hour windows ending at ``anchor``.

    ``score = recent / (recent + previous + 1)``: the share of the last two days' sightings
    that fell in the last day, with one imaginary earlier sighting so that a single new item
    is not already "everything". 0 with nothing recent; rises with more recent items; falls
    as the previous day was as busy.
    """
    recent = previous = 0
    for moment in times:
        age = anchor - min(moment, anchor)
        if age < VELOCITY_WINDOW:
            recent += 1
        elif age < 2 * VELOCITY_WINDOW:
            previous += 1
    return Velocity(
        recent=recent, previous=previous, score=round(recent / (recent + previous + 1), 4)
    )


def confidence(*, sources: int, sample_size: int) -> float:
    """Source agreement times sample size.

    ``(1 - 0.5**sources) * (0.6 + 0.4 * (1 - 1/sample_size))``: each independent source halves
    the doubt (1 source 0.5, 2 sources 0.75, 3 sources 0.875), and more items lift it from 60 %
    to 100 % of that. One source alone never passes 0.5.
    """
    if sources <= 0 or sample_size <= 0:
        return 0.0
    agreement = 1 - 0.5**sources
    sample = 0.6 + 0.4 * (1 - 1 / sample_size)
    return round(agreement * sample, 4)


def freshness(last_seen: datetime, *, anchor: datetime) -> float:
    """``0.5 ** (age / 48 h)``: halves every two days since the signal was last seen."""
    age = max(anchor - last_seen, timedelta(0))
    return round(float(0.5 ** (age / FRESHNESS_HALF_LIFE)), 4)


def rank_score(*, relevance: float, velocity: float, confidence: float, freshness: float) -> float:
    """The weighted mix ``top_signals`` sorts by (weights in ``RANK_WEIGHTS``)."""
    parts = {
        "relevance": relevance,
        "velocity": velocity,
        "confidence": confidence,
        "freshness": freshness,
    }
    return round(sum(RANK_WEIGHTS[name] * value for name, value in parts.items()), 6)


@dataclass(frozen=True, slots=True)
class BrandProfile:
    """What a brand is about, as stems: its topics (each a set) and its whole vocabulary."""

    topics: tuple[frozenset[str], ...]
    vocabulary: frozenset[str]
    segments: tuple[tuple[str, frozenset[str]], ...]

    @classmethod
    def build(
        cls,
        *,
        topics: Sequence[str],
        description: str,
        audience: str,
        guidelines: str,
        voice_examples: Sequence[str] = (),
    ) -> BrandProfile:
        """Profile from a brand's own words."""
        topic_sets = tuple(frozenset(terms) for topic in topics if (terms := content_terms(topic)))
        texts = [*topics, description, audience, guidelines, *voice_examples]
        vocabulary = frozenset(term for text in texts for term in content_terms(text))
        segments = tuple(
            (name, frozenset(content_terms(name))) for name in audience_segments(audience)
        )
        return cls(topics=topic_sets, vocabulary=vocabulary, segments=segments)


def relevance(terms: Sequence[str], *, profile: BrandProfile) -> float:
    """How much a signal is about what the brand is about.

    ``0.5 * topic_match + 0.5 * vocabulary_share`` where ``topic_match`` is the best share of
    one brand topic's words found in the signal ("coffee prices": both words 1.0, one 0.5)
    and ``vocabulary_share`` the share of the signal's words the brand itself uses in its
    topics, description, audience, guidelines and voice examples. With no topics, the share
    alone. Stems, so "roasting" meets "roasters".
    """
    if not terms:
        return 0.0
    present = set(terms)
    share = sum(1 for term in terms if term in profile.vocabulary) / len(terms)
    if not profile.topics:
        return round(share, 4)
    topic_match = max(len(topic & present) / len(topic) for topic in profile.topics)
    return round(0.5 * topic_match + 0.5 * share, 4)


def matching_segments(terms: Iterable[str], *, profile: BrandProfile) -> list[str]:
    """The brand's audience segments the signal speaks to: every word of the segment occurs
    in the signal, where a stem of four letters or more also meets its longer forms
    ("brew" meets "brewer", so home brewing speaks to home brewers)."""
    present = set(terms)
    return [name for name, stems in profile.segments if all(_found(s, present) for s in stems)]


def _found(stem: str, present: set[str]) -> bool:
    if stem in present:
        return True
    return any(
        min(len(stem), len(term)) >= 4 and (term.startswith(stem) or stem.startswith(term))
        for term in present
    )


_CLAUSE = re.compile(r"\s+(?:who|that|which|with|looking)\s+", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b|\bor\b|&)\s*", re.IGNORECASE)


def audience_segments(audience: str) -> list[str]:
    """Segments named in a brand's audience text: "Home brewers, café owners and baristas
    who care about flavour" gives home brewers, café owners, baristas."""
    head = _CLAUSE.split(audience.strip().rstrip("."), maxsplit=1)[0]
    names: list[str] = []
    for part in _LIST_SEPARATOR.split(head):
        name = part.strip().lower()
        if name and content_terms(name) and name not in names:
            names.append(name)
    return names
