"""Strict isolation, route by route: every operation of the OpenAPI document that names
something by id is called by an owner of ``acme`` with ``globex``'s ids and must answer 404
(and change nothing); every operation that changes something is called by a viewer and must
answer 403 (or 404 for another organization's ids, which a viewer may not even see).

The walk reads the served OpenAPI document, so a route added later is walked too; a path
parameter this test does not know how to fill fails the test instead of being skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from pressroom.accounts import service as accounts
from pressroom.audit.models import AuditEvent
from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.errors import MediaError
from pressroom.learning.models import PromptProfileRecord
from pressroom.media import service as media
from pressroom.media.schemas import AssetSpec
from pressroom.media.spec import Aspect, AssetKind, AssetRole
from pressroom.publishing import service as publishing
from tests.factories import brand_spec
from tests.publishing.factories import make_piece
from tests.web.studio import Studio

MUTATING = {"post", "put", "patch", "delete"}
NO_PERMISSION_NEEDED = {
    ("post", "/api/v1/auth/tokens"),  # signing in
    ("delete", "/api/v1/auth/tokens/current"),  # signing yourself out
    ("post", "/api/v1/invitations/accept"),  # joining with an invitation
    ("post", "/api/v1/api-keys"),  # a key acts with its own user's role: grants nothing new
}


def _globex_ids(studio: Studio) -> dict[str, str]:
    """One of each kind of thing in ``globex``, by the path parameter that names it."""
    context = studio.context
    with transaction(context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids["globex"])
        piece = make_piece(session, brand=brand, status="approved")
        job = publishing.schedule_piece(
            session,
            piece=piece,
            brand=brand,
            now=datetime.now(UTC),
            actor="test",
            trace_id="trace-test",
            schedule_at=datetime.now(UTC) + timedelta(days=3),
        )
        owner = accounts.user_by_email(session, "owner@globex.test")
        assert owner is not None
        _, key = accounts.create_api_key(
            session,
            organization_id=studio.organization_ids["globex"],
            user_id=owner.id,
            name="globex-key",
            actor="test",
        )
        version = session.scalar(
            select(func.max(PromptProfileRecord.version)).where(
                PromptProfileRecord.brand_id == brand.id
            )
        )
        asset = media.record_failure(
            session,
            piece=piece,
            spec=AssetSpec(kind=AssetKind.IMAGE, role=AssetRole.COVER, aspect=Aspect.PORTRAIT),
            error=MediaError("walk"),
            meta={},
        )
        return {
            "brand_id": brand.id,
            "piece_id": piece.id,
            "asset_id": asset.id,
            "run_id": piece.run_id,
            "idea_id": piece.idea_id,
            "job_id": job.id,
            "user_id": owner.id,
            "key_id": key.id,
            "version": str(version or 1),
        }


def _operations(studio: Studio) -> tuple[list[tuple[str, str, dict[str, Any]]], dict[str, Any]]:
    """Every (method, path, operation) of the served document, and its schemas."""
    with studio.anonymous() as client:
        document = client.get("/api/v1/openapi.json").json()
    operations = [
        (method, path, operation)
        for path, by_method in document["paths"].items()
        for method, operation in by_method.items()
    ]
    return operations, document["components"]["schemas"]


def _fill(path: str, ids: dict[str, str]) -> str:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    unknown = [name for name in names if name not in ids]
    assert not unknown, f"{path}: teach this test how to fill {unknown}"
    for name in names:
        path = path.replace("{" + name + "}", ids[name])
    return path


KNOWN_VALUES: dict[str, Any] = {
    "reason": "walk",
    "feedback": "walk",
    "text": "walk",
    "expected_version": 1,
    "role": "viewer",
    "name": "walk",
    "email": "walk@example.com",
    "url": "https://example.com/feed.xml",
    "rows": [{"piece_id": "walk", "impressions": 1, "collected_at": "2026-03-03T09:00Z"}],
    "token": "walk-token",
    "password": "a long enough password",
    "settings": {"tone_weights": {"educational": 1.5}},
    "decision": "approved",
}


def _body(
    operation: dict[str, Any], components: dict[str, Any], brand_id: str
) -> dict[str, Any] | None:
    """The smallest body that passes validation (every required field, nothing else): the
    answer must come from the ownership or permission check, not from field validation."""
    if "requestBody" not in operation:
        return None
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    name = schema.get("$ref", "").rsplit("/", 1)[-1]
    if name == "BrandSpec":
        return brand_spec(slug="walk-brand").model_dump(mode="json", exclude={"feeds"})
    resolved = components.get(name, schema)
    body: dict[str, Any] = {}
    for field in resolved.get("required", []):
        if field == "brand_id":
            body[field] = brand_id
        elif field == "schedule_at":
            body[field] = (datetime.now(UTC) + timedelta(days=5)).isoformat()
        else:
            assert field in KNOWN_VALUES, f"{name}: teach this test a value for {field!r}"
            body[field] = KNOWN_VALUES[field]
    if "text" in resolved.get("properties", {}):  # an edit: the text or the draft, one of them
        body["text"] = KNOWN_VALUES["text"]
    return body


def _audit_count(studio: Studio) -> int:
    with transaction(studio.context.session_factory) as session:
        return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


@pytest.mark.slow
def test_every_route_with_an_id_of_another_organization_is_a_404(studio: Studio) -> None:
    ids = _globex_ids(studio)
    walked, before = [], _audit_count(studio)
    operations, components = _operations(studio)
    with studio.client("owner", "acme") as client:
        for method, path, operation in operations:
            if "{" not in path:
                continue
            body = _body(operation, components, ids["brand_id"])
            response = client.request(method, _fill(path, ids), json=body)
            assert response.status_code == 404, (method, path, response.text)
            assert response.json()["code"] == "NOT_FOUND"
            walked.append((method, path))
    # Another organization's id in the body is as unknown as one in the path.
    with studio.client("owner", "acme") as client:
        started = client.post("/api/v1/runs", json={"brand_id": ids["brand_id"]})
        assert started.status_code == 404, started.text
    assert _audit_count(studio) == before, "a refused request changed something"
    assert len(walked) >= 20, walked


@pytest.mark.slow
def test_every_mutating_route_is_refused_to_a_viewer(studio: Studio) -> None:
    ids = {
        "brand_id": studio.brand_ids["acme"],
        "piece_id": "0",
        "asset_id": "0",
        "run_id": "0",
        "idea_id": "0",
        "job_id": "0",
        "user_id": "0",
        "key_id": "0",
        "version": "1",
    }
    walked, before = [], _audit_count(studio)
    operations, components = _operations(studio)
    with studio.client("viewer", "acme") as client:
        for method, path, operation in operations:
            if method not in MUTATING or (method, path) in NO_PERMISSION_NEEDED:
                continue
            body = _body(operation, components, studio.brand_ids["acme"])
            response = client.request(method, _fill(path, ids), json=body)
            # 403: the role may not; 404: an id the viewer's organization does not have —
            # checked before the role where the route must first find what it acts on.
            assert response.status_code in {403, 404}, (method, path, response.text)
            assert response.json()["code"] in {"FORBIDDEN", "NOT_FOUND"}
            walked.append((method, path, response.status_code))
    assert _audit_count(studio) == before, "a refused request changed something"
    forbidden = [w for w in walked if w[2] == 403]
    assert len(forbidden) >= 10, walked
