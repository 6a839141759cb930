"""``pressroom serve``: the studio (web UI and REST API) with the workflow engine, in one
process."""

from __future__ import annotations

from typing import Annotated

import typer

from pressroom.cli.context import open_app


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default PRESSROOM_HOST).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PRESSROOM_PORT).")] = None,
) -> None:
    """Serve the studio and the API (`/api/v1`, docs at `/api/v1/docs`) until stopped."""
    import uvicorn

    from pressroom.web.server import build

    context = open_app()
    app = build(context)
    uvicorn.run(
        app,
        host=host or context.settings.host,
        port=port or context.settings.port,
        log_level="warning",
        proxy_headers=True,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
