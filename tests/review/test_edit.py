"""Editing a piece through the review service: new versions kind ``edit``, the original kept,
the edit validated and flagged, and what may not be saved. Error paths assert the stable code
and that nothing already stored changed."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode
from pressroom.review import service
from pressroom.review.models import Review
from pressroom.writing.models import Piece, PieceVersion
from tests.review.checks import Factory, refused, store
from tests.review.factories import (
    linkedin_draft,
    make_piece,
    reel_draft,
)


def test_edit_adds_a_version_and_keeps_the_original(session: Session) -> None:
    piece = make_piece(session)
    original_body, original_text = dict(piece.body), piece.text
    new = linkedin_draft(paragraphs=3, hashtags=1)

    outcome = service.edit(
        session, piece_id=piece.id, actor="ana", trace_id="t-edit", draft=new, note="tighter"
    )

    assert (outcome.status, outcome.version, outcome.problems) == ("edited", 2, [])
    versions = session.scalars(
        select(PieceVersion).where(PieceVersion.piece_id == piece.id).order_by(PieceVersion.version)
    ).all()
    assert [(v.version, v.kind, v.author) for v in versions] == [
        (1, "builtin_original", "built-in writer"),
        (2, "edit", "ana"),
    ]
    assert (versions[0].body, versions[0].text) == (original_body, original_text)
    assert versions[1].note == "tighter"
    assert piece.body == versions[1].body
    assert piece.body["text"] == new["text"]
    assert piece.text == versions[1].text
    assert piece.text.endswith("#specialtycoffee")
    assert (piece.version, piece.status, piece.problems) == (2, "edited", [])
    events = audit.history(session, entity_type="piece", entity_id=piece.id)
    assert [(e.action, e.actor, e.trace_id) for e in events] == [
        ("version.edit", "ana", "t-edit"),
        ("status.edited", "ana", "t-edit"),
    ]
    assert events[0].before == {"version": 1, "text": original_text}
    assert events[0].after == {"version": 2, "text": piece.text}
    assert events[1].before == {"status": "generated", "version": 2}
    review = session.scalars(select(Review).where(Review.piece_id == piece.id)).one()
    assert (review.actor, review.decision, review.piece_version) == ("ana", "edited", 2)
    assert review.feedback == "tighter; version 2"


def test_edit_from_text_reads_the_channel_format_and_keeps_the_hook_type(
    session: Session,
) -> None:
    piece = make_piece(session, channel="x")

    service.edit(
        session,
        piece_id=piece.id,
        actor="ana",
        trace_id="t",
        draft="Sour espresso?\n\n---\n\nGrind two steps finer, then taste again.",
    )

    assert piece.body == {
        "channel": "x",
        "hook_type": "question",
        "posts": ["Sour espresso?", "Grind two steps finer, then taste again."],
    }
    assert piece.hook_type == "question"


def test_a_reel_text_edit_keeps_each_scenes_voiceover(session: Session) -> None:
    piece = make_piece(session, channel="instagram-reel", draft=reel_draft())
    text = piece.text.replace("A grinder dial", "A grinder dial, close up")

    service.edit(session, piece_id=piece.id, actor="ana", trace_id="t", draft=text)

    scenes = piece.body["scenes"]
    assert scenes[1]["visual_prompt"] == "A grinder dial, close up"
    assert [s["voiceover"] for s in scenes] == [
        "Your espresso tastes sour",
        "Grind finer",
        "Try this at home",
    ]
    assert piece.problems == []


def test_an_edit_can_be_repeated(session: Session) -> None:
    piece = make_piece(session)
    first = linkedin_draft(paragraphs=3)
    service.edit(session, piece_id=piece.id, actor="a", trace_id="t", draft=first)

    outcome = service.edit(
        session,
        piece_id=piece.id,
        actor="b",
        trace_id="t",
        draft=piece.text.replace("taste it again", "taste it once more", 1),
    )

    assert (outcome.version, outcome.status) == (3, "edited")
    assert piece.body["text"].count("taste it once more") == 1
    assert piece.body["hashtags"] == first["hashtags"]


def test_an_invalid_edit_is_saved_flagged_and_blocks_approval(session_factory: Factory) -> None:
    piece_id = store(session_factory)
    too_short = linkedin_draft(paragraphs=1)

    with transaction(session_factory) as session:
        outcome = service.edit(
            session, piece_id=piece_id, actor="ana", trace_id="t", draft=too_short
        )

    assert (outcome.status, outcome.version) == ("edited", 2)
    assert {p.code for p in outcome.problems} == {"too_few_words", "missing_paragraph_break"}
    with transaction(session_factory) as session:
        assert service.show(session, piece_id=piece_id).problems == outcome.problems
        assert service.queue(session)[0].problem_count == 2

    error = refused(
        session_factory,
        piece_id,
        ErrorCode.INVALID_INPUT,
        lambda s: service.approve(s, piece_id=piece_id, actor="ana", trace_id="t"),
    )

    assert "--force" in (error.hint or "")
    assert [p["code"] for p in error.details["problems"]] == [p.code for p in outcome.problems]


def test_force_approves_despite_problems_and_says_so(session: Session) -> None:
    piece = make_piece(session)
    service.edit(
        session, piece_id=piece.id, actor="ana", trace_id="t", draft=linkedin_draft(paragraphs=1)
    )

    outcome = service.approve(
        session, piece_id=piece.id, actor="ana", trace_id="t", note="ship it", force=True
    )

    assert outcome.status == "approved"
    assert len(outcome.problems) == 2
    review = session.scalars(
        select(Review).where(Review.piece_id == piece.id, Review.decision == "approved")
    ).one()
    assert review.feedback == "ship it; approved despite 2 validation problem(s)"


def test_editing_a_failed_piece_fixes_it_for_approval(session: Session) -> None:
    problems = [{"code": "too_few_words", "message": "too short", "path": "text"}]
    piece = make_piece(
        session, status="failed_validation", draft=linkedin_draft(paragraphs=1), problems=problems
    )

    service.edit(session, piece_id=piece.id, actor="ana", trace_id="t", draft=linkedin_draft())
    outcome = service.approve(session, piece_id=piece.id, actor="ana", trace_id="t")

    assert (outcome.status, outcome.version, piece.problems) == ("approved", 2, [])


@pytest.mark.parametrize(
    "draft",
    [
        {"text": 42},
        {"posts": ["wrong channel"], "channel": "x"},
        {"text": "fine", "surprise": True},
        "{not json",
        '{"channel": "linkedin"}',
    ],
)
def test_an_edit_that_is_not_a_draft_is_refused(
    session_factory: Factory, draft: dict[str, Any] | str
) -> None:
    piece_id = store(session_factory)

    error = refused(
        session_factory,
        piece_id,
        ErrorCode.INVALID_INPUT,
        lambda s: service.edit(s, piece_id=piece_id, actor="ana", trace_id="t", draft=draft),
    )

    assert error.message


def test_an_edit_that_changes_nothing_is_refused(session_factory: Factory) -> None:
    piece_id = store(session_factory)
    with transaction(session_factory) as session:
        same = dict(session.get_one(Piece, piece_id).body)

    refused(
        session_factory,
        piece_id,
        ErrorCode.INVALID_INPUT,
        lambda s: service.edit(s, piece_id=piece_id, actor="ana", trace_id="t", draft=same),
    )


def test_an_edit_of_a_stale_version_is_a_conflict(session_factory: Factory) -> None:
    piece_id = store(session_factory)
    with transaction(session_factory) as session:
        service.edit(
            session,
            piece_id=piece_id,
            actor="ben",
            trace_id="t",
            draft=linkedin_draft(paragraphs=3),
        )

    error = refused(
        session_factory,
        piece_id,
        ErrorCode.VERSION_CONFLICT,
        lambda s: service.edit(
            s,
            piece_id=piece_id,
            actor="ana",
            trace_id="t",
            draft=linkedin_draft(paragraphs=5),
            expected_version=1,
        ),
    )

    assert error.details == {"expected": 1, "current": 2}
    assert error.status == 409
