"""The studio's app factory: the REST API under ``/api/v1`` (OpenAPI 3.1 at
``/api/v1/openapi.json``, docs at ``/api/v1/docs``) and the web UI, in one FastAPI app on
the same service layer as the CLI."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from pressroom.app import AppContext
from pressroom.web import problems
from pressroom.web.api import auth, brands
from pressroom.web.middleware import BodyLimit, Idempotency, RateLimit, RequestId

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
    api = APIRouter(prefix=API_PREFIX)
    for module in (auth, brands):
        api.include_router(module.router)
    app.include_router(api)
    problems.install(app)
    # Outermost last: request id → body limit → rate limit → idempotency → routes.
    app.add_middleware(Idempotency, session_factory=context.session_factory)
    app.add_middleware(RateLimit, per_minute=context.settings.api_rate_limit_per_minute)
    app.add_middleware(BodyLimit)
    app.add_middleware(RequestId)
    return app
