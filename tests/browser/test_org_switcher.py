"""The organization switcher in a real browser: a member of two organizations switches from
the header and sees the other organization's brand; the header with the switcher fits a
360 px screen. (Refusals and the remembered choice are checked over plain HTTP in
``tests/web/test_organization_switch.py``.)"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.browser.test_studio_flow import assert_no_horizontal_scroll
from tests.web.studio import Studio
from tests.web.test_organization_switch import TWO_ORG_USER, join_globex


def test_a_member_of_two_organizations_switches_from_the_header(
    page: Page, studio: Studio, artifacts: Path
) -> None:
    join_globex(studio)
    sign_in(page, TWO_ORG_USER, start="/brands")
    switcher = page.get_by_label("Organization")
    expect(switcher).to_have_value("acme")
    expect(page.locator("main")).to_contain_text("acme-brand")
    page.screenshot(path=artifacts / "1-in-acme.png", full_page=True)

    switcher.select_option(label="Globex")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_url(f"{studio.url}/")
    expect(page.get_by_label("Organization")).to_have_value("globex")
    expect(page.locator("main")).to_contain_text("globex-brand")
    expect(page.locator("main")).not_to_contain_text("acme-brand")
    page.goto("/brands")
    page.get_by_role("link", name="Globex").click()
    page.wait_for_url(f"**/brands/{studio.brand_ids['globex']}")
    page.screenshot(path=artifacts / "2-in-globex.png", full_page=True)


def test_the_header_with_the_switcher_fits_a_360px_screen(
    page: Page, studio: Studio, artifacts: Path
) -> None:
    join_globex(studio)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, TWO_ORG_USER)
    expect(page.get_by_label("Organization")).to_be_visible()
    expect(page.get_by_role("button", name="Switch")).to_be_visible()
    assert_no_horizontal_scroll(page, artifacts / "narrow-dashboard.png")
