"""The writing benchmark's voice figures: each brand's outputs measured with ``derive_voice``
next to its voice examples, the distances between them, and whether each brand's outputs are
nearest its own examples (``benchmarks/README.md`` explains every number)."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pressroom.brands.schemas import BrandSpec
    from pressroom.brands.voice import DerivedVoice

ROUND_DIGITS = 4

VOICE_SCALES: dict[str, float] = {
    "sentence_length": 20.0,
    "emoji_per_post": 2.0,
    "hashtags_per_post": 5.0,
    "formality": 1.0,
    "reading_grade": 12.0,
}
"""What a full unit of difference is for each numeric voice feature (words per sentence,
emoji and hashtags per post, formality 0–1, Flesch–Kincaid grade)."""
VOICE_DISTANCE_THRESHOLD = 0.1
VOICE_FORMULA = (
    "d(A, B) = mean over the features f of min(1, |A_f - B_f| / scale_f), the person "
    "feature counting 1 when it differs and 0 when it is the same; 0 = same profile, "
    "1 = every feature a full scale apart"
)


class Output(Protocol):
    """A written piece as the voice figures read it: its published text and its idea."""

    @property
    def public(self) -> str: ...

    @property
    def idea(self) -> int: ...


def voice_features(voice: DerivedVoice) -> dict[str, Any]:
    """The numeric features of a derived voice compared between brands, and its person."""
    return {
        "sentence_length": voice.sentence_length.mean if voice.sentence_length else 0.0,
        "emoji_per_post": voice.emoji.per_post,
        "hashtags_per_post": voice.hashtags.per_post,
        "formality": voice.formality.score if voice.formality else 0.0,
        "reading_grade": voice.reading_level.grade if voice.reading_level else 0.0,
        "person": voice.person,
    }


def voice_distance(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    """``VOICE_FORMULA``."""
    parts = [min(1.0, abs(a[key] - b[key]) / scale) for key, scale in VOICE_SCALES.items()]
    parts.append(0.0 if a["person"] == b["person"] else 1.0)
    return round(statistics.fmean(parts), ROUND_DIGITS)


def output_voice(records: Sequence[Output], *, name: str) -> DerivedVoice:
    """``derive_voice`` over the pieces' published text (hashtags and emoji included; it
    leaves hashtags and links out of the sentence measures itself)."""
    from pressroom.brands.voice import derive_voice

    return derive_voice([r.public for r in records if r.public], brand_name=name)


def voices(
    specs: Mapping[str, BrandSpec], records: Mapping[str, Sequence[Output]]
) -> dict[str, Any]:
    """Each brand's output profile next to its examples' profile, the distances between the
    brands' outputs, a noise floor (the distance between two halves of one brand's outputs:
    even and odd ideas), and whether each brand's outputs are nearest its own examples."""
    from pressroom.brands.voice import derive_voice

    examples = {
        slug: voice_features(
            derive_voice(spec.voice_examples, guidelines=spec.guidelines, brand_name=spec.name)
        )
        for slug, spec in specs.items()
    }
    outputs = {
        slug: voice_features(output_voice(records[slug], name=specs[slug].name)) for slug in specs
    }
    profiles = {slug: _profile(slug, examples, outputs, records[slug], specs) for slug in specs}
    pairwise = {
        f"{a} | {b}": voice_distance(outputs[a], outputs[b]) for a, b in combinations(specs, 2)
    }
    return {
        "features": {**VOICE_SCALES, "person": "1 when different"},
        "formula": VOICE_FORMULA,
        "threshold": VOICE_DISTANCE_THRESHOLD,
        "profiles": profiles,
        "pairwise": pairwise,
        **_verdict(pairwise, profiles),
        "own_examples": own_examples(profiles),
    }


def own_examples(profiles: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """How many brands' outputs are nearest their own examples, and the brand with the
    smallest margin (distance to the nearest other brand's examples minus to its own:
    negative when another brand's examples are nearer)."""
    margins = {slug: p["own_margin"] for slug, p in profiles.items() if p["own_margin"] is not None}
    nearest_own = sum(1 for profile in profiles.values() if profile["follows_own_examples"])
    tightest = min(margins, key=lambda slug: margins[slug]) if margins else None
    return {
        "brands": len(profiles),
        "nearest_own": nearest_own,
        "all_nearest_own": nearest_own == len(profiles) if profiles else None,
        "smallest_margin": {"brand": tightest, "margin": margins[tightest]} if tightest else None,
    }


def _profile(
    slug: str,
    examples: Mapping[str, Mapping[str, Any]],
    outputs: Mapping[str, Mapping[str, Any]],
    records: Sequence[Output],
    specs: Mapping[str, BrandSpec],
) -> dict[str, Any]:
    to_examples = {other: voice_distance(outputs[slug], examples[other]) for other in examples}
    nearest = min(to_examples, key=lambda other: to_examples[other])
    others = [distance for other, distance in to_examples.items() if other != slug]
    halves = [[r for r in records if r.idea % 2 == parity] for parity in (0, 1)]
    split = (
        voice_distance(*(voice_features(output_voice(h, name=specs[slug].name)) for h in halves))
        if all(halves)
        else None
    )
    return {
        "examples": examples[slug],
        "outputs": outputs[slug],
        "distance_outputs_to_examples": to_examples[slug],
        "nearest_examples": nearest,
        "follows_own_examples": nearest == slug,
        "distances_to_examples": to_examples,
        "own_margin": round(min(others) - to_examples[slug], ROUND_DIGITS) if others else None,
        "split_half_distance": split,
    }


def _verdict(pairwise: Mapping[str, float], profiles: Mapping[str, Any]) -> dict[str, Any]:
    """The closest pair of brands, and whether it is further apart than both the threshold and
    the largest split-half distance of one brand."""
    if not pairwise:
        return {"min_pairwise": None, "max_split_half_distance": None, "differ_measurably": None}
    pair = min(pairwise, key=lambda key: pairwise[key])
    splits = [p["split_half_distance"] for p in profiles.values() if p["split_half_distance"]]
    floor = max(splits, default=0.0)
    closest = pairwise[pair]
    return {
        "min_pairwise": {"brands": pair.split(" | "), "distance": closest},
        "max_split_half_distance": floor,
        "exceeds_threshold": closest > VOICE_DISTANCE_THRESHOLD,
        "exceeds_split_half": closest > floor,
        "differ_measurably": closest > max(VOICE_DISTANCE_THRESHOLD, floor),
    }
