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
from pressroom.schedules import service as schedules
from pressroom.schedules.schemas import SettingsChange
from pressroom.workflows.schedules import (
    ScheduleKeeper,
    scheduled_daily_run,
    scheduled_learning,
    scheduled_publish,
    sync_schedules,
)
from tests.workflows.conftest import seed

pytestmark = pytest.mark.forked


def test_schedules_follow_each_brands_settings_in_its_time_zone(engine_app: AppContext) -> None:
    seed(engine_app)
    with transaction(engine_app.session_factory) as session:
        brand = session.scalars(select(Brand)).one()
        schedules.change_settings(
            session,
            brand,
            SettingsChange(run_time="06:30", learn_time="03:15"),
            actor="test",
            trace_id="trace-test",
            default_model="builtin",
            now=datetime(2026, 11, 21, tzinfo=UTC),
        )
    sync_schedules(engine_app.session_factory)
    assert sync_schedules(engine_app.session_factory) == [  # idempotent
        "daily-run:northwind-coffee",
        "learn:northwind-coffee",
        "publish-due",
    ]
    found = {s["schedule_name"]: s for s in DBOS.list_schedules()}
    assert set(found) == {"publish-due", "daily-run:northwind-coffee", "learn:northwind-coffee"}
    daily = found["daily-run:northwind-coffee"]
    assert daily["schedule"] == "0 30 6 * * *"
    assert daily["cron_timezone"] == "Europe/Berlin"
    assert found["learn:northwind-coffee"]["schedule"] == "0 15 3 * * *"


def test_a_schedule_switched_off_is_removed_and_back_on_restored(engine_app: AppContext) -> None:
    seed(engine_app)
    sync_schedules(engine_app.session_factory)

    def switch(enabled: bool) -> None:
        with transaction(engine_app.session_factory) as session:
            schedules.change_settings(
                session,
                session.scalars(select(Brand)).one(),
                SettingsChange(schedule_enabled=enabled),
                actor="test",
                trace_id="trace-test",
                default_model="builtin",
                now=datetime(2026, 11, 21, tzinfo=UTC),
            )

    switch(False)
    assert sync_schedules(engine_app.session_factory) == ["publish-due"]
    assert {s["schedule_name"] for s in DBOS.list_schedules()} == {"publish-due"}
    switch(True)
    sync_schedules(engine_app.session_factory)
    assert {s["schedule_name"] for s in DBOS.list_schedules()} == {
        "publish-due",
        "daily-run:northwind-coffee",
        "learn:northwind-coffee",
    }


def test_the_keeper_applies_a_change_when_woken(engine_app: AppContext) -> None:
    seed(engine_app)
    keeper = ScheduleKeeper(engine_app.session_factory, interval=3600)
    keeper.start()
    try:
        assert keeper.synced.wait(10)
        assert keeper.schedule_count == 3
        with transaction(engine_app.session_factory) as session:
            schedules.change_settings(
                session,
                session.scalars(select(Brand)).one(),
                SettingsChange(run_time="09:45"),
                actor="test",
                trace_id="trace-test",
                default_model="builtin",
                now=datetime(2026, 11, 21, tzinfo=UTC),
            )
        keeper.synced.clear()
        keeper.wake()
        assert keeper.synced.wait(10)
        daily = DBOS.get_schedule("daily-run:northwind-coffee")
        assert daily is not None
        assert daily["schedule"] == "0 45 9 * * *"
    finally:
        keeper.stop()


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
    with transaction(engine_app.session_factory) as session:
        brand_id = session.scalars(select(Brand.id)).one()
    outcome = scheduled_learning(datetime(2026, 11, 21, 2, 0, tzinfo=UTC), {"brand_id": brand_id})
    assert outcome["learned"] is False
    assert "0 measured post(s)" in outcome["reason"]
