"""The ``pressroom`` command. Each command group lives in its own module with a
``register(app)`` function; this module only assembles them and renders errors."""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console
from rich.markup import escape

from pressroom.errors import PressroomError

app = typer.Typer(
    name="pressroom",
    help="Pressroom: trends in, reviewed and scheduled posts out, learning from the results.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Command modules, each exposing ``register(app: typer.Typer) -> None``.
COMMAND_MODULES: tuple[str, ...] = (
    "run",
    "runs",
    "review",
    "media",
    "publish",
    "metrics",
    "learn",
    "brand",
    "check",
    "schemas",
    "users",
    "serve",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"pressroom.cli.{_name}").register(app)

err_console = Console(stderr=True)


def render_error(error: PressroomError) -> None:
    """Print a Pressroom error as people read it: code, what was wrong, how to fix it."""
    message = escape(f"[{error.code}] {error.message}")
    err_console.print(f"[bold red]error[/] {message}", highlight=False)
    if error.hint:
        err_console.print(f"  hint: {escape(error.hint)}", highlight=False)


@app.callback()
def _root() -> None:
    """Pressroom: trends in, reviewed and scheduled posts out, learning from the results."""


def main() -> None:
    """Entry point of the ``pressroom`` script. Usage errors and exit codes are handled by
    typer (standalone mode); Pressroom's own errors are rendered with code and hint."""
    try:
        app()
    except PressroomError as error:
        render_error(error)
        sys.exit(2)
