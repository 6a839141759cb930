"""Workflow steps of the review gate: decide what happens next to a piece, and take an
approved piece on to its publish job (in the same transaction) and to the outbox."""

from __future__ import annotations

from typing import Any

from dbos import DBOS
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.logging import trace
from pressroom.media import service as media
from pressroom.media.service import MediaState
from pressroom.publishing import repository as publish_jobs
from pressroom.publishing import service as publishing
from pressroom.publishing import steps as publishing_steps
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.schemas import PublishJobStatus
from pressroom.review import service as review
from pressroom.review.models import Review
from pressroom.runs import service as runs
from pressroom.scoring.models import ScoreCardRecord
from pressroom.workflows.runtime import app, unit_of_work
from pressroom.writing.lifecycle import PieceStatus
from pressroom.writing.models import Piece

AUTO_APPROVER = "policy:auto_approve"
SCHEDULER = "scheduler"
FINAL = frozenset(
    {
        PieceStatus.REJECTED,
        PieceStatus.FAILED_PUBLISH_RETRYABLE,
        PieceStatus.FAILED_PUBLISH_TERMINAL,
    }
)
RENDERABLE = frozenset({PieceStatus.GENERATED, PieceStatus.EDITED})
"""A piece whose media are rendered as soon as it has a new version."""
WITH_JOB = frozenset({PieceStatus.SCHEDULED, PieceStatus.PUBLISHED})
"""A piece already taken to its publish job (and perhaps out) by an earlier run of
``settle``: that job is its settled state."""


def _person_has_reviewed(session: Session, piece_id: str) -> bool:
    actors = session.scalars(select(Review.actor).where(Review.piece_id == piece_id)).all()
    return any(not actor.startswith("policy:") for actor in actors)


def _card_says_approve(session: Session, piece: Piece) -> bool:
    card = session.scalars(
        select(ScoreCardRecord).where(
            ScoreCardRecord.piece_id == piece.id,
            ScoreCardRecord.piece_version == piece.version,
        )
    ).one_or_none()
    return card is not None and card.decision == "approve"


def _auto_approves(session: Session, piece: Piece, brand: Brand) -> bool:
    return (
        brand.approval_policy == "auto_approve"
        and _card_says_approve(session, piece)
        and not _person_has_reviewed(session, piece.id)
    )


def _scheduled(job: PublishJobRecord, brand: Brand) -> dict[str, Any]:
    return {
        "action": "scheduled",
        "job_id": job.id,
        "schedule_at": job.schedule_at.isoformat(),
        "timezone": brand.timezone,
    }


Decision = tuple[dict[str, Any], PublishJobRecord | None]


def _schedule(session: Session, piece: Piece, brand: Brand, *, trace_id: str) -> Decision:
    job = publishing.schedule_piece(
        session, piece=piece, brand=brand, now=utcnow(), actor=SCHEDULER, trace_id=trace_id
    )
    return _scheduled(job, brand), job


def _stop(status: PieceStatus) -> Decision:
    return {"action": "stop", "status": status.value}, None


def _media_state(session: Session, piece: Piece) -> MediaState:
    """Where the piece's media stand. When runs render no media (the setting is off), media
    nobody rendered count as none — the piece goes out as text — while media a person did
    render for this version are gated as usual."""
    state = media.state(session, piece=piece)
    if state == MediaState.PENDING and not app().settings.media_render:
        return MediaState.NONE
    return state


def _approved_next(
    session: Session, piece: Piece, brand: Brand, *, trace_id: str, state: MediaState
) -> Decision:
    """An approved piece is scheduled once its media are rendered and approved (with the
    piece, or by a person under the brand's ``manual`` media policy)."""
    if state == MediaState.PENDING:
        return {"action": "render", "version": piece.version}, None
    if state == MediaState.FAILED:
        return {"action": "wait", "status": piece.status, "media": state.value}, None
    if state == MediaState.READY and not media.approved(session, piece=piece):
        if media.rejected(session, piece=piece):
            return {"action": "wait", "status": piece.status, "media": "rejected"}, None
        if brand.media_approval != "with_piece":
            return {"action": "wait", "status": piece.status, "media": "needs_review"}, None
        media.approve_with_piece(session, piece=piece, brand=brand, actor=AUTO_APPROVER)
    return _schedule(session, piece, brand, trace_id=trace_id)


def _decide(session: Session, piece: Piece, brand: Brand, *, trace_id: str) -> Decision:
    """What happens next, and the piece's publish job when it has one."""
    status = PieceStatus(piece.status)
    state = _media_state(session, piece)
    if status == PieceStatus.APPROVED:
        return _approved_next(session, piece, brand, trace_id=trace_id, state=state)
    if status in WITH_JOB:
        # Also what a replay finds when the process died after this step's commit or its
        # publish, before the engine recorded the step's outcome.
        job = publish_jobs.job_for_piece(session, piece.id)
        return (_scheduled(job, brand), job) if job else _stop(status)
    if status in FINAL:
        return _stop(status)
    if status == PieceStatus.REVISION_REQUESTED:
        feedback = review.latest_revision_feedback(session, piece_id=piece.id)
        return {"action": "revise", "feedback": feedback}, None
    if state == MediaState.PENDING and status in RENDERABLE:
        # Rendered before anyone decides: a person reviews the piece with its media, and
        # the auto-approve policy never approves media nobody has seen rendered.
        return {"action": "render", "version": piece.version}, None
    if (
        status == PieceStatus.GENERATED
        and state in (MediaState.NONE, MediaState.READY)
        and _auto_approves(session, piece, brand)
    ):
        review.approve(
            session,
            piece_id=piece.id,
            actor=AUTO_APPROVER,
            trace_id=trace_id,
            note="the score card says approve",
        )
        return _approved_next(session, piece, brand, trace_id=trace_id, state=state)
    return {"action": "wait", "status": status.value}, None


@DBOS.step()
def settle(*, piece_id: str, trace_id: str, refresh_run: bool) -> dict[str, Any]:
    """Take the piece as far as the brand's policy allows without a person: an approved piece
    (possibly approved just now by the auto-approve policy) gets its publish job in the same
    transaction — ``scheduled``, with the job — and is published at once when the job is due;
    otherwise ``revise`` (a person asked for a revision), ``stop`` (decided) or ``wait`` (for
    a person).

    ``refresh_run``: derive the run's status again, for a person's decision that may finish
    it. A run's own first pass leaves that to the run's last step.
    """
    with trace(trace_id, piece_id=piece_id):
        with unit_of_work() as session:
            piece = session.get_one(Piece, piece_id)
            brand = session.get_one(Brand, piece.brand_id)
            action, job = _decide(session, piece, brand, trace_id=trace_id)
            if refresh_run:
                runs.refresh_status(session, run_id=piece.run_id, now=utcnow(), actor="review-gate")
            due = job is not None and publishing_steps.due_now(job)
            already_out = job is not None and job.status == PublishJobStatus.PUBLISHED
        if job is None:
            return action
        if not due:
            return {**action, "published": already_out}
        # After the commit: publishing reaches outside the database and owns its transactions.
        return {**action, **publishing_steps.publish_now(job.id)}
