"""The publish jobs API on a live studio: the posting calendar with filters and cursors, one
job, rescheduling a post that has not gone out, roles and tenancy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from pressroom.audit.models import AuditEvent
from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.providers.publishers.protocol import PublishResult
from pressroom.publishing import service
from pressroom.publishing.models import PublishJobRecord
from pressroom.web.api.pagination import encode_cursor
from pressroom.writing.models import Piece
from tests.factories import make_brand
from tests.publishing.factories import make_piece
from tests.web.studio import Studio

PROBLEM = "application/problem+json"
MONDAY = datetime(2099, 3, 30, 9, 0, tzinfo=UTC)
"""Far enough ahead to stay in the future: only future posts can be rescheduled."""


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["detail"]
    return body


def add_job(
    studio: Studio,
    at: datetime,
    *,
    org: str = "acme",
    brand_id: str | None = None,
    channel: str = "linkedin",
    published: bool = False,
) -> str:
    """Schedule a new approved piece of the brand at ``at`` through the publishing service;
    ``published``: and record it as published."""
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, brand_id or studio.brand_ids[org])
        piece = make_piece(session, brand=brand, channel=channel)
        job = service.schedule_piece(
            session,
            piece=piece,
            brand=brand,
            now=at - timedelta(days=1),
            actor="test",
            trace_id="trace-test",
            schedule_at=at,
        )
        if published:
            result = PublishResult(
                idempotency_key=job.idempotency_key, external_id="post-1", published_at=at
            )
            service.record_published(
                session, job=job, result=result, actor="test", trace_id="trace-test"
            )
        return job.id


def state(studio: Studio, job_id: str) -> dict[str, Any]:
    """What a refused change must leave as it was: the job, its piece and the audit log."""
    with transaction(studio.context.session_factory) as session:
        job = session.get_one(PublishJobRecord, job_id)
        return {
            "status": job.status,
            "schedule_at": job.schedule_at,
            "attempt": job.attempt,
            "piece": session.get_one(Piece, job.piece_id).status,
            "audit": session.scalar(select(func.count()).select_from(AuditEvent)),
        }


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


# ── reading ──────────────────────────────────────────────────────────────────────────────


def test_the_calendar_filters_by_brand_status_and_time(studio: Studio) -> None:
    with transaction(studio.context.session_factory) as session:
        second = make_brand(
            session, organization_id=studio.organization_ids["acme"], slug="acme-two", name="Two"
        ).id
    tuesday = add_job(studio, MONDAY + timedelta(days=1))
    monday = add_job(studio, MONDAY)
    other_brand = add_job(studio, MONDAY + timedelta(hours=2), brand_id=second)
    done = add_job(studio, MONDAY - timedelta(days=3), published=True)
    add_job(studio, MONDAY, org="globex")

    with studio.client("viewer") as client:

        def listed(**params: Any) -> list[str]:
            response = client.get("/api/v1/publish-jobs", params=params)
            assert response.status_code == 200, response.text
            return ids(response.json())

        assert listed() == [done, monday, other_brand, tuesday]
        assert listed(brand_id=second) == [other_brand]
        assert listed(status="scheduled", brand_id=studio.brand_ids["acme"]) == [monday, tuesday]
        assert listed(status="published") == [done]
        window = {
            "scheduled_from": MONDAY.isoformat(),
            "scheduled_to": (MONDAY + timedelta(days=1)).isoformat(),
        }
        assert listed(**window) == [monday, other_brand]
        one = client.get(f"/api/v1/publish-jobs/{done}").json()

    assert one["status"] == "published"
    assert one["external_id"] == "post-1"
    assert one["brand_id"] == studio.brand_ids["acme"]
    assert datetime.fromisoformat(one["schedule_at"]) == MONDAY - timedelta(days=3)
    assert one["idempotency_key"].startswith("pub-")


def test_the_calendar_pages_in_posting_order(studio: Studio) -> None:
    created = [add_job(studio, MONDAY + timedelta(hours=hour)) for hour in (3, 1, 2, 0, 4)]
    expected = [created[3], created[1], created[2], created[0], created[4]]
    seen: list[str] = []
    cursor: str | None = None
    with studio.client("viewer") as client:
        for _ in range(3):
            params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = client.get("/api/v1/publish-jobs", params=params).json()
            seen += ids(page)
            cursor = page["next_cursor"]
    assert seen == expected
    assert cursor is None


def test_the_calendar_refuses_what_it_cannot_read(studio: Studio) -> None:
    with studio.client("viewer") as client:
        for params in (
            {"status": "queued"},
            {"cursor": "garbage"},
            {"limit": 500},
            {"scheduled_from": "2099-03-30T09:00:00"},  # no offset
            {"scheduled_to": "0001-01-01T00:00:00+01:00"},  # before year 1 in UTC
            {"cursor": encode_cursor("9999-12-31T23:59:00-01:00", "x")},  # after 9999 in UTC
        ):
            problem(client.get("/api/v1/publish-jobs", params=params), 422, "INVALID_INPUT")
        foreign = {"brand_id": studio.brand_ids["globex"]}
        problem(client.get("/api/v1/publish-jobs", params=foreign), 404, "NOT_FOUND")


# ── rescheduling ─────────────────────────────────────────────────────────────────────────


def test_an_editor_reschedules_a_scheduled_post(studio: Studio) -> None:
    job_id = add_job(studio, MONDAY)
    berlin_ten = "2099-03-31T10:00:00+02:00"
    with studio.client("editor") as client:
        moved = client.patch(f"/api/v1/publish-jobs/{job_id}", json={"schedule_at": berlin_ten})
        shown = client.get(f"/api/v1/publish-jobs/{job_id}").json()

    assert moved.status_code == 200, moved.text
    at = datetime(2099, 3, 31, 8, 0, tzinfo=UTC)
    assert datetime.fromisoformat(moved.json()["schedule_at"]) == at
    assert datetime.fromisoformat(shown["schedule_at"]) == at
    assert shown["status"] == "scheduled"
    with transaction(studio.context.session_factory) as session:
        event = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity_id == job_id, AuditEvent.action == "rescheduled"
            )
        ).one()
        assert event.actor == "user:editor@acme.test"
        assert event.after == {"schedule_at": at.isoformat()}


def test_a_published_post_keeps_its_time(studio: Studio) -> None:
    job_id = add_job(studio, MONDAY, published=True)
    before = state(studio, job_id)
    with studio.client("editor") as client:
        refused = client.patch(
            f"/api/v1/publish-jobs/{job_id}", json={"schedule_at": "2099-04-01T09:00:00Z"}
        )
    body = problem(refused, 409, "INVALID_STATE_TRANSITION")
    assert body["details"]["status"] == "published"
    assert state(studio, job_id) == before


def test_a_new_time_must_be_aware_ahead_and_free(studio: Studio) -> None:
    job_id = add_job(studio, MONDAY)
    add_job(studio, MONDAY + timedelta(days=1))  # same brand and channel
    before = state(studio, job_id)
    with studio.client("editor") as client:
        for schedule_at in (
            "2099-03-31T09:00:00",  # no offset
            "2020-01-01T09:00:00Z",  # past
            (MONDAY + timedelta(days=1)).isoformat(),  # another post's time
            "soon",
            "9999-12-31T23:59:00-01:00",  # after 9999 in UTC
        ):
            response = client.patch(
                f"/api/v1/publish-jobs/{job_id}", json={"schedule_at": schedule_at}
            )
            problem(response, 422, "INVALID_INPUT")
        problem(client.patch(f"/api/v1/publish-jobs/{job_id}", json={}), 422, "INVALID_INPUT")
    assert state(studio, job_id) == before


# ── roles and tenancy ────────────────────────────────────────────────────────────────────


def test_only_content_editors_may_reschedule(studio: Studio) -> None:
    job_id = add_job(studio, MONDAY)
    before = state(studio, job_id)
    payload = {"schedule_at": "2099-04-01T09:00:00Z"}
    for role in ("viewer", "reviewer"):
        with studio.client(role) as client:
            assert client.get(f"/api/v1/publish-jobs/{job_id}").status_code == 200
            refused = client.patch(f"/api/v1/publish-jobs/{job_id}", json=payload)
            problem(refused, 403, "FORBIDDEN")
    assert state(studio, job_id) == before


def test_another_organizations_job_is_not_found_on_every_route(studio: Studio) -> None:
    job_id = add_job(studio, MONDAY, org="globex")
    before = state(studio, job_id)
    payload = {"schedule_at": "2099-04-01T09:00:00Z"}
    with studio.client("owner", "acme") as client:
        for target in (job_id, "no-such-job"):
            url = f"/api/v1/publish-jobs/{target}"
            problem(client.get(url), 404, "NOT_FOUND")
            problem(client.patch(url, json=payload), 404, "NOT_FOUND")
        assert client.get("/api/v1/publish-jobs").json()["items"] == []
    assert state(studio, job_id) == before
