"""The posting calendar in a real browser: week and month views of the organization's posts
at their brand's local time, moving a post by editing its time (and the friendly refusals
that change nothing), what a viewer sees, and the layout at 360 px. Refusals a browser's
form would not send are checked over plain HTTP beside them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Browser, Page, expect

from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.db.session import transaction
from pressroom.ideas.models import Idea
from pressroom.publishing.models import PublishJobRecord
from tests.browser.conftest import sign_in
from tests.browser.test_studio_flow import assert_no_horizontal_scroll, signed_in_client
from tests.publishing.factories import make_piece
from tests.web.studio import Studio, email_for

OWNER = email_for("owner", "acme")
VIEWER = email_for("viewer", "acme")
BERLIN = ZoneInfo("Europe/Berlin")  # the seeded brands' timezone (the demo brand's)


def next_monday() -> date:
    """Monday of next week: every day of that week is still ahead."""
    today = utcnow().date()
    return today + timedelta(days=7 - today.weekday())


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """That wall-clock time in Berlin."""
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def add_post(
    studio: Studio,
    when: datetime,
    *,
    org: str = "acme",
    channel: str = "linkedin",
    title: str = "Sour espresso",
    status: str = "scheduled",
) -> str:
    """A post of ``org``'s brand at ``when`` (its piece, idea and publish job); the job's id."""
    with transaction(studio.context.session_factory) as session:
        brand = session.get(Brand, studio.brand_ids[org])
        assert brand is not None
        piece = make_piece(session, brand=brand, channel=channel, status=status)
        idea = session.get(Idea, piece.idea_id)
        assert idea is not None
        idea.title = title
        job = PublishJobRecord(
            piece_id=piece.id,
            brand_id=brand.id,
            channel=channel,
            status=status,
            schedule_at=when.astimezone(UTC),
            idempotency_key=f"publish-{piece.id}",
            trace_id="trace-test",
            published_at=when.astimezone(UTC) if status == "published" else None,
        )
        session.add(job)
        session.flush()
        return job.id


def posting_time(studio: Studio, job_id: str) -> datetime:
    with transaction(studio.context.session_factory) as session:
        job = session.get(PublishJobRecord, job_id)
        assert job is not None
        return job.schedule_at


def test_week_view_shows_posts_and_a_reschedule_moves_the_post(
    page: Page, studio: Studio, artifacts: Path
) -> None:
    monday = next_monday()
    wednesday, thursday = monday + timedelta(days=2), monday + timedelta(days=3)
    moving = add_post(studio, at(monday, 9), title="Sour espresso")
    add_post(studio, at(monday, 11, 30), channel="x", title="Latte art", status="published")
    add_post(studio, at(thursday, 8), title="Grinders")
    add_post(studio, at(monday, 9), org="globex", title="Globex roadmap")

    sign_in(page, OWNER, start=f"/calendar?view=week&start={monday.isoformat()}")
    expect(page.get_by_role("heading", name=re.compile("^Calendar"))).to_be_visible()
    first_day = page.locator(f"li.day[data-day='{monday.isoformat()}']")
    posts = first_day.locator(".post")
    expect(posts).to_have_count(2)
    expect(posts.nth(0)).to_contain_text("09:00")
    expect(posts.nth(0)).to_contain_text("linkedin · Acme · scheduled")
    expect(posts.nth(1)).to_contain_text("11:30")
    expect(posts.nth(1)).to_contain_text("x · Acme · published")
    expect(posts.nth(0).get_by_role("link", name="Sour espresso")).to_have_attribute(
        "href", re.compile(r"^/pieces/")
    )
    expect(posts.nth(1).locator("form")).to_have_count(0)  # a published post keeps its time
    expect(page.get_by_text("Globex roadmap")).to_have_count(0)
    page.screenshot(path=artifacts / "1-week.png", full_page=True)

    posts.nth(0).get_by_text("Reschedule").click()
    field = page.get_by_label("New time for Sour espresso (linkedin)")
    expect(field).to_have_value(f"{monday.isoformat()}T09:00")
    expect(posts.nth(0)).to_contain_text("Time in Europe/Berlin")
    field.fill(f"{wednesday.isoformat()}T16:45")
    page.screenshot(path=artifacts / "2-rescheduling.png", full_page=True)
    posts.nth(0).get_by_role("button", name="Move post").click()

    expect(page.get_by_role("status")).to_have_text("Moved the post.")
    expect(first_day.locator(".post")).to_have_count(1)
    moved = page.locator(f"li.day[data-day='{wednesday.isoformat()}'] .post")
    expect(moved).to_have_count(1)
    expect(moved).to_contain_text("16:45")
    expect(moved).to_contain_text("Sour espresso")
    assert posting_time(studio, moving) == at(wednesday, 16, 45).astimezone(UTC)
    page.screenshot(path=artifacts / "3-moved.png", full_page=True)

    # Onto a minute the channel already posts at: refused on the page, nothing moves.
    moved.get_by_text("Reschedule").click()
    page.get_by_label("New time for Sour espresso (linkedin)").fill(f"{thursday.isoformat()}T08:00")
    moved.get_by_role("button", name="Move post").click()
    expect(page.get_by_role("alert")).to_contain_text("linkedin already has a post at that time")
    expect(page.locator(f"li.day[data-day='{wednesday.isoformat()}'] .post")).to_contain_text(
        "16:45"
    )
    assert posting_time(studio, moving) == at(wednesday, 16, 45).astimezone(UTC)
    page.screenshot(path=artifacts / "4-refused.png", full_page=True)


def test_month_view_lays_out_the_month_and_a_viewer_sees_no_forms(
    browser: Browser, page: Page, studio: Studio, artifacts: Path
) -> None:
    day = next_monday() + timedelta(days=1)
    add_post(studio, at(day, 7, 15), title="Cold brew")
    sign_in(page, OWNER, start=f"/calendar?view=month&start={day.isoformat()}")
    expect(page.get_by_role("heading", name=re.compile(day.strftime("%B %Y")))).to_be_visible()
    expect(page.get_by_role("link", name="Month", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    in_month = page.locator("li.day:not(.outside)")
    first = day.replace(day=1)
    days_in_month = ((first + timedelta(days=32)).replace(day=1) - first).days
    expect(in_month).to_have_count(days_in_month)
    cell = page.locator(f"li.day[data-day='{day.isoformat()}']")
    expect(cell).to_contain_text("07:15")
    expect(cell).to_contain_text("Cold brew")
    expect(cell.locator("form")).to_have_count(1)
    page.screenshot(path=artifacts / "month.png", full_page=True)

    page.get_by_role("link", name="Week", exact=True).click()
    expect(page.get_by_role("link", name="Week", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator("li.day")).to_have_count(7)

    viewer = browser.new_context(base_url=studio.url, viewport={"width": 1280, "height": 900})
    try:
        as_viewer = viewer.new_page()
        sign_in(as_viewer, VIEWER, start=f"/calendar?view=month&start={day.isoformat()}")
        viewer_cell = as_viewer.locator(f"li.day[data-day='{day.isoformat()}']")
        expect(viewer_cell).to_contain_text("Cold brew")
        expect(as_viewer.locator("form[action^='/calendar/']")).to_have_count(0)
        expect(as_viewer.get_by_text("Reschedule")).to_have_count(0)
    finally:
        viewer.close()


def test_the_calendar_fits_a_360px_screen(page: Page, studio: Studio, artifacts: Path) -> None:
    monday = next_monday()
    for n, channel in enumerate(("linkedin", "x", "instagram-reel")):
        add_post(
            studio,
            at(monday + timedelta(days=n), 9),
            channel=channel,
            title=f"A rather long idea title about sour espresso for {channel}",
        )
    page.set_viewport_size({"width": 360, "height": 740})
    for view in ("week", "month"):
        path = f"/calendar?view={view}&start={monday.isoformat()}"
        if view == "week":
            sign_in(page, OWNER, start=path)
        else:
            page.goto(path)
        page.locator("details.move").first.locator("summary").click()
        expect(page.locator("details.move input[type=datetime-local]").first).to_be_visible()
        assert_no_horizontal_scroll(page, artifacts / f"narrow-{view}.png")


def test_refusals_change_nothing_and_a_viewer_may_not_move_a_post(studio: Studio) -> None:
    monday = next_monday()
    scheduled = add_post(studio, at(monday, 9))
    published = add_post(studio, at(monday, 10), status="published")
    foreign = add_post(studio, at(monday, 9), org="globex")
    week = {"view": "week", "start": monday.isoformat()}
    later = f"{(monday + timedelta(days=1)).isoformat()}T09:00"

    def move(client: httpx.Client, token: str, job_id: str, when: str) -> httpx.Response:
        form = {"csrf_token": token, "schedule_at": when, **week}
        return client.post(f"/calendar/posts/{job_id}/reschedule", data=form)

    with signed_in_client(studio, VIEWER) as (client, token):
        shown = client.get("/calendar", params=week)
        assert shown.status_code == 200
        assert "Sour espresso" in shown.text
        assert "/reschedule" not in shown.text
        assert move(client, token, scheduled, later).status_code == 403

    with signed_in_client(studio, OWNER) as (client, token):
        past = move(client, token, scheduled, "2020-01-06T09:00")
        assert past.status_code == 422
        assert "That time has already passed" in past.text
        out = move(client, token, published, later)
        assert out.status_code == 409
        assert "can no longer be moved: it is published" in out.text
        gap = _spring_forward_gap(monday)
        skipped = move(client, token, scheduled, gap)
        assert skipped.status_code == 422
        assert "does not exist in Europe/Berlin" in skipped.text
        assert move(client, token, scheduled, "soon").status_code == 422
        assert move(client, "forged", scheduled, later).status_code == 403
        assert move(client, token, foreign, later).status_code == 404
        assert client.get("/calendar", params={"view": "year"}).status_code == 422
        assert client.get("/calendar", params={"start": "10000-01-01"}).status_code == 422

    assert posting_time(studio, scheduled) == at(monday, 9).astimezone(UTC)
    assert posting_time(studio, published) == at(monday, 10).astimezone(UTC)
    assert posting_time(studio, foreign) == at(monday, 9).astimezone(UTC)


def _spring_forward_gap(after: date) -> str:
    """02:30 on the next last Sunday of March: an hour Berlin's clocks skip."""
    year = after.year + 1
    last_sunday = max(date(year, 3, d) for d in range(25, 32) if date(year, 3, d).weekday() == 6)
    return f"{last_sunday.isoformat()}T02:30"
