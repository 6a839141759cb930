"""The workflow engine in tests. Each engine test runs in its own forked process
(``@pytest.mark.forked``): a workflow waiting durably for a person holds an engine thread,
and only a process exit releases it — exactly as in production."""

from __future__ import annotations

from collections.abc import Iterator

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
