"""The API's conventions, on a live studio: sign-in, Problem+JSON, tenancy, roles,
Idempotency-Key, request ids, the body limit, rate limits, cursors and OpenAPI."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from pressroom.config import Settings
from tests.factories import brand_spec
from tests.web.studio import PASSWORD, Studio, email_for, running_studio

PROBLEM = "application/problem+json"


def _new_brand(slug: str) -> dict[str, Any]:
    return brand_spec(slug=slug, name=slug.title()).model_dump(mode="json", exclude={"feeds"})


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert isinstance(body["retryable"], bool)
    assert body["detail"]
    return body


def test_sign_in_gives_a_bearer_token_that_says_who_i_am(studio: Studio) -> None:
    with studio.anonymous() as client:
        signed_in = client.post(
            "/api/v1/auth/tokens",
            json={"email": email_for("editor", "globex").upper(), "password": PASSWORD},
        )
        assert signed_in.status_code == 201
        token = signed_in.json()["token"]
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["email"] == "editor@globex.test"
    assert me["role"] == "editor"
    assert me["organization_id"] == studio.organization_ids["globex"]
    assert [m["organization_slug"] for m in me["memberships"]] == ["globex"]


def test_a_wrong_password_and_a_missing_token_are_401_problems(studio: Studio) -> None:
    with studio.anonymous() as client:
        wrong = client.post(
            "/api/v1/auth/tokens", json={"email": "owner@acme.test", "password": "nope" * 4}
        )
        _problem(wrong, 401, "UNAUTHENTICATED")
        _problem(client.get("/api/v1/brands"), 401, "UNAUTHENTICATED")
        forged = client.get("/api/v1/brands", headers={"Authorization": "Bearer forged"})
        _problem(forged, 401, "UNAUTHENTICATED")


def test_signing_out_revokes_the_token(studio: Studio) -> None:
    with studio.client("viewer") as client:
        assert client.delete("/api/v1/auth/tokens/current").status_code == 204
        _problem(client.get("/api/v1/me"), 401, "UNAUTHENTICATED")


def test_brands_are_listed_per_organization_and_hidden_from_others(studio: Studio) -> None:
    with studio.client("viewer", "acme") as acme:
        listed = acme.get("/api/v1/brands").json()
        assert [b["slug"] for b in listed["items"]] == ["acme-brand"]
        assert listed["next_cursor"] is None
        own = acme.get(f"/api/v1/brands/{studio.brand_ids['acme']}")
        assert own.json()["slug"] == "acme-brand"
        foreign = acme.get(f"/api/v1/brands/{studio.brand_ids['globex']}")
        _problem(foreign, 404, "NOT_FOUND")


def test_who_may_create_a_brand_is_the_role_table(studio: Studio) -> None:
    for role in ("viewer", "reviewer", "editor"):
        with studio.client(role) as client:
            refused = client.post("/api/v1/brands", json=_new_brand(f"by-{role}"))
            _problem(refused, 403, "FORBIDDEN")
    with studio.client("admin") as client:
        created = client.post("/api/v1/brands", json=_new_brand("by-admin"))
        assert created.status_code == 201
        assert created.headers["location"] == f"/api/v1/brands/{created.json()['id']}"
    with studio.client("owner", "globex") as other:
        taken = other.post("/api/v1/brands", json=_new_brand("by-admin"))
        _problem(taken, 409, "ALREADY_EXISTS")


def test_a_brand_with_bad_fields_is_a_422_listing_every_problem(studio: Studio) -> None:
    with studio.client() as client:
        bad = client.post("/api/v1/brands", json={"slug": "X Y", "timezone": 5})
    body = _problem(bad, 422, "INVALID_INPUT")
    locations = {p["location"] for p in body["problems"]}
    assert {"body.slug", "body.name", "body.timezone"} <= locations


def test_an_idempotency_key_replays_the_first_response(studio: Studio) -> None:
    with studio.client("admin") as client:
        headers = {"Idempotency-Key": "create-brand-1"}
        first = client.post("/api/v1/brands", json=_new_brand("once"), headers=headers)
        again = client.post("/api/v1/brands", json=_new_brand("once"), headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"
        other = client.post("/api/v1/brands", json=_new_brand("twice"), headers=headers)
        _problem(other, 409, "IDEMPOTENCY_KEY_REUSED")
        slugs = [b["slug"] for b in client.get("/api/v1/brands").json()["items"]]
    assert slugs.count("once") == 1
    assert "twice" not in slugs


def test_the_request_id_is_echoed_or_given(studio: Studio) -> None:
    with studio.client() as client:
        echoed = client.get("/api/v1/me", headers={"X-Request-ID": "req-42"})
        given = client.get("/api/v1/me")
    assert echoed.headers["x-request-id"] == "req-42"
    assert len(given.headers["x-request-id"]) == 32


def test_a_body_over_one_megabyte_is_a_413(studio: Studio) -> None:
    with studio.client("admin") as client:
        big = _new_brand("big") | {"guidelines": "x" * (1024 * 1024)}
        _problem(client.post("/api/v1/brands", json=big), 413, "PAYLOAD_TOO_LARGE")
        assert [b["slug"] for b in client.get("/api/v1/brands").json()["items"]] == ["acme-brand"]


def test_a_cursor_the_api_did_not_make_is_a_422(studio: Studio) -> None:
    with studio.client() as client:
        _problem(client.get("/api/v1/brands?cursor=bm9wZQ"), 422, "INVALID_INPUT")


def test_pages_follow_the_cursor(studio: Studio) -> None:
    with studio.client("admin") as client:
        for slug in ("b-one", "b-two", "b-three"):
            assert client.post("/api/v1/brands", json=_new_brand(slug)).status_code == 201
        seen, cursor = [], None
        while True:
            params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
            page = client.get("/api/v1/brands", params=params).json()
            seen += [b["slug"] for b in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
    assert seen == sorted(["acme-brand", "b-one", "b-two", "b-three"])


def test_openapi_3_1_is_served(studio: Studio) -> None:
    with studio.anonymous() as client:
        document = client.get("/api/v1/openapi.json").json()
        docs = client.get("/api/v1/docs")
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/brands" in document["paths"]
    assert docs.status_code == 200


@pytest.mark.parametrize("limit", [3])
def test_over_the_rate_limit_is_a_429_with_retry_after(settings: Settings, limit: int) -> None:
    limited = settings.model_copy(update={"api_rate_limit_per_minute": limit})
    with running_studio(limited) as studio, studio.client() as client:
        answers = [client.get("/api/v1/me") for _ in range(limit + 1)]
        with studio.client("viewer") as someone_else:
            assert someone_else.get("/api/v1/me").status_code == 200
    assert [a.status_code for a in answers[:limit]] == [200] * limit
    body = _problem(answers[limit], 429, "RATE_LIMITED")
    assert body["retryable"] is True
    assert int(answers[limit].headers["retry-after"]) >= 1


def test_a_user_has_one_rate_limit_whatever_token_they_use(settings: Settings) -> None:
    limited = settings.model_copy(update={"api_rate_limit_per_minute": 3})
    with running_studio(limited) as studio:
        tokens = [studio.tokens[("owner", "acme")]]
        with studio.anonymous() as client:
            signed_in = client.post(
                "/api/v1/auth/tokens", json={"email": "owner@acme.test", "password": PASSWORD}
            )
            tokens.append(signed_in.json()["token"])
            answers = [
                client.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens[n % 2]}"})
                for n in range(4)
            ]
    # Each token alone stays within 3 a minute; the user does not.
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    body = _problem(answers[3], 429, "RATE_LIMITED")
    assert body["details"]["retry_after_seconds"] >= 1
    assert int(answers[3].headers["retry-after"]) >= 1


def test_the_sign_in_form_is_rate_limited_too(settings: Settings) -> None:
    limited = settings.model_copy(update={"api_rate_limit_per_minute": 3})
    with running_studio(limited) as studio, studio.anonymous() as client:
        form = {"email": "owner@acme.test", "password": "wrong password!"}
        answers = [client.post("/login", data=form) for _ in range(4)]
    assert all(a.status_code != 429 for a in answers[:3])
    assert answers[3].status_code == 429
    assert int(answers[3].headers["retry-after"]) >= 1


def test_requests_with_the_same_key_at_the_same_moment_run_once(studio: Studio) -> None:
    headers = {"Idempotency-Key": "all-at-once"}

    def create(_: int) -> httpx.Response:
        with studio.client("admin") as client:
            return client.post("/api/v1/brands", json=_new_brand("at-once"), headers=headers)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(create, range(6)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert sum(a.headers.get("idempotent-replayed") == "true" for a in answers) == 5


def test_a_palette_color_that_is_not_hex_is_refused_like_any_bad_field(studio: Studio) -> None:
    with studio.client("admin") as client:
        bad = client.post("/api/v1/brands", json=_new_brand("odd") | {"palette": ["teal"]})
    body = _problem(bad, 422, "INVALID_INPUT")
    assert [p["location"] for p in body["problems"]] == ["body.palette"]
    assert "teal" in body["problems"][0]["message"]
