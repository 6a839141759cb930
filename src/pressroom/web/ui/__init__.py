"""The studio's web UI: server-rendered pages (Jinja2, autoescaped) and a little vanilla JS,
on the same service layer as the CLI and the API.

``mount(app)`` adds the pages, ``/static`` and friendly error pages for every path outside
``/api/`` (the API keeps answering Problem+JSON).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from pressroom.web.ui import calendar, errors, manage, media, organizations, routes, runs, settings

STATIC_DIR = Path(__file__).parent / "static"


def mount(app: FastAPI) -> None:
    """Add the UI to ``app``: its pages, its static files, and error pages for non-API
    paths. Call it once the API's Problem+JSON handlers are installed; it wraps them."""
    for module in (routes, calendar, manage, runs, organizations, settings, media):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    errors.install(app)
