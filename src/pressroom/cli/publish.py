"""``pressroom publish``: publish every due job now; ``pressroom worker``: run on schedule."""

from __future__ import annotations

import signal
import threading

import typer
from rich.console import Console

from pressroom.cli.context import AppContext
from pressroom.cli.engine import run_and_exit

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
    def worker() -> None:
        """Run on schedule until stopped: daily runs, publishing due jobs, learning — at the
        times each brand's settings give (`pressroom brand schedule`, the studio, the API)."""

        def body(ctx: AppContext) -> int:
            from pressroom.workflows.schedules import ScheduleKeeper

            keeper = ScheduleKeeper(ctx.session_factory)
            keeper.start()
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            signal.signal(signal.SIGINT, lambda *_: stop.set())
            if keeper.synced.wait(30):
                console.print(
                    f"worker running: {keeper.schedule_count} schedule(s); Ctrl+C to stop"
                )
            else:
                console.print("worker running, schedules not yet applied (see the log)")
            while not stop.wait(1.0):
                pass
            keeper.stop()
            return 0

        run_and_exit(body)
