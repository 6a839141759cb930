"""``pressroom metrics import``: store a platform analytics export (CSV) as metric snapshots.

Exit codes: 0 every row imported, 1 some rows rejected (listed; the good rows are stored),
2 error (unreadable file, missing columns, unknown brand; rendered by
:func:`pressroom.cli.main`).
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from pressroom.brands import service as brands
from pressroom.cli.context import open_app
from pressroom.contracts import new_trace_id, utcnow
from pressroom.db.session import transaction
from pressroom.errors import InvalidInputError
from pressroom.logging import trace
from pressroom.metrics import service
from pressroom.metrics.schemas import ImportReport

# soft_wrap: lines go out whole (the terminal wraps them), so output greps and pipes well.
console = Console(highlight=False, soft_wrap=True)

metrics_app = typer.Typer(
    name="metrics",
    help="Performance metrics: import platform analytics exports (CSV).",
    no_args_is_help=True,
)

BrandOption = Annotated[
    str | None, typer.Option("--brand", help="Brand slug (default: the only brand).")
]


def register(app: typer.Typer) -> None:
    """Add the ``metrics`` command group to ``app``."""
    app.add_typer(metrics_app)


def cli_actor() -> str:
    """Who acts from the terminal: the login name, or ``cli``."""
    return (os.environ.get("USER") or "cli").strip() or "cli"


@metrics_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The CSV file (format: docs/METRICS.md).")],
    brand: BrandOption = None,
    collected_at: Annotated[
        str | None,
        typer.Option(
            "--collected-at",
            help="When rows without a collected_at column were measured (ISO 8601). "
            "Default: the file's modification time.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import metrics from a CSV export; importing the same file again changes nothing."""
    default_collected_at = _moment(collected_at) if collected_at else _file_time(file)
    context = open_app()
    trace_id = new_trace_id()
    with trace(trace_id), transaction(context.session_factory) as session:
        target = brands.resolve_brand(session, brand)
        report = service.import_csv(
            session,
            path=file,
            actor=cli_actor(),
            trace_id=trace_id,
            default_collected_at=default_collected_at,
            brand_id=target.id,
        )
        slug = target.slug
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        render(report, file=file, brand_slug=slug)
    if report.rejected:
        # SystemExit keeps its code through click's non-standalone mode used by `main`.
        sys.exit(1)


def _moment(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInputError(
            f"--collected-at {text!r} is not an ISO 8601 date or time",
            hint="For example 2026-03-01T09:00Z.",
        ) from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _file_time(path: Path) -> datetime:
    """When the export was saved: the best guess of when its numbers were read, and the same
    on every import of the same file, so importing it again adds no snapshot."""
    try:
        modified = path.stat().st_mtime
    except OSError:
        return utcnow()  # the import itself reports the unreadable file
    return datetime.fromtimestamp(int(modified), tz=UTC)


def render(report: ImportReport, *, file: Path, brand_slug: str) -> None:
    """The report as people read it."""
    console.print(
        f"{escape(file.name)} → {brand_slug}: {report.imported} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.rejected)} rejected."
    )
    if report.ignored_columns:
        console.print("Ignored columns: " + escape(", ".join(report.ignored_columns)))
    if report.rejected:
        console.print("Rejected rows (fix them and import again):")
        for line, reason in report.rejected:
            console.print(f"  line {line}: {escape(reason)}")
