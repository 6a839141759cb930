"""Lexical similarity (TF-IDF cosine) between a piece and a brand's own texts.

The vectoriser is fitted on the brand's texts plus the piece, so words only the piece uses
count against it: off-brand text is far from the brand even when it shares a few words. A fit
on a dozen short texts takes about two milliseconds, so nothing is cached; the result depends
only on the texts, which keeps scoring deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


def lexical_similarity(*, corpus: Sequence[str], text: str, top_terms: int = 5) -> LexicalMatch:
    """TF-IDF cosine of ``text`` to ``corpus`` (English stop words dropped, words and word
    pairs, sub-linear term frequency)."""
    documents = [document for document in corpus if document.strip()]
    if not documents or not text.strip():
        return NO_MATCH
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([*documents, text]).toarray()
    except ValueError:  # nothing but stop words anywhere: no vocabulary to compare
        return NO_MATCH
    brand, piece = matrix[:-1], matrix[-1]
    centroid = brand.sum(axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm == 0.0 or not piece.any():
        return NO_MATCH
    centroid /= norm
    to_centroid = float(piece @ centroid)
    best = float((brand @ piece).max())
    terms = _shared_terms(vectorizer.get_feature_names_out(), piece * centroid, top_terms)
    return LexicalMatch(
        raw=round((to_centroid + best) / 2, 4),
        centroid=round(to_centroid, 4),
        best=round(best, 4),
        shared_terms=terms,
    )


def _shared_terms(names: Sequence[str], contribution: np.ndarray, count: int) -> tuple[str, ...]:
    ranked = sorted(
        (-round(float(value), 6), str(names[index]))
        for index, value in enumerate(contribution)
        if value > 0
    )
    return tuple(name for _, name in ranked[:count])
