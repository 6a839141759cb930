"""Group stories into signals: the same story from two feeds, or told twice from different
angles, becomes one signal.

Two tests, in order. (1) Same topic key (``text.topic_key``: the title's content stems,
sorted), so near-identical titles always meet. (2) Otherwise TF-IDF cosine similarity between
the story (title words counted twice, then the summary) and each signal's centroid (the sum of
its stories' vectors); the best match at or above ``SIMILARITY_THRESHOLD`` wins. Stories are
placed one at a time in the order given, so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from pressroom.trends.text import content_terms, topic_key

# Tuned on the demo feed and the tests: two tellings of one story score 0.3–0.6, unrelated
# stories of one trade (sharing "coffee", "prices", "roasters") stay under 0.2.
SIMILARITY_THRESHOLD = 0.3


@dataclass(frozen=True, slots=True)
class Story:
    """One item to place: ``ref`` is how the caller finds it again (an observation id)."""

    ref: str
    title: str
    summary: str = ""


@dataclass(slots=True)
class StoryGroup:
    """A signal-to-be: an existing signal (``signal_id``) or a new one keyed ``topic_key``."""

    topic_key: str
    signal_id: str | None = None
    stories: list[Story] = field(default_factory=list)
    new_refs: list[str] = field(default_factory=list)


def _document(story: Story) -> str:
    return f"{story.title}\n{story.title}\n{story.summary}"


def _analyzer(document: str) -> list[str]:
    return content_terms(document)


def group_stories(
    stories: Sequence[Story],
    *,
    existing: Sequence[StoryGroup],
    threshold: float = SIMILARITY_THRESHOLD,
) -> list[StoryGroup]:
    """Place each story in an existing group or a new one. Returns every group that
    received a story (existing ones first in their given order, then new ones)."""
    if not stories:
        return []
    groups = [
        StoryGroup(topic_key=g.topic_key, signal_id=g.signal_id, stories=list(g.stories))
        for g in existing
    ]
    members = [story for group in groups for story in group.stories]
    centroids = _Centroids(_vectorize([*members, *stories]), new_from=len(members))
    for number, group in enumerate(groups):
        centroids.seed(number, size=len(group.stories))
    by_key = {group.topic_key: index for index, group in enumerate(groups)}
    for position, story in enumerate(stories):
        key = topic_key(story.title)
        found = by_key.get(key)
        if found is None:
            found = centroids.most_similar(position, threshold)
        if found is None:
            groups.append(StoryGroup(topic_key=key))
            found = by_key.setdefault(key, len(groups) - 1)
        centroids.add(position, found)
        groups[found].stories.append(story)
        groups[found].new_refs.append(story.ref)
    return [group for group in groups if group.new_refs]


class _Centroids:
    """Cosine similarity of a story to each group's centroid (the sum of its stories'
    unit vectors), from one sparse product computed up front: the similarity to a centroid
    is the sum of the similarities to its stories over the centroid's length, and that
    length is updated as stories join (|c + v|² = |c|² + 2 c·v + |v|²)."""

    def __init__(self, vectors: sparse.csr_matrix, *, new_from: int) -> None:
        self.vectors = vectors
        self.new_from = new_from
        # Rows: the new stories; columns: every story (existing members first).
        self.similarity = sparse.csr_matrix(vectors[new_from:] @ vectors.T)
        self.group_of = np.full(vectors.shape[0], -1)
        self.length_sq: list[float] = []
        self.next_member = 0

    def seed(self, group: int, *, size: int) -> None:
        rows = list(range(self.next_member, self.next_member + size))
        self.next_member += size
        self.group_of[rows] = group
        total = self.vectors[rows].sum(axis=0) if rows else np.zeros(1)
        self.length_sq.append(float(np.square(np.asarray(total)).sum()))

    def _dots(self, position: int) -> np.ndarray:
        row = self.similarity.getrow(position)
        groups = self.group_of[row.indices]
        placed = groups >= 0
        dots = np.bincount(groups[placed], weights=row.data[placed], minlength=len(self.length_sq))
        # An empty bincount is integer; the scores below need floats.
        return dots.astype(float)

    def most_similar(self, position: int, threshold: float) -> int | None:
        lengths = np.sqrt(np.asarray(self.length_sq))
        if not len(lengths):
            return None
        dots = self._dots(position)
        scores = np.divide(dots, lengths, out=np.zeros_like(dots), where=lengths > 0)
        best = int(np.argmax(scores))  # the first of equal bests: deterministic
        return best if scores[best] >= threshold else None

    def add(self, position: int, group: int) -> None:
        self_sq = float(self.similarity[position, self.new_from + position])
        if group == len(self.length_sq):
            self.length_sq.append(self_sq)
        else:
            self.length_sq[group] += 2 * float(self._dots(position)[group]) + self_sq
        self.group_of[self.new_from + position] = group


def _vectorize(corpus: Sequence[Story]) -> sparse.csr_matrix:
    vectorizer = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, norm="l2")
    try:
        return sparse.csr_matrix(vectorizer.fit_transform([_document(s) for s in corpus]))
    except ValueError:
        # Nothing but stop words anywhere: no vocabulary, so only topic keys can match.
        return sparse.csr_matrix((len(corpus), 1))
