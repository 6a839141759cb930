"""Members, roles, invitations and API keys over the API, on a live studio: who may change
what, the owner rules, tenancy, and the invitation and API key round trips."""

from __future__ import annotations

from typing import Any

import httpx

from tests.web.studio import PASSWORD, Studio, email_for

PROBLEM = "application/problem+json"


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["detail"]
    return body


def _roles(studio: Studio, org: str = "acme") -> dict[str, str]:
    """Email → role of every member of ``org``."""
    with studio.client("owner", org) as client:
        items = client.get("/api/v1/members", params={"limit": 200}).json()["items"]
    return {member["email"]: member["role"] for member in items}


def _user_id(studio: Studio, role: str, org: str = "acme") -> str:
    with studio.client("owner", org) as client:
        items = client.get("/api/v1/members", params={"limit": 200}).json()["items"]
    return next(m["user_id"] for m in items if m["email"] == email_for(role, org))


SEEDED = {email_for(role, "acme"): role for role in ("owner", "admin", "editor", "reviewer")}
SEEDED["viewer@acme.test"] = "viewer"


def test_members_are_the_organizations_own_with_their_roles(studio: Studio) -> None:
    with studio.client("viewer") as client:
        first = client.get("/api/v1/members", params={"limit": 3}).json()
        rest = client.get(
            "/api/v1/members", params={"limit": 3, "cursor": first["next_cursor"]}
        ).json()
    assert rest["next_cursor"] is None
    listed = first["items"] + rest["items"]
    assert {m["email"]: m["role"] for m in listed} == SEEDED
    assert [m["email"] for m in listed] == sorted(SEEDED)


def test_an_invitation_round_trip_gives_a_user_who_signs_in_with_the_role(
    studio: Studio,
) -> None:
    with studio.client("admin") as admin:
        invited = admin.post(
            "/api/v1/invitations", json={"email": "Nia@Acme.test", "role": "editor"}
        )
    assert invited.status_code == 201, invited.text
    assert invited.json()["email"] == "nia@acme.test"
    token = invited.json()["token"]
    with studio.anonymous() as anonymous:
        accepted = anonymous.post(
            "/api/v1/invitations/accept", json={"token": token, "name": "Nia", "password": PASSWORD}
        )
        assert accepted.status_code == 201, accepted.text
        assert accepted.json()["role"] == "editor"
        again = anonymous.post(
            "/api/v1/invitations/accept", json={"token": token, "name": "Nia", "password": PASSWORD}
        )
        _problem(again, 404, "NOT_FOUND")
        signed_in = anonymous.post(
            "/api/v1/auth/tokens", json={"email": "nia@acme.test", "password": PASSWORD}
        )
        bearer = {"Authorization": f"Bearer {signed_in.json()['token']}"}
        me = anonymous.get("/api/v1/me", headers=bearer).json()
    assert me["role"] == "editor"
    assert me["organization_id"] == studio.organization_ids["acme"]
    assert _roles(studio)["nia@acme.test"] == "editor"


def test_an_existing_user_joins_a_second_organization_with_their_own_password(
    studio: Studio,
) -> None:
    with studio.client("owner", "acme") as owner:
        token = owner.post(
            "/api/v1/invitations", json={"email": "viewer@globex.test", "role": "reviewer"}
        ).json()["token"]
    with studio.anonymous() as anonymous:
        wrong = anonymous.post(
            "/api/v1/invitations/accept", json={"token": token, "password": "not the password"}
        )
        _problem(wrong, 401, "UNAUTHENTICATED")
        joined = anonymous.post(
            "/api/v1/invitations/accept", json={"token": token, "password": PASSWORD}
        )
        assert joined.status_code == 201, joined.text
    with studio.client("viewer", "globex") as client:
        in_acme = client.get("/api/v1/me", headers={"X-Organization": "acme"}).json()
    assert in_acme["role"] == "reviewer"
    assert [m["organization_slug"] for m in in_acme["memberships"]] == ["acme", "globex"]


def test_an_unknown_invitation_token_is_a_404(studio: Studio) -> None:
    with studio.anonymous() as anonymous:
        unknown = anonymous.post(
            "/api/v1/invitations/accept", json={"token": "made-up", "password": PASSWORD}
        )
    _problem(unknown, 404, "NOT_FOUND")


def test_an_admin_may_not_make_or_unmake_an_owner(studio: Studio) -> None:
    editor, owner = _user_id(studio, "editor"), _user_id(studio, "owner")
    with studio.client("admin") as admin:
        invite = admin.post("/api/v1/invitations", json={"email": "o@acme.test", "role": "owner"})
        _problem(invite, 403, "FORBIDDEN")
        _problem(admin.patch(f"/api/v1/members/{editor}", json={"role": "owner"}), 403, "FORBIDDEN")
        _problem(admin.patch(f"/api/v1/members/{owner}", json={"role": "admin"}), 403, "FORBIDDEN")
        _problem(admin.delete(f"/api/v1/members/{owner}"), 403, "FORBIDDEN")
    assert _roles(studio) == SEEDED


def test_the_last_owner_can_be_neither_demoted_nor_removed(studio: Studio) -> None:
    owner, admin = _user_id(studio, "owner"), _user_id(studio, "admin")
    with studio.client("owner") as client:
        demoted = client.patch(f"/api/v1/members/{owner}", json={"role": "admin"})
        body = _problem(demoted, 409, "INVALID_STATE_TRANSITION")
        assert "last owner" in body["detail"]
        _problem(client.delete(f"/api/v1/members/{owner}"), 409, "INVALID_STATE_TRANSITION")
        assert _roles(studio) == SEEDED
        promoted = client.patch(f"/api/v1/members/{admin}", json={"role": "owner"})
        assert promoted.json()["role"] == "owner"
        stepped_down = client.patch(f"/api/v1/members/{owner}", json={"role": "admin"})
        assert stepped_down.status_code == 200, stepped_down.text
    assert _roles(studio) == {**SEEDED, "owner@acme.test": "admin", "admin@acme.test": "owner"}


def test_an_admin_changes_roles_and_removes_members(studio: Studio) -> None:
    editor, viewer = _user_id(studio, "editor"), _user_id(studio, "viewer")
    with studio.client("admin") as admin:
        changed = admin.patch(f"/api/v1/members/{editor}", json={"role": "reviewer"})
        assert changed.json()["role"] == "reviewer"
        assert admin.delete(f"/api/v1/members/{viewer}").status_code == 204
        _problem(admin.delete(f"/api/v1/members/{viewer}"), 404, "NOT_FOUND")
    with studio.client("editor") as client:
        assert client.get("/api/v1/me").json()["role"] == "reviewer"
    with studio.client("viewer") as removed:
        _problem(removed.get("/api/v1/brands"), 403, "FORBIDDEN")
    assert "viewer@acme.test" not in _roles(studio)


def test_a_viewer_may_not_change_members(studio: Studio) -> None:
    editor = _user_id(studio, "editor")
    with studio.client("viewer") as viewer:
        invite = viewer.post("/api/v1/invitations", json={"email": "x@acme.test", "role": "viewer"})
        _problem(invite, 403, "FORBIDDEN")
        _problem(
            viewer.patch(f"/api/v1/members/{editor}", json={"role": "viewer"}), 403, "FORBIDDEN"
        )
        _problem(viewer.delete(f"/api/v1/members/{editor}"), 403, "FORBIDDEN")
    assert _roles(studio) == SEEDED


def test_another_organizations_members_and_keys_are_404(studio: Studio) -> None:
    globex_editor = _user_id(studio, "editor", "globex")
    with studio.client("editor", "globex") as globex:
        key = globex.post("/api/v1/api-keys", json={"name": "ci"}).json()
    with studio.client("owner", "acme") as acme:
        patched = acme.patch(f"/api/v1/members/{globex_editor}", json={"role": "viewer"})
        _problem(patched, 404, "NOT_FOUND")
        _problem(acme.delete(f"/api/v1/members/{globex_editor}"), 404, "NOT_FOUND")
        _problem(acme.delete(f"/api/v1/api-keys/{key['id']}"), 404, "NOT_FOUND")
    assert _roles(studio, "globex")["editor@globex.test"] == "editor"
    with httpx.Client(
        base_url=studio.url, headers={"Authorization": f"Bearer {key['secret']}"}
    ) as c:
        assert c.get("/api/v1/me").json()["via"] == "api_key"


def test_an_api_key_round_trip(studio: Studio) -> None:
    with studio.client("reviewer") as client:
        created = client.post("/api/v1/api-keys", json={"name": "dashboard"})
        assert created.status_code == 201, created.text
        key = created.json()
        assert key["secret"].startswith(key["prefix"])
        duplicate = client.post("/api/v1/api-keys", json={"name": "dashboard"})
        _problem(duplicate, 409, "ALREADY_EXISTS")
        bearer = {"Authorization": f"Bearer {key['secret']}"}
        with httpx.Client(base_url=studio.url, headers=bearer) as as_key:
            me = as_key.get("/api/v1/me").json()
            assert (me["email"], me["role"], me["via"]) == (
                "reviewer@acme.test",
                "reviewer",
                "api_key",
            )
            (listed,) = client.get("/api/v1/api-keys").json()
            assert "secret" not in listed
            assert listed["last_used_at"] is not None
            assert listed["revoked_at"] is None
            assert client.delete(f"/api/v1/api-keys/{key['id']}").status_code == 204
            _problem(as_key.get("/api/v1/me"), 401, "UNAUTHENTICATED")
        (revoked,) = client.get("/api/v1/api-keys").json()
        assert revoked["revoked_at"] is not None


def test_only_your_own_keys_unless_you_manage_members(studio: Studio) -> None:
    with studio.client("editor") as editor:
        key = editor.post("/api/v1/api-keys", json={"name": "zapier"}).json()
    for role in ("viewer", "reviewer"):
        with studio.client(role) as other:
            _problem(other.delete(f"/api/v1/api-keys/{key['id']}"), 403, "FORBIDDEN")
            assert other.get("/api/v1/api-keys").json() == []
    with studio.client("editor") as editor:
        assert editor.get("/api/v1/api-keys").json()[0]["revoked_at"] is None
    with studio.client("admin") as admin:
        assert admin.delete(f"/api/v1/api-keys/{key['id']}").status_code == 204
    with studio.client("editor") as editor:
        assert editor.get("/api/v1/api-keys").json()[0]["revoked_at"] is not None
