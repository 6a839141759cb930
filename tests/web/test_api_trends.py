"""A brand's trend sources and top signals over the API, on a live studio."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from pressroom.audit.models import AuditEvent
from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.db.session import transaction
from pressroom.trends import service as trends
from tests.web.studio import Studio

PROBLEM = "application/problem+json"
FEED = "https://feeds.example/coffee.xml"


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def _locations(studio: Studio, org: str) -> list[str]:
    with transaction(studio.context.session_factory) as session:
        brand = session.get(Brand, studio.brand_ids[org])
        assert brand is not None
        return [source.location for source in trends.list_sources(session, brand=brand)]


def _ingest_sample_feed(studio: Studio, org: str) -> None:
    with transaction(studio.context.session_factory) as session:
        brand = session.get(Brand, studio.brand_ids[org])
        assert brand is not None
        trends.register_sources(session, brand=brand, locations=brands.demo_spec().feeds)
        trends.ingest(
            session, brand=brand, settings=studio.context.settings, now=utcnow(), trace_id="t"
        )


def test_an_editor_adds_a_feed_once_and_everyone_sees_it(studio: Studio) -> None:
    path = f"/api/v1/brands/{studio.brand_ids['acme']}/trend-sources"
    with studio.client("editor", "acme") as editor:
        assert editor.get(path).json() == {"items": [], "next_cursor": None}
        added = editor.post(
            path, json={"url": f"  {FEED} "}, headers={"X-Request-ID": "trace-feed-1"}
        )
        again = editor.post(path, json={"url": FEED}, headers={"X-Request-ID": "trace-feed-2"})
    assert added.status_code == 201, added.text
    assert again.status_code == 200
    assert again.json()["id"] == added.json()["id"]
    assert added.json()["location"] == FEED
    assert added.json()["kind"] == "rss"
    assert added.json()["name"] == "feeds.example/coffee.xml"
    assert added.json()["last_fetched_at"] is None
    with studio.client("viewer", "acme") as viewer:
        listed = viewer.get(path).json()["items"]
    assert [source["location"] for source in listed] == [FEED]
    assert _locations(studio, "acme") == [FEED]
    with transaction(studio.context.session_factory) as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "trend_source")
        ).all()
        # Adding is audited once; the same feed again changes nothing.
        assert [(e.entity_id, e.action, e.trace_id) for e in events] == [
            (added.json()["id"], "created", "trace-feed-1")
        ]
        assert events[0].actor.startswith("user:")
        assert events[0].after == {
            "brand_id": studio.brand_ids["acme"],
            "kind": "rss",
            "location": FEED,
        }


def test_only_roles_that_edit_content_may_add_a_feed(studio: Studio) -> None:
    path = f"/api/v1/brands/{studio.brand_ids['acme']}/trend-sources"
    for role in ("viewer", "reviewer"):
        with studio.client(role, "acme") as client:
            _problem(client.post(path, json={"url": FEED}), 403, "FORBIDDEN")
    assert _locations(studio, "acme") == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"url": "/etc/passwd"},
        {"url": "file:///etc/passwd"},
        {"url": "ftp://feeds.example/coffee.xml"},
        {"url": "https://"},
        {"url": "https://feeds.example/" + "x" * 1000},
        {"url": ["https://feeds.example/coffee.xml"]},
        {"url": "http://localhost:8000/admin.xml"},
        {"url": "http://127.0.0.1/feed.xml"},
        {"url": "http://127.1/feed.xml"},
        {"url": "http://2130706433/feed.xml"},
        {"url": "http://10.0.0.5/feed.xml"},
        {"url": "http://169.254.169.254/latest/meta-data/"},
        {"url": "http://[::1]:8080/feed.xml"},
        {"url": "http://[::ffff:192.168.1.1]/feed.xml"},
        {"url": "https://metadata.google.internal/feed.xml"},
    ],
)
def test_only_a_web_feed_url_may_be_added(studio: Studio, body: dict[str, Any]) -> None:
    path = f"/api/v1/brands/{studio.brand_ids['acme']}/trend-sources"
    with studio.client("editor", "acme") as client:
        refused = _problem(client.post(path, json=body), 422, "INVALID_INPUT")
    assert [p["location"] for p in refused["problems"]] == ["body.url"]
    assert _locations(studio, "acme") == []


def test_another_organizations_brand_has_no_sources_or_signals_for_you(studio: Studio) -> None:
    _ingest_sample_feed(studio, "globex")
    before = _locations(studio, "globex")
    foreign = f"/api/v1/brands/{studio.brand_ids['globex']}"
    with studio.client("owner", "acme") as client:
        _problem(client.get(f"{foreign}/trend-sources"), 404, "NOT_FOUND")
        _problem(client.post(f"{foreign}/trend-sources", json={"url": FEED}), 404, "NOT_FOUND")
        _problem(client.get(f"{foreign}/signals"), 404, "NOT_FOUND")
        _problem(client.get("/api/v1/brands/no-such-brand/signals"), 404, "NOT_FOUND")
    assert _locations(studio, "globex") == before


def test_top_signals_come_best_first_up_to_the_limit(studio: Studio) -> None:
    _ingest_sample_feed(studio, "acme")
    path = f"/api/v1/brands/{studio.brand_ids['acme']}/signals"
    with studio.client("viewer", "acme") as client:
        default = client.get(path).json()
        three = client.get(path, params={"limit": 3}).json()
        _problem(client.get(path, params={"limit": 0}), 422, "INVALID_INPUT")
        _problem(client.get(path, params={"limit": 10_000}), 422, "INVALID_INPUT")
    with transaction(studio.context.session_factory) as session:
        brand = session.get(Brand, studio.brand_ids["acme"])
        assert brand is not None
        ranked = [s.id for s in trends.top_signals(session, brand=brand, now=utcnow(), limit=10)]
    assert len(ranked) == 10, "the sample feed has more than ten signals"
    assert [s["id"] for s in default["items"]] == ranked
    assert [s["id"] for s in three["items"]] == ranked[:3]
    assert default["next_cursor"] is None
    best = default["items"][0]
    assert best["topic"]
    assert best["evidence"]["sample_size"] >= 1
    assert 0 <= best["relevance"] <= 1


def test_a_private_address_is_refused_with_the_reason(studio: Studio) -> None:
    path = f"/api/v1/brands/{studio.brand_ids['acme']}/trend-sources"
    with studio.client("editor", "acme") as client:
        refused = _problem(
            client.post(path, json={"url": "http://192.168.1.20/feed.xml"}), 422, "INVALID_INPUT"
        )
    assert refused["problems"][0]["message"].endswith(
        "192.168.1.20 is a local or private network address; give a feed on the public web"
    )
