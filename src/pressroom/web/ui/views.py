"""What the UI's pages show, gathered from the feature services: the dashboard, the
organization's review queue and a piece's platform preview. No HTML here; the templates
render these."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from pressroom.accounts.service import Principal
from pressroom.brands import repository as brand_queries
from pressroom.brands.models import Brand
from pressroom.platforms.channels import CHANNEL_RULES, parse_draft
from pressroom.platforms.drafts import (
    InstagramCarouselDraft,
    LinkedInPostDraft,
    VideoScriptDraft,
    XThreadDraft,
    YouTubeShortDraft,
)
from pressroom.platforms.text import count_words, paragraphs
from pressroom.platforms.x import weighted_length
from pressroom.publishing import repository as publish_jobs
from pressroom.publishing.schemas import PublishJobStatus
from pressroom.review import service as review
from pressroom.review.schemas import PieceDetail, QueueItem
from pressroom.runs import repository as runs
from pressroom.runs.models import Run
from pressroom.schedules import service as schedule_settings
from pressroom.schedules.schemas import BrandSettings
from pressroom.web import deps
from pressroom.web.api.pagination import decode_moment_cursor, moment_cursor
from pressroom.workflows import runtime
from pressroom.writing import repository as piece_queries
from pressroom.writing.lifecycle import AWAITING_REVIEW, PieceStatus
from pressroom.writing.models import Piece

TODAYS_RUNS = 50
RUN_HISTORY = 10
FAILED_POSTS_CAP = 100

PIPELINE_ORDER: tuple[PieceStatus, ...] = (
    PieceStatus.GENERATED,
    PieceStatus.EDITED,
    PieceStatus.FAILED_VALIDATION,
    PieceStatus.REVISION_REQUESTED,
    PieceStatus.APPROVED,
    PieceStatus.SCHEDULED,
    PieceStatus.PUBLISHED,
    PieceStatus.FAILED_PUBLISH_RETRYABLE,
    PieceStatus.FAILED_PUBLISH_TERMINAL,
    PieceStatus.REJECTED,
)
"""The piece states in the order a piece meets them: waiting for a person, back with the
writer, on its way out, out, failed on the way out, set aside."""


@dataclass(frozen=True)
class RunLine:
    """A run as the dashboard lists it, with its pieces by state in pipeline order."""

    run_id: str
    url: str
    brand_name: str
    run_date: date
    status: str
    writer: str
    counts: dict[str, int]

    @property
    def pieces(self) -> int:
        return sum(self.counts.values())

    @property
    def waiting(self) -> int:
        return sum(count for state, count in self.counts.items() if state in AWAITING_REVIEW)


@dataclass(frozen=True)
class StateCount:
    """How many of the organization's pieces are in ``state``."""

    state: str
    count: int

    @property
    def waits_for_review(self) -> bool:
        return self.state in AWAITING_REVIEW


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard shows. ``queue`` is the review queue's head, for a person who
    may review; ``failed_posts`` counts to ``FAILED_POSTS_CAP`` at most."""

    brands: list[Brand]
    today: date
    runs: list[RunLine]
    more_runs_today: bool
    history: list[RunLine]
    pipeline: list[StateCount]
    waiting: int
    """How many pieces wait for a person (exact, unlike the review queue page's count)."""
    can_review: bool
    queue: list[QueueItem]
    failed_posts: int
    schedules: dict[str, BrandSettings] = field(default_factory=dict)
    """Each brand's schedule and writer, by brand id."""
    engine_running: bool = False
    """Whether this process runs the workflow engine (and so keeps the schedules)."""
    brand_names: dict[str, str] = field(default_factory=dict)

    @property
    def failed_posts_text(self) -> str:
        capped = self.failed_posts >= FAILED_POSTS_CAP
        return f"{FAILED_POSTS_CAP}+" if capped else str(self.failed_posts)


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
    session: Session,
    *,
    organization_id: str,
    can_review: bool,
    today: date,
    default_model: str,
    now: datetime,
) -> Dashboard:
    """The organization's brands; its runs of ``today`` (a UTC date: runs dated later in
    a brand's timezone count as today's) and the ``RUN_HISTORY`` before, each with its
    pieces by state; all its pieces by state; and what waits: the review queue's head for
    ``can_review``, and posts that failed to publish for good. A fixed number of queries,
    however many brands, runs and pieces there are."""
    brands = organization_brands(session, organization_id)
    names = {brand.id: brand.name for brand in brands}
    todays = runs.runs_page(
        session, organization_id=organization_id, run_date_from=today, limit=TODAYS_RUNS + 1
    )
    earlier = runs.runs_page(
        session, organization_id=organization_id, run_date_before=today, limit=RUN_HISTORY
    )
    lines = _run_lines(session, [*todays[:TODAYS_RUNS], *earlier], names)
    pipeline = _pipeline(session, organization_id)
    waiting = sum(line.count for line in pipeline if line.waits_for_review)
    shown_today = min(len(todays), TODAYS_RUNS)
    return Dashboard(
        brands=brands,
        today=today,
        runs=lines[:shown_today],
        more_runs_today=len(todays) > TODAYS_RUNS,
        history=lines[shown_today:],
        pipeline=pipeline,
        waiting=waiting,
        can_review=can_review,
        queue=review.queue(session, brand_ids=list(names), limit=DASHBOARD_QUEUE)
        if can_review and waiting
        else [],
        failed_posts=_failed_posts(session, organization_id),
        schedules=_schedules(session, brands, default_model=default_model, now=now),
        engine_running=runtime.is_launched(),
        brand_names=names,
    )


def _schedules(
    session: Session, brands: list[Brand], *, default_model: str, now: datetime
) -> dict[str, BrandSettings]:
    stored = schedule_settings.schedules_of(session, [brand.id for brand in brands])
    return {
        brand.id: schedule_settings.settings_of(
            brand, stored.get(brand.id), default_model=default_model, now=now
        )
        for brand in brands
    }


def _pipeline(session: Session, organization_id: str) -> list[StateCount]:
    """Every piece state in pipeline order with how many of the organization's pieces are
    in it (zero included)."""
    counts = piece_queries.counts_by_status(session, organization_id=organization_id)
    ordered = _in_pipeline_order(counts, keep_zero=True)
    return [StateCount(state=state, count=count) for state, count in ordered.items()]


def _failed_posts(session: Session, organization_id: str) -> int:
    """How many of the organization's posts failed to publish for good (a person has to
    write a new piece for each), up to ``FAILED_POSTS_CAP``."""
    failed = publish_jobs.jobs_of_organization(
        session,
        organization_id=organization_id,
        status=PublishJobStatus.FAILED_PUBLISH_TERMINAL,
        limit=FAILED_POSTS_CAP,
    )
    return len(failed)


def _run_lines(session: Session, shown: Sequence[Run], names: dict[str, str]) -> list[RunLine]:
    """``shown`` as the dashboard lists them; their pieces counted in one query."""
    # Imported here: ``runs`` (the runs pages) imports this module.
    from pressroom.web.ui.runs import run_url

    counts = piece_queries.counts_by_run(session, run_ids=[run.id for run in shown])
    return [
        RunLine(
            run_id=run.id,
            url=run_url(run.id),
            brand_name=names.get(run.brand_id, ""),
            run_date=run.run_date,
            status=run.status,
            writer=run.writer,
            counts=_in_pipeline_order(counts.get(run.id, {}), keep_zero=False),
        )
        for run in shown
    ]


def _in_pipeline_order(counts: Mapping[str, int], *, keep_zero: bool) -> dict[str, int]:
    """``counts`` by state in ``PIPELINE_ORDER`` (states it does not know last, by name)."""
    known = {str(state): counts.get(state, 0) for state in PIPELINE_ORDER}
    others = {state: counts[state] for state in sorted(counts) if state not in known}
    return {state: n for state, n in {**known, **others}.items() if n or keep_zero}


def owned_piece(session: Session, principal: Principal, piece_id: str) -> Piece:
    """The piece with exactly this id when it is the organization's; otherwise 404."""
    return deps.owned_piece(
        session, principal, piece_id, hint="The review queue lists your pieces."
    )


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
    if isinstance(draft, VideoScriptDraft):
        return _reel_preview(draft, words_per_second)
    if isinstance(draft, InstagramCarouselDraft):
        slides = [slide.model_dump(mode="json") for slide in draft.slides]
        return {"kind": "carousel", "slides": slides, "caption": draft.render_caption()}
    return {"kind": "text", "paragraphs": paragraphs(draft.render_text())}


def _reel_preview(draft: VideoScriptDraft, words_per_second: float) -> dict[str, Any]:
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
        # A Short's caption opens its description; the title is posted separately.
        "title": draft.title if isinstance(draft, YouTubeShortDraft) else "",
        "caption_label": "Description" if isinstance(draft, YouTubeShortDraft) else "Caption",
    }


def channel_rules(channel: str, *, words_per_second: float) -> dict[str, Any]:
    """The channel's limits as data for the editor's live counters."""
    rules = CHANNEL_RULES.get(channel)
    data: dict[str, Any] = rules.model_dump(mode="json") if rules else {"channel": channel}
    return {**data, "words_per_second": words_per_second}
