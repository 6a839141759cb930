"""``pressroom brand``: add or update a brand from a JSON file, list brands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import select

from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.cli.context import open_app
from pressroom.contracts import new_trace_id
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, InvalidInputError

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
    app = open_app()
    with transaction(app.session_factory) as session:
        brand = brands.upsert_brand(session, spec=spec, actor="cli", trace_id=new_trace_id())
        trends.register_sources(session, brand=brand, locations=spec.feeds)
    console.print(
        f"brand [bold]{spec.slug}[/] saved ({len(spec.channels)} channel(s), "
        f"{len(spec.feeds)} feed(s))"
    )


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


def register(app: typer.Typer) -> None:
    app.add_typer(brand_app, name="brand")
