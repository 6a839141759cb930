"""Switching organizations in the studio, over plain HTTP on a live studio: the header's
switcher (only for a member of several), the switch itself (its cookie, the other
organization's brands), what is refused (an organization one is not in, a missing or wrong
CSRF token) and a remembered organization one has since left."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from pressroom.accounts import service as accounts
from pressroom.db.session import transaction
from tests.web.studio import PASSWORD, Studio, email_for

TWO_ORG_USER = email_for("editor", "acme")
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def join_globex(studio: Studio, email: str = TWO_ORG_USER, role: str = "reviewer") -> None:
    """``email`` (a member of acme) accepts an invitation to globex with their password."""
    with studio.client("owner", "globex") as owner:
        invited = owner.post("/api/v1/invitations", json={"email": email, "role": role})
        assert invited.status_code == 201, invited.text
    with studio.anonymous() as anonymous:
        accepted = anonymous.post(
            "/api/v1/invitations/accept",
            json={"token": invited.json()["token"], "password": PASSWORD},
        )
        assert accepted.status_code == 201, accepted.text


@contextmanager
def browser_session(studio: Studio, email: str) -> Iterator[tuple[httpx.Client, str]]:
    """A plain HTTP client signed in to the studio as ``email``, and its CSRF token."""
    with httpx.Client(base_url=studio.url, timeout=30) as client:
        signed_in = client.post("/login", data={"email": email, "password": PASSWORD})
        assert signed_in.status_code == 303, signed_in.text
        found = CSRF_FIELD.search(client.get("/").text)
        assert found is not None
        yield client, found.group(1)


def switch(client: httpx.Client, organization: str, csrf_token: str) -> httpx.Response:
    return client.post(
        "/organization", data={"organization": organization, "csrf_token": csrf_token}
    )


def shown_brands(client: httpx.Client, path: str = "/brands") -> set[str]:
    """The seeded brand slugs a page lists (each organization has one)."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    return {slug for slug in ("acme-brand", "globex-brand") if slug in page.text}


def acting_in(studio: Studio, client: httpx.Client) -> str:
    """The slug of the organization the client's session acts in."""
    me = client.get("/api/v1/me")
    assert me.status_code == 200, me.text
    slugs = {ident: slug for slug, ident in studio.organization_ids.items()}
    return slugs[me.json()["organization_id"]]


def test_switching_shows_the_other_organizations_brands_until_sign_out(studio: Studio) -> None:
    join_globex(studio)
    with browser_session(studio, TWO_ORG_USER) as (client, csrf_token):
        assert shown_brands(client, "/") == {"acme-brand"}

        switched = switch(client, "globex", csrf_token)
        assert (switched.status_code, switched.headers["location"]) == (303, "/")
        cookie = switched.headers["set-cookie"].lower()
        assert cookie.startswith("pressroom_org=globex;")
        assert all(part in cookie for part in ("httponly", "samesite=lax", "path=/"))
        assert shown_brands(client, "/") == {"globex-brand"}
        assert shown_brands(client, "/brands") == {"globex-brand"}
        assert client.get("/api/v1/me").json()["role"] == "reviewer"

        back = switch(client, "acme", csrf_token)
        assert back.status_code == 303
        assert shown_brands(client, "/brands") == {"acme-brand"}
        assert client.get("/api/v1/me").json()["role"] == "editor"

        switch(client, "globex", csrf_token)
        out = client.post("/logout", data={"csrf_token": csrf_token})
        assert out.status_code == 303
        assert "pressroom_org" not in client.cookies
        client.post("/login", data={"email": TWO_ORG_USER, "password": PASSWORD})
        assert acting_in(studio, client) == "acme"


def test_the_header_has_a_switcher_only_for_a_member_of_several(studio: Studio) -> None:
    join_globex(studio)
    with browser_session(studio, TWO_ORG_USER) as (client, csrf_token):
        switch(client, "globex", csrf_token)
        page = client.get("/review").text
    assert 'action="/organization"' in page
    assert '<label for="organization-choice">Organization</label>' in page
    options = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', page)
    assert options == [("acme", "", "Acme"), ("globex", " selected", "Globex")]
    assert re.search(r'<button type="submit"[^>]*>Switch</button>', page)

    with browser_session(studio, email_for("owner", "acme")) as (client, _):
        page = client.get("/review").text
    assert 'action="/organization"' not in page
    assert '<span class="organization">Acme</span>' in page


def test_switching_into_an_organization_you_are_not_in_is_refused(studio: Studio) -> None:
    join_globex(studio)
    with browser_session(studio, email_for("owner", "acme")) as (client, csrf_token):
        refused = switch(client, "globex", csrf_token)
        assert refused.status_code == 404
        assert "text/html" in refused.headers["content-type"]
        assert "not a member of an organization" in refused.text
        assert "set-cookie" not in refused.headers
        assert shown_brands(client) == {"acme-brand"}
    with browser_session(studio, TWO_ORG_USER) as (client, csrf_token):
        assert switch(client, "initech", csrf_token).status_code == 404
        assert "pressroom_org" not in client.cookies
        assert acting_in(studio, client) == "acme"


def test_a_switch_without_the_sessions_csrf_token_is_refused(studio: Studio) -> None:
    join_globex(studio)
    with browser_session(studio, TWO_ORG_USER) as (client, _):
        missing = client.post("/organization", data={"organization": "globex"})
        assert missing.status_code == 422
        forged = switch(client, "globex", "forged")
        assert forged.status_code == 403
        assert "CSRF" in forged.text
        assert "set-cookie" not in missing.headers
        assert "set-cookie" not in forged.headers
        assert acting_in(studio, client) == "acme"
        assert shown_brands(client) == {"acme-brand"}


def test_a_remembered_organization_you_have_left_falls_back_to_your_first(
    studio: Studio,
) -> None:
    join_globex(studio)
    with browser_session(studio, TWO_ORG_USER) as (client, csrf_token):
        switch(client, "globex", csrf_token)
        assert acting_in(studio, client) == "globex"
        with transaction(studio.context.session_factory) as session:
            user = accounts.user_by_email(session, TWO_ORG_USER)
            assert user is not None
            user_id = user.id
        with studio.client("owner", "globex") as owner:
            assert owner.delete(f"/api/v1/members/{user_id}").status_code == 204

        assert client.cookies["pressroom_org"] == "globex"
        page = client.get("/")
        assert page.status_code == 200
        assert shown_brands(client, "/") == {"acme-brand"}
        assert '<span class="organization">Acme</span>' in page.text
        assert acting_in(studio, client) == "acme"
        # The header still names exactly one organization: one left is 404, not a fallback.
        asked = client.get("/api/v1/me", headers={"X-Organization": "globex"})
        assert asked.status_code == 404
        assert asked.json()["code"] == "NOT_FOUND"

        client.cookies.set("pressroom_org", "no-such-organization")
        assert acting_in(studio, client) == "acme"
