"""Fixtures of the browser tests: a live studio with the web UI mounted, Debian's Chromium
driven by Playwright, signed-in pages, and a folder for screenshots.

Chromium comes from the system (``apt-get install chromium``), not from ``playwright
install``; ``PRESSROOM_TEST_CHROMIUM`` names another binary. Screenshots go to
``PRESSROOM_TEST_ARTIFACTS`` (one folder per test), by default ``test-artifacts/screenshots``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from pressroom.config import Settings
from tests.web.studio import PASSWORD, Studio, running_studio

CHROMIUM_ENV = "PRESSROOM_TEST_CHROMIUM"
ARTIFACTS_ENV = "PRESSROOM_TEST_ARTIFACTS"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
DEFAULT_ARTIFACTS = Path("test-artifacts/screenshots")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def running_ui_studio(settings: Settings) -> AbstractContextManager[Studio]:
    """The seeded studio of ``tests/web/studio.py`` (the app serves the web UI too)."""
    return running_studio(settings)


@pytest.fixture
def studio(settings: Settings) -> Iterator[Studio]:
    with running_ui_studio(settings) as running:
        yield running


def chromium_path() -> str:
    """The Chromium binary; a missing one fails the test with how to install it."""
    path = os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM
    if not Path(path).is_file():
        pytest.fail(
            f"Chromium is needed for the browser tests and {path} does not exist. Install "
            f"Debian's build with `sudo apt-get install chromium`, or set {CHROMIUM_ENV} to "
            "the path of a Chromium binary.",
            pytrace=False,
        )
    return path


# Per module, not per session: the suite's forked tests (the workflow engine's) would
# inherit a session-wide driver connection, and their exit breaks it for the rest.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """Where this test's screenshots go: a folder per test under ``PRESSROOM_TEST_ARTIFACTS``,
    by default ``test-artifacts/screenshots`` in the project (kept after the run)."""
    root = os.environ.get(ARTIFACTS_ENV) or request.config.rootpath / DEFAULT_ARTIFACTS
    folder = Path(root) / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser: Browser, studio: Studio) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the studio, 1280 × 900."""
    context = browser.new_context(base_url=studio.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def sign_in(page: Page, email: str, *, start: str = "/") -> None:
    """Open ``start``, get sent to the sign-in page, sign in as ``email`` and come back."""
    page.goto(start)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(start) + r"$"))
