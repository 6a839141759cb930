"""The dashboard on a live studio: today's runs and the run history (the organization's
only, newest first, each linking to its run page), every piece counted by state in pipeline
order, and what waits — worded for the role asking."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import quote

from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.db.session import transaction
from pressroom.runs.models import Run
from pressroom.schedules import service as schedules
from pressroom.schedules.schemas import SettingsChange
from pressroom.web.ui.views import PIPELINE_ORDER, RUN_HISTORY
from pressroom.writing.lifecycle import PieceStatus
from tests.factories import make_brand, make_run
from tests.metrics.factories import make_piece, make_publish_job
from tests.web.studio import Studio

VIEWER_SENTENCE = "Your role (viewer) may read pieces but not review them."


def _section(html: str, heading_id: str) -> str:
    """The dashboard card titled by the heading ``heading_id`` ("" when it is not shown)."""
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def _run_ids(section: str) -> list[str]:
    return re.findall(r'<li data-run-id="([^"]+)">', section)


def _pipeline(html: str) -> dict[str, int]:
    """The "Pieces by state" counts, in the order shown."""
    cells = re.findall(
        r'data-state="(\w+)">.*?<dd>(\d+)</dd>', _section(html, "pipeline-heading"), re.S
    )
    return {state: int(count) for state, count in cells}


def _dashboard(studio: Studio, role: str = "viewer", org: str = "acme") -> str:
    with studio.client(role, org) as client:
        response = client.get("/")
    assert response.status_code == 200, response.text
    return response.text


def _store_run(studio: Studio, org: str, *, run_id: str, day: date, hour: int = 7) -> None:
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids[org])
        started = datetime.combine(day, time(hour), tzinfo=UTC)
        make_run(session, brand=brand, id=run_id, run_date=day, started_at=started)


def _store_pieces(studio: Studio, org: str, statuses: dict[str, int], run_id: str = "") -> None:
    """``statuses[state]`` pieces in each state, in run ``run_id`` (or a run each)."""
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids[org])
        run = session.get(Run, run_id) if run_id else None
        for state, count in statuses.items():
            for _ in range(count):
                make_piece(session, brand, status=state, run=run)


def test_the_history_lists_the_organizations_runs_before_today_newest_first(
    studio: Studio,
) -> None:
    today = utcnow().date()
    days = [today - timedelta(days=n) for n in range(1, RUN_HISTORY + 3)]
    past = [f"daily:acme-brand:{day.isoformat()}" for day in days]
    for run_id, day in zip(past, days, strict=True):
        _store_run(studio, "acme", run_id=run_id, day=day)
    retried = f"{past[0]}#2"  # a second attempt of yesterday's run, started later
    _store_run(studio, "acme", run_id=retried, day=days[0], hour=9)
    _store_run(studio, "acme", run_id="daily:acme-brand:today", day=today)
    # Globex's run is the newest of all: a history across tenants would show it first.
    _store_run(studio, "globex", run_id="daily:globex-brand:yesterday", day=days[0], hour=23)
    _store_pieces(studio, "acme", {"generated": 2, "published": 1}, run_id=retried)

    html = _dashboard(studio)

    history = _section(html, "history-heading")
    assert _run_ids(history) == [retried, *past[: RUN_HISTORY - 1]]
    assert "globex" not in html
    assert _run_ids(_section(html, "runs-heading")) == ["daily:acme-brand:today"]
    newest = history.split("</li>")[0]
    assert f'href="/runs/{quote(retried, safe=":")}"' in newest
    assert 'href="/runs/daily:acme-brand:' in newest  # ':' stays, '#' is %23
    assert "3 piece(s) · 2 waiting for review" in newest
    assert f"{days[0].isoformat()} · Acme" in newest
    older = history.split("</li>")[1]
    assert "writer builtin · 0 piece(s)</p>" in older
    with studio.client("viewer") as client:
        page = client.get(f"/runs/{quote(retried, safe=':')}")
    assert page.status_code == 200
    assert f'Run of Acme <span class="meta">{retried}</span>' in page.text


def test_todays_runs_count_their_pieces_by_state_in_pipeline_order(studio: Studio) -> None:
    today = utcnow().date()
    _store_run(studio, "acme", run_id="daily:acme-brand:now", day=today)
    pieces = {"published": 1, "approved": 2, "generated": 1, "failed_validation": 1}
    _store_pieces(studio, "acme", pieces, run_id="daily:acme-brand:now")

    run = _section(_dashboard(studio), "runs-heading")

    cells = re.findall(r"<dt>([\w ]+)</dt><dd>(\d+)</dd>", run)
    assert cells == [
        ("generated", "1"),
        ("failed validation", "1"),
        ("approved", "2"),
        ("published", "1"),
        ("waiting for review", "2"),
    ]
    assert _section(_dashboard(studio), "history-heading").count("<li") == 0


def test_pieces_by_state_count_only_the_organizations_pieces(studio: Studio) -> None:
    acme = {
        "published": 4,
        "generated": 3,
        "approved": 2,
        "edited": 1,
        "rejected": 1,
        "failed_publish_terminal": 1,
    }
    _store_pieces(studio, "acme", acme)
    _store_pieces(studio, "globex", {"generated": 5, "published": 2, "scheduled": 3})

    html = _dashboard(studio)

    counts = _pipeline(html)
    assert list(counts) == [str(state) for state in PIPELINE_ORDER]
    assert counts == {str(state): acme.get(state, 0) for state in PIPELINE_ORDER}
    pipeline = _section(html, "pipeline-heading")
    linked = re.findall(r'<dt><a href="/review">([\w ]+)</a></dt>', pipeline)
    assert linked == ["generated", "edited", "failed validation"]
    assert pipeline.count("<a ") == 3
    waiting = _section(html, "waiting-heading")
    assert '<strong class="big">4</strong> piece(s) wait for a person.' in waiting
    assert _pipeline(_dashboard(studio, org="globex"))["generated"] == 5


def test_the_pipeline_order_names_every_piece_state_once() -> None:
    assert sorted(PIPELINE_ORDER) == sorted(PieceStatus)


def test_a_viewer_reads_that_they_cannot_review_and_a_reviewer_gets_the_queue(
    studio: Studio,
) -> None:
    _store_pieces(studio, "acme", {"generated": 2, "edited": 1, "approved": 1})

    as_viewer = _section(_dashboard(studio, "viewer"), "waiting-heading")
    as_reviewer = _section(_dashboard(studio, "reviewer"), "waiting-heading")

    assert '<strong class="big">3</strong> piece(s) wait for a person.' in as_viewer
    assert VIEWER_SENTENCE in as_viewer
    assert "<a " not in as_viewer
    assert '<strong class="big">3</strong> piece(s) wait for a person.' in as_reviewer
    assert VIEWER_SENTENCE not in as_reviewer
    assert '<a href="/review">Open the review queue</a>' in as_reviewer
    assert len(re.findall(r'<a href="/pieces/[^"]+">', as_reviewer)) == 3


def test_posts_that_failed_for_good_wait_for_attention(studio: Studio) -> None:
    assert _section(_dashboard(studio), "failed-posts-heading") == ""
    with transaction(studio.context.session_factory) as session:
        acme = session.get_one(Brand, studio.brand_ids["acme"])
        globex = session.get_one(Brand, studio.brand_ids["globex"])
        for brand, status in (
            (acme, "failed_publish_terminal"),
            (acme, "failed_publish_terminal"),
            (acme, "failed_publish_retryable"),
            (globex, "failed_publish_terminal"),
        ):
            piece = make_piece(session, brand, status=status)
            make_publish_job(session, piece, status=status, published_at=None)

    failed = _section(_dashboard(studio), "failed-posts-heading")

    assert '<strong class="big">2</strong> post(s) failed to publish' in failed


def test_each_brand_shows_its_next_scheduled_run_or_that_its_schedule_is_off(
    studio: Studio,
) -> None:
    with transaction(studio.context.session_factory) as session:
        quiet = make_brand(session, organization_id=studio.organization_ids["acme"], slug="quiet")
        schedules.change_settings(
            session,
            quiet,
            SettingsChange(schedule_enabled=False),
            actor="test",
            trace_id="trace-test",
            default_model="builtin",
            now=utcnow(),
        )
    section = _section(_dashboard(studio), "brands-heading")
    lines = dict(
        re.findall(r'<li data-brand="([^"]+)">.*?class="meta next-run">([^<]+)', section, re.S)
    )
    expected = schedules.next_at("06:00", "Europe/Berlin", utcnow())
    assert lines == {
        "acme-brand": f"Next run {expected:%a %d %b %H:%M} UTC (06:00 Europe/Berlin)",
        "quiet": "Schedule off: runs only when started by hand",
    }
    assert "globex" not in section
    assert "does not run in this process" in section
