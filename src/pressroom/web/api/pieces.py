"""Pieces of the caller's organization: list, read, versions, edit, and the review decisions
(approve, reject, ask for a revision), through the same review service as
``pressroom review``."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import event
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.errors import InvalidInputError
from pressroom.platforms.report import Problem
from pressroom.review import service as review
from pressroom.review.schemas import (
    PieceDetail,
    ReviewDecision,
    ReviewOutcome,
    ReviewView,
    ScoreCardView,
    VersionView,
)
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_moment_cursor,
    moment_cursor,
    page_of,
)
from pressroom.web.deps import (
    CurrentPrincipal,
    DbSession,
    TraceId,
    app_context,
    owned_brand,
    owned_piece,
    requires,
)
from pressroom.writing import repository as pieces
from pressroom.writing.lifecycle import PieceStatus
from pressroom.writing.models import Piece

router = APIRouter(prefix="/pieces", tags=["pieces"])


class PieceSummary(BaseModel):
    """A piece as a list shows it: where it stands and its current text."""

    id: str
    brand_id: str
    run_id: str
    idea_id: str
    channel: str
    tone: str = Field(description="The piece's tone; empty: the brand's own voice.")
    language: str = Field(description="A BCP 47 language tag.")
    source_piece_id: str | None = Field(
        description="For a translation, the piece it was translated from."
    )
    status: str
    version: int
    hook_type: str
    writer: str = Field(description="The writer's stable id, e.g. `builtin`.")
    writer_label: str = Field(description="How the writer is shown to people.")
    text: str = Field(description="The current version's plain text.")
    problem_count: int = Field(description="Channel rules the current version breaks.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, piece: Piece) -> PieceSummary:
        return cls(
            id=piece.id,
            brand_id=piece.brand_id,
            run_id=piece.run_id,
            idea_id=piece.idea_id,
            channel=piece.channel,
            tone=piece.tone,
            language=piece.language,
            source_piece_id=piece.source_piece_id,
            status=piece.status,
            version=piece.version,
            hook_type=piece.hook_type,
            writer=piece.writer,
            writer_label=review.writer_label(piece.writer),
            text=piece.text,
            problem_count=len(piece.problems),
            created_at=piece.created_at,
            updated_at=piece.updated_at,
        )


class PieceOut(BaseModel):
    """One piece in full: its current text and draft, its latest score card, the problems of
    its current version, its review history and where it may go next."""

    id: str
    brand_id: str
    run_id: str
    idea_id: str
    idea_title: str
    channel: str
    tone: str = Field(description="The piece's tone; empty: the brand's own voice.")
    language: str = Field(description="A BCP 47 language tag.")
    source_piece_id: str | None = Field(
        description="For a translation, the piece it was translated from."
    )
    status: str
    version: int
    hook_type: str
    writer: str = Field(description="The writer's stable id, e.g. `builtin`.")
    writer_label: str = Field(description="How the writer is shown to people.")
    attempts: int
    text: str = Field(description="The current version's plain text.")
    body: dict[str, Any] = Field(description="The current version's channel draft.")
    problems: list[Problem] = Field(description="Channel rules the current version breaks.")
    score_card: ScoreCardView | None = Field(description="The latest score card, if scored.")
    reviews: list[ReviewView] = Field(description="Decisions about the piece, oldest first.")
    next_statuses: list[str] = Field(description="The statuses the piece may move to.")
    trace_id: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, detail: PieceDetail) -> PieceOut:
        return cls(
            id=detail.piece_id,
            body=detail.draft,
            **detail.model_dump(
                include={
                    "brand_id",
                    "run_id",
                    "idea_id",
                    "idea_title",
                    "channel",
                    "tone",
                    "language",
                    "source_piece_id",
                    "status",
                    "version",
                    "hook_type",
                    "writer",
                    "writer_label",
                    "attempts",
                    "text",
                    "trace_id",
                    "created_at",
                    "updated_at",
                    "next_statuses",
                }
            ),
            problems=detail.problems,
            score_card=detail.score_card,
            reviews=detail.reviews,
        )


class VersionOut(BaseModel):
    """One immutable version of a piece."""

    version: int
    kind: str = Field(
        description="ai_original, builtin_original, ai_translation, repair, edit or revision."
    )
    author: str
    note: str
    text: str
    body: dict[str, Any]
    created_at: datetime

    @classmethod
    def of(cls, view: VersionView) -> VersionOut:
        return cls(body=view.draft, **view.model_dump(exclude={"draft"}))


class VersionsOut(BaseModel):
    """A piece's versions, oldest first: what its writer first wrote, then repairs, edits
    and revisions."""

    items: list[VersionOut]
    original_version: int | None = Field(description="The writer's (AI or built-in) original.")
    current_version: int

    @classmethod
    def of(cls, detail: PieceDetail) -> VersionsOut:
        return cls(
            items=[VersionOut.of(view) for view in detail.versions],
            original_version=detail.original.version if detail.original else None,
            current_version=detail.version,
        )


class PieceEdit(BaseModel):
    """A person's edit: the new ``text`` (in the channel's text format, as `pressroom review
    edit` takes it) or the new ``body`` (the channel draft), never both."""

    model_config = ConfigDict(extra="forbid")

    expected_version: int = Field(
        description="The version the edit was made on; if the piece has moved on since, the "
        "edit is refused with 409 VERSION_CONFLICT instead of overwriting it."
    )
    text: str | None = None
    body: dict[str, Any] | None = None
    note: str = ""

    @model_validator(mode="after")
    def _one_of_text_or_body(self) -> PieceEdit:
        if (self.text is None) == (self.body is None):
            raise ValueError("send either `text` or `body`")
        return self


class Approval(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = ""
    force: bool = Field(
        default=False, description="Approve even though the piece breaks channel rules."
    )


class Rejection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(description="Why (required; kept with the review).")


class RevisionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    feedback: str = Field(description="What to change (required); the writer reads it.")


class DecisionOut(BaseModel):
    """Where a piece stands after a decision."""

    piece_id: str
    decision: ReviewDecision
    status: str
    version: int
    problems: list[Problem]

    @classmethod
    def of(cls, outcome: ReviewOutcome) -> DecisionOut:
        return cls.model_validate(outcome.model_dump())


# ── reading ──────────────────────────────────────────────────────────────────────────────


@router.get("", summary="List the organization's pieces, newest first")
def list_pieces(
    session: DbSession,
    principal: CurrentPrincipal,
    brand_id: str | None = None,
    state: Annotated[PieceStatus | None, Query(description="The piece's status.")] = None,
    channel: Annotated[str | None, Query(max_length=32)] = None,
    idea_id: Annotated[
        str | None, Query(max_length=36, description="The idea's pieces: its A/B variants.")
    ] = None,
    tone: Annotated[
        str | None,
        Query(max_length=16, description="The tone; an empty value: the brand's own voice."),
    ] = None,
    language: Annotated[str | None, Query(max_length=35, description="A BCP 47 tag.")] = None,
    created_from: Annotated[date | None, Query(description="First day (UTC), included.")] = None,
    created_to: Annotated[date | None, Query(description="Last day (UTC), included.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[PieceSummary]:
    if brand_id is not None:
        owned_brand(session, principal, brand_id)
    if created_from and created_to and created_from > created_to:
        raise InvalidInputError("created_from is after created_to")
    rows = pieces.pieces_of_organization(
        session,
        organization_id=principal.organization_id,
        brand_id=brand_id,
        status=state,
        channel=channel,
        idea_id=idea_id,
        tone=tone,
        language=language,
        created_from=_start_of(created_from),
        created_before=_start_of(created_to, days_after=1),
        after=decode_moment_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    return page_of(
        rows, limit=limit, item=PieceSummary.of, cursor=lambda p: moment_cursor(p.created_at, p.id)
    )


@router.get("/{piece_id}", summary="One piece: text, draft, score card, reviews")
def get_piece(piece_id: str, session: DbSession, principal: CurrentPrincipal) -> PieceOut:
    piece = owned_piece(session, principal, piece_id)
    return PieceOut.of(review.show(session, piece_id=piece.id))


@router.get("/{piece_id}/versions", summary="A piece's versions, oldest first")
def list_versions(piece_id: str, session: DbSession, principal: CurrentPrincipal) -> VersionsOut:
    piece = owned_piece(session, principal, piece_id)
    return VersionsOut.of(review.show(session, piece_id=piece.id))


# ── changing ─────────────────────────────────────────────────────────────────────────────


@router.patch("/{piece_id}", summary="Edit a piece's text (a new version; the original stays)")
def edit_piece(
    piece_id: str,
    edit: PieceEdit,
    request: Request,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.EDIT_CONTENT)],
) -> PieceOut:
    """Save the edit as a new version (kind ``edit``) and make it current, status
    ``edited``; every earlier version, the writer's original included, is kept. An edit that
    breaks the channel's rules is saved but flagged (``problems``), and blocks approval
    without ``force``. ``expected_version`` guards against overwriting someone else's edit
    (409 ``VERSION_CONFLICT``); a piece whose status allows no edit is 409
    ``INVALID_STATE_TRANSITION``."""
    piece = owned_piece(session, principal, piece_id)
    draft: dict[str, Any] | str = edit.body if edit.body is not None else edit.text or ""
    review.edit(
        session,
        piece_id=piece.id,
        actor=principal.actor,
        trace_id=trace_id or None,
        draft=draft,
        note=edit.note,
        expected_version=edit.expected_version,
        words_per_second=app_context(request).settings.words_per_second,
    )
    return PieceOut.of(review.show(session, piece_id=piece.id))


@router.post("/{piece_id}/approve", summary="Approve a piece's current version")
def approve_piece(
    piece_id: str,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.REVIEW)],
    approval: Approval | None = None,
) -> DecisionOut:
    """Approve the current version (409 ``INVALID_STATE_TRANSITION`` from a status that
    allows no approval; 422 for a version that breaks channel rules, unless ``force``).

    The decision is committed with the request. When the workflow engine runs in this
    process (``pressroom serve``: ``runtime.is_launched()``), the piece's waiting review
    gate is then woken to schedule it; without the engine the gate acts on the decision
    when a worker next resumes it."""
    given = approval or Approval()
    piece = owned_piece(session, principal, piece_id)
    outcome = review.approve(
        session,
        piece_id=piece.id,
        actor=principal.actor,
        trace_id=trace_id or None,
        note=given.note,
        force=given.force,
    )
    wake_review_gate(session, piece, outcome.decision)
    return DecisionOut.of(outcome)


@router.post("/{piece_id}/reject", summary="Reject a piece for good")
def reject_piece(
    piece_id: str,
    rejection: Rejection,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.REVIEW)],
) -> DecisionOut:
    """Reject the piece; ``reason`` is required (422 when blank). 409
    ``INVALID_STATE_TRANSITION`` from a final status. The review gate is woken as for an
    approval: only when the workflow engine runs in this process (``runtime.is_launched()``).
    """
    piece = owned_piece(session, principal, piece_id)
    outcome = review.reject(
        session,
        piece_id=piece.id,
        actor=principal.actor,
        reason=rejection.reason,
        trace_id=trace_id or None,
    )
    wake_review_gate(session, piece, outcome.decision)
    return DecisionOut.of(outcome)


@router.post("/{piece_id}/revision", summary="Send a piece back to its writer")
def request_revision(
    piece_id: str,
    revision: RevisionRequest,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.REVIEW)],
) -> DecisionOut:
    """Ask for a revision; ``feedback`` is required (422 when blank) and the writer reads it.
    The review gate, which regenerates the piece, is woken only when the workflow engine runs
    in this process (``runtime.is_launched()``); otherwise a worker picks the decision up."""
    piece = owned_piece(session, principal, piece_id)
    outcome = review.request_revision(
        session,
        piece_id=piece.id,
        actor=principal.actor,
        feedback=revision.feedback,
        trace_id=trace_id or None,
    )
    wake_review_gate(session, piece, outcome.decision)
    return DecisionOut.of(outcome)


# ── plumbing ─────────────────────────────────────────────────────────────────────────────


def wake_review_gate(session: Session, piece: Piece, decision: ReviewDecision) -> None:
    """Once the request's transaction has committed the decision, tell the piece's waiting
    review gate, as ``pressroom review`` does, when the workflow engine runs in this
    process. The gate is told from a thread of its own: it waits for the gate to act, and the
    gate needs the database this request has just released."""
    # Imported here: the engine is the server's business (``pressroom serve``), not the app's.
    from pressroom.workflows import runtime

    if not runtime.is_launched():
        return
    arguments = (piece.id, str(decision), piece.writer, piece.trace_id)

    def notify(_: Session) -> None:
        threading.Thread(
            target=_notify_review_gate,
            args=arguments,
            name=f"review-gate-{piece.id}",
            daemon=True,
        ).start()

    event.listen(session, "after_commit", notify, once=True)


def _notify_review_gate(piece_id: str, decision: str, model: str, trace_id: str) -> None:
    from pressroom.workflows.review_gate import notify_decision

    notify_decision(piece_id, decision, model=model, trace_id=trace_id)


def _start_of(day: date | None, *, days_after: int = 0) -> datetime | None:
    """Midnight UTC ``days_after`` days after ``day`` (None when that is past the calendar)."""
    if day is None or day > date.max - timedelta(days=days_after):
        return None
    return datetime.combine(day + timedelta(days=days_after), time.min, tzinfo=UTC)
