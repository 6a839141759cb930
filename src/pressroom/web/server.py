"""The served app: the studio with the workflow engine running in the same process (runs
started from the API execute here; review decisions wake their gates here), keeping each
brand's schedule (daily run, nightly learning, publishing every minute), so one
``pressroom serve`` is a whole installation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from pressroom.app import AppContext
from pressroom.web.app import create_app
from pressroom.workflows import runtime
from pressroom.workflows.schedules import ScheduleKeeper


def build(context: AppContext) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime.launch(context)
        keeper = ScheduleKeeper(context.session_factory)
        keeper.start()
        app.state.schedule_keeper = keeper
        yield
        keeper.stop()
        runtime.destroy()

    app = create_app(context)
    app.router.lifespan_context = lifespan
    return app
