"""Runs of the caller's organization: start today's run of a brand, list runs, and show one
with its counts, timings, errors and the status of every piece (``pressroom runs show``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.app import AppContext
from pressroom.runs import repository
from pressroom.runs.models import Run
from pressroom.runs.service import RunStatus
from pressroom.runs.summary import run_summary
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_moment_cursor,
    moment_cursor,
    page_of,
)
from pressroom.web.deps import (
    CurrentPrincipal,
    DbSession,
    app_context,
    owned,
    owned_brand,
    requires,
)
from pressroom.web.problems import MEDIA_TYPE
from pressroom.workflows.starting import start_todays_run

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
    return owned(session, principal, Run, run_id, noun="run", hint="GET /api/v1/runs lists yours.")


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
    started = start_todays_run(
        session, brand=brand, settings=context.settings, model=wanted.model, trigger=TRIGGER
    )
    run_id, run_date = started.run_id, started.run_date
    if not started.started:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = run_location(run_id)
    run = session.get(Run, run_id)
    return RunStarted(
        run_id=run_id,
        brand_id=brand.id,
        run_date=run_date,
        status=run.status if run is not None else RunStatus.RUNNING.value,
    )


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
    return page_of(
        rows, limit=limit, item=RunOut.of, cursor=lambda run: moment_cursor(run.started_at, run.id)
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
