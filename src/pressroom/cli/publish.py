"""``pressroom publish``: publish every due job now; ``pressroom worker``: run on schedule."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import select

from pressroom.brands.models import Brand
from pressroom.cli.context import AppContext
from pressroom.cli.engine import run_and_exit
from pressroom.db.session import transaction

console = Console()


def register(app: typer.Typer) -> None:
    @app.command()
    def publish() -> None:
        """Publish every due job to its connector (the outbox by default)."""

        def body(ctx: AppContext) -> int:
            from pressroom.workflows.publish import publish_due

            result = publish_due(brand_id=None)
            console.print(f"{result['published']} of {result['due']} due job(s) published")
            for outcome in result["outcomes"]:
                console.print(
                    f"  {outcome.get('status')}: {outcome.get('location') or ''}"
                    f" {outcome.get('error') or ''}"
                )
            return 0 if result["published"] == result["due"] else 1

        run_and_exit(body)

    @app.command()
    def worker(
        run_time: Annotated[str, typer.Option(help="Daily run time, brand-local HH:MM.")] = "06:00",
        learn_time: Annotated[str, typer.Option(help="Nightly learning time, HH:MM.")] = "03:00",
    ) -> None:
        """Run on schedule until stopped: daily runs, publishing due jobs, learning."""

        def body(ctx: AppContext) -> int:
            from pressroom.workflows.schedules import apply_schedules

            with transaction(ctx.session_factory) as session:
                brands = [
                    {"slug": b.slug, "id": b.id, "timezone": b.timezone}
                    for b in session.scalars(select(Brand))
                ]
            apply_schedules(brands, run_time=run_time, learn_time=learn_time)
            console.print(f"worker running for {len(brands)} brand(s); Ctrl+C to stop")
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            signal.signal(signal.SIGINT, lambda *_: stop.set())
            while not stop.wait(1.0):
                pass
            return 0

        run_and_exit(body)
