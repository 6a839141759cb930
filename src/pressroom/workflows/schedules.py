"""What the worker does on its own schedule: each brand's daily run in the brand's timezone,
publishing due jobs every minute, and learning from results every night — at the times each
brand's settings give (``pressroom.schedules``)."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from dbos import DBOS, SetWorkflowID
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.learning import steps as learning
from pressroom.logging import get_logger
from pressroom.schedules import service as schedule_settings
from pressroom.schedules.schemas import DEFAULT_LEARN_TIME, DEFAULT_RUN_TIME
from pressroom.workflows.daily import daily_run
from pressroom.workflows.publish import publish_due

EVERY_MINUTE = "0 * * * * *"

log = get_logger(__name__)


def default_run_id(brand_slug: str, run_date: str) -> str:
    """Today's run of a brand: starting it again the same day resumes or returns it."""
    return f"daily:{brand_slug}:{run_date}"


def trace_id_for(run_id: str) -> str:
    """A run's trace id, derived from its id so a replay keeps the same one."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"pressroom:{run_id}"))


@DBOS.workflow()
def scheduled_daily_run(scheduled_at: datetime, context: Any) -> str:
    """Start the brand's run for the local date it is scheduled on."""
    run_date = scheduled_at.astimezone(ZoneInfo(context["timezone"])).date().isoformat()
    run_id = default_run_id(context["brand"], run_date)
    with SetWorkflowID(run_id):
        DBOS.start_workflow(
            daily_run,
            run_id=run_id,
            brand_slug=context["brand"],
            run_date=run_date,
            model=None,
            trigger="scheduled",
            trace_id=trace_id_for(run_id),
        )
    return run_id


@DBOS.workflow()
def scheduled_publish(scheduled_at: datetime, context: Any) -> dict[str, Any]:
    return publish_due(brand_id=None)


@DBOS.workflow()
def scheduled_learning(scheduled_at: datetime, context: Any) -> dict[str, Any]:
    trace_id = trace_id_for(f"learn:{context['brand_id']}:{scheduled_at.date().isoformat()}")
    return learning.learn(brand_id=context["brand_id"], trace_id=trace_id)


BRAND_SCHEDULE_PREFIXES = ("daily-run:", "learn:")
SYNC_INTERVAL_SECONDS = 30.0


def engine_schedules(session: Session) -> list[dict[str, Any]]:
    """The schedules the engine should have: publishing every minute, and each brand whose
    schedule is on, its daily run and its nightly learning in its own time zone."""
    brands = list(session.scalars(select(Brand).order_by(Brand.slug)))
    stored = schedule_settings.schedules_of(session, [brand.id for brand in brands])
    entries: list[dict[str, Any]] = [
        {
            "schedule_name": "publish-due",
            "workflow_fn": scheduled_publish,
            "schedule": EVERY_MINUTE,
            "context": {},
        }
    ]
    for brand in brands:
        row = stored.get(brand.id)
        if row is not None and not row.enabled:
            continue
        run_time = row.run_time if row else DEFAULT_RUN_TIME
        learn_time = row.learn_time if row else DEFAULT_LEARN_TIME
        entries.append(
            {
                "schedule_name": f"daily-run:{brand.slug}",
                "workflow_fn": scheduled_daily_run,
                "schedule": _daily_cron(run_time),
                "cron_timezone": brand.timezone,
                "context": {"brand": brand.slug, "timezone": brand.timezone},
            }
        )
        entries.append(
            {
                "schedule_name": f"learn:{brand.slug}",
                "workflow_fn": scheduled_learning,
                "schedule": _daily_cron(learn_time),
                "cron_timezone": brand.timezone,
                "context": {"brand_id": brand.id},
            }
        )
    return entries


def _daily_cron(clock_time: str) -> str:
    hours, minutes = (int(part) for part in clock_time.split(":"))
    return f"0 {minutes} {hours} * * *"


def sync_schedules(session_factory: sessionmaker[Session]) -> list[str]:
    """Make the engine's schedules equal to the stored settings: create or replace what
    should be there, delete brand schedules that should not (a schedule switched off).
    Idempotent; returns the names of the schedules in force."""
    with transaction(session_factory) as session:
        entries = engine_schedules(session)
    wanted = {entry["schedule_name"] for entry in entries}
    DBOS.apply_schedules(cast(Any, entries))
    for existing in DBOS.list_schedules(schedule_name_prefix=list(BRAND_SCHEDULE_PREFIXES)):
        if existing["schedule_name"] not in wanted:
            DBOS.delete_schedule(existing["schedule_name"])
    return sorted(wanted)


class ScheduleKeeper:
    """Keeps the engine's schedules in step with the stored settings from a background
    thread: at start, every ``interval`` seconds (settings changed by another process, a
    brand added from the CLI), and at once when woken after a change made here."""

    def __init__(
        self, session_factory: sessionmaker[Session], *, interval: float = SYNC_INTERVAL_SECONDS
    ) -> None:
        self._session_factory = session_factory
        self._interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="schedule-keeper", daemon=True)
        self.synced = threading.Event()
        """Set after each successful sync (tests and callers may wait for it)."""
        self.schedule_count = 0
        """How many schedules the last successful sync left in force."""

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.schedule_count = len(sync_schedules(self._session_factory))
                self.synced.set()
            except Exception:
                log.exception("workflows.schedules.sync_failed")
            self._wake.wait(self._interval)
            self._wake.clear()
