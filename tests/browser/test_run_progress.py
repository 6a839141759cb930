"""Following a run in the studio: "Run now" starts today's run through the workflow engine
and the run's page updates itself (polling its progress JSON) until the run is finished,
without a reload; another organization's run is not found; without the engine "Run now" is
a friendly 503 page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import func, select

from pressroom.app import AppContext
from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.cli.context import open_app
from pressroom.config import Settings
from pressroom.db.session import make_engine, make_session_factory, transaction
from pressroom.runs.models import Run
from pressroom.trends import service as trends
from pressroom.web.app import create_app
from pressroom.workflows import runtime
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, sign_in
from tests.browser.test_studio_flow import signed_in_client
from tests.factories import make_brand, make_idea, make_run
from tests.web.studio import Studio, email_for, seed, serve

EDITOR = email_for("editor", "acme")


def studio_app(context: AppContext) -> FastAPI:
    """The app with the studio's pages, the run pages among them."""
    return create_app(context)


@contextmanager
def running(context: AppContext) -> Iterator[Studio]:
    with serve(studio_app(context)) as url:
        studio = Studio(url=url, context=context)
        seed(context, studio)
        yield studio


@pytest.fixture
def studio(settings: Settings) -> Iterator[Studio]:
    """The studio without the workflow engine (as served by a plain ASGI server)."""
    engine = make_engine(settings.app_database_url)
    context = AppContext(
        settings=settings, engine=engine, session_factory=make_session_factory(engine)
    )
    try:
        with running(context) as studio:
            yield studio
    finally:
        engine.dispose()


def quick_brand(studio: Studio, **overrides: Any) -> str:
    """A brand of ``acme`` written by the built-in writer: three ideas, one channel, the
    bundled sample feed (``overrides``: other brand fields)."""
    values: dict[str, Any] = {
        "slug": "quick",
        "name": "Quick Roasts",
        "ideas_per_run": 3,
        "channels": ["linkedin"],
        "model": "builtin",
    }
    with transaction(studio.context.session_factory) as session:
        brand = make_brand(
            session, organization_id=studio.organization_ids["acme"], **(values | overrides)
        )
        trends.register_sources(session, brand=brand, locations=brands.demo_spec().feeds)
        return brand.id


@contextmanager
def studio_with_engine(settings: Settings) -> Iterator[tuple[Studio, Page]]:
    """The studio with the workflow engine running in its process (as ``pressroom serve``
    runs it), and a browser page on it. For forked tests: the engine is process-wide."""
    context = open_app(settings)
    runtime.launch(context)
    try:
        with running(context) as studio, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page(base_url=studio.url, viewport={"width": 1280, "height": 900})
            page.set_default_timeout(15_000)
            yield studio, page
            browser.close()
    finally:
        runtime.destroy()
        context.engine.dispose()


@pytest.mark.forked
def test_run_now_starts_the_run_and_its_page_follows_it_to_the_end(
    settings: Settings, artifacts: Path
) -> None:
    with studio_with_engine(settings) as (studio, page):
        quick_brand(studio)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        loads: list[str] = []
        page.on("load", lambda loaded: loads.append(loaded.url))

        sign_in(page, EDITOR, start="/runs")
        page.get_by_role("button", name="Run now: Quick Roasts").click()
        page.wait_for_url(re.compile(r"/runs/daily:quick:\d{4}-\d{2}-\d{2}$"))
        loads.clear()
        page.evaluate("window.__samePage = true")
        first_status = page.locator("#run-status").inner_text()
        page.screenshot(path=artifacts / "run-started.png", full_page=True)

        expect(page.locator("#run-status")).to_have_text("completed", timeout=90_000)
        expect(page.locator("#run-note")).to_have_text("finished")
        expect(page.locator("#run-pieces li")).to_have_count(3)
        expect(page.locator("#run-stages [data-name='ideas'] dd")).to_have_text("3")
        for badge in page.locator("#run-pieces .badge").all():
            expect(badge).to_have_text(re.compile("^(scheduled|published)$"))
        page.screenshot(path=artifacts / "run-finished.png", full_page=True)
        assert page.evaluate("window.__samePage") is True, "the page was reloaded"
        assert loads == []
        assert errors == []
    # The page was opened while the run ran: what it shows at the end came from polling.
    assert first_status == "running"


def test_another_organizations_run_page_and_progress_are_not_found(studio: Studio) -> None:
    with transaction(studio.context.session_factory) as session:
        runs = {}
        for org in ("acme", "globex"):
            brand = session.get(Brand, studio.brand_ids[org])
            assert brand is not None
            run = make_run(session, brand=brand, id=f"daily:{org}-brand:2026-11-20")
            make_idea(session, run=run, title=f"An idea of {org}")
            runs[org] = run.id
    with signed_in_client(studio, email_for("viewer", "acme")) as (client, _):
        own = client.get(f"/runs/{runs['acme']}")
        assert own.status_code == 200
        assert "completed" in own.text
        progress = client.get(f"/runs/{runs['acme']}/progress.json")
        assert progress.status_code == 200
        assert progress.headers["cache-control"] == "no-store"
        body = progress.json()
        assert (body["run_id"], body["status"], body["finished"]) == (
            runs["acme"],
            "completed",
            True,
        )
        for path in (f"/runs/{runs['globex']}", f"/runs/{runs['globex']}/progress.json"):
            hidden = client.get(path)
            assert hidden.status_code == 404, path
            assert "An idea of globex" not in hidden.text
        assert client.get("/runs/no-such-run/progress.json").status_code == 404
        listing = client.get("/runs")
        assert runs["acme"] in listing.text
        assert runs["globex"] not in listing.text
        assert "Run now" not in listing.text


def test_run_now_needs_the_role_and_the_engine(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    with signed_in_client(studio, email_for("viewer", "acme")) as (client, token):
        refused = client.post("/runs", data={"csrf_token": token, "brand_id": brand_id})
        assert refused.status_code == 403
    with signed_in_client(studio, EDITOR) as (client, token):
        foreign = {"csrf_token": token, "brand_id": studio.brand_ids["globex"]}
        assert client.post("/runs", data=foreign).status_code == 404
        forged = client.post("/runs", data={"csrf_token": "forged", "brand_id": brand_id})
        assert forged.status_code == 403
        unavailable = client.post("/runs", data={"csrf_token": token, "brand_id": brand_id})
        assert unavailable.status_code == 503
        assert unavailable.headers["content-type"].startswith("text/html")
        assert "ENGINE_UNAVAILABLE" in unavailable.text
        assert "pressroom serve" in unavailable.text
    with transaction(studio.context.session_factory) as session:
        assert session.scalar(select(func.count()).select_from(Run)) == 0
