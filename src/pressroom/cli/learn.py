"""``pressroom learn``: propose a new prompt profile from measured posts, show it, approve or
reject it. Every command calls ``pressroom.learning.service``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from pressroom.brands import service as brands
from pressroom.cli.context import open_app
from pressroom.cli.metrics import BrandOption, cli_actor
from pressroom.contracts import new_trace_id, utcnow
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, InvalidInputError
from pressroom.learning import service
from pressroom.learning.models import PromptProfileRecord
from pressroom.logging import trace

# soft_wrap: lines go out whole (the terminal wraps them), so output greps and pipes well.
console = Console(highlight=False, soft_wrap=True)

learn_app = typer.Typer(
    name="learn",
    help="Learn from measured posts. Alone, `pressroom learn` proposes a new prompt profile "
    "version; the subcommands show, approve or reject versions.",
    invoke_without_command=True,
)

Version = Annotated[int, typer.Argument(help="The profile version.")]


def register(app: typer.Typer) -> None:
    """Add the ``learn`` command group to ``app``."""
    app.add_typer(learn_app)


@learn_app.callback()
def learn_command(
    ctx: typer.Context,
    brand: BrandOption = None,
    window_days: Annotated[
        int, typer.Option("--window-days", help="Learn from posts of the last N days.")
    ] = 30,
    min_samples: Annotated[
        int, typer.Option("--min-samples", help="Fewest posts on each side of a comparison.")
    ] = 3,
) -> None:
    """Without a subcommand: propose a new profile version; it steers runs once approved."""
    ctx.obj = {"brand": brand}
    if ctx.invoked_subcommand is not None:
        return
    context = open_app()
    trace_id = new_trace_id()
    with trace(trace_id), transaction(context.session_factory) as session:
        target = brands.resolve_brand(session, brand)
        record = service.learn(
            session,
            brand=target,
            now=utcnow(),
            actor=cli_actor(),
            trace_id=trace_id,
            window_days=window_days,
            min_samples=min_samples,
        )
        render(record)
        console.print(
            f"Approve with `pressroom learn approve {record.version}`, "
            f"or reject with `pressroom learn reject {record.version}`."
        )


@learn_app.command("propose")
def propose_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A JSON file of the settings to change, e.g. "
            '{"tone_weights": {"educational": 1.5}}; the others stay as they are.',
            exists=True,
            dir_okay=False,
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept as the justification).")],
    brand: BrandOption = None,
) -> None:
    """Propose a version of your own; it waits for approval like a learned one."""
    try:
        changes = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            f"{file} is not JSON: {exc}", code=ErrorCode.INVALID_SCHEMA
        ) from exc
    if not isinstance(changes, dict):
        raise InvalidInputError(
            f"{file} must hold a JSON object of settings", code=ErrorCode.INVALID_SCHEMA
        )
    context = open_app()
    trace_id = new_trace_id()
    with trace(trace_id), transaction(context.session_factory) as session:
        target = brands.resolve_brand(session, brand or _parent_brand(ctx))
        _, active = service.active_strategy(session, brand_id=target.id)
        record = service.propose_settings(
            session,
            brand=target,
            settings=service.strategy_with(active, changes),
            reason=reason,
            actor=cli_actor(),
            trace_id=trace_id,
            now=utcnow(),
        )
        render(record)
        console.print(f"Approve with `pressroom learn approve {record.version}`.")


@learn_app.command("approve")
def approve_command(ctx: typer.Context, version: Version, brand: BrandOption = None) -> None:
    """Approve a proposed version: the next runs write with it."""
    _decide(ctx, version=version, brand=brand, approve=True)


@learn_app.command("reject")
def reject_command(ctx: typer.Context, version: Version, brand: BrandOption = None) -> None:
    """Reject a proposed version: runs keep the current strategy."""
    _decide(ctx, version=version, brand=brand, approve=False)


def _decide(ctx: typer.Context, *, version: int, brand: str | None, approve: bool) -> None:
    context = open_app()
    trace_id = new_trace_id()
    with trace(trace_id), transaction(context.session_factory) as session:
        target = brands.resolve_brand(session, brand or _parent_brand(ctx))
        record = service.decide_profile(
            session,
            brand=target,
            version=version,
            approve=approve,
            actor=cli_actor(),
            trace_id=trace_id,
        )
        console.print(f"Profile version {record.version} of {target.slug} is {record.status}.")


@learn_app.command("show")
def show_command(
    ctx: typer.Context,
    version: Annotated[
        int | None, typer.Argument(help="The profile version (default: the newest).")
    ] = None,
    brand: BrandOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the PromptProfileUpdate contract.")
    ] = False,
) -> None:
    """Show a profile version: its changes and why."""
    context = open_app()
    with transaction(context.session_factory) as session:
        target = brands.resolve_brand(session, brand or _parent_brand(ctx))
        record = service.get_profile(session, brand_id=target.id, version=version)
        if as_json:
            update = service.profile_update(record, brand=target, trace_id=new_trace_id())
            typer.echo(update.model_dump_json(indent=2))
            return
        active, _ = service.active_strategy(session, brand_id=target.id)
        render(record)
        versions = service.list_profiles(session, brand_id=target.id)
        console.print("Versions: " + ", ".join(_label(p, active) for p in versions))


def _parent_brand(ctx: typer.Context) -> str | None:
    """``pressroom learn --brand X approve 3`` names the brand before the subcommand."""
    obj: dict[str, Any] = ctx.obj or {}
    return obj.get("brand")


def _label(record: PromptProfileRecord, active: int | None) -> str:
    suffix = " (active)" if record.version == active else ""
    return f"v{record.version} {record.status}{suffix}"


def render(record: PromptProfileRecord) -> None:
    """A profile version as people read it: status, change list, justification."""
    based_on = record.previous_version if record.previous_version is not None else "defaults"
    console.print(
        f"[bold]Prompt profile version {record.version}[/] — {record.status} (based on {based_on})"
    )
    if record.decided_by and record.decided_at:
        when = record.decided_at.strftime("%Y-%m-%d %H:%M UTC")
        console.print(f"Decided by {escape(record.decided_by)} at {when}")
    console.print("Changes:")
    for change in record.changes:
        if change["type"] == "weight_change":
            console.print(f"  {change['path']}: {change['from']:g} → {change['to']:g}")
        elif change["type"] == "instruction_addition":
            console.print(f"  {change['path']} + {escape(change['value'])}")
        else:
            value = json.dumps(change.get("value"), ensure_ascii=False)
            console.print(f"  {change['path']} = {escape(value)}")
    console.print(escape(record.justification))
