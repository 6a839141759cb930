"""The workflow engine in tests. Each engine test runs in its own forked process
(``@pytest.mark.forked``): a workflow waiting durably for a person holds an engine thread,
and only a process exit releases it — exactly as in production."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pressroom.cli.context import AppContext, open_app
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.workflows import runtime


@pytest.fixture
def engine_app(settings: Settings) -> Iterator[AppContext]:
    """The app with the workflow engine launched on the test's data folder."""
    app = open_app(settings)
    runtime.launch(app)
    yield app
    runtime.destroy()


def seed(app: AppContext, **overrides: object) -> str:
    """Store the demo brand (with ``overrides``) and its bundled feed; returns the slug."""
    from pressroom.brands import service as brands
    from pressroom.trends import service as trends
    from tests.factories import brand_spec

    spec = brand_spec(**overrides)
    with transaction(app.session_factory) as session:
        brand = brands.upsert_brand(session, spec=spec, actor="test", trace_id="seed")
        trends.register_sources(session, brand=brand, locations=spec.feeds)
    return spec.slug


def run_daily(
    slug: str, *, run_id: str = "run-1", run_date: str = "2026-11-21", model: str | None = None
) -> dict[str, Any]:
    """Start the brand's daily run as the trigger does (the run id as workflow id) and wait
    for its result."""
    from dbos import DBOS, SetWorkflowID

    from pressroom.workflows.daily import daily_run

    with SetWorkflowID(run_id):
        handle = DBOS.start_workflow(
            daily_run,
            run_id=run_id,
            brand_slug=slug,
            run_date=run_date,
            model=model,
            trigger="manual",
            trace_id=f"trace-{run_id}",
        )
    result: dict[str, Any] = handle.get_result()
    return result
