"""Tones a piece can be written in (SPEC §2 "Variant"), and which tones a run writes.

A brand with ``tone_variants`` gets one piece per idea × channel × tone, the A/B arms of one
idea. Without, each idea × channel gets one piece, in the prompt profile's preferred tone or,
when the profile prefers none, in the brand's own voice (tone ``""``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType

NEUTRAL_WEIGHT = 1.0


class Tone(StrEnum):
    HUMOROUS = "humorous"
    SERIOUS = "serious"
    EMOTIONAL = "emotional"
    EDUCATIONAL = "educational"


TONE_GUIDANCE: Mapping[Tone, str] = MappingProxyType(
    {
        Tone.HUMOROUS: "light and witty: a wry aside or a playful turn of phrase, never at the "
        "reader's expense and never about the facts",
        Tone.SERIOUS: "measured and matter-of-fact: state what is known, why it matters and "
        "what to weigh, with no jokes or hype",
        Tone.EMOTIONAL: "warm and personal: speak to how the subject feels for the people it "
        "touches, with a human moment, without melodrama",
        Tone.EDUCATIONAL: "clear and explanatory: teach how it works, step by step, so the "
        "reader can apply it",
    }
)
"""How each tone sounds, as writers are told it."""

MIN_AB_TONES = 2
MAX_TONES = len(Tone)


def preferred_tone(weights: Mapping[Tone, float]) -> Tone | None:
    """The tone a profile prefers: the one heaviest weight above neutral, or ``None`` when no
    tone stands out (then the brand's own voice)."""
    if not weights:
        return None
    best = max(weights.values())
    leaders = [tone for tone, weight in weights.items() if weight == best]
    return leaders[0] if best > NEUTRAL_WEIGHT and len(leaders) == 1 else None


def piece_tones(*, variants: Sequence[str], weights: Mapping[Tone, float]) -> list[str]:
    """The tones a run writes for every idea × channel: the brand's ``variants`` (its A/B
    arms) when it names any, else the profile's preferred tone, else ``""`` (the brand's own
    voice)."""
    if variants:
        return [Tone(tone).value for tone in variants]
    tone = preferred_tone(weights)
    return [tone.value if tone is not None else ""]
