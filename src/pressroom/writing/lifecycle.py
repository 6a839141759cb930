"""The piece lifecycle (SPEC §5): legal transitions, validated and audited in one place."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.errors import InvalidStateTransitionError
from pressroom.writing.models import Piece


class PieceStatus(StrEnum):
    GENERATED = "generated"
    EDITED = "edited"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVISION_REQUESTED = "revision_requested"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    FAILED_VALIDATION = "failed_validation"
    FAILED_PUBLISH_RETRYABLE = "failed_publish_retryable"
    FAILED_PUBLISH_TERMINAL = "failed_publish_terminal"


S = PieceStatus

TRANSITIONS: dict[PieceStatus, frozenset[PieceStatus]] = {
    S.GENERATED: frozenset({S.EDITED, S.APPROVED, S.REJECTED, S.REVISION_REQUESTED}),
    S.EDITED: frozenset({S.EDITED, S.APPROVED, S.REJECTED, S.REVISION_REQUESTED}),
    S.REVISION_REQUESTED: frozenset({S.GENERATED, S.FAILED_VALIDATION, S.REJECTED}),
    S.FAILED_VALIDATION: frozenset({S.EDITED, S.REVISION_REQUESTED, S.REJECTED}),
    S.APPROVED: frozenset({S.SCHEDULED, S.EDITED, S.REJECTED}),
    S.SCHEDULED: frozenset({S.PUBLISHED, S.FAILED_PUBLISH_RETRYABLE, S.FAILED_PUBLISH_TERMINAL}),
    S.FAILED_PUBLISH_RETRYABLE: frozenset(
        {S.PUBLISHED, S.FAILED_PUBLISH_RETRYABLE, S.FAILED_PUBLISH_TERMINAL}
    ),
    S.REJECTED: frozenset(),
    S.PUBLISHED: frozenset(),
    S.FAILED_PUBLISH_TERMINAL: frozenset(),
}

AWAITING_REVIEW = frozenset({S.GENERATED, S.EDITED, S.FAILED_VALIDATION})


def can_transition(current: str, target: str) -> bool:
    return PieceStatus(target) in TRANSITIONS[PieceStatus(current)]


def transition(
    session: Session,
    piece: Piece,
    target: PieceStatus,
    *,
    actor: str,
    trace_id: str | None = None,
    note: str = "",
) -> Piece:
    """Move ``piece`` to ``target`` or raise ``INVALID_STATE_TRANSITION`` (HTTP 409).

    Writes the audit event in the same transaction as the change.
    """
    current = PieceStatus(piece.status)
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none (final state)"
        raise InvalidStateTransitionError(
            f"piece {piece.id} is {current}; it cannot become {target}",
            hint=f"From {current} a piece may become: {allowed}.",
            details={"piece_id": piece.id, "from": str(current), "to": str(target)},
        )
    before = {"status": str(current), "version": piece.version}
    piece.status = str(target)
    audit.record(
        session,
        entity_type="piece",
        entity_id=piece.id,
        action=f"status.{target}",
        actor=actor,
        trace_id=trace_id or piece.trace_id,
        before=before,
        after={"status": str(target), "version": piece.version, "note": note}
        if note
        else {"status": str(target), "version": piece.version},
    )
    return piece
