"""Settings over the API: the installation's providers (never a secret), each brand's
schedule and writer, who may change them, and `pressroom serve` applying a change to the
workflow engine's schedules at once."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from dbos import DBOS
from pydantic import SecretStr
from sqlalchemy import select

from pressroom.app import open_app
from pressroom.audit.models import AuditEvent
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.web.server import build
from tests.factories import make_brand
from tests.web.studio import Studio, seed, serve

PROBLEM = "application/problem+json"


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def test_providers_are_shown_without_their_secret(settings: Settings) -> None:
    from tests.web.studio import running_studio

    keyed = settings.model_copy(update={"openai_api_key": SecretStr("sk-very-secret")})
    with running_studio(keyed) as studio, studio.client("viewer") as client:
        response = client.get("/api/v1/settings")
    assert response.status_code == 200
    assert "sk-very-secret" not in response.text
    body = response.json()
    assert body["providers"]["default_model"] == "builtin"
    assert body["providers"]["openai_api_key_set"] is True
    assert {"builtin", "openai-chat"} <= set(body["providers"]["writers"])
    assert "outbox" in body["providers"]["publishers"]
    assert body["engine_running"] is False
    assert body["schedule_defaults"] == {"run_time": "06:00", "learn_time": "03:00"}


def test_brand_settings_list_only_the_organizations_brands(studio: Studio) -> None:
    with transaction(studio.context.session_factory) as session:
        make_brand(session, organization_id=studio.organization_ids["acme"], slug="acme-two")
    with studio.client("viewer", "acme") as client:
        first = client.get("/api/v1/settings/brands", params={"limit": 1}).json()
        second = client.get(
            "/api/v1/settings/brands", params={"limit": 1, "cursor": first["next_cursor"]}
        ).json()
    assert [item["brand_slug"] for item in first["items"] + second["items"]] == [
        "acme-brand",
        "acme-two",
    ]
    assert second["next_cursor"] is None
    shown = first["items"][0]
    assert shown["brand_id"] == studio.brand_ids["acme"]
    assert (shown["schedule_enabled"], shown["run_time"], shown["learn_time"]) == (
        True,
        "06:00",
        "03:00",
    )
    assert shown["timezone"] == "Europe/Berlin"
    assert shown["writer"] == "builtin"
    assert shown["next_run_at"] is not None


def test_an_admin_changes_a_schedule_and_it_is_audited(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    path = f"/api/v1/settings/brands/{brand_id}"
    with studio.client("admin", "acme") as client:
        changed = client.patch(
            path,
            json={"run_time": "07:30", "schedule_enabled": False, "model": "openai-chat:gpt-4o"},
            headers={"X-Request-ID": "trace-settings-1"},
        )
        shown = client.get(path).json()
        reset = client.patch(path, json={"model": None}).json()
    assert changed.status_code == 200, changed.text
    assert shown["run_time"] == "07:30"
    assert shown["learn_time"] == "03:00"
    assert shown["schedule_enabled"] is False
    assert shown["next_run_at"] is None
    assert shown["writer"] == "openai-chat:gpt-4o"
    assert (reset["model"], reset["writer"], reset["run_time"]) == (None, "builtin", "07:30")
    with transaction(studio.context.session_factory) as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.trace_id == "trace-settings-1")
        ).one()
        assert (event.entity_id, event.action) == (brand_id, "settings_changed")
        assert event.actor.startswith("user:")
        assert event.after is not None
        assert event.after["run_time"] == "07:30"


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_only_admins_and_owners_change_settings(studio: Studio, role: str) -> None:
    path = f"/api/v1/settings/brands/{studio.brand_ids['acme']}"
    with studio.client(role, "acme") as client:
        refused = client.patch(path, json={"run_time": "07:30"})
        after = client.get(path).json()
    problem(refused, 403, "FORBIDDEN")
    assert after["run_time"] == "06:00"


def test_another_organizations_brand_is_not_found(studio: Studio) -> None:
    path = f"/api/v1/settings/brands/{studio.brand_ids['globex']}"
    with studio.client("owner", "acme") as client:
        problem(client.get(path), 404, "NOT_FOUND")
        problem(client.patch(path, json={"run_time": "07:30"}), 404, "NOT_FOUND")


def test_bad_settings_are_refused_field_by_field(studio: Studio) -> None:
    path = f"/api/v1/settings/brands/{studio.brand_ids['acme']}"
    with studio.client("owner", "acme") as client:
        bad_times = problem(
            client.patch(path, json={"run_time": "25:00", "learn_time": "3am"}),
            422,
            "INVALID_INPUT",
        )
        unknown_field = problem(client.patch(path, json={"runtime": "07:00"}), 422, "INVALID_INPUT")
        unknown_writer = problem(client.patch(path, json={"model": "gpt-4o"}), 422, "INVALID_INPUT")
        after = client.get(path).json()
    fields = {p["location"] for p in bad_times["problems"]}
    assert fields == {"body.run_time", "body.learn_time"}
    assert any("HH:MM" in p["message"] for p in bad_times["problems"])
    assert unknown_field["problems"]
    assert "unknown writer 'gpt-4o'" in unknown_writer["detail"]
    assert "openai-chat:<model>" in unknown_writer["hint"]
    assert (after["run_time"], after["learn_time"], after["model"]) == ("06:00", "03:00", None)


@pytest.mark.forked
def test_serve_applies_a_changed_schedule_to_the_engine_at_once(settings: Settings) -> None:
    """The app `pressroom serve` runs (engine and schedule keeper in its lifespan): the
    brands' schedules exist after startup and follow a change without waiting."""
    context = open_app(settings)
    studio = Studio(url="", context=context)
    seed(context, studio)
    app = build(context)
    with serve(app, lifespan="on") as url:
        studio.url = url
        keeper = app.state.schedule_keeper
        assert keeper.synced.wait(30)
        names = {s["schedule_name"] for s in DBOS.list_schedules()}
        assert {"publish-due", "daily-run:acme-brand", "daily-run:globex-brand"} <= names
        with studio.client("owner", "acme") as client:
            response = client.patch(
                f"/api/v1/settings/brands/{studio.brand_ids['acme']}",
                json={"run_time": "05:15"},
            )
            assert response.status_code == 200, response.text
            engine = client.get("/api/v1/settings").json()["engine_running"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            daily = DBOS.get_schedule("daily-run:acme-brand")
            if daily is not None and daily["schedule"] == "0 15 5 * * *":
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the changed schedule did not reach the engine")
        assert engine is True
    context.engine.dispose()
