"""Commands that run workflows start the engine in their own process and end with
:func:`finish` (see ``workflows.runtime.exit_process`` for why)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from pressroom.cli.context import AppContext, open_app

T = TypeVar("T")


@contextmanager
def engine(app: AppContext | None = None) -> Iterator[AppContext]:
    """Open the app (unless given) and start the workflow engine for one command."""
    from pressroom.workflows import runtime

    app = app or open_app()
    runtime.launch(app)
    yield app


def run_and_exit(body: Callable[[AppContext], int], *, app: AppContext | None = None) -> None:
    """Run ``body`` with the engine started, then end the process with its exit code; a
    Pressroom error is rendered like any other command's."""
    from pressroom.cli import render_error
    from pressroom.errors import PressroomError
    from pressroom.workflows import runtime

    code = 1
    try:
        with engine(app) as started:
            code = body(started)
    except PressroomError as error:
        render_error(error)
        code = 2
    finally:
        runtime.exit_process(code)
