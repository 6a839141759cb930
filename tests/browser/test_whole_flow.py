"""The studio's whole flow in a real browser, with the workflow engine running in the
serving process: sign in → run now → review → edit → approve → the post on the calendar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.publishing.models import PublishJobRecord
from pressroom.writing.models import Piece, PieceVersion
from tests.browser.conftest import sign_in
from tests.browser.test_run_progress import quick_brand, studio_with_engine
from tests.web.studio import email_for

EDIT = " Ask us which roast suits your grinder."


@pytest.mark.forked
@pytest.mark.slow
def test_sign_in_run_review_edit_approve_and_see_it_on_the_calendar(
    settings: Settings, artifacts: Path
) -> None:
    with studio_with_engine(settings) as (studio, page):
        # Pieces of this brand always wait for a person.
        quick_brand(studio, slug="by-hand", name="By Hand Roasters", approval_policy="manual")

        sign_in(page, email_for("editor", "acme"), start="/runs")
        page.get_by_role("button", name="Run now: By Hand Roasters").click()
        page.wait_for_url(re.compile(r"/runs/daily:by-hand:\d{4}-\d{2}-\d{2}$"))
        expect(page.locator("#run-status")).to_have_text("waiting for review", timeout=90_000)
        page.screenshot(path=artifacts / "1-run.png", full_page=True)

        page.goto("/review")
        expect(page.locator(".queue-item")).to_have_count(3)
        page.locator(".queue-item a.open").first.click()
        page.wait_for_url(re.compile(r"/pieces/[0-9a-f-]{36}$"))
        piece_id = page.url.rsplit("/", 1)[-1]
        text = page.locator("#piece-text")
        text.fill(text.input_value() + EDIT)
        page.get_by_role("button", name="Save edit").click()
        expect(page.locator("#piece-status")).to_have_text("edited")
        page.screenshot(path=artifacts / "2-edited.png", full_page=True)

        page.get_by_role("button", name=re.compile(r"^Approve version \d+$")).click()
        page.wait_for_url(re.compile(r"/review\?done=approved"))
        expect(page.locator(".queue-item")).to_have_count(2)

        with transaction(studio.context.session_factory) as session:
            job = session.scalars(
                select(PublishJobRecord).where(PublishJobRecord.piece_id == piece_id)
            ).one_or_none()
            # The approval woke the piece's waiting workflow, which scheduled it.
            for _ in range(100):
                if job is not None:
                    break
                page.wait_for_timeout(100)
                session.expire_all()
                job = session.scalars(
                    select(PublishJobRecord).where(PublishJobRecord.piece_id == piece_id)
                ).one_or_none()
            assert job is not None, "the approved piece was not scheduled"
            day = job.schedule_at.date().isoformat()
            piece = session.get_one(Piece, piece_id)
            kinds = session.scalars(
                select(PieceVersion.kind)
                .where(PieceVersion.piece_id == piece_id)
                .order_by(PieceVersion.version)
            ).all()
        assert piece.text.endswith(EDIT.strip())
        assert len(kinds) >= 2
        assert kinds[-1] == "edit"

        page.goto(f"/calendar?view=week&start={day}")
        post = page.locator(f"a[href='/pieces/{piece_id}']")
        expect(post).to_have_count(1)
        page.screenshot(path=artifacts / "3-calendar.png", full_page=True)
