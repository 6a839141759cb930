"""Runs of the caller's organization: start today's run of a brand, list runs, and show one
with its counts, timings, errors and the status of every piece (``pressroom runs show``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from dbos import DBOS, SetWorkflowID
from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.app import AppContext
from pressroom.brands.models import Brand
from pressroom.errors import ErrorCode, NotFoundError, PressroomError
from pressroom.providers.llm.registry import resolve_writer
from pressroom.runs import repository
from pressroom.runs.models import Run
from pressroom.runs.service import RunStatus
from pressroom.runs.summary import run_summary
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_moment_cursor,
    encode_cursor,
)
from pressroom.web.deps import CurrentPrincipal, DbSession, app_context, owned_brand, requires
from pressroom.web.problems import MEDIA_TYPE
from pressroom.workflows import runtime
from pressroom.workflows.daily import daily_run
from pressroom.workflows.schedules import default_run_id, trace_id_for

router = APIRouter(prefix="/runs", tags=["runs"])

AppState = Annotated[AppContext, Depends(app_context)]
TRIGGER = "api"


class RunRequest(BaseModel):
    """Start today's run of a brand, optionally with another writer than the brand's."""

    brand_id: str = Field(min_length=1, max_length=36)
    model: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Writer: `builtin` or `openai-chat:<model>` (default: the brand's).",
    )


class RunStarted(BaseModel):
    """The run a trigger started, or the one it found already started today."""

    run_id: str
    brand_id: str
    run_date: date
    status: str


class RunOut(BaseModel):
    """A run as listed: status, counts, timings and how many errors it recorded."""

    id: str
    brand_id: str
    run_date: date
    trigger: str
    status: str
    writer: str
    trace_id: str
    prompt_profile_version: int | None
    counts: dict[str, Any]
    timings: dict[str, float]
    error_count: int
    started_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, run: Run) -> RunOut:
        return cls(**_columns(run), error_count=len(run.errors))


class RunPieceOut(BaseModel):
    """Where one piece of the run stands."""

    piece_id: str
    idea_slot: int
    channel: str
    status: str
    hook_type: str
    composite: float | None
    decision: str | None
    reasons: list[str]
    problems: list[str]
    schedule_at: str | None


class RunDetail(RunOut):
    """One run in full: its errors, ideas, and the status of every piece."""

    errors: list[dict[str, Any]]
    ideas: list[dict[str, Any]]
    pieces: list[RunPieceOut]
    pieces_per_channel: dict[str, dict[str, int]]
    waiting_for_review: list[str]
    costs: dict[str, float]


def _columns(run: Run) -> dict[str, Any]:
    return {name: getattr(run, name) for name in RunOut.model_fields if name != "error_count"}


def run_location(run_id: str) -> str:
    return f"/api/v1/runs/{quote(run_id, safe=':')}"


def owned_run(session: Session, principal: Principal, run_id: str) -> Run:
    """The run when its brand belongs to the principal's organization; otherwise 404."""
    run = session.get(Run, run_id)
    brand = session.get(Brand, run.brand_id) if run is not None else None
    if run is None or brand is None or brand.organization_id != principal.organization_id:
        raise NotFoundError(f"no run {run_id}", hint="GET /api/v1/runs lists yours.")
    return run


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start today's run of a brand (200 with the same run when already started)",
    responses={
        status.HTTP_200_OK: {"model": RunStarted, "description": "Already started today."},
        status.HTTP_503_SERVICE_UNAVAILABLE: {
            "description": "The workflow engine is not running in this server process.",
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        },
    },
)
def start_run(
    wanted: RunRequest,
    session: DbSession,
    response: Response,
    context: AppState,
    principal: Annotated[Principal, requires(Permission.RUN_PIPELINE)],
) -> RunStarted:
    brand = owned_brand(session, principal, wanted.brand_id)
    resolve_writer(wanted.model or brand.model or context.settings.model, context.settings)
    if not runtime.is_launched():
        raise PressroomError(
            "runs cannot start here: the workflow engine is not running in this process",
            code=ErrorCode.ENGINE_UNAVAILABLE,
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            retryable=True,
            hint="Serve the studio with `pressroom serve`, which runs the workflow engine.",
        )
    run_date = datetime.now(ZoneInfo(brand.timezone)).date()
    started, run_id = _start(session, brand=brand, run_date=run_date, model=wanted.model)
    if not started:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = run_location(run_id)
    run = session.get(Run, run_id)
    return RunStarted(
        run_id=run_id,
        brand_id=brand.id,
        run_date=run_date,
        status=run.status if run is not None else RunStatus.RUNNING.value,
    )


def _start(
    session: Session, *, brand: Brand, run_date: date, model: str | None
) -> tuple[bool, str]:
    """Start the brand's run of ``run_date`` (a fresh attempt after a failed one); returns
    whether this call started it, and its id. The run id is the workflow id, so a run that
    was already started is returned, never started twice."""
    run_id = repository.open_attempt_id(
        session,
        base_run_id=default_run_id(brand.slug, run_date.isoformat()),
        failed_status=RunStatus.FAILED.value,
    )
    if DBOS.get_workflow_status(run_id) is not None:
        return False, run_id
    with SetWorkflowID(run_id):
        DBOS.start_workflow(
            daily_run,
            run_id=run_id,
            brand_slug=brand.slug,
            run_date=run_date.isoformat(),
            model=model,
            trigger=TRIGGER,
            trace_id=trace_id_for(run_id),
        )
    return True, run_id


@router.get("", summary="List the organization's runs, newest first")
def list_runs(
    session: DbSession,
    principal: CurrentPrincipal,
    brand_id: str | None = None,
    run_status: Annotated[RunStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[RunOut]:
    if brand_id is not None:
        owned_brand(session, principal, brand_id)
    rows = repository.runs_page(
        session,
        organization_id=principal.organization_id,
        brand_id=brand_id,
        status=run_status.value if run_status else None,
        after=decode_moment_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    items = [RunOut.of(run) for run in rows[:limit]]
    last = items[-1] if len(rows) > limit else None
    return Page(
        items=items,
        next_cursor=encode_cursor(last.started_at.isoformat(), last.id) if last else None,
    )


@router.get("/{run_id}", summary="One run: counts, timings, errors and every piece's status")
def get_run(
    run_id: str, session: DbSession, principal: CurrentPrincipal, context: AppState
) -> RunDetail:
    run = owned_run(session, principal, run_id)
    summary = run_summary(session, run_id=run.id, settings=context.settings)
    return RunDetail(
        **RunOut.of(run).model_dump(),
        errors=summary.errors,
        ideas=summary.ideas,
        pieces=[RunPieceOut.model_validate(line.model_dump()) for line in summary.pieces],
        pieces_per_channel=summary.pieces_per_channel,
        waiting_for_review=summary.waiting_for_review,
        costs=summary.costs,
    )
