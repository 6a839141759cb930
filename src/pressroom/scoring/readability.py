"""Readability: Flesch reading ease and Flesch–Kincaid grade, mapped to [0, 1] against each
channel's target (``rules.READABILITY_TARGETS``).

Sentences are counted by textstat. Syllables are counted with pyphen's en_US hyphenation
dictionary rather than textstat's own English counter, because that one loads NLTK's CMU
dictionary from the network on first use: offline it fails, and online its figures would
depend on whether the download happened. Pyphen counts are deterministic and offline; they
run slightly low on long words, so ease reads a few points higher than CMU-based tools show.
The formulas are Flesch's (1948) and Kincaid et al.'s (1975).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyphen import Pyphen

from pressroom.scoring import rules
from pressroom.scoring.rules import ReadabilityTarget

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_HYPHENATOR = Pyphen(lang="en_US")


@dataclass(frozen=True)
class ReadabilityResult:
    """The readability sub-score and the measures behind it."""

    score: float
    words: int
    sentences: int
    syllables: int
    reading_ease: float
    grade: float
    target: ReadabilityTarget

    def as_detail(self) -> dict[str, Any]:
        return {
            "flesch_reading_ease": self.reading_ease,
            "flesch_kincaid_grade": self.grade,
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
            "target": {
                "grade": [self.target.grade_low, self.target.grade_high],
                "min_reading_ease": self.target.min_ease,
            },
        }

    def reason(self, channel_name: str) -> str:
        """How the piece reads for the channel."""
        measures = f"Flesch {self.reading_ease:.0f}, grade {self.grade:.1f}"
        if self.words == 0:
            return "Has no words to read"
        if self.score >= 0.8:
            return f"Easy to read for {channel_name} ({self.score:.2f}; {measures})"
        aim = f"aim for grade {self.target.grade_low:g}–{self.target.grade_high:g}"
        if self.score < 0.5:
            return f"Hard to read for {channel_name} ({self.score:.2f}; {measures}; {aim})"
        return f"Readable but could be plainer ({self.score:.2f}; {measures}; {aim})"


def readability(*, channel: str, text: str) -> ReadabilityResult:
    """Score how well ``text`` reads on ``channel``."""
    target = rules.READABILITY_TARGETS[rules.norms_channel(channel)]
    words = _WORD.findall(text)
    if not words:
        return ReadabilityResult(
            score=0.0, words=0, sentences=0, syllables=0, reading_ease=0.0, grade=0.0, target=target
        )
    sentences = max(1, _sentence_count(text))
    syllables = sum(_syllables(word.lower()) for word in words)
    words_per_sentence = len(words) / sentences
    syllables_per_word = syllables / len(words)
    ease = round(206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word, 2)
    grade = round(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59, 2)
    score = (_grade_part(grade, target) + _ease_part(ease, target)) / 2
    return ReadabilityResult(
        score=round(score, 4),
        words=len(words),
        sentences=sentences,
        syllables=syllables,
        reading_ease=ease,
        grade=grade,
        target=target,
    )


@lru_cache(maxsize=65536)
def _syllables(word: str) -> int:
    return len(_HYPHENATOR.positions(word)) + 1


def _grade_part(grade: float, target: ReadabilityTarget) -> float:
    if grade > target.grade_high:
        return max(0.0, 1.0 - (grade - target.grade_high) / rules.GRADES_TO_ZERO_ABOVE)
    if grade < target.grade_low:
        shortfall = (target.grade_low - grade) / rules.GRADES_TO_FLOOR_BELOW
        return max(rules.GRADE_FLOOR_BELOW, 1.0 - (1.0 - rules.GRADE_FLOOR_BELOW) * shortfall)
    return 1.0


def _ease_part(ease: float, target: ReadabilityTarget) -> float:
    if ease >= target.min_ease:
        return 1.0
    return max(0.0, 1.0 - (target.min_ease - ease) / rules.EASE_POINTS_TO_ZERO)


def _sentence_count(text: str) -> int:
    # textstat pulls in NLTK, SciPy and scikit-learn (about 2 s): imported when first scored,
    # so commands that never score (`pressroom --help`, `review list`) start without it.
    import textstat

    return int(textstat.sentence_count(text))
