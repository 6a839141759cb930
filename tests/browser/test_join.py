"""Joining with an invitation in the studio: the link an owner gets opens a form; a new
person becomes a member and is signed in; a used, unknown or too-short answer is shown on
the form, which keeps what was typed."""

from __future__ import annotations

import re

import httpx

from pressroom.accounts import service as accounts
from pressroom.accounts.service import Principal
from pressroom.contracts import utcnow
from pressroom.db.session import transaction
from tests.browser.test_studio_flow import signed_in_client
from tests.web.studio import Studio, email_for


def _invite(studio: Studio, email: str, role: str = "reviewer") -> str:
    with signed_in_client(studio, email_for("owner", "acme")) as (client, csrf_token):
        page = client.post(
            "/members/invite", data={"csrf_token": csrf_token, "email": email, "role": role}
        )
    assert page.status_code == 200, page.text
    link = re.search(r'id="invitation-link" href="(/join\?token=[^"]+)"', page.text)
    assert link is not None, "the members page shows the link to join"
    return link.group(1).replace("&amp;", "&")


def test_an_invited_person_joins_and_is_signed_in_with_their_role(studio: Studio) -> None:
    link = _invite(studio, "new.reviewer@example.com")
    token = link.split("token=", 1)[1]
    with httpx.Client(base_url=studio.url, timeout=30) as client:
        form = client.get(link)
        assert form.status_code == 200
        assert f'value="{token}"' in form.text
        joined = client.post(
            "/join", data={"token": token, "name": "Nia", "password": "a long new password"}
        )
        assert (joined.status_code, joined.headers["location"]) == (303, "/")
        dashboard = client.get("/")
        assert dashboard.status_code == 200
        assert "Dashboard" in dashboard.text
        again = client.post(
            "/join", data={"token": token, "name": "Nia", "password": "a long new password"}
        )
    assert again.status_code == 404
    assert "used or expired" in again.text
    with transaction(studio.context.session_factory) as session:
        user = accounts.user_by_email(session, "new.reviewer@example.com")
        assert user is not None
        member = accounts.membership(
            session, organization_id=studio.organization_ids["acme"], user_id=user.id
        )
        assert member is not None
        assert member.role == "reviewer"


def test_a_bad_answer_is_shown_on_the_form_and_nothing_is_joined(studio: Studio) -> None:
    with transaction(studio.context.session_factory) as session:
        owner = accounts.user_by_email(session, email_for("owner", "acme"))
        assert owner is not None
        inviter = Principal(owner.id, owner.email, studio.organization_ids["acme"], "owner", "x")
        token, _ = accounts.invite(
            session, inviter=inviter, email="short@example.com", role="viewer", now=utcnow()
        )
    with httpx.Client(base_url=studio.url, timeout=30) as client:
        short = client.post("/join", data={"token": token, "name": "Sam", "password": "short"})
        unknown = client.post(
            "/join", data={"token": "nope", "name": "Sam", "password": "a long new password"}
        )
    assert short.status_code == 422
    assert "too short" in short.text
    assert 'value="Sam"' in short.text
    assert "session" not in short.headers.get("set-cookie", "")
    assert unknown.status_code == 404
    with transaction(studio.context.session_factory) as session:
        assert accounts.user_by_email(session, "short@example.com") is None
