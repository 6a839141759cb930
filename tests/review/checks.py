"""Helpers shared by the review tests: store a committed piece, and check that an error path
changed nothing stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.audit.models import AuditEvent
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.review.models import Review
from pressroom.writing.models import Piece, PieceVersion
from tests.review.factories import make_piece

Factory = sessionmaker[Session]


def store(factory: Factory, **overrides: Any) -> str:
    """Commit one piece (see ``make_piece``) and return its id."""
    with transaction(factory) as session:
        return make_piece(session, **overrides).id


def snapshot(factory: Factory, piece_id: str) -> dict[str, Any]:
    """Everything a failed decision must leave as it was."""
    with transaction(factory) as session:
        piece = session.get_one(Piece, piece_id)
        count = session.scalar
        return {
            "status": piece.status,
            "version": piece.version,
            "body": piece.body,
            "text": piece.text,
            "problems": piece.problems,
            "versions": count(select(func.count()).select_from(PieceVersion)),
            "reviews": count(select(func.count()).select_from(Review)),
            "audit": count(select(func.count()).select_from(AuditEvent)),
        }


def refused(
    factory: Factory, piece_id: str, code: ErrorCode, decide: Callable[[Session], object]
) -> PressroomError:
    """Run ``decide`` in its own transaction; assert it fails with ``code`` and changes nothing."""
    before = snapshot(factory, piece_id)
    with pytest.raises(PressroomError) as caught, transaction(factory) as session:
        decide(session)
    assert caught.value.code == code
    assert snapshot(factory, piece_id) == before
    return caught.value
