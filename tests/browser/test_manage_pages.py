"""The studio's management pages in a real browser against a live server: editing a brand
(and keeping the typed input beside each field's problem), adding a feed, approving a
proposed prompt profile, the audit log, inviting a member, and the layout at 360 px. Roles
and tenancy (read-only pages, 403 on changes, another organization's brand → 404) are
checked over plain HTTP beside them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from pressroom.accounts.models import Invitation
from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.learning import service as learning
from pressroom.learning.models import PromptProfileRecord
from pressroom.trends.models import TrendSource
from tests.browser.conftest import sign_in
from tests.browser.test_studio_flow import assert_no_horizontal_scroll
from tests.learning.factories import NOW, make_question_wins_on_x
from tests.web.studio import PASSWORD, Studio, email_for

OWNER = email_for("owner", "acme")


def stored_brand(studio: Studio, org: str = "acme") -> Brand:
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids[org])
        session.expunge(brand)
        return brand


def propose_profile(studio: Studio) -> int:
    """Measured posts where question hooks win on X, and the version learning proposes."""
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids["acme"])
        make_question_wins_on_x(session, brand)
        record = learning.learn(session, brand=brand, now=NOW, actor="test", trace_id="t-learn")
        return record.version


def profile_status(studio: Studio, version: int) -> str:
    with transaction(studio.context.session_factory) as session:
        record = learning.get_profile(session, brand_id=studio.brand_ids["acme"], version=version)
        return record.status


@contextmanager
def signed_in_client(studio: Studio, email: str) -> Iterator[tuple[httpx.Client, str]]:
    """A plain HTTP client with a browser session of ``email`` and its CSRF token."""
    with httpx.Client(base_url=studio.url, timeout=30) as client:
        client.post("/login", data={"email": email, "password": PASSWORD})
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/brands").text)
        assert found is not None
        yield client, found.group(1)


def test_editing_a_brand_saves_it_and_a_mistake_keeps_the_typed_input(
    page: Page, studio: Studio, artifacts: Path
) -> None:
    brand_id = studio.brand_ids["acme"]
    sign_in(page, OWNER, start="/brands")
    page.get_by_role("link", name="Acme").click()
    page.wait_for_url(f"**/brands/{brand_id}")
    expect(page.locator(".swatch")).to_have_count(4)
    page.screenshot(path=artifacts / "1-brand.png", full_page=True)

    page.get_by_label("Guidelines").fill("Be kind. Be specific.")
    page.get_by_label(re.compile("^Voice examples")).fill("First line.\n\nSecond line.\n")
    page.get_by_label(re.compile("^Palette")).fill("#112233\n#ABC")
    expect(page.locator(".swatch")).to_have_count(2)
    page.get_by_label("X thread").uncheck()
    page.get_by_label("Approval policy").select_option("manual")
    page.get_by_label(re.compile("^Timezone")).fill("America/New_York")
    page.get_by_label("Safety").fill("0.5")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("status")).to_have_text("Saved the brand's settings.")
    expect(page.get_by_label("Guidelines")).to_have_value("Be kind. Be specific.")
    saved = stored_brand(studio)
    assert saved.guidelines == "Be kind. Be specific."
    assert saved.voice_examples == ["First line.", "Second line."]
    assert saved.palette == ["#112233", "#ABC"]
    assert saved.channels == ["linkedin", "instagram-reel"]
    assert (saved.approval_policy, saved.timezone) == ("manual", "America/New_York")
    assert saved.score_weights["safety"] == 0.5

    page.get_by_label("Guidelines").fill("Typed, not yet saved.")
    page.get_by_label(re.compile("^Timezone")).fill("Mars/Olympus_Mons")
    page.get_by_label(re.compile("^Palette")).fill("#112233\nteal")
    page.get_by_label("Readability").fill("lots")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("alert")).to_contain_text("not saved")
    timezone = page.get_by_label(re.compile("^Timezone"))
    expect(timezone).to_have_value("Mars/Olympus_Mons")
    expect(timezone).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#timezone-errors")).to_contain_text("unknown IANA timezone")
    expect(page.locator("#palette-errors")).to_contain_text("teal")
    expect(page.locator("#score_weights-errors")).to_contain_text("'lots' is not a number")
    expect(page.get_by_label("Guidelines")).to_have_value("Typed, not yet saved.")
    expect(page.get_by_label("Readability")).to_have_value("lots")
    expect(page.get_by_label("X thread")).not_to_be_checked()
    page.screenshot(path=artifacts / "2-brand-errors.png", full_page=True)
    assert stored_brand(studio).timezone == "America/New_York"
    assert stored_brand(studio).guidelines == "Be kind. Be specific."

    page.get_by_label(re.compile("^Add feed URL")).fill("https://example.com/feed.xml")
    page.get_by_role("button", name="Add feed").click()
    expect(page.get_by_role("status")).to_have_text("Added the feed.")
    expect(page.locator(".sources")).to_contain_text("https://example.com/feed.xml")

    page.goto("/audit?entity_type=brand")
    first = page.locator("#audit-events > li").first
    expect(first).to_contain_text("brand updated by user:owner@acme.test")
    expect(first).to_contain_text("America/New_York")


def test_a_feed_must_be_a_web_url(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    with signed_in_client(studio, email_for("editor", "acme")) as (client, csrf_token):
        refused = client.post(
            f"/brands/{brand_id}/sources", data={"csrf_token": csrf_token, "url": "/etc/passwd"}
        )
        assert refused.status_code == 422
        assert "http(s) URL" in refused.text
        assert 'value="/etc/passwd"' in refused.text
        added = client.post(
            f"/brands/{brand_id}/sources",
            data={"csrf_token": csrf_token, "url": "http://example.org/rss"},
        )
        assert added.status_code == 303
        # An editor adds feeds but may not change the brand's settings.
        assert "Save settings" not in client.get(f"/brands/{brand_id}").text
    with transaction(studio.context.session_factory) as session:
        locations = session.scalars(
            select(TrendSource.location).where(TrendSource.brand_id == brand_id)
        ).all()
    assert list(locations) == ["http://example.org/rss"]


def test_a_viewer_reads_every_page_and_may_change_nothing(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    version = propose_profile(studio)
    before = stored_brand(studio)
    with signed_in_client(studio, email_for("viewer", "acme")) as (client, csrf_token):
        for path in (
            "/brands",
            f"/brands/{brand_id}",
            f"/brands/{brand_id}/profiles",
            f"/brands/{brand_id}/profiles/{version}",
            "/audit",
            "/members",
        ):
            assert client.get(path).status_code == 200, path
        brand_page = client.get(f"/brands/{brand_id}").text
        assert '<fieldset class="bare" disabled>' in brand_page
        assert "Save settings" not in brand_page
        assert "Add feed" not in brand_page
        assert "Invite" not in client.get("/members").text

        changes = {
            f"/brands/{brand_id}": {"guidelines": "Hijacked", "timezone": "UTC"},
            f"/brands/{brand_id}/sources": {"url": "https://example.com/x.xml"},
            f"/brands/{brand_id}/profiles/{version}/approve": {},
            "/members/invite": {"email": "eve@example.com", "role": "admin"},
        }
        for path, data in changes.items():
            refused = client.post(path, data={"csrf_token": csrf_token, **data})
            assert refused.status_code == 403, path
            assert "text/html" in refused.headers["content-type"]
    assert stored_brand(studio).guidelines == before.guidelines
    assert profile_status(studio, version) == "approval_required"
    with transaction(studio.context.session_factory) as session:
        assert session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_another_organizations_brand_is_not_found(studio: Studio) -> None:
    globex = studio.brand_ids["globex"]
    with signed_in_client(studio, OWNER) as (client, csrf_token):
        for path in (f"/brands/{globex}", f"/brands/{globex}/profiles", "/brands/no-such-brand"):
            hidden = client.get(path)
            assert hidden.status_code == 404, path
            assert "text/html" in hidden.headers["content-type"]
        refused = client.post(
            f"/brands/{globex}", data={"csrf_token": csrf_token, "guidelines": "Mine now"}
        )
        assert refused.status_code == 404
        assert "Globex" not in client.get("/brands").text
        forged = client.post(
            f"/brands/{studio.brand_ids['acme']}",
            data={"csrf_token": "forged", "guidelines": "Forged"},
        )
        assert forged.status_code == 403
    assert stored_brand(studio, "globex").guidelines != "Mine now"
    assert stored_brand(studio).guidelines != "Forged"


def test_approving_a_proposed_profile_version(page: Page, studio: Studio, artifacts: Path) -> None:
    version = propose_profile(studio)
    brand_id = studio.brand_ids["acme"]
    sign_in(page, email_for("admin", "acme"), start=f"/brands/{brand_id}/profiles")
    expect(page.locator(".profiles > li")).to_have_count(1)
    expect(page.locator(".profiles")).to_contain_text("approval required")
    page.get_by_role("link", name=f"Version {version}").click()

    expect(page.locator("#justification")).to_contain_text("Learned from")
    expect(page.locator("#diff > li").first).to_be_visible()
    expect(page.locator("#diff")).to_contain_text("channel_hook_weights.x.question")
    page.screenshot(path=artifacts / "profile.png", full_page=True)
    page.get_by_role("button", name="Approve").click()

    expect(page.get_by_role("status")).to_have_text(
        "Approved: the next runs write with this version."
    )
    expect(page.locator("#profile-status")).to_have_text("approved")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    assert profile_status(studio, version) == "approved"
    with transaction(studio.context.session_factory) as session:
        record = session.scalars(select(PromptProfileRecord)).one()
        assert record.decided_by == "user:admin@acme.test"

    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Entity type").select_option("prompt_profile")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#audit-events > li").first).to_contain_text(
        "prompt profile status.approved by user:admin@acme.test"
    )


def test_the_audit_log_pages_with_a_cursor_link(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    with signed_in_client(studio, OWNER) as (client, csrf_token):
        for n in range(52):
            saved = client.post(
                f"/brands/{brand_id}",
                data={
                    "csrf_token": csrf_token,
                    "guidelines": f"Version {n}",
                    "channels": ["linkedin"],
                    "approval_policy": "manual",
                    "timezone": "UTC",
                },
            )
            assert saved.status_code == 303, saved.text
        first = client.get("/audit", params={"entity_type": "brand"}).text
        assert first.count("brand updated") == 50
        assert first.index("Version 51") < first.index("Version 49")
        found = re.search(r'href="(/audit\?[^"]+)" rel="next"', first)
        assert found is not None
        older = client.get(found.group(1).replace("&amp;", "&")).text
        assert "brand created" in older
        assert older.count("brand updated") == 2
        assert 'rel="next"' not in older
        assert client.get("/audit", params={"entity_type": "user"}).status_code == 422


def test_inviting_a_member_shows_the_token_once(
    page: Page, studio: Studio, artifacts: Path
) -> None:
    sign_in(page, OWNER, start="/members")
    expect(page.locator("#members > li")).to_have_count(5)
    page.get_by_label("Email").fill("not an address")
    page.get_by_label("Role", exact=True).select_option("reviewer")
    page.locator("#invite-form").evaluate("form => form.noValidate = true")
    page.get_by_role("button", name="Invite").click()
    expect(page.locator("#invite-error")).to_contain_text("is not an email address")
    expect(page.get_by_label("Email")).to_have_value("not an address")

    page.get_by_label("Email").fill("Nia@Example.com")
    page.get_by_role("button", name="Invite").click()
    token_field = page.get_by_label("Invitation token")
    expect(token_field).to_be_visible()
    token = token_field.input_value()
    assert len(token) >= 32
    expect(page.locator(".invitation")).to_contain_text("nia@example.com (reviewer)")
    page.screenshot(path=artifacts / "invited.png", full_page=True)
    page.goto("/members")
    expect(page.get_by_label("Invitation token")).to_have_count(0)
    assert token not in page.content()

    with httpx.Client(base_url=studio.url, timeout=30) as anyone:
        joined = anyone.post(
            "/api/v1/invitations/accept",
            json={"token": token, "name": "Nia", "password": "a long enough passphrase"},
        )
    assert joined.status_code == 201, joined.text
    assert joined.json()["role"] == "reviewer"

    page.reload()
    nia = page.locator("#members > li", has_text="nia@example.com")
    nia.get_by_label("Role of nia@example.com").select_option("editor")
    nia.get_by_role("button", name="Change role").click()
    expect(page.get_by_role("status")).to_have_text("Changed the member's role.")
    expect(page.locator("#members > li", has_text="nia@example.com")).to_contain_text("editor")
    page.get_by_role("button", name="Remove nia@example.com").click()
    expect(page.get_by_role("status")).to_have_text("Removed the member.")
    expect(page.locator("#members > li", has_text="nia@example.com")).to_have_count(0)


def test_an_admin_may_not_make_an_owner(studio: Studio) -> None:
    with signed_in_client(studio, email_for("admin", "acme")) as (client, csrf_token):
        assert 'value="owner"' not in client.get("/members").text.split("invite-form")[1]
        refused = client.post(
            "/members/invite",
            data={"csrf_token": csrf_token, "email": "boss@example.com", "role": "owner"},
        )
        assert refused.status_code == 403


def test_manage_pages_fit_a_360px_screen(page: Page, studio: Studio, artifacts: Path) -> None:
    version = propose_profile(studio)
    brand_id = studio.brand_ids["acme"]
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, OWNER, start="/brands")
    for name, path in [
        ("brands", "/brands"),
        ("brand", f"/brands/{brand_id}"),
        ("profiles", f"/brands/{brand_id}/profiles"),
        ("profile", f"/brands/{brand_id}/profiles/{version}"),
        ("audit", "/audit"),
        ("members", "/members"),
    ]:
        page.goto(path)
        assert_no_horizontal_scroll(page, artifacts / f"narrow-{name}.png")
    page.goto(f"/brands/{brand_id}")
    page.get_by_label(re.compile("^Timezone")).fill("Nowhere/" + "x" * 60)
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_horizontal_scroll(page, artifacts / "narrow-brand-errors.png")
    page.goto("/members")
    page.get_by_label("Email").fill("someone-with-a-long-address@example.com")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_label("Invitation token")).to_be_visible()
    assert_no_horizontal_scroll(page, artifacts / "narrow-invitation.png")


def test_the_studio_refuses_a_feed_on_a_private_address(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    with signed_in_client(studio, OWNER) as (client, csrf_token):
        refused = client.post(
            f"/brands/{brand_id}/sources",
            data={"csrf_token": csrf_token, "url": "http://localhost:6379/"},
        )
    assert refused.status_code == 422
    assert "Localhost is a local or private network address" in refused.text
    assert 'value="http://localhost:6379/"' in refused.text
    with transaction(studio.context.session_factory) as session:
        assert not session.scalars(
            select(TrendSource).where(TrendSource.brand_id == brand_id)
        ).all()


def test_the_brand_page_shows_the_measured_voice_profile(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    with signed_in_client(studio, email_for("viewer", "acme")) as (client, _):
        page = client.get(f"/brands/{brand_id}")
    assert page.status_code == 200
    assert 'aria-labelledby="voice-heading"' in page.text
    assert '<h2 id="voice-heading">Voice profile</h2>' in page.text
    assert "<dt>Examples</dt>" in page.text
