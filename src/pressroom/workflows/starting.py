"""Starting a brand's run of today from a request (the API, the studio): in the serving
process's workflow engine, with the run id as the workflow id, so a run already started is
returned, never started twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dbos import DBOS, SetWorkflowID
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.config import Settings
from pressroom.errors import EngineUnavailableError
from pressroom.providers.llm.registry import resolve_writer
from pressroom.runs import repository
from pressroom.runs.service import RunStatus
from pressroom.workflows import runtime
from pressroom.workflows.daily import daily_run
from pressroom.workflows.schedules import default_run_id, trace_id_for


@dataclass(frozen=True)
class StartedRun:
    run_id: str
    run_date: date
    started: bool
    """False when the run of today was already started (it is the one returned)."""


def start_todays_run(
    session: Session, *, brand: Brand, settings: Settings, model: str | None, trigger: str
) -> StartedRun:
    """Start ``brand``'s run of today (its time zone's date; a fresh attempt after a failed
    one) with ``model`` (default: the brand's, then the settings'). An unknown model is
    refused before anything starts; so is a process without the workflow engine."""
    resolve_writer(model or brand.model or settings.model, settings)
    if not runtime.is_launched():
        raise EngineUnavailableError(
            "runs cannot start here: the workflow engine is not running in this process",
            hint="Serve the studio with `pressroom serve`, which runs the workflow engine.",
        )
    run_date = datetime.now(ZoneInfo(brand.timezone)).date()
    run_id = repository.open_attempt_id(
        session,
        base_run_id=default_run_id(brand.slug, run_date.isoformat()),
        failed_status=RunStatus.FAILED.value,
    )
    if DBOS.get_workflow_status(run_id) is not None:
        return StartedRun(run_id, run_date, started=False)
    with SetWorkflowID(run_id):
        DBOS.start_workflow(
            daily_run,
            run_id=run_id,
            brand_slug=brand.slug,
            run_date=run_date.isoformat(),
            model=model,
            trigger=trigger,
            trace_id=trace_id_for(run_id),
        )
    return StartedRun(run_id, run_date, started=True)
