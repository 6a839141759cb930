"""How the built-in writer sounds in each tone: a line in the tone after the opening, and
closing lines. Slots as in :mod:`patterns` (``{phrase}``, ``{us}``, ``{We}`` …)."""

from __future__ import annotations

from types import MappingProxyType

from pressroom.writing.tones import Tone

TONE_LINES = MappingProxyType(
    {
        Tone.HUMOROUS: (
            "Yes, {phrase} again. Stay with {us}, it gets better.",
            "Nobody throws a party for {phrase}. Maybe somebody should.",
            "Fair warning: mild excitement about {phrase} ahead.",
            "{Phrase} will not win a beauty contest, but hear {us} out.",
        ),
        Tone.SERIOUS: (
            "This deserves a careful look.",
            "The details here matter more than the headline.",
            "It is worth being precise about {phrase}.",
            "The stakes are real, so here are the facts.",
        ),
        Tone.EMOTIONAL: (
            "Everyone has felt this one at some point.",
            "This one is close to {our} heart.",
            "Behind {phrase} are real people and real days.",
            "It is the small moments with {phrase} that stay with you.",
        ),
        Tone.EDUCATIONAL: (
            "Here is how it works.",
            "Let's break {phrase} down.",
            "A quick lesson on {phrase}, in plain words.",
            "Here is what to know, step by step.",
        ),
    }
)
"""A sentence in the tone, said after the opening."""

TONE_CLOSERS = MappingProxyType(
    {
        Tone.HUMOROUS: (
            "Go on, try it. Worst case, you get a story out of it.",
            "Tell {us} how it goes. Bonus points for photos.",
        ),
        Tone.SERIOUS: (
            "Weigh it carefully before you act.",
            "Check the facts, then decide.",
        ),
        Tone.EMOTIONAL: (
            "If this moved you, share it with someone who needs it.",
            "You are not alone in this.",
        ),
        Tone.EDUCATIONAL: (
            "Save this for the next time {phrase} comes up.",
            "Try one step today and note what you learn.",
        ),
    }
)
"""Closing lines in the tone."""
