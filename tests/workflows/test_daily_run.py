"""The daily run end to end on the embedded default (SQLite, built-in writer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pressroom.audit.models import AuditEvent
from pressroom.cli.context import AppContext
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.ideas.models import Idea
from pressroom.ledger.models import CostEntry
from pressroom.publishing.models import PublishJobRecord
from pressroom.runs.models import Run
from pressroom.runs.summary import run_summary
from pressroom.scoring.models import ScoreCardRecord
from pressroom.writing.models import Piece
from tests.workflows.conftest import run_daily, seed

pytestmark = pytest.mark.forked

RUN_DATE = "2026-11-21"


def start(app: AppContext, slug: str, run_id: str = "run-1", model: str | None = None) -> dict:
    return run_daily(slug, run_id=run_id, run_date=RUN_DATE, model=model)


def count(app: AppContext, model: type, *where: object) -> int:
    with transaction(app.session_factory) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_demo_run_writes_scores_schedules_and_publishes(engine_app: AppContext) -> None:
    slug = seed(engine_app)
    result = start(engine_app, slug)

    assert result["status"] == "completed", result
    assert count(engine_app, Idea) == 5
    assert count(engine_app, Piece) == 15
    assert count(engine_app, ScoreCardRecord) == 15
    with transaction(engine_app.session_factory) as session:
        summary = run_summary(session, run_id="run-1", settings=engine_app.settings)
        statuses = {p.status for p in summary.pieces}
        jobs = session.scalars(select(PublishJobRecord)).all()
    assert statuses <= {"scheduled", "published"}
    assert summary.pieces_per_channel.keys() == {"linkedin", "x", "instagram-reel"}
    assert len(jobs) == 15
    published = [job for job in jobs if job.status == "published"]
    assert published, "posts due within the outbox lead time are bundled now"
    outbox = engine_app.settings.outbox_dir.resolve()
    bundles = {str(outbox / job.external_id) for job in published}
    assert all((Path(bundle) / "post.txt").is_file() for bundle in bundles)
    assert set(summary.published) == bundles
    assert summary.costs["calls"] == 16  # 1 ideas call + 15 pieces, built-in writer


def test_trace_id_runs_from_trigger_to_outbox(engine_app: AppContext) -> None:
    slug = seed(engine_app)
    start(engine_app, slug, run_id="traced")
    with transaction(engine_app.session_factory) as session:
        traces = set(
            session.scalars(
                select(AuditEvent.trace_id).where(
                    AuditEvent.entity_type.in_(["run", "idea", "piece"])
                )
            )
        )
        job = session.scalars(
            select(PublishJobRecord).where(PublishJobRecord.status == "published")
        ).first()
    assert traces == {"trace-traced"}
    assert job is not None
    assert job.trace_id == "trace-traced"
    bundle = engine_app.settings.outbox_dir / job.external_id
    metadata = (bundle / "metadata.json").read_text()
    assert "trace-traced" in metadata
    log = engine_app.settings.log_path.read_text()
    assert '"trace_id": "trace-traced"' in log


def test_same_run_id_does_the_work_once(engine_app: AppContext) -> None:
    slug = seed(engine_app)
    first = start(engine_app, slug, run_id="once")
    calls = count(engine_app, CostEntry)
    second = start(engine_app, slug, run_id="once")
    assert second == first
    assert count(engine_app, Idea) == 5
    assert count(engine_app, Piece) == 15
    assert count(engine_app, CostEntry) == calls


def test_a_second_run_avoids_the_first_runs_topics(engine_app: AppContext) -> None:
    slug = seed(engine_app)
    start(engine_app, slug, run_id="day-1")
    start(engine_app, slug, run_id="day-2")
    with transaction(engine_app.session_factory) as session:
        day1 = set(session.scalars(select(Idea.topic_key).where(Idea.run_id == "day-1")))
        day2 = set(session.scalars(select(Idea.topic_key).where(Idea.run_id == "day-2")))
    assert len(day2) >= 3
    assert not day1 & day2


def test_brand_without_channels_fails_the_run_with_its_code(engine_app: AppContext) -> None:
    slug = seed(engine_app, channels=[])
    with pytest.raises(PressroomError) as caught:
        start(engine_app, slug, run_id="no-channels")
    assert caught.value.code == ErrorCode.BRAND_NO_CHANNELS
    with transaction(engine_app.session_factory) as session:
        run = session.get(Run, "no-channels")
        assert run is not None
        assert run.status == "failed"
        assert run.errors[0]["code"] == "BRAND_NO_CHANNELS"
    assert count(engine_app, Piece) == 0


def test_unreachable_feed_is_recorded_and_the_run_still_writes(
    engine_app: AppContext, tmp_path: Path
) -> None:
    slug = seed(engine_app, feeds=["http://127.0.0.1:9/closed.xml"])
    result = start(engine_app, slug, run_id="no-feed")
    assert result["status"] == "completed_with_errors"
    assert [e["code"] for e in result["errors"]] == ["FEED_UNREACHABLE"]
    assert count(engine_app, Piece) == 15
