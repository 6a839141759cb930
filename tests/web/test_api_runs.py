"""Runs and ideas over the API, on a live studio: starting today's run (refused without the
workflow engine; end to end with it), listing and showing runs, listing ideas — each within
the caller's organization."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select

from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.cli.context import open_app
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.ideas.models import Idea
from pressroom.runs.models import Run
from pressroom.trends import service as trends
from pressroom.web.app import create_app
from pressroom.workflows import runtime
from pressroom.writing.models import Piece
from tests.factories import make_brand, make_idea, make_run
from tests.web.studio import Studio, seed, serve

PROBLEM = "application/problem+json"
T0 = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def _run_count(studio: Studio) -> int:
    with transaction(studio.context.session_factory) as session:
        return session.scalar(select(func.count()).select_from(Run)) or 0


def _seed_runs(studio: Studio, org: str, *started: datetime, **overrides: Any) -> list[str]:
    """Store one run of the org's brand per start time; returns their ids."""
    with transaction(studio.context.session_factory) as session:
        brand = session.get(Brand, studio.brand_ids[org])
        assert brand is not None
        return [make_run(session, brand=brand, started_at=at, **overrides).id for at in started]


def _all_pages(client: httpx.Client, path: str, **params: Any) -> list[list[str]]:
    """The ids of every page of a listing, page by page."""
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = client.get(path, params=query).json()
        pages.append([item["id"] for item in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def test_runs_are_listed_newest_first_in_pages_of_the_callers_organization(
    studio: Studio,
) -> None:
    tied = T0 + timedelta(hours=2)
    acme = _seed_runs(studio, "acme", T0, T0 + timedelta(hours=1), tied, tied, T0 - timedelta(1))
    _seed_runs(studio, "globex", T0 + timedelta(hours=5))
    with studio.client("viewer", "acme") as client:
        pages = _all_pages(client, "/api/v1/runs", limit=2)
    newest_first = [*sorted(acme[2:4], reverse=True), acme[1], acme[0], acme[4]]
    assert pages == [newest_first[:2], newest_first[2:4], newest_first[4:]]


def test_runs_filter_by_brand_and_status(studio: Studio) -> None:
    (done,) = _seed_runs(studio, "acme", T0)
    (waiting,) = _seed_runs(studio, "acme", T0, status="waiting_for_review")
    brand_id = studio.brand_ids["acme"]
    with studio.client("viewer", "acme") as client:
        by_status = client.get("/api/v1/runs", params={"status": "waiting_for_review"}).json()
        by_brand = client.get("/api/v1/runs", params={"brand_id": brand_id}).json()
    assert [r["id"] for r in by_status["items"]] == [waiting]
    assert by_status["items"][0]["status"] == "waiting_for_review"
    assert {r["id"] for r in by_brand["items"]} == {done, waiting}


def test_bad_run_filters_and_cursors_are_422(studio: Studio) -> None:
    with studio.client("viewer", "acme") as client:
        _problem(client.get("/api/v1/runs", params={"status": "sleeping"}), 422, "INVALID_INPUT")
        _problem(client.get("/api/v1/runs", params={"limit": 0}), 422, "INVALID_INPUT")
        _problem(client.get("/api/v1/runs", params={"cursor": "bogus"}), 422, "INVALID_INPUT")
        _problem(client.get("/api/v1/ideas", params={"cursor": "bogus"}), 422, "INVALID_INPUT")


def test_a_run_shows_counts_timings_errors_and_every_pieces_status(studio: Studio) -> None:
    error = {"stage": "writing", "item": "p", "code": "failed_validation", "message": "x"}
    with transaction(studio.context.session_factory) as session:
        brand = session.get(Brand, studio.brand_ids["acme"])
        assert brand is not None
        run = make_run(
            session,
            brand=brand,
            status="completed_with_errors",
            counts={"ideas": 1, "pieces": 2},
            timings={"trends": 0.5, "writing": 1.25},
            errors=[error],
        )
        idea = make_idea(session, run=run)
        for channel, status in (("x", "failed_validation"), ("linkedin", "scheduled")):
            session.add(
                Piece(
                    brand_id=brand.id,
                    run_id=run.id,
                    idea_id=idea.id,
                    channel=channel,
                    status=status,
                    hook_type="question",
                    trace_id=run.trace_id,
                )
            )
        run_id, idea_id = run.id, idea.id
    with studio.client("viewer", "acme") as client:
        shown = client.get(f"/api/v1/runs/{run_id}").json()
    assert shown["status"] == "completed_with_errors"
    assert shown["counts"] == {"ideas": 1, "pieces": 2}
    assert shown["timings"] == {"trends": 0.5, "writing": 1.25}
    assert shown["errors"] == [error]
    assert shown["error_count"] == 1
    assert [i["id"] for i in shown["ideas"]] == [idea_id]
    assert [(p["channel"], p["status"]) for p in shown["pieces"]] == [
        ("linkedin", "scheduled"),
        ("x", "failed_validation"),
    ]
    assert shown["pieces_per_channel"] == {
        "linkedin": {"scheduled": 1},
        "x": {"failed_validation": 1},
    }
    assert "files" not in shown  # server paths and the database URL stay on the server


def test_another_organizations_runs_and_ideas_are_not_found(studio: Studio) -> None:
    (foreign_run,) = _seed_runs(studio, "globex", T0)
    with transaction(studio.context.session_factory) as session:
        run = session.get(Run, foreign_run)
        assert run is not None
        foreign_idea = make_idea(session, run=run).id
    foreign_brand = studio.brand_ids["globex"]
    with studio.client("owner", "acme") as client:
        _problem(client.get(f"/api/v1/runs/{foreign_run}"), 404, "NOT_FOUND")
        _problem(client.get("/api/v1/runs/no-such-run"), 404, "NOT_FOUND")
        _problem(client.get("/api/v1/runs", params={"brand_id": foreign_brand}), 404, "NOT_FOUND")
        _problem(client.get(f"/api/v1/ideas/{foreign_idea}"), 404, "NOT_FOUND")
        _problem(client.get("/api/v1/ideas", params={"run_id": foreign_run}), 404, "NOT_FOUND")
        _problem(client.get("/api/v1/ideas", params={"brand_id": foreign_brand}), 404, "NOT_FOUND")
        started = client.post("/api/v1/runs", json={"brand_id": foreign_brand})
        _problem(started, 404, "NOT_FOUND")
        assert client.get("/api/v1/runs").json()["items"] == []
        assert client.get("/api/v1/ideas").json()["items"] == []
    assert _run_count(studio) == 1


def test_only_roles_that_run_the_pipeline_may_start_a_run(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    for role in ("viewer", "reviewer"):
        with studio.client(role, "acme") as client:
            refused = client.post("/api/v1/runs", json={"brand_id": brand_id})
            _problem(refused, 403, "FORBIDDEN")
    assert _run_count(studio) == 0


def test_a_run_request_with_bad_fields_or_an_unknown_model_is_refused(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    with studio.client("editor", "acme") as client:
        missing = _problem(client.post("/api/v1/runs", json={}), 422, "INVALID_INPUT")
        assert {p["location"] for p in missing["problems"]} == {"body.brand_id"}
        empty_model = client.post("/api/v1/runs", json={"brand_id": brand_id, "model": ""})
        _problem(empty_model, 422, "INVALID_INPUT")
        unknown = client.post("/api/v1/runs", json={"brand_id": brand_id, "model": "gpt9000"})
        _problem(unknown, 400, "UNKNOWN_MODEL")
    assert _run_count(studio) == 0


def test_without_the_workflow_engine_a_run_is_refused_with_503(studio: Studio) -> None:
    with studio.client("editor", "acme") as client:
        refused = client.post("/api/v1/runs", json={"brand_id": studio.brand_ids["acme"]})
    body = _problem(refused, 503, "ENGINE_UNAVAILABLE")
    assert "workflow engine" in body["detail"]
    assert "pressroom serve" in body["hint"]
    assert _run_count(studio) == 0


def test_ideas_are_listed_newest_first_in_pages_and_filtered_by_run_and_brand(
    studio: Studio,
) -> None:
    with transaction(studio.context.session_factory) as session:
        brand = session.get(Brand, studio.brand_ids["acme"])
        globex = session.get(Brand, studio.brand_ids["globex"])
        assert brand is not None
        assert globex is not None
        other = make_brand(
            session, organization_id=studio.organization_ids["acme"], slug="acme-two"
        )
        first, second = make_run(session, brand=brand), make_run(session, brand=other)
        made = [(first, 1, "Sour espresso"), (first, 2, "Latte art"), (first, 3, "Grinders")]
        made.append((second, 1, "Cold brew"))
        ideas = [
            make_idea(session, run=run, slot=slot, title=title, created_at=T0 + timedelta(i)).id
            for i, (run, slot, title) in enumerate(made)
        ]
        make_idea(session, run=make_run(session, brand=globex), created_at=T0 + timedelta(9))
        first_id, second_id, other_id = first.id, second.id, other.id
    with studio.client("viewer", "acme") as client:
        pages = _all_pages(client, "/api/v1/ideas", limit=3)
        of_run = _all_pages(client, "/api/v1/ideas", run_id=first_id)
        of_brand = _all_pages(client, "/api/v1/ideas", brand_id=other_id)
        shown = client.get(f"/api/v1/ideas/{ideas[3]}").json()
    assert pages == [ideas[::-1][:3], ideas[::-1][3:]]
    assert of_run == [ideas[2::-1]]
    assert of_brand == [[ideas[3]]]
    assert shown["title"] == "Cold brew"
    assert shown["run_id"] == second_id


@contextmanager
def _studio_with_engine(settings: Settings) -> Iterator[Studio]:
    """A live studio whose process runs the workflow engine, as ``pressroom serve`` does."""
    context = open_app(settings)
    runtime.launch(context)
    try:
        with serve(create_app(context)) as url:
            studio = Studio(url=url, context=context)
            seed(context, studio)
            yield studio
    finally:
        runtime.destroy()
        context.engine.dispose()


def _quick_brand(studio: Studio) -> str:
    """A brand of ``acme`` with the fewest ideas a run for one channel, on the bundled
    sample feed."""
    with transaction(studio.context.session_factory) as session:
        brand = make_brand(
            session,
            organization_id=studio.organization_ids["acme"],
            slug="quick",
            ideas_per_run=3,
            channels=["linkedin"],
        )
        trends.register_sources(session, brand=brand, locations=brands.demo_spec().feeds)
        return brand.id


def _until_settled(client: httpx.Client, location: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = client.get(location)
        if shown.status_code == 200 and shown.json()["status"] != "running":
            body: dict[str, Any] = shown.json()
            return body
        time.sleep(0.1)
    raise AssertionError(f"the run at {location} did not finish within {timeout} s")


@pytest.mark.forked
def test_a_run_started_through_the_api_runs_to_the_end_once_a_day(settings: Settings) -> None:
    with _studio_with_engine(settings) as studio, studio.client("editor", "acme") as client:
        brand_id = _quick_brand(studio)
        started = client.post("/api/v1/runs", json={"brand_id": brand_id, "model": "builtin"})
        assert started.status_code == 202, started.text
        run_id = started.json()["run_id"]
        assert run_id == f"daily:quick:{started.json()['run_date']}"
        assert started.headers["location"] == f"/api/v1/runs/{run_id}"

        shown = _until_settled(client, started.headers["location"])
        again = client.post("/api/v1/runs", json={"brand_id": brand_id})
        ideas = client.get("/api/v1/ideas", params={"run_id": run_id}).json()["items"]

    assert shown["status"] == "completed", shown
    assert shown["writer"] == "builtin"
    assert shown["trigger"] == "api"
    assert shown["finished_at"] is not None
    assert set(shown["timings"]) >= {"trends", "ideas", "writing", "publish"}
    assert [(p["channel"], p["idea_slot"]) for p in shown["pieces"]] == [
        ("linkedin", 1),
        ("linkedin", 2),
        ("linkedin", 3),
    ]
    assert {p["status"] for p in shown["pieces"]} <= {"scheduled", "published"}
    assert all(p["decision"] == "approve" for p in shown["pieces"]), shown["pieces"]
    assert again.status_code == 200
    assert again.json()["run_id"] == run_id
    assert again.json()["status"] == "completed"
    assert [i["run_id"] for i in ideas] == [run_id] * 3
    with transaction(studio.context.session_factory) as session:
        assert session.scalar(select(func.count()).select_from(Run)) == 1
        assert session.scalar(select(func.count()).select_from(Idea)) == 3


@pytest.mark.forked
def test_after_a_failed_run_of_the_day_a_trigger_starts_the_next_attempt(
    settings: Settings,
) -> None:
    with _studio_with_engine(settings) as studio, studio.client("editor", "acme") as client:
        brand_id = _quick_brand(studio)
        today = datetime.now(ZoneInfo(brands.demo_spec().timezone)).date()
        with transaction(studio.context.session_factory) as session:
            brand = session.get(Brand, brand_id)
            assert brand is not None
            failed = make_run(session, brand=brand, id=f"daily:quick:{today}", status="failed")
            failed_id = failed.id
        started = client.post("/api/v1/runs", json={"brand_id": brand_id})
        assert started.status_code == 202, started.text
        shown = _until_settled(client, started.headers["location"])

    assert started.json()["run_id"] == f"{failed_id}#2"
    assert started.headers["location"] == f"/api/v1/runs/{failed_id}%232"
    assert shown["id"] == f"{failed_id}#2"
    assert shown["status"] == "completed", shown
