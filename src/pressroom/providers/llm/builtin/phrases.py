"""Key phrases from the brand's own text and a reviewer's feedback (signals arrive with theirs
already extracted), using the same extractor as the trends stage."""

from __future__ import annotations

from functools import lru_cache

from pressroom.providers.llm.builtin.text import word_set
from pressroom.trends.phrases import extract_key_phrases

# Words that steer the writing ("shorter", "more about") rather than name a subject.
DIRECTIVE_WORDS = word_set(
    """shorter short longer long brief concise tighter tight trim cut less more detail details
    detailed expand elaborate deeper please make focus focused emphasise emphasize emphasis
    mention mentions talk talking write rewrite try again add remove drop keep hook opening
    intro start beginning ending end tone punchier catchier boring bland generic different
    change post thread reel script piece version like want need lot bit much way sound sounds
    feel feels too really"""
)


@lru_cache(maxsize=1024)
def subject_phrases(text: str, *, limit: int = 4) -> tuple[str, ...]:
    """What a person's note is about: its key phrases without the words that only steer the
    writing (``"shorter, more about farmers"`` → ``("farmers",)``)."""
    phrases: dict[str, str] = {}
    for phrase in extract_key_phrases(text, limit=limit * 2):
        words = [word for word in phrase.split() if word.casefold() not in DIRECTIVE_WORDS]
        if words:
            kept = " ".join(words)
            phrases.setdefault(kept.casefold(), kept)
    return tuple(phrases.values())[:limit]


@lru_cache(maxsize=256)
def brand_phrases(text: str, *, limit: int = 20) -> tuple[str, ...]:
    """Key phrases of the brand's own description, guidelines and voice examples."""
    return tuple(extract_key_phrases(text, limit=limit))
