"""Runs in the studio: the organization's recent runs, "Run now" for a brand (today's run,
started through the workflow engine exactly as ``POST /api/v1/runs`` does) and a run's page,
which follows the run live by polling its small progress JSON until the run is finished."""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.brands.models import Brand
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.runs import repository
from pressroom.runs.models import Run
from pressroom.runs.service import RunStatus
from pressroom.runs.summary import run_summary
from pressroom.web.deps import app_context, owned
from pressroom.web.ui import views
from pressroom.web.ui.pages import SECURITY_HEADERS, changing, render, signed_in

router = APIRouter(include_in_schema=False)

RECENT_RUNS = 20
POLL_SECONDS = 2
# The engine writes the run's row in its first step; "Run now" waits this long for it so the
# run's page never answers 404 for a run that is starting.
RUN_ROW_WAIT_SECONDS = 10.0
STAGE_LABELS = {
    "signals": "Trend signals",
    "ideas": "Ideas",
    "ideas_rejected": "Ideas set aside",
    "pieces": "Pieces written",
    "published_now": "Published at once",
}


class StageCount(BaseModel):
    name: str
    label: str
    value: int


class PieceProgress(BaseModel):
    piece_id: str
    idea_slot: int
    title: str
    channel: str
    status: str


class RunProgress(BaseModel):
    """Where a run stands, as its page shows it and polls it."""

    run_id: str
    brand_name: str
    status: str
    finished: bool
    writer: str
    started_at: datetime
    finished_at: datetime | None
    stages: list[StageCount]
    pieces_by_status: dict[str, int]
    pieces: list[PieceProgress]
    error_count: int


# ── pages ────────────────────────────────────────────────────────────────────────────────


@router.get("/runs")
def runs_page(request: Request) -> HTMLResponse:
    """The organization's brands, each with "Run now", and its most recent runs."""
    with signed_in(request) as (session, principal):
        brands = views.organization_brands(session, principal.organization_id)
        recent = repository.runs_page(
            session, organization_id=principal.organization_id, limit=RECENT_RUNS
        )
        return render(
            request,
            "run.html",
            principal=principal,
            brands=brands,
            brand_names={brand.id: brand.name for brand in brands},
            recent=[(run, run_url(run.id)) for run in recent],
            can_run=principal.can(Permission.RUN_PIPELINE),
            progress=None,
        )


@router.post("/runs")
def run_now(
    request: Request,
    csrf_token: Annotated[str, Form()],
    brand_id: Annotated[str, Form(max_length=36)],
) -> Response:
    """Start today's run of the brand (or find the one already started) and go to its
    page. Without the workflow engine in this process: 503 ``ENGINE_UNAVAILABLE``."""
    context = app_context(request)
    with changing(request, csrf_token, Permission.RUN_PIPELINE) as (session, principal):
        brand = _owned_brand(session, principal, brand_id)
        run_id = start_todays_run(session, brand=brand, settings=context.settings)
    _wait_for_row(request, run_id)
    return RedirectResponse(run_url(run_id), status_code=status.HTTP_303_SEE_OTHER)


@router.get("/runs/{run_id}")
def run_page(request: Request, run_id: str) -> HTMLResponse:
    settings = app_context(request).settings
    with signed_in(request) as (session, principal):
        progress = run_progress(session, principal=principal, run_id=run_id, settings=settings)
        return render(
            request,
            "run.html",
            principal=principal,
            progress=progress,
            progress_url=f"{run_url(run_id)}/progress.json",
            poll_seconds=POLL_SECONDS,
        )


@router.get("/runs/{run_id}/progress.json")
def run_progress_json(request: Request, run_id: str) -> JSONResponse:
    """The run's progress for its page's live updates (the browser session's cookie)."""
    settings = app_context(request).settings
    with signed_in(request) as (session, principal):
        progress = run_progress(session, principal=principal, run_id=run_id, settings=settings)
        return JSONResponse(progress.model_dump(mode="json"), headers=SECURITY_HEADERS)


# ── what the pages show ──────────────────────────────────────────────────────────────────


def run_progress(
    session: Session, *, principal: Principal, run_id: str, settings: Settings
) -> RunProgress:
    """The run's status, its counts by stage and each piece's status; 404 when the run is
    not the organization's, as for a run that does not exist."""
    run = owned(session, principal, Run, run_id, noun="run", hint="The runs page lists yours.")
    brand = session.get_one(Brand, run.brand_id)
    summary = run_summary(session, run_id=run.id, settings=settings)
    titles = {idea["slot"]: str(idea["title"]) for idea in summary.ideas}
    return RunProgress(
        run_id=run.id,
        brand_name=brand.name,
        status=run.status,
        finished=run.status != RunStatus.RUNNING,
        writer=run.writer,
        started_at=run.started_at,
        finished_at=run.finished_at,
        stages=[
            StageCount(name=name, label=STAGE_LABELS.get(name, name.replace("_", " ")), value=value)
            for name, value in run.counts.items()
            if isinstance(value, int)
        ],
        pieces_by_status=dict(sorted(Counter(line.status for line in summary.pieces).items())),
        pieces=[
            PieceProgress(
                piece_id=line.piece_id,
                idea_slot=line.idea_slot,
                title=titles.get(line.idea_slot, ""),
                channel=line.channel,
                status=line.status,
            )
            for line in summary.pieces
        ],
        error_count=len(summary.errors),
    )


TRIGGER = "studio"


def start_todays_run(session: Session, *, brand: Brand, settings: Settings) -> str:
    """Start the brand's run of today (its timezone's date), as the API does; its id."""
    # Imported here: only starting a run needs the workflow engine, not the pages.
    from pressroom.workflows.starting import start_todays_run as start

    return start(session, brand=brand, settings=settings, model=None, trigger=TRIGGER).run_id


def run_url(run_id: str) -> str:
    return f"/runs/{quote(run_id, safe=':')}"


def _owned_brand(session: Session, principal: Principal, brand_id: str) -> Brand:
    return owned(
        session, principal, Brand, brand_id, noun="brand", hint="The runs page lists your brands."
    )


def _wait_for_row(request: Request, run_id: str) -> None:
    """Until the engine has stored the run (a fresh transaction each look, so each sees the
    latest commit), at most ``RUN_ROW_WAIT_SECONDS``."""
    factory = app_context(request).session_factory
    deadline = time.monotonic() + RUN_ROW_WAIT_SECONDS
    while time.monotonic() < deadline:
        with transaction(factory) as session:
            if session.get(Run, run_id) is not None:
                return
        time.sleep(0.05)
