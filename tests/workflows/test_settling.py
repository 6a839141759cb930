"""A written piece is settled in one step (decide, approve, schedule), and the run scores its
pieces against the engagement history it read once, at its start."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbos import DBOS, SetWorkflowID
from sqlalchemy import select

from pressroom.brands.models import Brand
from pressroom.cli.context import AppContext
from pressroom.db.session import transaction
from pressroom.metrics import service as metrics
from pressroom.publishing.models import PublishJobRecord
from pressroom.review import service as review
from pressroom.review import steps as review_steps
from pressroom.runs.models import Run
from pressroom.scoring.models import ScoreCardRecord
from pressroom.workflows.daily import daily_run
from pressroom.writing.models import Piece
from tests.metrics.factories import make_piece, make_publish_job, make_snapshot
from tests.workflows.conftest import seed

pytestmark = pytest.mark.forked


def start(app: AppContext, slug: str, run_id: str) -> dict:
    with SetWorkflowID(run_id):
        handle = DBOS.start_workflow(
            daily_run,
            run_id=run_id,
            brand_slug=slug,
            run_date="2026-11-21",
            model=None,
            trigger="manual",
            trace_id=f"trace-{run_id}",
        )
    return handle.get_result()


def measured_history(app: AppContext, slug: str) -> dict:
    """Three measured LinkedIn posts of the brand; returns its history as scoring reads it."""
    with transaction(app.session_factory) as session:
        brand = session.scalars(select(Brand).where(Brand.slug == slug)).one()
        for likes in (40, 60, 90):
            piece = make_piece(session, brand, channel="linkedin", hook_type="how_to")
            make_publish_job(session, piece)
            make_snapshot(session, piece, impressions=1000, likes=likes)
        return metrics.engagement_history(session, brand_id=brand.id).model_dump(mode="json")


def test_every_piece_is_scored_against_the_history_the_run_read_at_its_start(
    engine_app: AppContext,
) -> None:
    slug = seed(engine_app)
    history = measured_history(engine_app, slug)
    assert history["overall_count"] == 3

    start(engine_app, slug, "run-history")

    steps = DBOS.list_workflow_steps("run-history")
    started = next(s for s in steps if s["function_name"].endswith("start_run"))
    assert started["output"]["engagement_history"] == history
    with transaction(engine_app.session_factory) as session:
        run_pieces = select(Piece.id).where(Piece.run_id == "run-history")
        cards = session.scalars(
            select(ScoreCardRecord).where(ScoreCardRecord.piece_id.in_(run_pieces))
        ).all()
    assert len(cards) == 15
    for card in cards:
        engagement = card.details["predicted_engagement"]
        assert engagement["brand_overall_rate"] == history["overall_rate"]
        assert engagement["brand_lift"] != 1.0


def test_settling_an_approved_piece_schedules_and_publishes_it_once_however_often_it_runs(
    engine_app: AppContext,
) -> None:
    slug = seed(engine_app, approval_policy="manual")
    assert start(engine_app, slug, "run-manual")["status"] == "waiting_for_review"
    with transaction(engine_app.session_factory) as session:
        piece = session.scalars(select(Piece).order_by(Piece.id)).first()
        assert piece is not None
        review.approve(session, piece_id=piece.id, actor="alice", trace_id="t")

    # Run twice: as after a crash between the step's work and the engine recording it.
    first = review_steps.settle(piece_id=piece.id, trace_id="t", refresh_run=False)
    again = review_steps.settle(piece_id=piece.id, trace_id="t", refresh_run=False)

    assert (first["action"], first["published"]) == ("scheduled", True)
    assert {**again, "location": first["location"]} == first
    with transaction(engine_app.session_factory) as session:
        jobs = session.scalars(
            select(PublishJobRecord).where(PublishJobRecord.piece_id == piece.id)
        ).all()
        assert [(job.id, job.attempt) for job in jobs] == [(first["job_id"], 1)]
        assert session.get_one(Piece, piece.id).status == "published"
        counts = session.get_one(Run, "run-manual").counts["pieces_by_status"]
        assert counts == {"generated": 15}  # the run was not derived again
    channel_dir = Path(first["location"]).parent
    assert len([p for p in channel_dir.iterdir() if not p.name.startswith(".")]) == 1


def test_a_decision_settled_by_the_gate_derives_the_run_again(engine_app: AppContext) -> None:
    slug = seed(engine_app, approval_policy="manual")
    start(engine_app, slug, "run-gate")
    with transaction(engine_app.session_factory) as session:
        piece = session.scalars(select(Piece).order_by(Piece.id)).first()
        assert piece is not None
        review.reject(session, piece_id=piece.id, actor="alice", reason="off topic", trace_id="t")

    settled = review_steps.settle(piece_id=piece.id, trace_id="t", refresh_run=True)

    assert settled == {"action": "stop", "status": "rejected"}
    with transaction(engine_app.session_factory) as session:
        counts = session.get_one(Run, "run-gate").counts["pieces_by_status"]
        assert counts == {"generated": 14, "rejected": 1}
