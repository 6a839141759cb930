"""What the UI's pages show, gathered from the feature services: the dashboard, the
organization's review queue and a piece's platform preview. No HTML here; the templates
render these."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from pressroom.accounts.service import Principal
from pressroom.brands import repository as brand_queries
from pressroom.brands.models import Brand
from pressroom.config import Settings
from pressroom.platforms.drafts import (
    LinkedInPostDraft,
    ReelScriptDraft,
    XThreadDraft,
    parse_draft,
)
from pressroom.platforms.rules import CHANNEL_RULES
from pressroom.platforms.text import count_words, paragraphs
from pressroom.platforms.x import weighted_length
from pressroom.review import service as review
from pressroom.review.schemas import PieceDetail, QueueItem
from pressroom.runs import repository as runs
from pressroom.runs.summary import run_summary
from pressroom.web.api.pagination import decode_moment_cursor, moment_cursor
from pressroom.web.deps import owned
from pressroom.writing.models import Piece

RECENT_RUNS_PER_BRAND = 20


@dataclass(frozen=True)
class RunLine:
    """One of today's runs, as the dashboard lists it."""

    run_id: str
    brand_name: str
    status: str
    writer: str
    counts: dict[str, int]
    waiting: int


@dataclass(frozen=True)
class Dashboard:
    brands: list[Brand]
    runs: list[RunLine]
    queue: QueuePage
    today: date
    brand_names: dict[str, str] = field(default_factory=dict)


def organization_brands(session: Session, organization_id: str) -> list[Brand]:
    """The organization's brands, by name."""
    return brand_queries.brands_by_name(session, organization_id=organization_id)


QUEUE_PAGE = 50
DASHBOARD_QUEUE = 5
QUEUE_COUNT_CAP = 1000


@dataclass(frozen=True)
class QueuePage:
    """One page of the review queue: its items, how many wait in all, and the cursor of
    the next page (``None`` on the last)."""

    items: list[QueueItem]
    total: int
    next_cursor: str | None

    @property
    def total_text(self) -> str:
        return f"{QUEUE_COUNT_CAP}+" if self.total >= QUEUE_COUNT_CAP else str(self.total)


def review_queue(
    session: Session, brands: list[Brand], *, cursor: str | None = None, limit: int = QUEUE_PAGE
) -> QueuePage:
    """Pieces of ``brands`` waiting for a person, oldest first, a page at a time."""
    brand_ids = [brand.id for brand in brands]
    after = decode_moment_cursor(cursor) if cursor else None
    items = review.queue(session, brand_ids=brand_ids, after=after, limit=limit + 1)
    more = len(items) > limit
    items = items[:limit]
    last = items[-1] if items else None
    return QueuePage(
        items=items,
        total=review.queue_length(session, brand_ids=brand_ids, cap=QUEUE_COUNT_CAP),
        next_cursor=moment_cursor(last.created_at, last.piece_id) if more and last else None,
    )


def dashboard(
    session: Session, *, organization_id: str, settings: Settings, today: date
) -> Dashboard:
    """The organization's brands, today's runs with their pieces by state, and the queue."""
    brands = organization_brands(session, organization_id)
    lines = []
    for brand in brands:
        for run in runs.recent_runs(session, brand_id=brand.id, limit=RECENT_RUNS_PER_BRAND):
            if run.run_date != today:
                continue
            summary = run_summary(session, run_id=run.id, settings=settings)
            counts = Counter(line.status for line in summary.pieces)
            lines.append(
                RunLine(
                    run_id=run.id,
                    brand_name=brand.name,
                    status=run.status,
                    writer=run.writer,
                    counts=dict(sorted(counts.items())),
                    waiting=len(summary.waiting_for_review),
                )
            )
    return Dashboard(
        brands=brands,
        runs=lines,
        queue=review_queue(session, brands, limit=DASHBOARD_QUEUE),
        today=today,
        brand_names={brand.id: brand.name for brand in brands},
    )


def owned_piece(session: Session, principal: Principal, piece_id: str) -> Piece:
    """The piece with exactly this id when it is the organization's; otherwise 404 (no
    prefixes: they would probe other tenants)."""
    hint = "The review queue lists your pieces."
    return owned(session, principal, Piece, piece_id, noun="piece", hint=hint)


def brand_name(session: Session, brand_id: str) -> str:
    brand = session.get(Brand, brand_id)
    return brand.name if brand else ""


def preview(detail: PieceDetail, *, words_per_second: float) -> dict[str, Any]:
    """How the current draft would look on its platform: a LinkedIn card, an X thread with
    each post's weighted length, or a reel's spoken beats with their durations."""
    try:
        draft = parse_draft(detail.draft)
    except ValidationError:
        return {"kind": "none"}
    if isinstance(draft, LinkedInPostDraft):
        return {
            "kind": "linkedin",
            "paragraphs": paragraphs(draft.text),
            "hashtags": [tag.lstrip("#") for tag in draft.hashtags],
        }
    if isinstance(draft, XThreadDraft):
        limit = CHANNEL_RULES["x"].max_weighted_length
        return {
            "kind": "x",
            "limit": limit,
            "posts": [
                {"text": post, "length": weighted_length(post) if post.strip() else 0}
                for post in draft.posts
            ],
        }
    return _reel_preview(draft, words_per_second)


def _reel_preview(draft: ReelScriptDraft, words_per_second: float) -> dict[str, Any]:
    spoken = (("Hook", draft.hook), ("Value", draft.value), ("CTA", draft.cta))
    words = {name: count_words(text) for name, text in spoken}
    return {
        "kind": "reel",
        "beats": [
            {"name": name, "text": text, "seconds": round(words[name] / words_per_second, 1)}
            for name, text in spoken
        ],
        "spoken_seconds": round(sum(words.values()) / words_per_second, 1),
        "scene_seconds": round(sum(scene.duration_seconds for scene in draft.scenes), 1),
        "scenes": [scene.model_dump(mode="json") for scene in draft.scenes],
        "caption": draft.render_caption(),
    }


def channel_rules(channel: str, *, words_per_second: float) -> dict[str, Any]:
    """The channel's limits as data for the editor's live counters."""
    rules = CHANNEL_RULES.get(channel)
    data: dict[str, Any] = rules.model_dump(mode="json") if rules else {"channel": channel}
    return {**data, "words_per_second": words_per_second}
