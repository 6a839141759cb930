"""Workflow steps of the review gate: decide what happens next to a piece."""

from __future__ import annotations

from typing import Any

from dbos import DBOS
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.review import service as review
from pressroom.review.models import Review
from pressroom.runs import service as runs
from pressroom.scoring.models import ScoreCardRecord
from pressroom.workflows.runtime import unit_of_work
from pressroom.writing.lifecycle import PieceStatus
from pressroom.writing.models import Piece

AUTO_APPROVER = "policy:auto_approve"
FINAL = frozenset(
    {
        PieceStatus.REJECTED,
        PieceStatus.SCHEDULED,
        PieceStatus.PUBLISHED,
        PieceStatus.FAILED_PUBLISH_RETRYABLE,
        PieceStatus.FAILED_PUBLISH_TERMINAL,
    }
)


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


@DBOS.step()
def next_action(*, piece_id: str, trace_id: str) -> dict[str, Any]:
    """``schedule`` (approved, possibly just now by the brand's auto-approve policy),
    ``revise`` (a person asked for a revision), ``stop`` (decided) or ``wait`` (for a person).
    """
    with unit_of_work() as session:
        piece = session.get(Piece, piece_id)
        assert piece is not None
        brand = session.get(Brand, piece.brand_id)
        assert brand is not None
        status = PieceStatus(piece.status)
        action: dict[str, Any]
        if status == PieceStatus.APPROVED:
            action = {"action": "schedule"}
        elif status in FINAL:
            action = {"action": "stop", "status": status.value}
        elif status == PieceStatus.REVISION_REQUESTED:
            feedback = review.latest_revision_feedback(session, piece_id=piece_id)
            action = {"action": "revise", "feedback": feedback}
        elif (
            status == PieceStatus.GENERATED
            and brand.approval_policy == "auto_approve"
            and _card_says_approve(session, piece)
            and not _person_has_reviewed(session, piece_id)
        ):
            review.approve(
                session,
                piece_id=piece_id,
                actor=AUTO_APPROVER,
                trace_id=trace_id,
                note="the score card says approve",
            )
            action = {"action": "schedule", "auto": True}
        else:
            action = {"action": "wait", "status": status.value}
        runs.refresh_status(session, run_id=piece.run_id, now=utcnow(), actor="review-gate")
        return action
