"""The studio's app factory: the REST API under ``/api/v1`` (OpenAPI 3.1 at
``/api/v1/openapi.json``, docs at ``/api/v1/docs``) and the web UI, in one FastAPI app on
the same service layer as the CLI."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from fastapi import APIRouter, FastAPI

from pressroom.app import AppContext
from pressroom.web import api, links, problems, ui
from pressroom.web.middleware import BodyLimit, Idempotency, RateLimit, RequestId
from pressroom.web.ratelimit import TokenBuckets

API_PREFIX = "/api/v1"


def create_app(context: AppContext) -> FastAPI:
    """The app for ``context`` (settings, database). Starting the workflow engine is the
    server's business (``pressroom serve``), not the app's."""
    app = FastAPI(
        title="Pressroom",
        version=context.settings.app_version,
        summary="Self-hostable content studio: trends to posts, reviewed, scheduled, learned.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.context = context
    app.state.user_buckets = TokenBuckets(context.settings.api_rate_limit_per_minute)
    versioned = APIRouter(prefix=API_PREFIX, responses=problems.documented_responses())
    for router in api_routers():
        versioned.include_router(router)
    app.include_router(versioned)
    app.include_router(links.router)  # /l/{code}: public short links, outside the API
    _document_problems(app)
    problems.install(app)
    ui.mount(app)  # after the API's handlers: it keeps them for /api/ and adds pages
    # Outermost last: request id → body limit → rate limit → idempotency → routes.
    app.add_middleware(Idempotency, session_factory=context.session_factory)
    app.add_middleware(RateLimit, per_minute=context.settings.api_rate_limit_per_minute)
    app.add_middleware(BodyLimit)
    app.add_middleware(RequestId)
    return app


def api_routers() -> list[APIRouter]:
    """The ``router`` of every module in ``pressroom.web.api`` (one module per resource),
    in module-name order."""
    routers = []
    for found in sorted(pkgutil.iter_modules(api.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{api.__name__}.{found.name}")
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            routers.append(router)
    return routers


def _document_problems(app: FastAPI) -> None:
    """Put the ``Problem`` schema into the OpenAPI components (the operations refer to it)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas["Problem"] = problems.Problem.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
