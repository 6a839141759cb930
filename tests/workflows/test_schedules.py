"""The worker's schedules: each brand's daily run in its own time zone, publishing every
minute, learning every night."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from dbos import DBOS
from sqlalchemy import select

from pressroom.brands.models import Brand
from pressroom.cli.context import AppContext
from pressroom.db.session import transaction
from pressroom.runs.models import Run
from pressroom.workflows.schedules import (
    apply_schedules,
    scheduled_daily_run,
    scheduled_learning,
    scheduled_publish,
)
from tests.workflows.conftest import seed

pytestmark = pytest.mark.forked


def brand_rows(app: AppContext) -> list[dict[str, str]]:
    with transaction(app.session_factory) as session:
        return [
            {"slug": b.slug, "id": b.id, "timezone": b.timezone}
            for b in session.scalars(select(Brand))
        ]


def test_schedules_are_created_per_brand_in_its_time_zone(engine_app: AppContext) -> None:
    seed(engine_app)
    apply_schedules(brand_rows(engine_app), run_time="06:30", learn_time="03:15")
    apply_schedules(brand_rows(engine_app), run_time="06:30", learn_time="03:15")  # idempotent
    schedules = {s["schedule_name"]: s for s in DBOS.list_schedules()}
    assert set(schedules) == {
        "publish-due",
        "daily-run:northwind-coffee",
        "learn:northwind-coffee",
    }
    daily = schedules["daily-run:northwind-coffee"]
    assert daily["schedule"] == "0 30 6 * * *"
    assert daily["cron_timezone"] == "Europe/Berlin"
    assert schedules["learn:northwind-coffee"]["schedule"] == "0 15 3 * * *"


def test_the_scheduled_run_uses_the_brand_local_date(engine_app: AppContext) -> None:
    seed(engine_app)
    # 23:30 UTC on the 21st is already the 22nd in Berlin.
    fired = datetime(2026, 11, 21, 23, 30, tzinfo=UTC)
    run_id = scheduled_daily_run(fired, {"brand": "northwind-coffee", "timezone": "Europe/Berlin"})
    assert run_id == "daily:northwind-coffee:2026-11-22"
    result = DBOS.retrieve_workflow(run_id).get_result()
    assert result["status"] == "completed"
    with transaction(engine_app.session_factory) as session:
        run = session.get(Run, run_id)
        assert run is not None
        assert run.trigger == "scheduled"
    # Publishing on schedule finds nothing left to do: the run published what was due.
    assert scheduled_publish(fired, {})["published"] == 0


def test_nightly_learning_says_when_there_is_nothing_to_learn(engine_app: AppContext) -> None:
    seed(engine_app)
    [brand] = brand_rows(engine_app)
    outcome = scheduled_learning(
        datetime(2026, 11, 21, 2, 0, tzinfo=UTC), {"brand_id": brand["id"]}
    )
    assert outcome["learned"] is False
    assert "0 measured post(s)" in outcome["reason"]
