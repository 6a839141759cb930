"""``pressroom runs``: what ran, and what each run produced."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pressroom.brands import service as brands
from pressroom.cli.context import open_app
from pressroom.cli.summary import print_summary
from pressroom.db.session import transaction
from pressroom.runs import repository
from pressroom.runs.summary import run_summary

console = Console()
runs_app = typer.Typer(help="Runs: status, counts, errors, summaries.", no_args_is_help=True)


@runs_app.command("list")
def list_runs(
    brand: Annotated[str | None, typer.Option(help="Only this brand (slug).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="How many, newest first.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the newest runs with their status and piece counts."""
    app = open_app()
    with transaction(app.session_factory) as session:
        brand_id = brands.get_brand(session, brand).id if brand else None
        rows = [
            {
                "run_id": run.id,
                "status": run.status,
                "run_date": run.run_date.isoformat(),
                "writer": run.writer,
                "started_at": run.started_at.isoformat(),
                "pieces": sum((run.counts.get("pieces_by_status") or {}).values()),
                "errors": len(run.errors),
            }
            for run in repository.recent_runs(session, brand_id=brand_id, limit=limit)
        ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        console.print("no runs yet — try `pressroom run --demo`")
        return
    table = Table()
    for column in ("run", "status", "date", "writer", "pieces", "errors"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["run_id"],
            row["status"],
            row["run_date"],
            row["writer"],
            str(row["pieces"]),
            str(row["errors"]),
        )
    console.print(table)


@runs_app.command("show")
def show_run(
    run_id: Annotated[str, typer.Argument(help="The run's id (see `pressroom runs list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a run's summary: ideas, pieces and scores, reviews waiting, outbox, costs."""
    app = open_app()
    with transaction(app.session_factory) as session:
        summary = run_summary(session, run_id=run_id, settings=app.settings)
    print_summary(summary, console=console, as_json=as_json)


def register(app: typer.Typer) -> None:
    app.add_typer(runs_app, name="runs")
