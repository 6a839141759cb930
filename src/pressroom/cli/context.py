"""The app context for commands (defined in :mod:`pressroom.app`, which the workflow engine
also uses, so the engine never imports the CLI)."""

from collections.abc import Iterator
from contextlib import contextmanager

from pressroom.app import AppContext, open_app

__all__ = ["AppContext", "open_app", "opened_app"]


@contextmanager
def opened_app() -> Iterator[AppContext]:
    """The app for one command, its database connections closed when the command is done."""
    context = open_app()
    try:
        yield context
    finally:
        context.engine.dispose()
