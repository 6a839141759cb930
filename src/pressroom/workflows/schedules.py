"""What the worker does on its own schedule: each brand's daily run in the brand's timezone,
publishing due jobs every minute, and learning from results every night."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dbos import DBOS, SetWorkflowID

from pressroom.learning import steps as learning
from pressroom.workflows.daily import daily_run
from pressroom.workflows.publish import publish_due

EVERY_MINUTE = "0 * * * * *"


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


def apply_schedules(brands: list[dict[str, str]], *, run_time: str, learn_time: str) -> None:
    """Create or replace every schedule (idempotent). ``brands``: slug, id, timezone."""
    run_hour, run_minute = (int(part) for part in run_time.split(":"))
    learn_hour, learn_minute = (int(part) for part in learn_time.split(":"))
    entries: list[Any] = [
        {
            "schedule_name": "publish-due",
            "workflow_fn": scheduled_publish,
            "schedule": EVERY_MINUTE,
            "context": {},
        }
    ]
    for brand in brands:
        entries.append(
            {
                "schedule_name": f"daily-run:{brand['slug']}",
                "workflow_fn": scheduled_daily_run,
                "schedule": f"0 {run_minute} {run_hour} * * *",
                "cron_timezone": brand["timezone"],
                "context": {"brand": brand["slug"], "timezone": brand["timezone"]},
            }
        )
        entries.append(
            {
                "schedule_name": f"learn:{brand['slug']}",
                "workflow_fn": scheduled_learning,
                "schedule": f"0 {learn_minute} {learn_hour} * * *",
                "cron_timezone": brand["timezone"],
                "context": {"brand_id": brand["id"]},
            }
        )
    DBOS.apply_schedules(entries)
