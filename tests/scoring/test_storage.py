"""Storing score cards: idempotent by piece + version, latest card, missing pieces."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pressroom.errors import ErrorCode, PressroomError
from pressroom.scoring import service as scoring
from pressroom.scoring.models import ScoreCardRecord
from pressroom.scoring.schemas import ScoreCardResult
from tests.scoring.factories import brand_context, linkedin, make_piece


def result(text: str | None = None, **weights: float) -> ScoreCardResult:
    draft = linkedin(text) if text else linkedin()
    return scoring.score_piece(
        brand=brand_context(), channel="linkedin", draft=draft, weights=weights or None
    )


def count_cards(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ScoreCardRecord)) or 0


def test_a_stored_card_keeps_every_field(session: Session) -> None:
    piece = make_piece(session)
    scored = result()
    card = scoring.store_score_card(session, piece_id=piece.id, piece_version=1, result=scored)
    session.expire_all()
    stored = session.get(ScoreCardRecord, card.id)
    assert stored is not None
    assert (stored.piece_id, stored.piece_version) == (piece.id, 1)
    assert stored.decision == scored.decision == "approve"
    assert stored.composite == scored.scores.composite
    assert stored.brand_alignment == scored.scores.brand_alignment
    assert stored.reasons == scored.reasons
    assert stored.weights == scored.weights
    assert stored.details == scored.details
    assert stored.scorer_version == f"{scoring.SCORER_VERSION}+lexical"


def test_storing_the_same_version_twice_keeps_one_card(session: Session) -> None:
    piece = make_piece(session)
    first = scoring.store_score_card(session, piece_id=piece.id, piece_version=1, result=result())
    again = scoring.store_score_card(session, piece_id=piece.id, piece_version=1, result=result())
    assert again.id == first.id
    assert count_cards(session) == 1


def test_rescoring_a_version_replaces_its_card_in_place(session: Session) -> None:
    piece = make_piece(session)
    first = scoring.store_score_card(session, piece_id=piece.id, piece_version=1, result=result())
    rescored = scoring.store_score_card(
        session, piece_id=piece.id, piece_version=1, result=result(safety=1.0)
    )
    assert rescored.id == first.id
    assert rescored.weights["safety"] == 1.0
    assert rescored.composite == rescored.safety
    assert count_cards(session) == 1


def test_latest_card_is_the_highest_version(session: Session) -> None:
    piece = make_piece(session, version=3)
    assert scoring.latest_score_card(session, piece_id=piece.id) is None
    scoring.store_score_card(
        session, piece_id=piece.id, piece_version=3, result=result("A small miracle in the cup.")
    )
    scoring.store_score_card(session, piece_id=piece.id, piece_version=1, result=result())
    latest = scoring.latest_score_card(session, piece_id=piece.id)
    assert latest is not None
    assert (latest.piece_version, latest.decision) == (3, "reject")


def test_a_card_for_a_missing_piece_is_not_found_and_loses_nothing(session: Session) -> None:
    piece = make_piece(session)
    kept = scoring.store_score_card(session, piece_id=piece.id, piece_version=1, result=result())
    with pytest.raises(PressroomError) as raised:
        scoring.store_score_card(
            session, piece_id="no-such-piece", piece_version=1, result=result()
        )
    assert raised.value.code is ErrorCode.NOT_FOUND
    assert count_cards(session) == 1
    assert scoring.latest_score_card(session, piece_id=piece.id) == kept


def test_invalid_weights_fail_before_anything_is_stored(session: Session) -> None:
    piece = make_piece(session)
    kept = scoring.store_score_card(session, piece_id=piece.id, piece_version=1, result=result())
    with pytest.raises(PressroomError) as raised:
        result(virality=1.0)
    assert raised.value.code is ErrorCode.INVALID_INPUT
    session.expire_all()
    stored = scoring.latest_score_card(session, piece_id=piece.id)
    assert stored is not None
    assert stored.id == kept.id
    assert stored.decision == "approve"
