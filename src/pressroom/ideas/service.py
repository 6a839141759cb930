"""Idea rules: what counts as a repeat (a topic used in the last 30 days, or a near-duplicate
title of another idea now or in history) and storing the ideas of a run."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.ideas.hooks import HookCandidate
from pressroom.ideas.models import Idea
from pressroom.platforms.drafts import HookType
from pressroom.providers.llm.protocol import IdeaDraft

REPEAT_WINDOW_DAYS = 30
NEAR_DUPLICATE_JACCARD = 0.6

_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "this",
        "to",
        "what",
        "when",
        "why",
        "with",
        "you",
        "your",
        "we",
        "us",
    }
)


def topic_key(text: str) -> str:
    """A normalized key for a topic: lowercase ASCII words without stopwords, sorted."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = sorted({w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOPWORDS})
    return "-".join(words)[:200] or "untitled"


def _tokens(text: str) -> frozenset[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return frozenset(w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOPWORDS)


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of content words: transparent and deterministic."""
    left, right = _tokens(a), _tokens(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


class RejectedIdea(BaseModel):
    title: str
    reason: str


class IdeaSelection(BaseModel):
    kept: list[IdeaDraft]
    rejected: list[RejectedIdea]


def recent_history(
    session: Session, *, brand_id: str, now: datetime, exclude_run_id: str | None = None
) -> tuple[set[str], list[str]]:
    """Topic keys and titles of the brand's ideas in the last 30 days (other runs only)."""
    since = now - timedelta(days=REPEAT_WINDOW_DAYS)
    query = select(Idea.topic_key, Idea.title).where(
        Idea.brand_id == brand_id, Idea.created_at >= since
    )
    if exclude_run_id:
        query = query.where(Idea.run_id != exclude_run_id)
    rows = session.execute(query).all()
    return {row[0] for row in rows}, [row[1] for row in rows]


def select_ideas(
    drafts: Iterable[IdeaDraft],
    *,
    count: int,
    recent_topics: set[str],
    recent_titles: Sequence[str],
    topic_of: dict[str, str],
) -> IdeaSelection:
    """Keep up to ``count`` ideas that repeat no recent topic and duplicate no other idea.

    ``topic_of`` maps trend ids to their topic keys; an idea's topic is its first source
    trend's topic, or its own title's key when it has no source.
    """
    kept: list[IdeaDraft] = []
    rejected: list[RejectedIdea] = []
    for draft in drafts:
        key = idea_topic_key(draft, topic_of)
        reason = None
        if key in recent_topics:
            reason = "repeats a topic used in the last 30 days"
        elif any(idea_topic_key(k, topic_of) == key for k in kept):
            reason = "repeats the topic of another idea in this run"
        else:
            for other in [*(k.title for k in kept), *recent_titles]:
                if similarity(draft.title, other) >= NEAR_DUPLICATE_JACCARD:
                    reason = f"near-duplicate of {other!r}"
                    break
        if reason:
            rejected.append(RejectedIdea(title=draft.title, reason=reason))
        elif len(kept) < count:
            kept.append(draft)
    return IdeaSelection(kept=kept, rejected=rejected)


def idea_topic_key(draft: IdeaDraft, topic_of: dict[str, str]) -> str:
    for trend_id in draft.source_trend_ids:
        if trend_id in topic_of:
            return topic_of[trend_id]
    return topic_key(draft.title)


def store_ideas(
    session: Session,
    *,
    brand_id: str,
    run_id: str,
    drafts: Sequence[IdeaDraft],
    topic_of: dict[str, str],
    writer: str,
    trace_id: str,
) -> list[Idea]:
    """Store the run's ideas and audit their creation. Idempotent by run + slot: a replayed
    step returns the ideas already stored."""
    stored = {idea.slot: idea for idea in ideas_of_run(session, run_id=run_id)}
    ideas = []
    for slot, draft in enumerate(drafts, start=1):
        if slot in stored:
            ideas.append(stored[slot])
            continue
        idea = Idea(
            **draft.model_dump(mode="json"),
            brand_id=brand_id,
            run_id=run_id,
            slot=slot,
            topic_key=idea_topic_key(draft, topic_of),
            writer=writer,
            trace_id=trace_id,
        )
        session.add(idea)
        session.flush()
        audit.record(
            session,
            entity_type="idea",
            entity_id=idea.id,
            action="created",
            actor=writer,
            trace_id=trace_id,
            after={"title": idea.title, "slot": slot},
        )
        ideas.append(idea)
    return ideas


def ideas_of_run(session: Session, *, run_id: str) -> list[Idea]:
    return list(session.scalars(select(Idea).where(Idea.run_id == run_id).order_by(Idea.slot)))


def to_draft(idea: Idea) -> IdeaDraft:
    """The stored idea as writers receive it."""
    return IdeaDraft(
        title=idea.title,
        hook=idea.hook,
        hook_type=HookType(idea.hook_type),
        description=idea.description,
        format=idea.format,
        rationale=idea.rationale,
        audience_fit=idea.audience_fit,
        topic_category=idea.topic_category,
        key_phrases=list(idea.key_phrases),
        source_trend_ids=list(idea.source_trend_ids),
        hook_candidates=[HookCandidate.model_validate(c) for c in idea.hook_candidates],
    )
