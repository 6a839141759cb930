"""Lexical similarity (TF-IDF cosine) between a piece and a brand's own texts.

The weights are fitted on the brand's texts plus the piece, so words only the piece uses
count against it: off-brand text is far from the brand even when it shares a few words. The
result depends only on the texts, which keeps scoring deterministic.

The numbers are exactly scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2),
stop_words="english", sublinear_tf=True)``, computed here because its per-call checks cost
ten times the arithmetic, and because a brand's texts, the same for every piece, need to be
read only once (:func:`tfidf_matrix`; ``tests/scoring/test_similarity.py`` holds the two
equal).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass(frozen=True)
class LexicalMatch:
    """How close a piece's wording is to the brand's texts.

    ``centroid`` is the cosine to the brand's texts taken together, ``best`` the cosine to the
    closest single text, ``raw`` their mean; ``shared_terms`` the words and word pairs that
    contribute most to the similarity, strongest first.
    """

    raw: float
    centroid: float
    best: float
    shared_terms: tuple[str, ...]


NO_MATCH = LexicalMatch(raw=0.0, centroid=0.0, best=0.0, shared_terms=())

BRAND_CORPORA_KEPT = 64
"""Brands whose analysed texts stay in memory (a worker serves a handful)."""

Row = tuple[tuple[str, int], ...]
"""One text's terms with their counts."""


def lexical_similarity(*, corpus: Sequence[str], text: str, top_terms: int = 5) -> LexicalMatch:
    """TF-IDF cosine of ``text`` to ``corpus`` (English stop words dropped, words and word
    pairs, sub-linear term frequency)."""
    documents = tuple(document for document in corpus if document.strip())
    if not documents or not text.strip():
        return NO_MATCH
    fitted = tfidf_matrix(documents, text)
    if fitted is None:  # nothing but stop words anywhere: no vocabulary to compare
        return NO_MATCH
    matrix, names = fitted
    brand, piece = matrix[:-1], matrix[-1]
    centroid = brand.sum(axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm == 0.0 or not piece.any():
        return NO_MATCH
    centroid /= norm
    to_centroid = float(piece @ centroid)
    best = float((brand @ piece).max())
    terms = _shared_terms(names, piece * centroid, top_terms)
    return LexicalMatch(
        raw=round((to_centroid + best) / 2, 4),
        centroid=round(to_centroid, 4),
        best=round(best, 4),
        shared_terms=terms,
    )


def tfidf_matrix(documents: tuple[str, ...], text: str) -> tuple[np.ndarray, list[str]] | None:
    """The dense TF-IDF matrix of ``documents`` followed by ``text`` and its feature names
    (sorted), bit for bit what the ``TfidfVectorizer`` above returns from ``fit_transform``
    and ``get_feature_names_out``; ``None`` where it finds no vocabulary at all.

    It follows the vectoriser's steps in its order, since floating-point sums depend on it:
    terms are numbered as first seen, each row lists its terms in that order, columns are the
    sorted terms; tf = 1 + ln(count), idf = 1 + ln((n + 1) / (df + 1)), and each row is
    divided by the root of its squares summed in row order.
    """
    corpus = _analysed(documents)
    seen = dict(corpus.first_seen)  # the cached numbering stays as the brand's texts left it
    rows = [*corpus.rows, _row(text, seen)]
    names = sorted(seen)
    if not names:
        return None
    column = {name: index for index, name in enumerate(names)}
    columns = np.fromiter((column[term] for row in rows for term, _ in row), dtype=np.intp)
    values = np.fromiter((count for row in rows for _, count in row), dtype=np.float64)
    bounds = [0, *np.cumsum([len(row) for row in rows]).tolist()]
    _weigh(values, columns, documents=len(rows), features=len(names))
    for start, end in pairwise(bounds):
        squares = 0.0
        for value in values[start:end].tolist():
            squares += value * value
        if squares != 0.0:
            values[start:end] /= math.sqrt(squares)
    matrix = np.zeros((len(rows), len(names)), dtype=np.float64)
    matrix[np.repeat(np.arange(len(rows)), np.diff(bounds)), columns] = values
    return matrix, names


def _weigh(values: np.ndarray, columns: np.ndarray, *, documents: int, features: int) -> None:
    """Counts → sub-linear tf × smoothed idf, in place (the vectoriser's own operations)."""
    frequency = np.bincount(columns, minlength=features).astype(np.float64)
    frequency += 1.0
    idf = np.full_like(frequency, fill_value=documents + 1, dtype=np.float64)
    idf /= frequency
    np.log(idf, out=idf)
    idf += 1.0
    np.log(values, values)
    values += 1.0
    values *= idf[columns]


@dataclass(frozen=True)
class _Analysed:
    """A brand's texts read once: each text's terms in numbering order, and the numbering."""

    rows: tuple[Row, ...]
    first_seen: dict[str, int]


@lru_cache(maxsize=BRAND_CORPORA_KEPT)
def _analysed(documents: tuple[str, ...]) -> _Analysed:
    first_seen: dict[str, int] = {}
    rows = tuple(_row(document, first_seen) for document in documents)
    return _Analysed(rows=rows, first_seen=first_seen)


def _row(document: str, first_seen: dict[str, int]) -> Row:
    """``document``'s term counts, numbering terms not seen before in ``first_seen``."""
    counts: dict[str, int] = {}
    for term in _analyzer()(document):
        first_seen.setdefault(term, len(first_seen))
        counts[term] = counts.get(term, 0) + 1
    return tuple(sorted(counts.items(), key=lambda item: first_seen[item[0]]))


@cache
def _analyzer() -> Callable[[str], list[str]]:
    """The vectoriser's own tokenising: lower case, words of two or more characters,
    English stop words dropped, then words and word pairs."""
    analyzer: Callable[[str], list[str]] = TfidfVectorizer(
        ngram_range=(1, 2), stop_words="english"
    ).build_analyzer()
    return analyzer


def _shared_terms(names: Sequence[str], contribution: np.ndarray, count: int) -> tuple[str, ...]:
    ranked = sorted(
        (-round(float(value), 6), str(names[index]))
        for index, value in enumerate(contribution)
        if value > 0
    )
    return tuple(name for _, name in ranked[:count])
