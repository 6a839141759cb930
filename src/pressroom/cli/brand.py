"""``pressroom brand``: add or update a brand from a JSON file, list brands, show or change
a brand's schedule and writer, show its voice profile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from sqlalchemy import select

from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.cli.context import open_app
from pressroom.contracts import new_trace_id, utcnow
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, InvalidInputError, validation_problems

console = Console()
brand_app = typer.Typer(help="Brands: guidelines, voice, channels, feeds.", no_args_is_help=True)


@brand_app.command("add")
def add(file: Annotated[Path, typer.Argument(help="Brand JSON (see docs/BRANDS.md).")]) -> None:
    """Create a brand, or update the one with the same slug."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInputError(
            f"cannot read brand file {file}: {exc}",
            code=ErrorCode.INVALID_INPUT,
            hint="Give a JSON file like docs/examples/brand.json.",
        ) from exc
    from pressroom.trends import service as trends

    spec = brands.parse_spec(data)
    if spec.logo:
        spec = spec.model_copy(update={"logo": str(_logo_path(file, spec.logo))})
    app = open_app()
    with transaction(app.session_factory) as session:
        brand = brands.upsert_brand(session, spec=spec, actor="cli", trace_id=new_trace_id())
        trends.register_sources(session, brand=brand, locations=spec.feeds)
    console.print(
        f"brand [bold]{spec.slug}[/] saved ({len(spec.channels)} channel(s), "
        f"{len(spec.feeds)} feed(s))"
    )


def _logo_path(brand_file: Path, logo: str) -> Path:
    """The logo as an absolute path (a relative one is read from the brand file's folder),
    so renders find it from wherever they run."""
    path = Path(logo).expanduser()
    path = (path if path.is_absolute() else brand_file.parent / path).resolve()
    if not path.is_file():
        raise InvalidInputError(
            f"the brand's logo {logo!r} is not a file ({path})",
            hint="Give the path of a PNG, JPEG or WebP file, relative to the brand file or "
            "absolute, or leave logo empty.",
        )
    return path


@brand_app.command("list")
def list_brands() -> None:
    """List brands."""
    app = open_app()
    with transaction(app.session_factory) as session:
        rows = session.scalars(select(Brand).order_by(Brand.slug)).all()
        for brand in rows:
            console.print(
                f"{brand.slug}  {brand.name}  channels: {', '.join(brand.channels) or '—'}"
                f"  policy: {brand.approval_policy}  tz: {brand.timezone}"
            )
        if not rows:
            console.print("no brands yet — try `pressroom run --demo`")


@brand_app.command("schedule")
def schedule(
    slug: Annotated[str, typer.Argument(help="The brand's slug.")],
    run_time: Annotated[
        str | None, typer.Option(help="Daily run time, HH:MM in the brand's time zone.")
    ] = None,
    learn_time: Annotated[
        str | None, typer.Option(help="Nightly learning time, HH:MM in the brand's time zone.")
    ] = None,
    enabled: Annotated[
        bool | None, typer.Option("--on/--off", help="Switch the brand's schedule on or off.")
    ] = None,
    writer: Annotated[
        str | None,
        typer.Option(help="The brand's writer (`builtin`, `openai-chat:<model>`; `default`)."),
    ] = None,
) -> None:
    """Show a brand's schedule and writer, or change them (what is not given stays)."""
    from pressroom.schedules import service as schedules
    from pressroom.schedules.schemas import SettingsChange

    given: dict[str, object] = {
        name: value
        for name, value in (
            ("run_time", run_time),
            ("learn_time", learn_time),
            ("schedule_enabled", enabled),
        )
        if value is not None
    }
    if writer is not None:
        given["model"] = None if writer == "default" else writer
    try:
        change = SettingsChange.model_validate(given)
    except ValidationError as exc:
        raise InvalidInputError(
            "the schedule is not valid: "
            + "; ".join(p.replace("Value error, ", "") for p in validation_problems(exc)),
            hint="Times are HH:MM from 00:00 to 23:59, e.g. --run-time 07:30.",
        ) from exc
    app = open_app()
    with transaction(app.session_factory) as session:
        brand = brands.get_brand(session, slug)
        now = utcnow()
        if given:
            shown = schedules.change_settings(
                session,
                brand,
                change,
                actor="cli",
                trace_id=new_trace_id(),
                default_model=app.settings.model,
                now=now,
            )
        else:
            shown = schedules.brand_settings(
                session, brand, default_model=app.settings.model, now=now
            )
    state = "on" if shown.schedule_enabled else "off"
    console.print(
        f"{shown.brand_slug}: schedule {state}, run {shown.run_time}, learning "
        f"{shown.learn_time} ({shown.timezone}); writer {shown.writer}"
    )
    if shown.next_run_at is not None:
        console.print(f"next run {shown.next_run_at:%Y-%m-%d %H:%M} UTC")
    if given:
        console.print(
            "a running `pressroom serve` or `pressroom worker` applies it within a minute"
        )


@brand_app.command("voice")
def voice(
    slug: Annotated[str, typer.Argument(help="The brand's slug.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the derived voice profile as JSON.")
    ] = False,
) -> None:
    """Show the voice profile measured on a brand's voice examples."""
    app = open_app()
    with transaction(app.session_factory) as session:
        brand = brands.get_brand(session, slug)
        derived = brands.voice_profile(brand)
    if as_json:
        typer.echo(derived.model_dump_json(indent=2))
        return
    console.print(f"{slug}: voice profile v{derived.version}", markup=False)
    for label, value in derived.facts():
        console.print(f"  {label}: {value}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(brand_app, name="brand")
