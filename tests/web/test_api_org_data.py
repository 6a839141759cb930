"""The organization's data over the API, on a live studio: audit log, costs, metrics and
prompt profiles — each scoped to the caller's organization, mutations to the roles that
may make them."""

from __future__ import annotations

from typing import Any, get_args

import httpx
from sqlalchemy import func, select

from pressroom.audit.repository import SCOPED_ENTITY_TYPES
from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.learning import service as learning
from pressroom.ledger import service as ledger
from pressroom.metrics.models import MetricSnapshot
from pressroom.providers.llm.protocol import Usage
from pressroom.web.api.audit import EntityType
from tests.learning.factories import NOW, make_question_wins_on_x
from tests.metrics.factories import make_piece, make_run
from tests.web.studio import Studio

PROBLEM = "application/problem+json"


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def _all_pages(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


def _snapshot_count(studio: Studio) -> int:
    with transaction(studio.context.session_factory) as session:
        return session.scalar(select(func.count()).select_from(MetricSnapshot)) or 0


# --- Audit log. ---------------------------------------------------------------------------------


def test_the_audit_log_shows_only_this_organizations_events(studio: Studio) -> None:
    acme, globex = studio.organization_ids["acme"], studio.organization_ids["globex"]
    with studio.client("editor", "globex") as client:
        client.post("/api/v1/api-keys", json={"name": "globex-key"})
    with studio.client("viewer", "acme") as client:
        events = _all_pages(client, "/api/v1/audit-events", limit=4)
        brand = client.get(
            "/api/v1/audit-events",
            params={"entity_type": "brand", "entity_id": studio.brand_ids["acme"]},
        ).json()["items"]
        foreign = client.get(
            "/api/v1/audit-events", params={"entity_id": studio.brand_ids["globex"]}
        ).json()["items"]
    kinds = {event["entity_type"] for event in events}
    assert {"organization", "membership", "brand"} <= kinds
    assert "user" not in kinds  # a person may belong to several organizations
    assert all(globex not in str(event) for event in events)
    assert all((event["after"] or {}).get("name") != "globex-key" for event in events)
    assert [e["entity_id"] for e in events if e["entity_type"] == "organization"] == [acme]
    assert [e["entity_type"] for e in events if e["entity_type"] == "membership"] == [
        "membership"
    ] * 5
    moments = [(event["created_at"], event["id"]) for event in events]
    assert moments == sorted(moments, reverse=True)
    assert brand
    assert {e["entity_id"] for e in brand} == {studio.brand_ids["acme"]}
    assert foreign == []


def test_a_removed_membership_stays_in_its_organizations_audit_log(studio: Studio) -> None:
    with studio.client("owner") as owner:
        members = owner.get("/api/v1/members").json()["items"]
        viewer = next(m["user_id"] for m in members if m["role"] == "viewer")
        assert owner.delete(f"/api/v1/members/{viewer}").status_code == 204
        events = owner.get("/api/v1/audit-events", params={"entity_type": "membership"}).json()
    newest = events["items"][0]
    assert (newest["action"], newest["actor"]) == ("removed", "user:owner@acme.test")
    assert newest["before"]["role"] == "viewer"
    with studio.client("owner", "globex") as other:
        seen = other.get("/api/v1/audit-events", params={"entity_id": newest["entity_id"]})
    assert seen.json()["items"] == []


def test_the_audit_filters_name_exactly_the_scoped_entity_types(studio: Studio) -> None:
    assert set(get_args(EntityType)) == set(SCOPED_ENTITY_TYPES)
    with studio.client("viewer") as client:
        refused = client.get("/api/v1/audit-events", params={"entity_type": "user"})
    _problem(refused, 422, "INVALID_INPUT")


# --- Costs. -------------------------------------------------------------------------------------


def _spend(studio: Studio) -> dict[str, str]:
    """Four entries for acme (one of them in a run), one for globex; returns run ids."""
    runs: dict[str, str] = {}
    with transaction(studio.context.session_factory) as session:
        for org in ("acme", "globex"):
            brand = session.get_one(Brand, studio.brand_ids[org])
            runs[org] = make_run(session, brand).id
        acme, globex = studio.brand_ids["acme"], studio.brand_ids["globex"]
        calls = [
            ("a1", "writing", "openai", 0.5, acme, runs["acme"]),
            ("a2", "writing", "builtin", 0.0, acme, None),
            ("a3", "media", "openai", 1.25, acme, None),
            ("a4", "writing", "openai", 0.25, acme, None),
            ("g1", "writing", "openai", 9.0, globex, runs["globex"]),
        ]
        for key, pillar, provider, usd, brand_id, run_id in calls:
            usage = Usage(provider=provider, model="m", input_tokens=100, output_tokens=10)
            ledger.record_usage(
                session,
                operation_key=key,
                pillar=pillar,
                usage=usage,
                usd=usd,
                brand_id=brand_id,
                run_id=run_id,
            )
    return runs


def test_costs_total_the_organizations_entries_by_pillar_and_provider(studio: Studio) -> None:
    _spend(studio)
    with studio.client("viewer") as client:
        costs = client.get("/api/v1/costs", params={"limit": 3}).json()
        rest = client.get("/api/v1/costs", params={"cursor": costs["entries"]["next_cursor"]})
    assert costs["total"]["calls"] == 4
    assert costs["total"]["usd"] == 2.0
    assert costs["total"]["input_tokens"] == 400
    pillars = {row["key"]: (row["calls"], row["usd"]) for row in costs["by_pillar"]}
    assert pillars == {"media": (1, 1.25), "writing": (3, 0.75)}
    providers = {row["key"]: row["usd"] for row in costs["by_provider"]}
    assert providers == {"builtin": 0.0, "openai": 2.0}
    entries = costs["entries"]["items"] + rest.json()["entries"]["items"]
    assert len(entries) == 4
    assert {entry["brand_id"] for entry in entries} == {studio.brand_ids["acme"]}


def test_costs_of_one_run_or_brand_and_another_organizations_ids(studio: Studio) -> None:
    runs = _spend(studio)
    with studio.client("viewer") as client:
        of_run = client.get("/api/v1/costs", params={"run_id": runs["acme"]}).json()
        of_brand = client.get("/api/v1/costs", params={"brand_id": studio.brand_ids["acme"]})
        future = client.get("/api/v1/costs", params={"from": "2999-01-01T00:00:00"}).json()
        foreign_run = client.get("/api/v1/costs", params={"run_id": runs["globex"]})
        foreign_brand = client.get("/api/v1/costs", params={"brand_id": studio.brand_ids["globex"]})
        backwards = client.get("/api/v1/costs", params={"from": "2026-02-01", "to": "2026-01-01"})
    assert (of_run["total"]["calls"], of_run["total"]["usd"]) == (1, 0.5)
    assert of_brand.json()["total"]["calls"] == 4
    assert future["total"]["calls"] == 0
    assert future["entries"]["items"] == []
    _problem(foreign_run, 404, "NOT_FOUND")
    _problem(foreign_brand, 404, "NOT_FOUND")
    _problem(backwards, 422, "INVALID_INPUT")


# --- Metrics. -----------------------------------------------------------------------------------


def _pieces(studio: Studio) -> dict[str, str]:
    with transaction(studio.context.session_factory) as session:
        return {
            org: make_piece(session, session.get_one(Brand, studio.brand_ids[org])).id
            for org in ("acme", "globex")
        }


def test_metric_rows_are_imported_and_bad_ones_reported_by_index(studio: Studio) -> None:
    pieces = _pieces(studio)
    acme = studio.brand_ids["acme"]
    rows: list[dict[str, Any]] = [
        {
            "piece_id": pieces["acme"],
            "impressions": 1200,
            "likes": 48,
            "collected_at": "2026-03-03",
        },
        {"piece_id": pieces["acme"], "impressions": "1.200", "collected_at": "2026-03-04"},
        {"piece_id": "no-such-piece", "impressions": 5},
        {},
        {"piece_id": pieces["globex"], "impressions": 5, "Notes": "x"},
        {"piece_id": pieces["acme"], "impressions": "2,000", "collected_at": "2026-03-05T09:00Z"},
        {"piece_id": pieces["globex"][:8], "impressions": 5},
    ]
    with studio.client("editor") as client:
        report = client.post(f"/api/v1/brands/{acme}/metrics", json={"rows": rows})
        assert report.status_code == 200, report.text
        again = client.post(f"/api/v1/brands/{acme}/metrics", json={"rows": rows[:1]}).json()
        snapshots = _all_pages(client, f"/api/v1/brands/{acme}/metrics", limit=1)
    body = report.json()
    assert (body["imported"], body["updated"], body["unchanged"]) == (2, 0, 0)
    assert [row["index"] for row in body["rejected"]] == [1, 2, 3, 4, 6]
    assert "ambiguous" in body["rejected"][0]["reason"]
    assert "unknown piece_id" in body["rejected"][1]["reason"]
    assert body["rejected"][2]["reason"] == "has no values"
    # Another organization's piece, whole or by prefix, is unknown here: the answer does not
    # say it exists, nor give its full id.
    for foreign in body["rejected"][3:]:
        assert foreign["reason"].startswith("unknown piece_id"), foreign
    assert pieces["globex"] not in body["rejected"][4]["reason"]
    assert body["ignored_columns"] == ["Notes"]
    assert (again["imported"], again["unchanged"]) == (0, 1)
    assert [s["impressions"] for s in snapshots] == [2000, 1200]
    assert snapshots[1]["engagement_rate"] == 48 / 1200


def test_metric_rows_without_required_columns_store_nothing(studio: Studio) -> None:
    pieces = _pieces(studio)
    acme = studio.brand_ids["acme"]
    with studio.client("editor") as client:
        missing = client.post(
            f"/api/v1/brands/{acme}/metrics", json={"rows": [{"piece_id": pieces["acme"]}]}
        )
    body = _problem(missing, 422, "CSV_MISSING_COLUMNS")
    assert "impressions" in body["detail"]
    assert _snapshot_count(studio) == 0


def test_metrics_are_refused_to_a_viewer_and_hidden_from_other_organizations(
    studio: Studio,
) -> None:
    pieces = _pieces(studio)
    acme, globex = studio.brand_ids["acme"], studio.brand_ids["globex"]
    rows = {"rows": [{"piece_id": pieces["acme"], "impressions": 10}]}
    with studio.client("viewer") as viewer:
        _problem(viewer.post(f"/api/v1/brands/{acme}/metrics", json=rows), 403, "FORBIDDEN")
    with studio.client("owner", "globex") as other:
        _problem(other.post(f"/api/v1/brands/{acme}/metrics", json=rows), 404, "NOT_FOUND")
        _problem(other.get(f"/api/v1/brands/{acme}/metrics"), 404, "NOT_FOUND")
    with studio.client("owner") as owner:
        _problem(owner.get(f"/api/v1/brands/{globex}/metrics"), 404, "NOT_FOUND")
    assert _snapshot_count(studio) == 0


# --- Prompt profiles. ---------------------------------------------------------------------------


def _proposal(studio: Studio) -> int:
    """Measured posts where question hooks win on X, and the version learning proposes."""
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids["acme"])
        make_question_wins_on_x(session, brand)
        record = learning.learn(session, brand=brand, now=NOW, actor="test", trace_id="t-learn")
        return record.version


def test_a_proposed_profile_shows_its_diff_and_is_approved_once(studio: Studio) -> None:
    version = _proposal(studio)
    base = f"/api/v1/brands/{studio.brand_ids['acme']}/prompt-profiles"
    with studio.client("viewer") as viewer:
        (listed,) = viewer.get(base).json()["items"]
        shown = viewer.get(f"{base}/{version}").json()
    assert (listed["version"], listed["status"]) == (version, "approval_required")
    assert shown["approval_required"] is True
    assert shown["justification"].startswith("Learned from")
    assert shown["changes"]
    changed = {change["path"] for change in shown["diff"]}
    assert changed == {change["path"] for change in shown["changes"]}
    with studio.client("admin") as admin:
        approved = admin.post(f"{base}/{version}/approve")
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "approved"
        twice = admin.post(f"{base}/{version}/approve")
        _problem(twice, 409, "INVALID_STATE_TRANSITION")
        _problem(admin.get(f"{base}/{version + 1}"), 404, "NOT_FOUND")
        events = admin.get("/api/v1/audit-events", params={"entity_type": "prompt_profile"}).json()[
            "items"
        ]
    assert events[0]["action"] == "status.approved"
    assert events[0]["actor"] == "user:admin@acme.test"


def test_profiles_are_refused_to_roles_without_approval_and_hidden_from_others(
    studio: Studio,
) -> None:
    version = _proposal(studio)
    base = f"/api/v1/brands/{studio.brand_ids['acme']}/prompt-profiles"
    for role in ("viewer", "reviewer", "editor"):
        with studio.client(role) as client:
            _problem(client.post(f"{base}/{version}/approve"), 403, "FORBIDDEN")
            _problem(client.post(f"{base}/{version}/reject"), 403, "FORBIDDEN")
    with studio.client("owner", "globex") as other:
        _problem(other.get(base), 404, "NOT_FOUND")
        _problem(other.get(f"{base}/{version}"), 404, "NOT_FOUND")
        _problem(other.post(f"{base}/{version}/approve"), 404, "NOT_FOUND")
    with studio.client("viewer") as viewer:
        assert viewer.get(f"{base}/{version}").json()["status"] == "approval_required"


def test_a_person_proposes_tone_and_structure_and_it_waits_for_approval(studio: Studio) -> None:
    base = f"/api/v1/brands/{studio.brand_ids['acme']}/prompt-profiles"
    settings = {
        "tone_weights": {"educational": 1.5},
        "structure": {"max_points": 2, "ending": "question"},
    }
    body = {"settings": settings, "reason": "Teach in two points and ask readers"}
    with studio.client("editor") as editor:
        _problem(editor.post(base, json=body), 403, "FORBIDDEN")
    with studio.client("admin") as admin:
        created = admin.post(base, json=body)
        assert created.status_code == 201, created.text
        again = admin.post(base, json=body)
        assert again.status_code == 201, "a second proposal supersedes the first"
        unchanged = admin.post(base, json={"settings": {}, "reason": "no change from the defaults"})
        invalid = admin.post(
            base, json={"settings": {"tone_weights": {"sarcastic": 2}}, "reason": "x"}
        )
    shown = created.json()
    assert shown["status"] == "approval_required"
    assert shown["justification"] == "Teach in two points and ask readers"
    assert {(c["type"], c["path"]) for c in shown["changes"]} == {
        ("setting_change", "tone_weights.educational"),
        ("setting_change", "structure.max_points"),
        ("setting_change", "structure.ending"),
    }
    assert {c["path"] for c in shown["diff"]} == {c["path"] for c in shown["changes"]}
    _problem(unchanged, 422, "INVALID_INPUT")
    assert invalid.status_code == 422, invalid.text
    with studio.client("viewer") as viewer:
        statuses = {p["version"]: p["status"] for p in viewer.get(base).json()["items"]}
    assert statuses == {1: "superseded", 2: "approval_required"}
