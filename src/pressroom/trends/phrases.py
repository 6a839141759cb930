"""Key phrases of a text: offline, deterministic, explainable.

The method is RAKE (Rose et al., 2010, "Automatic keyword extraction from individual
documents"): stop words, numbers and punctuation split the text into candidate phrases; each
word scores ``degree / frequency`` (how much it co-occurs inside phrases relative to how
often it appears); a phrase scores the sum of its words. We cap phrases at three words
(longer runs are cut into three-word pieces) because the writers quote them, drop a phrase
whose words are already covered by a better one ("light roast" after "light roasts"), and
break ties by first appearance. Words keep capitals only where the text capitalizes them
mid-sentence (names such as "Brazil"), so a headline's first word is not shouted.

We chose this over YAKE (LGPL-3.0, four more packages) after comparing both on the demo
feed: the phrases were of the same quality, and these can be explained in one paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pressroom.trends.text import STOP_WORDS, fold, stem

MAX_PHRASE_WORDS = 3
# Words (a letter first), numbers, and single punctuation marks that end a phrase.
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|\d[\w.,%:/-]*|[^\w\s]")
_SENTENCE_END = frozenset('.!?:;"“”()[]—–|')


@dataclass(frozen=True, slots=True)
class _Candidate:
    words: tuple[str, ...]
    position: int


def extract_key_phrases(text: str, *, limit: int = 8) -> list[str]:
    """Up to ``limit`` key phrases of ``text``, best first. Same text, same phrases."""
    if limit <= 0:
        return []
    tokens = _TOKEN.findall(text)
    candidates = _candidates(tokens)
    if not candidates:
        return []
    scores = _word_scores(candidates)
    proper = _proper_nouns(tokens)
    ranked = sorted(
        _unique(candidates),
        key=lambda c: (-sum(scores[fold(word)] for word in c.words), c.position),
    )
    phrases: list[str] = []
    covered: list[frozenset[str]] = []
    for candidate in ranked:
        stems = frozenset(stem(fold(word)) for word in candidate.words)
        if any(stems <= seen or seen <= stems for seen in covered):
            continue
        covered.append(stems)
        phrases.append(" ".join(proper.get(fold(word), word.lower()) for word in candidate.words))
        if len(phrases) == limit:
            break
    return phrases


def _candidates(tokens: list[str]) -> list[_Candidate]:
    """Runs of content words between stop words, numbers and punctuation, cut to size."""
    candidates: list[_Candidate] = []
    run: list[str] = []

    def close() -> None:
        for start in range(0, len(run), MAX_PHRASE_WORDS):
            candidates.append(
                _Candidate(tuple(run[start : start + MAX_PHRASE_WORDS]), len(candidates))
            )
        run.clear()

    for token in tokens:
        folded = fold(token)
        if not folded[0].isalpha() or folded in STOP_WORDS or len(folded) < 2:
            close()
        else:
            run.append(token)
    close()
    return candidates


def _word_scores(candidates: list[_Candidate]) -> dict[str, float]:
    frequency: dict[str, int] = {}
    degree: dict[str, int] = {}
    for candidate in candidates:
        for word in candidate.words:
            key = fold(word)
            frequency[key] = frequency.get(key, 0) + 1
            degree[key] = degree.get(key, 0) + len(candidate.words)
    return {word: degree[word] / frequency[word] for word in frequency}


def _unique(candidates: list[_Candidate]) -> list[_Candidate]:
    seen: set[tuple[str, ...]] = set()
    unique: list[_Candidate] = []
    for candidate in candidates:
        key = tuple(fold(word) for word in candidate.words)
        if key not in seen:
            seen.add(key)
            unique.append(candidate)
    return unique


def _proper_nouns(tokens: list[str]) -> dict[str, str]:
    """Words written with a capital where a sentence does not start: keep them so."""
    proper: dict[str, str] = {}
    sentence_start = True
    for token in tokens:
        if token in _SENTENCE_END:
            sentence_start = True
            continue
        if token[0].isupper() and not sentence_start:
            proper.setdefault(fold(token), token)
        sentence_start = False
    return proper
