"""The review service on a real SQLite database: the queue, one piece in full, and decisions
with their audit events and Review rows. Error paths assert the stable code and that nothing
already stored changed (each decision runs in its own committed transaction)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.review import service
from pressroom.review.models import Review
from tests.factories import make_brand
from tests.review.checks import Factory, refused, store
from tests.review.factories import (
    linkedin_draft,
    make_idea,
    make_piece,
    make_run,
    make_score_card,
)

# ── queue ────────────────────────────────────────────────────────────────────────────────


def test_queue_lists_pieces_awaiting_a_person_oldest_first(session: Session) -> None:
    brand = make_brand(session)
    run = make_run(session, brand=brand)
    ideas = [make_idea(session, run=run, slot=n, title=f"Idea {n}") for n in range(1, 8)]
    statuses = [
        ("generated", 10),
        ("edited", 30),
        ("failed_validation", 20),
        ("approved", 40),
        ("rejected", 50),
        ("revision_requested", 60),
        ("scheduled", 70),
    ]
    pieces = [
        make_piece(session, idea=idea, status=status, age_minutes=age)
        for idea, (status, age) in zip(ideas, statuses, strict=True)
    ]

    items = service.queue(session)

    assert [item.piece_id for item in items] == [pieces[1].id, pieces[2].id, pieces[0].id]
    first = items[0]
    assert (first.channel, first.idea_title, first.status, first.version) == (
        "linkedin",
        "Idea 2",
        "edited",
        1,
    )
    assert first.score is not None
    assert (first.score.composite, first.score.decision) == (0.82, "review")
    assert first.writer_label == "built-in writer"
    assert "\n" not in first.preview
    assert len(first.preview) <= service.PREVIEW_CHARS
    assert first.preview.startswith("We cupped twelve lots")


def test_queue_pages_through_the_brands_it_is_given_oldest_first(session: Session) -> None:
    mine = make_brand(session)
    other = make_brand(session, slug="other-brand", name="Other")
    hidden = make_brand(session, slug="hidden-brand", name="Hidden")
    pieces = []
    for number, brand in enumerate([mine, other, hidden, mine, other, mine, other]):
        run = make_run(session, brand=brand)
        idea = make_idea(session, run=run, slot=1, title=f"Idea {number}")
        pieces.append(make_piece(session, idea=idea, age_minutes=100 - number))
    wanted = [p.id for p in pieces if p.brand_id != hidden.id]
    brand_ids = [mine.id, other.id]

    seen, after = [], None
    while True:
        page = service.queue(session, brand_ids=brand_ids, after=after, limit=2)
        seen += [item.piece_id for item in page]
        if len(page) < 2:
            break
        after = (page[-1].created_at, page[-1].piece_id)

    assert seen == wanted
    assert service.queue_length(session, brand_ids=brand_ids) == len(wanted)


def test_queue_filters_by_brand_and_shows_the_latest_score_card(session: Session) -> None:
    mine = make_piece(session, brand=make_brand(session))
    theirs = make_piece(session, brand=make_brand(session, slug="other-brand", name="Other"))
    make_score_card(session, piece=mine, version=2, composite=0.91, decision="approve")
    unscored = make_piece(session, brand=make_brand(session), scored=False, channel="x")

    items = service.queue(session, brand_id=mine.brand_id)

    assert {item.piece_id for item in items} == {mine.id, unscored.id}
    by_id = {item.piece_id: item for item in items}
    score = by_id[mine.id].score
    assert score is not None
    assert (score.piece_version, score.composite) == (2, 0.91)
    assert by_id[unscored.id].score is None
    assert [i.piece_id for i in service.queue(session, brand_id=theirs.brand_id)] == [theirs.id]


# ── show ─────────────────────────────────────────────────────────────────────────────────


def test_show_gives_the_piece_in_full(session: Session) -> None:
    piece = make_piece(session, writer="builtin")

    detail = service.show(session, piece_id=piece.id)

    assert detail.writer_label == "built-in writer"
    assert "AI" not in detail.writer_label
    assert detail.channel_name == "LinkedIn post"
    assert detail.idea_title == "Sour espresso"
    assert detail.text == piece.text
    assert detail.original is not None
    assert (detail.original.kind, detail.original.version) == ("builtin_original", 1)
    assert detail.score_card is not None
    assert detail.score_card.reasons == ["Strong brand tone match", "Low policy risk"]
    assert detail.measures["words"] == 220
    assert detail.measures["paragraphs"] == 4
    assert detail.limits["words"] == "150–300"
    assert detail.limits["hashtags"] == "≤ 5"
    assert detail.problems == []
    assert detail.reviews == []
    assert detail.next_statuses == ["approved", "edited", "rejected", "revision_requested"]


def test_show_labels_a_model_writer_as_ai(session: Session) -> None:
    piece = make_piece(session, writer="openai-chat:gpt-4o-mini", channel="x")

    detail = service.show(session, piece_id=piece.id)

    assert detail.writer_label == "AI model openai-chat:gpt-4o-mini"
    assert detail.original is not None
    assert detail.original.kind == "ai_original"
    assert detail.measures["posts"] == 2
    assert detail.limits["weighted_length"] == "≤ 280 per post"


def test_show_includes_the_original_and_the_edit(session: Session) -> None:
    piece = make_piece(session)
    original_text = piece.text
    edited = linkedin_draft(paragraphs=3, hashtags=1)

    service.edit(session, piece_id=piece.id, actor="ana", trace_id="t-edit", draft=edited)
    detail = service.show(session, piece_id=piece.id)

    assert [(v.version, v.kind, v.author) for v in detail.versions] == [
        (1, "builtin_original", "built-in writer"),
        (2, "edit", "ana"),
    ]
    assert detail.original is not None
    assert detail.original.text == original_text
    assert detail.text == detail.versions[1].text != original_text
    assert detail.version == 2
    assert detail.score_card is not None
    assert detail.score_card.piece_version == 1
    assert [(r.actor, r.decision, r.piece_version) for r in detail.reviews] == [
        ("ana", "edited", 2)
    ]


def test_show_of_a_draft_that_never_took_shape_lists_its_problems(session: Session) -> None:
    problems = [{"code": "PROVIDER_MALFORMED_OUTPUT", "message": "not JSON"}]
    piece = make_piece(session, status="failed_validation", draft={}, problems=problems)

    detail = service.show(session, piece_id=piece.id)

    assert detail.measures == {}
    assert [(p.code, p.message) for p in detail.problems] == [
        ("PROVIDER_MALFORMED_OUTPUT", "not JSON")
    ]
    assert detail.next_statuses == ["edited", "rejected", "revision_requested"]


# ── piece ids ────────────────────────────────────────────────────────────────────────────


def test_a_unique_prefix_of_six_characters_finds_the_piece(session: Session) -> None:
    piece = make_piece(session)

    assert service.show(session, piece_id=piece.id[:6]).piece_id == piece.id
    assert service.resolve_piece(session, piece_id=f"  {piece.id[:8]} ").id == piece.id


@pytest.mark.parametrize("wanted", ["abc12", "", "zzzzzzzz", "%%%%%%", "______"])
def test_short_or_unknown_ids_are_not_found(session: Session, wanted: str) -> None:
    make_piece(session)

    with pytest.raises(PressroomError) as caught:
        service.show(session, piece_id=wanted)

    assert caught.value.code == ErrorCode.NOT_FOUND
    assert caught.value.hint


def test_an_ambiguous_prefix_is_not_found_with_the_candidates(session: Session) -> None:
    brand = make_brand(session)
    make_piece(session, brand=brand, piece_id="abcdef-1111")
    make_piece(session, brand=brand, piece_id="abcdef-2222")

    with pytest.raises(PressroomError) as caught:
        service.approve(session, piece_id="abcdef", actor="ana", trace_id="t")

    assert caught.value.code == ErrorCode.NOT_FOUND
    assert caught.value.details["candidates"] == ["abcdef-1111", "abcdef-2222"]
    assert service.resolve_piece(session, piece_id="abcdef-2").id == "abcdef-2222"


# ── approve / reject / revise ────────────────────────────────────────────────────────────


def test_approve_moves_the_piece_audits_it_and_records_the_review(session: Session) -> None:
    piece = make_piece(session)

    outcome = service.approve(
        session, piece_id=piece.id[:8], actor="ana", trace_id="t-approve", note="lovely"
    )

    assert (outcome.piece_id, outcome.status, outcome.version) == (piece.id, "approved", 1)
    assert piece.status == "approved"
    review = session.scalars(select(Review).where(Review.piece_id == piece.id)).one()
    assert (review.actor, review.decision, review.feedback, review.piece_version) == (
        "ana",
        "approved",
        "lovely",
        1,
    )
    event = audit.history(session, entity_type="piece", entity_id=piece.id)[-1]
    assert (event.action, event.actor, event.trace_id) == ("status.approved", "ana", "t-approve")
    assert event.before == {"status": "generated", "version": 1}
    assert event.after == {"status": "approved", "version": 1, "note": "lovely"}


def test_a_decision_without_a_trace_id_continues_the_pieces_trace(session: Session) -> None:
    piece = make_piece(session)

    service.reject(session, piece_id=piece.id, actor="ana", reason="off brand", trace_id=None)

    event = audit.history(session, entity_type="piece", entity_id=piece.id)[-1]
    assert event.trace_id == piece.trace_id


def test_reject_records_the_reason(session: Session) -> None:
    piece = make_piece(session, status="edited")

    outcome = service.reject(
        session, piece_id=piece.id, actor="ben", reason="  Off brand.  ", trace_id="t-rej"
    )

    assert outcome.status == "rejected"
    review = session.scalars(select(Review).where(Review.piece_id == piece.id)).one()
    assert (review.decision, review.feedback) == ("rejected", "Off brand.")
    event = audit.history(session, entity_type="piece", entity_id=piece.id)[-1]
    assert (event.action, event.actor, event.trace_id) == ("status.rejected", "ben", "t-rej")
    assert event.before == {"status": "edited", "version": 1}


def test_request_revision_stores_the_feedback_for_the_writer(session: Session) -> None:
    piece = make_piece(session)

    outcome = service.request_revision(
        session,
        piece_id=piece.id,
        actor="ana",
        feedback="Shorter, and name the farm.",
        trace_id="t-rev",
    )

    assert outcome.status == "revision_requested"
    review = session.scalars(select(Review).where(Review.piece_id == piece.id)).one()
    assert (review.decision, review.feedback) == (
        "revision_requested",
        "Shorter, and name the farm.",
    )
    event = audit.history(session, entity_type="piece", entity_id=piece.id)[-1]
    assert (event.action, event.actor, event.trace_id) == (
        "status.revision_requested",
        "ana",
        "t-rev",
    )
    assert service.latest_revision_feedback(session, piece_id=piece.id) == (
        "Shorter, and name the farm."
    )


def test_latest_revision_feedback_is_the_newest_request(session: Session) -> None:
    piece = make_piece(session)
    service.request_revision(session, piece_id=piece.id, actor="a", feedback="one", trace_id="t")
    piece.status = "generated"  # the writer regenerated it
    service.request_revision(session, piece_id=piece.id, actor="a", feedback="two", trace_id="t")

    assert service.latest_revision_feedback(session, piece_id=piece.id) == "two"


def test_latest_revision_feedback_without_a_request_is_not_found(session: Session) -> None:
    piece = make_piece(session)

    with pytest.raises(PressroomError) as caught:
        service.latest_revision_feedback(session, piece_id=piece.id)

    assert caught.value.code == ErrorCode.NOT_FOUND


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_reject_without_a_reason_is_refused(session_factory: Factory, reason: str) -> None:
    piece_id = store(session_factory)

    refused(
        session_factory,
        piece_id,
        ErrorCode.INVALID_INPUT,
        lambda s: service.reject(s, piece_id=piece_id, actor="ana", reason=reason, trace_id="t"),
    )


@pytest.mark.parametrize("feedback", ["", "\t"])
def test_revise_without_feedback_is_refused(session_factory: Factory, feedback: str) -> None:
    piece_id = store(session_factory)

    refused(
        session_factory,
        piece_id,
        ErrorCode.INVALID_INPUT,
        lambda s: service.request_revision(
            s, piece_id=piece_id, actor="ana", feedback=feedback, trace_id="t"
        ),
    )


def test_approving_a_rejected_piece_is_an_illegal_transition(session_factory: Factory) -> None:
    piece_id = store(session_factory)
    with transaction(session_factory) as session:
        service.reject(session, piece_id=piece_id, actor="ana", reason="no", trace_id="t")

    error = refused(
        session_factory,
        piece_id,
        ErrorCode.INVALID_STATE_TRANSITION,
        lambda s: service.approve(s, piece_id=piece_id, actor="ben", trace_id="t2", force=True),
    )

    assert error.details == {"piece_id": piece_id, "from": "rejected", "to": "approved"}


ILLEGAL: dict[str, Callable[[Session, str], object]] = {
    "rejected": lambda s, p: service.reject(s, piece_id=p, actor="a", reason="x", trace_id="t"),
    "approved": lambda s, p: service.request_revision(
        s, piece_id=p, actor="a", feedback="x", trace_id="t"
    ),
    "revision_requested": lambda s, p: service.edit(
        s, piece_id=p, actor="a", trace_id="t", draft=linkedin_draft(paragraphs=3)
    ),
    "failed_validation": lambda s, p: service.approve(s, piece_id=p, actor="a", trace_id="t"),
    "published": lambda s, p: service.edit(
        s, piece_id=p, actor="a", trace_id="t", draft=linkedin_draft(paragraphs=3)
    ),
}
"""For each status, a decision the lifecycle does not allow from it."""


@pytest.mark.parametrize("status", sorted(ILLEGAL))
def test_other_illegal_decisions_change_nothing(session_factory: Factory, status: str) -> None:
    piece_id = store(session_factory, status=status)

    refused(
        session_factory,
        piece_id,
        ErrorCode.INVALID_STATE_TRANSITION,
        lambda s: ILLEGAL[status](s, piece_id),
    )
