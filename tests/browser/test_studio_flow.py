"""The studio in a real browser (Debian's Chromium) against a live server: signing in,
the dashboard, the review queue with its keys, the piece editor's live limits and
decisions, escaping of generated text, and the layout at 360 px. The UI's error answers
(sign-in redirect, error pages, CSRF) are checked over plain HTTP beside them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.db.session import transaction
from pressroom.platforms.x import weighted_length
from pressroom.writing.models import Piece
from tests import factories as shared
from tests.browser.conftest import sign_in
from tests.review.factories import linkedin_draft, make_idea, make_piece, x_draft
from tests.web.studio import PASSWORD, Studio, email_for

OWNER = email_for("owner", "acme")
XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def add_piece(
    studio: Studio,
    *,
    org: str = "acme",
    channel: str = "x",
    title: str = "Sour espresso",
    draft: dict[str, object] | None = None,
    age_minutes: int = 0,
) -> str:
    """A piece waiting for review in one of today's runs of ``org``'s brand; its id."""
    with transaction(studio.context.session_factory) as session:
        brand = session.get(Brand, studio.brand_ids[org])
        assert brand is not None
        run = shared.make_run(
            session, brand=brand, run_date=utcnow().date(), status="waiting_for_review"
        )
        idea = make_idea(session, run=run, title=title)
        piece = make_piece(
            session, idea=idea, channel=channel, draft=draft, age_minutes=age_minutes
        )
        return piece.id


def status_of(studio: Studio, piece_id: str) -> str:
    with transaction(studio.context.session_factory) as session:
        piece = session.get(Piece, piece_id)
        assert piece is not None
        return piece.status


def test_review_flow_from_sign_in_to_approval(page: Page, studio: Studio, artifacts: Path) -> None:
    thread = add_piece(studio, channel="x", title="Sour espresso thread", age_minutes=30)
    add_piece(studio, channel="linkedin", title="Roasting lighter", draft=linkedin_draft())

    sign_in(page, OWNER)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    waiting = page.locator("section", has=page.get_by_role("heading", name="Waiting for review"))
    expect(waiting).to_contain_text("2 piece(s) wait for a person")
    runs = page.locator("section", has=page.get_by_role("heading", name="Today's runs"))
    expect(runs.locator(".runs > li")).to_have_count(2)
    expect(runs).to_contain_text("waiting for review")
    page.screenshot(path=artifacts / "1-dashboard.png", full_page=True)

    page.get_by_role("link", name="Open the review queue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    items = page.locator(".queue-item")
    expect(items).to_have_count(2)
    page.keyboard.press("j")
    expect(items.nth(0)).to_have_class(re.compile("selected"))
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(items.nth(0)).to_have_class(re.compile("selected"))
    page.screenshot(path=artifacts / "2-queue.png", full_page=True)
    page.keyboard.press("o")
    page.wait_for_url(f"**/pieces/{thread}")

    expect(page.get_by_role("heading", name="Sour espresso thread")).to_be_visible()
    expect(page.locator(".x-thread li")).to_have_count(2)
    first_post = page.locator("#live-measures [data-measure='post-1']")
    before = first_post.inner_text()
    post = "Sour espresso? ☕ Try https://example.com/grind first"
    page.get_by_label(re.compile("^Text of the X thread")).fill(
        f"{post}\n\n---\n\nGrind two steps finer, then taste again."
    )
    expect(first_post).to_have_text(f"Post 1: {weighted_length(post)} / 280")
    assert first_post.inner_text() != before
    page.get_by_label(re.compile("^Text of the X thread")).fill("x" * 281)
    expect(first_post).to_have_class("over")
    page.get_by_label(re.compile("^Text of the X thread")).fill(
        f"{post}\n\n---\n\nGrind two steps finer, then taste again."
    )
    page.screenshot(path=artifacts / "3-editing.png", full_page=True)
    page.get_by_role("button", name="Save edit").click()

    expect(page.get_by_role("status")).to_have_text("Saved your edit as a new version.")
    expect(page.locator("#piece-status")).to_have_text("edited")
    expect(page.locator(".x-thread li").first).to_contain_text(post)
    expect(page.locator("#current-text")).to_contain_text(post)
    expect(page.locator("#original-text")).to_contain_text("Is your espresso sour?")
    page.get_by_role("button", name="Approve version 2").click()

    page.wait_for_url("**/review?*")
    expect(page.get_by_role("status")).to_have_text("Approved 1 piece(s).")
    expect(page.locator(f"[data-piece-id='{thread}']")).to_have_count(0)
    expect(page.locator(".queue-item")).to_have_count(1)
    assert status_of(studio, thread) == "approved"
    page.screenshot(path=artifacts / "4-approved.png", full_page=True)
    page.goto("/")
    expect(waiting).to_contain_text("1 piece(s) wait for a person")


def test_queue_keys_reject_with_reason_and_bulk_approve(
    page: Page, studio: Studio, artifacts: Path
) -> None:
    ids = [
        add_piece(studio, channel="x", title=f"Piece {n}", draft=x_draft(), age_minutes=50 - n)
        for n in range(4)
    ]
    sign_in(page, OWNER, start="/review")
    items = page.locator(".queue-item")
    expect(items).to_have_count(4)

    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.get_by_role("status")).to_have_text("Approved 1 piece(s).")
    expect(items).to_have_count(3)

    page.keyboard.press("j")
    page.keyboard.press("r")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label(re.compile("^Reason")).fill("Off brand")
    page.screenshot(path=artifacts / "reject-dialog.png")
    dialog.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("status")).to_have_text("Rejected the piece.")
    expect(items).to_have_count(2)

    page.get_by_label("Select all").check()
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_role("status")).to_have_text("Approved 2 piece(s).")
    expect(page.get_by_text("No pieces are waiting for review.")).to_be_visible()
    assert [status_of(studio, piece_id) for piece_id in ids] == [
        "approved",
        "rejected",
        "approved",
        "approved",
    ]


def test_generated_text_is_shown_escaped_never_run(
    page: Page, studio: Studio, artifacts: Path
) -> None:
    draft = linkedin_draft(text=f"Before {XSS} after.\n\nA second paragraph.")
    piece_id = add_piece(studio, channel="linkedin", title=f"Title {XSS}", draft=draft)
    sign_in(page, OWNER, start="/review")
    expect(page.locator(".queue-item")).to_contain_text(XSS)
    assert page.evaluate("typeof window.__xss") == "undefined"

    page.goto(f"/pieces/{piece_id}")
    expect(page.get_by_role("heading", name=f"Title {XSS}")).to_be_visible()
    expect(page.locator(".li-card")).to_contain_text(f"Before {XSS} after.")
    expect(page.get_by_label(re.compile("^Text of the LinkedIn post"))).to_have_value(
        re.compile(re.escape(XSS))
    )
    page.screenshot(path=artifacts / "escaped.png", full_page=True)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0


def test_pages_fit_a_360px_screen(page: Page, studio: Studio, artifacts: Path) -> None:
    ids = {
        channel: add_piece(studio, channel=channel, title=f"A rather long idea title for {channel}")
        for channel in ("linkedin", "x", "instagram-reel")
    }
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/login")
    assert_no_horizontal_scroll(page, artifacts / "narrow-login.png")
    sign_in(page, OWNER)
    for name, path in [
        ("dashboard", "/"),
        ("review", "/review"),
        *((f"piece-{channel}", f"/pieces/{piece_id}") for channel, piece_id in ids.items()),
        ("not-found", "/pieces/no-such-piece"),
    ]:
        page.goto(path)
        assert_no_horizontal_scroll(page, artifacts / f"narrow-{name}.png")


def assert_no_horizontal_scroll(page: Page, screenshot: Path) -> None:
    page.screenshot(path=screenshot, full_page=True)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def test_ui_errors_are_pages_and_the_api_keeps_problem_json(studio: Studio) -> None:
    other_org_piece = add_piece(studio, org="globex")
    own_piece = add_piece(studio)
    with httpx.Client(base_url=studio.url, timeout=30) as browser:
        assert browser.get("/api/v1/me").headers["content-type"] == "application/problem+json"
        away = browser.get("/review?brand=a")
        assert (away.status_code, away.headers["location"]) == (
            303,
            "/login?next=%2Freview%3Fbrand%3Da",
        )
        missing = browser.get("/no-such-page")
        assert missing.status_code == 404
        assert missing.headers["content-type"].startswith("text/html")

        foreign = browser.post(
            "/login", data={"email": OWNER, "password": PASSWORD}, headers={"Origin": "https://x"}
        )
        assert foreign.status_code == 403
        wrong = browser.post("/login", data={"email": OWNER, "password": "not it at all"})
        assert wrong.status_code == 401
        assert "wrong email or password" in wrong.text
        signed_in = browser.post("/login", data={"email": OWNER, "password": PASSWORD})
        assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/")
        cookie = signed_in.headers["set-cookie"].lower()
        assert all(part in cookie for part in ("httponly", "samesite=lax", "path=/"))

        hidden = browser.get(f"/pieces/{other_org_piece}")
        assert hidden.status_code == 404
        assert "text/html" in hidden.headers["content-type"]
        forged = browser.post(f"/pieces/{own_piece}/approve", data={"csrf_token": "forged"})
        assert forged.status_code == 403
        assert "CSRF" in forged.text
        assert status_of(studio, own_piece) == "generated"
        assert browser.get("/api/v1/brands/nope").headers["content-type"] == (
            "application/problem+json"
        )


@contextmanager
def signed_in_client(studio: Studio, email: str) -> Iterator[tuple[httpx.Client, str]]:
    """A plain HTTP client with a browser session of ``email``, and the session's CSRF
    token as the pages' forms carry it."""
    with httpx.Client(base_url=studio.url, timeout=30) as client:
        client.post("/login", data={"email": email, "password": PASSWORD})
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
        assert found is not None
        yield client, found.group(1)


def test_a_viewer_may_read_but_not_decide_and_sign_out_ends_the_session(studio: Studio) -> None:
    piece_id = add_piece(studio)
    with signed_in_client(studio, email_for("viewer", "acme")) as (client, csrf_token):
        page = client.get(f"/pieces/{piece_id}")
        assert page.status_code == 200
        assert "may read this piece but not decide" in page.text
        refused = client.post(f"/pieces/{piece_id}/approve", data={"csrf_token": csrf_token})
        assert refused.status_code == 403
        assert status_of(studio, piece_id) == "generated"

        out = client.post("/logout", data={"csrf_token": csrf_token})
        assert (out.status_code, out.headers["location"]) == (303, "/login")
        assert client.get("/").headers["location"] == "/login?next=%2F"
