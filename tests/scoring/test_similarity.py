"""The TF-IDF arithmetic of brand alignment is scikit-learn's ``TfidfVectorizer``, bit for bit
(so score cards do not change), while a brand's texts are read once for all its pieces."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pressroom.scoring.alignment import brand_corpus
from pressroom.scoring.similarity import NO_MATCH, lexical_similarity, tfidf_matrix
from tests.scoring.factories import OFF_BRAND_LINKEDIN, ON_BRAND_LINKEDIN, brand_context
from tests.scoring.test_alignment import OFF_BRAND, ON_BRAND

WORDS = (
    "coffee roast roasts roastery espresso grinder grind finer light dark sweet sour cup "
    "cups Huila producers premium market price week days rest resting taste tastes apple "
    "panela café Müller naïve don't we're it's 2026 10 x2 A I we our you your the and of "
    "to is it this that a an in on at for with from by be are was not no yes BEANS Beans "
    "beans co-op e-mail well-known self-serve #specialtycoffee @northwind "
    "https://example.com/x"
)
"""What random texts are made of: stop words, accents, apostrophes, hyphens, case, numbers,
hashtags, mentions and links."""


def reference(documents: list[str], text: str) -> tuple[np.ndarray, list[str]] | None:
    """scikit-learn's own answer; ``None`` where it finds no vocabulary at all."""
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([*documents, text]).toarray()
    except ValueError as error:
        if "empty vocabulary" not in str(error):
            raise
        return None
    return matrix, [str(name) for name in vectorizer.get_feature_names_out()]


def sentence(rng: random.Random) -> str:
    pool = WORDS.split()
    words = [rng.choice(pool) for _ in range(rng.randint(0, 60))]
    joints = [rng.choice([" ", " ", " ", ", ", ". ", "\n", "! ", " — "]) for _ in words]
    return "".join(word + joint for word, joint in zip(words, joints, strict=True))


def assert_same(documents: list[str], text: str) -> None:
    expected_fit = reference(documents, text)
    fitted = tfidf_matrix(tuple(documents), text)
    if expected_fit is None:
        assert fitted is None
        return
    assert fitted is not None
    expected, expected_names = expected_fit
    matrix, names = fitted
    assert names == expected_names
    assert matrix.dtype == expected.dtype
    assert np.array_equal(matrix, expected)  # exact: no tolerance


def test_the_demo_brand_and_scoring_texts_give_sklearns_matrix_exactly() -> None:
    documents = [d for d in brand_corpus(brand_context()) if d.strip()]
    for text in [ON_BRAND_LINKEDIN, OFF_BRAND_LINKEDIN, *ON_BRAND, *OFF_BRAND]:
        assert_same(documents, text)


@pytest.mark.parametrize("seed", range(8))
def test_random_texts_give_sklearns_matrix_exactly(seed: int) -> None:
    rng = random.Random(seed)
    documents = [sentence(rng) for _ in range(rng.randint(1, 12))]
    documents = [d for d in documents if d.strip()] or ["We roast coffee in Berlin."]
    # Many pieces against one brand: the cached reading of the brand's texts must not keep
    # anything of an earlier piece.
    for _ in range(40):
        assert_same(documents, sentence(rng))


def test_texts_of_stop_words_only_have_no_vocabulary() -> None:
    assert reference(["the and of", "it is"], "to be or not to be") is None
    assert tfidf_matrix(("the and of", "it is"), "to be or not to be") is None
    assert lexical_similarity(corpus=["the and of"], text="it is what it is") == NO_MATCH


def test_the_same_piece_scores_the_same_before_and_after_other_pieces() -> None:
    corpus = brand_corpus(brand_context())
    first = lexical_similarity(corpus=corpus, text=ON_BRAND[1])
    lexical_similarity(corpus=corpus, text=OFF_BRAND_LINKEDIN)
    lexical_similarity(corpus=corpus, text="Zebras quantum blockchain synergy.")
    assert lexical_similarity(corpus=corpus, text=ON_BRAND[1]) == first
