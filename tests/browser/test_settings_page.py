"""The settings page in a real browser: change a brand's schedule and writer and see the
next run move; a mistake keeps the typed input beside its field; switching the schedule off.
Roles and tenancy are checked over plain HTTP beside them, and the page fits 360 px."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from pydantic import SecretStr
from sqlalchemy import select

from pressroom.audit.models import AuditEvent
from pressroom.contracts import utcnow
from pressroom.db.session import transaction
from pressroom.schedules.models import BrandSchedule
from pressroom.schedules.service import next_at
from tests.browser.conftest import sign_in
from tests.browser.test_manage_pages import signed_in_client
from tests.browser.test_studio_flow import assert_no_horizontal_scroll
from tests.web.studio import Studio, email_for

OWNER = email_for("owner", "acme")


def stored_schedule(studio: Studio, org: str = "acme") -> BrandSchedule | None:
    with transaction(studio.context.session_factory) as session:
        row = session.scalars(
            select(BrandSchedule).where(BrandSchedule.brand_id == studio.brand_ids[org])
        ).one_or_none()
        if row is not None:
            session.expunge(row)
        return row


def test_an_owner_changes_a_schedule_and_sees_the_next_run_move(
    page: Page, studio: Studio, artifacts: Path
) -> None:
    sign_in(page, OWNER, start="/settings")
    page.get_by_role("link", name="Settings").click()
    page.wait_for_url("**/settings")
    brand = page.locator("#brand-acme-brand")
    expect(brand.get_by_label("Run on schedule")).to_be_checked()
    expect(brand.get_by_label("Daily run at")).to_have_value("06:00")
    expect(page.get_by_text("Default writer")).to_be_visible()
    page.screenshot(path=artifacts / "1-settings.png", full_page=True)

    brand.get_by_label("Daily run at").fill("07:45")
    brand.get_by_label("Learning at").fill("02:30")
    brand.get_by_role("button", name="Save Acme").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("^Saved"))
    local = next_at("07:45", "Europe/Berlin", utcnow()).astimezone(ZoneInfo("Europe/Berlin"))
    expect(page.locator("#brand-acme-brand .next-runs")).to_contain_text(
        local.strftime("%a %d %b 07:45")
    )
    page.screenshot(path=artifacts / "2-saved.png", full_page=True)
    stored = stored_schedule(studio)
    assert stored is not None
    assert (stored.run_time, stored.learn_time, stored.enabled) == ("07:45", "02:30", True)

    # A writer no provider offers: refused beside its field, the typed values kept.
    brand = page.locator("#brand-acme-brand")
    brand.get_by_label("Daily run at").fill("08:15")
    brand.get_by_label(re.compile("^Writer")).fill("gpt-4o")
    brand.get_by_role("button", name="Save Acme").click()
    expect(page.get_by_role("alert")).to_contain_text("were not saved")
    brand = page.locator("#brand-acme-brand")
    expect(brand.get_by_label(re.compile("^Writer"))).to_have_value("gpt-4o")
    expect(brand.get_by_label(re.compile("^Writer"))).to_have_attribute("aria-invalid", "true")
    expect(brand.get_by_label("Daily run at")).to_have_value("08:15")
    expect(brand.locator(".field-errors")).to_contain_text("unknown writer 'gpt-4o'")
    page.screenshot(path=artifacts / "3-refused.png", full_page=True)
    stored = stored_schedule(studio)
    assert stored is not None
    assert stored.run_time == "07:45"

    # Switching the schedule off: no next run.
    brand.get_by_label(re.compile("^Writer")).fill("")
    brand.get_by_label("Run on schedule").uncheck()
    brand.get_by_role("button", name="Save Acme").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("^Saved"))
    expect(page.locator("#brand-acme-brand .next-runs")).to_contain_text("Next run: off")
    stored = stored_schedule(studio)
    assert stored is not None
    assert (stored.enabled, stored.run_time) == (False, "08:15")


def test_a_viewer_reads_settings_and_may_change_nothing(studio: Studio) -> None:
    brand_id = studio.brand_ids["acme"]
    with signed_in_client(studio, email_for("viewer", "acme")) as (client, csrf_token):
        shown = client.get("/settings")
        assert shown.status_code == 200
        assert '<fieldset class="bare" disabled>' in shown.text
        assert "Save Acme" not in shown.text
        refused = client.post(
            f"/settings/brands/{brand_id}",
            data={"csrf_token": csrf_token, "run_time": "01:00", "learn_time": "01:30"},
        )
        assert refused.status_code == 403
        assert "text/html" in refused.headers["content-type"]
    with signed_in_client(studio, email_for("editor", "acme")) as (client, csrf_token):
        refused = client.post(
            f"/settings/brands/{brand_id}",
            data={"csrf_token": csrf_token, "run_time": "01:00", "learn_time": "01:30"},
        )
        assert refused.status_code == 403
    assert stored_schedule(studio) is None


def test_another_organizations_brand_and_a_forged_form_change_nothing(studio: Studio) -> None:
    with signed_in_client(studio, OWNER) as (client, csrf_token):
        page = client.get("/settings").text
        assert "acme-brand" in page
        assert "globex-brand" not in page
        hidden = client.post(
            f"/settings/brands/{studio.brand_ids['globex']}",
            data={"csrf_token": csrf_token, "run_time": "01:00", "learn_time": "01:30"},
        )
        assert hidden.status_code == 404
        forged = client.post(
            f"/settings/brands/{studio.brand_ids['acme']}",
            data={"csrf_token": "forged", "run_time": "01:00", "learn_time": "01:30"},
        )
        assert forged.status_code == 403
        bad = client.post(
            f"/settings/brands/{studio.brand_ids['acme']}",
            data={"csrf_token": csrf_token, "run_time": "25:61", "learn_time": "01:30"},
        )
        assert bad.status_code == 422
        assert "not a time of day as HH:MM" in bad.text
        assert 'value="25:61"' in bad.text
    assert stored_schedule(studio, "acme") is None
    assert stored_schedule(studio, "globex") is None
    with transaction(studio.context.session_factory) as session:
        assert not session.scalars(
            select(AuditEvent).where(AuditEvent.action == "settings_changed")
        ).all()


def test_no_secret_reaches_the_page(studio: Studio) -> None:
    studio.context.settings.openai_api_key = SecretStr("sk-page-secret")
    with signed_in_client(studio, OWNER) as (client, _):
        page = client.get("/settings").text
    assert "sk-page-secret" not in page
    assert re.search(r"<dt>API key</dt><dd>set</dd>", page)


def test_the_settings_page_fits_a_360px_screen(page: Page, studio: Studio, artifacts: Path) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, OWNER, start="/settings")
    page.goto("/settings")
    assert_no_horizontal_scroll(page, artifacts / "narrow-settings.png")
