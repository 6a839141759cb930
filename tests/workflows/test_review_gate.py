"""The review gate waits durably for a person, and a decision releases it."""

from __future__ import annotations

import pytest
from dbos import DBOS, SetWorkflowID
from sqlalchemy import select

from pressroom.cli.context import AppContext
from pressroom.db.session import transaction
from pressroom.publishing.models import PublishJobRecord
from pressroom.review import service as review
from pressroom.runs.models import Run
from pressroom.workflows.daily import daily_run
from pressroom.workflows.review_gate import notify_decision, review_gate_id
from pressroom.writing.models import Piece
from tests.workflows.conftest import seed

pytestmark = pytest.mark.forked


def run_manual(app: AppContext) -> dict:
    slug = seed(app, approval_policy="manual")
    with SetWorkflowID("manual-run"):
        handle = DBOS.start_workflow(
            daily_run,
            run_id="manual-run",
            brand_slug=slug,
            run_date="2026-11-21",
            model=None,
            trigger="manual",
            trace_id="trace-manual",
        )
    return handle.get_result()


def pieces(app: AppContext) -> list[Piece]:
    with transaction(app.session_factory) as session:
        return list(session.scalars(select(Piece).order_by(Piece.channel, Piece.id)))


def test_manual_policy_waits_for_a_person(engine_app: AppContext) -> None:
    result = run_manual(engine_app)
    assert result["status"] == "waiting_for_review"
    waiting = pieces(engine_app)
    assert len(waiting) == 15
    assert {p.status for p in waiting} == {"generated"}
    for piece in waiting:
        status = DBOS.get_workflow_status(review_gate_id(piece.id))
        assert status is not None
        assert status.status == "PENDING"


def test_approval_releases_the_waiting_workflow(engine_app: AppContext) -> None:
    run_manual(engine_app)
    piece = pieces(engine_app)[0]
    with transaction(engine_app.session_factory) as session:
        review.approve(session, piece_id=piece.id, actor="alice", trace_id="trace-manual")
    settled = notify_decision(piece.id, "approve", model="builtin", trace_id="trace-manual")
    assert settled is not None
    assert settled["action"] == "scheduled"
    with transaction(engine_app.session_factory) as session:
        job = session.scalars(
            select(PublishJobRecord).where(PublishJobRecord.piece_id == piece.id)
        ).one()
        assert session.get_one(Piece, piece.id).status in {"scheduled", "published"}
    assert job.schedule_at is not None
    assert DBOS.get_workflow_status(review_gate_id(piece.id)).status == "SUCCESS"


def test_rejection_ends_the_gate_and_revision_regenerates(engine_app: AppContext) -> None:
    run_manual(engine_app)
    first, second = pieces(engine_app)[:2]
    with transaction(engine_app.session_factory) as session:
        review.reject(session, piece_id=first.id, actor="alice", reason="off topic", trace_id="t")
        review.request_revision(
            session,
            piece_id=second.id,
            actor="alice",
            feedback="shorter, and mention the farmers",
            trace_id="t",
        )
    assert notify_decision(first.id, "reject", model="builtin", trace_id="t")["action"] == "stop"
    settled = notify_decision(second.id, "revise", model="builtin", trace_id="t")
    assert settled is not None
    assert settled["action"] == "wait"
    with transaction(engine_app.session_factory) as session:
        revised = session.get(Piece, second.id)
        assert revised.version == 2
        assert revised.status == "generated"
        run = session.get(Run, "manual-run")
        assert run.status == "waiting_for_review"
