"""``pressroom run``: today's pipeline for one brand, now, with progress and a summary."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select

from pressroom.brands import service as brands
from pressroom.cli.context import AppContext, open_app
from pressroom.cli.engine import run_and_exit
from pressroom.cli.summary import print_summary
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, InvalidInputError, PressroomError
from pressroom.providers.llm.registry import resolve_writer
from pressroom.runs import service as runs
from pressroom.runs.models import Run
from pressroom.runs.summary import run_summary
from pressroom.writing.models import Piece

console = Console()


def seed_demo(app: AppContext) -> str:
    """Create (or refresh) the demo brand and its bundled sample feed; idempotent."""
    from pressroom.trends import service as trends

    spec = brands.demo_spec()
    with transaction(app.session_factory) as session:
        brand = brands.upsert_brand(session, spec=spec, actor="cli:demo", trace_id="demo-seed")
        trends.register_sources(session, brand=brand, locations=spec.feeds)
    return spec.slug


def pick_brand(app: AppContext, slug: str | None) -> str:
    """The brand to run: the one named, or the only one there is."""
    with transaction(app.session_factory) as session:
        return brands.resolve_brand(session, slug).slug


def _watch(app: AppContext, handle: object, run_id: str, expected: int, quiet: bool) -> None:
    """Show pieces being written while the workflow runs."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} pieces"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=quiet,
    )
    with progress:
        task = progress.add_task("writing, validating and scoring", total=expected or None)
        while handle.get_status().status in ("PENDING", "ENQUEUED"):  # type: ignore[attr-defined]
            with transaction(app.session_factory) as session:
                done = (
                    session.scalar(select(func.count(Piece.id)).where(Piece.run_id == run_id)) or 0
                )
            progress.update(task, completed=done)
            time.sleep(0.1)


BrandOption = Annotated[str | None, typer.Option(help="Brand slug (default: the only one).")]
DemoOption = Annotated[
    bool, typer.Option(help="Seed the demo brand and its sample feed, and run it.")
]
ModelOption = Annotated[str | None, typer.Option(help="Writer: builtin or openai-chat:<model>.")]
RunIdOption = Annotated[
    str | None,
    typer.Option(
        help="Run id (default: the brand's run of the day). The same id never "
        "does the work twice: a second start resumes or returns the first."
    ),
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Run date YYYY-MM-DD (default: today, brand time).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


def register(app: typer.Typer) -> None:
    @app.command()
    def run(
        brand: BrandOption = None,
        demo: DemoOption = False,
        model: ModelOption = None,
        run_id: RunIdOption = None,
        run_date: DateOption = None,
        json_output: JsonOption = False,
    ) -> None:
        """Run today's pipeline now: trends → ideas → posts → scores → review → outbox."""
        ctx = open_app()
        plan = _plan(ctx, brand=brand, demo=demo, model=model, run_id=run_id, run_date=run_date)
        run_and_exit(lambda app: _execute(app, plan, quiet=json_output), app=ctx)


class _Plan(BaseModel):
    slug: str
    run_date: str
    run_id: str | None
    model: str | None
    expected_pieces: int


def _plan(
    ctx: AppContext,
    *,
    brand: str | None,
    demo: bool,
    model: str | None,
    run_id: str | None,
    run_date: str | None,
) -> _Plan:
    """Check everything a person can get wrong before starting the engine: the date, the
    brand, the model."""
    if run_date is not None:
        _parse_date(run_date, ZoneInfo("UTC"))
    slug = seed_demo(ctx) if demo else pick_brand(ctx, brand)
    with transaction(ctx.session_factory) as session:
        found = brands.get_brand(session, slug)
        chosen = model or found.model or ctx.settings.model
        expected = found.ideas_per_run * len(found.channels)
        zone = ZoneInfo(found.timezone)
    resolve_writer(chosen, ctx.settings)
    return _Plan(
        slug=slug,
        run_date=_parse_date(run_date, zone),
        run_id=run_id,
        model=model,
        expected_pieces=expected,
    )


def _execute(ctx: AppContext, plan: _Plan, *, quiet: bool) -> int:
    from dbos import DBOS, SetWorkflowID

    from pressroom.workflows.daily import daily_run
    from pressroom.workflows.schedules import trace_id_for

    rid = plan.run_id or _todays_run_id(ctx, plan.slug, plan.run_date)
    with SetWorkflowID(rid):
        handle = DBOS.start_workflow(
            daily_run,
            run_id=rid,
            brand_slug=plan.slug,
            run_date=plan.run_date,
            model=plan.model,
            trigger="manual",
            trace_id=trace_id_for(rid),
        )
    _watch(ctx, handle, rid, plan.expected_pieces, quiet=quiet)
    try:
        handle.get_result()
    except PressroomError as failure:
        with transaction(ctx.session_factory) as session:
            if session.get(Run, rid) is not None:
                print_summary(
                    run_summary(session, run_id=rid, settings=ctx.settings),
                    console=console,
                    as_json=quiet,
                )
        raise failure
    with transaction(ctx.session_factory) as session:
        summary = run_summary(session, run_id=rid, settings=ctx.settings)
    print_summary(summary, console=console, as_json=quiet)
    return 1 if summary.status == runs.RunStatus.FAILED else 0


def _todays_run_id(ctx: AppContext, slug: str, run_date: str) -> str:
    """The brand's run of the day: started again, it resumes or returns that run — unless it
    failed, in which case the next attempt of the day gets its own id (``…#2``)."""
    from pressroom.workflows.schedules import default_run_id

    base = default_run_id(slug, run_date)
    with transaction(ctx.session_factory) as session:
        attempt = 1
        while True:
            candidate = base if attempt == 1 else f"{base}#{attempt}"
            existing = session.get(Run, candidate)
            if existing is None or existing.status != runs.RunStatus.FAILED:
                return candidate
            attempt += 1


def _parse_date(value: str | None, zone: ZoneInfo) -> str:
    if value is None:
        return datetime.now(zone).date().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise InvalidInputError(
            f"--date {value!r} is not a date",
            code=ErrorCode.INVALID_INPUT,
            hint="Use YYYY-MM-DD, e.g. 2026-11-21.",
        ) from exc
