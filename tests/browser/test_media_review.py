"""Reviewing a piece's media in a real browser (Debian's Chromium): the cover is decoded,
the video's metadata load through byte ranges, approving the media changes their status on
the page, and a failed asset reads clearly on a 360 px screen."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, MediaError
from pressroom.media import service as media
from pressroom.media.schemas import AssetSpec
from pressroom.media.spec import Aspect, AssetKind, AssetRole
from pressroom.writing.models import Piece
from tests.browser.conftest import sign_in
from tests.web.studio import Studio, email_for
from tests.web.test_studio_media import add_reel_with_media, review_statuses

REVIEWER = email_for("reviewer", "acme")


def test_a_reviewer_sees_the_media_play_and_approves_them(
    page: Page, studio: Studio, artifacts: Path, tmp_path: Path
) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    sign_in(page, REVIEWER, start=f"/pieces/{reel.piece_id}")
    section = page.locator("#media")
    expect(section.get_by_role("heading", name="Media")).to_be_visible()
    section.scroll_into_view_if_needed()

    cover = section.get_by_role("img", name="Sour espresso? Grind finer first")
    cover.scroll_into_view_if_needed()
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=cover.element_handle()
    )
    assert cover.evaluate("image => [image.naturalWidth, image.naturalHeight]") == [1080, 1920]

    video = section.locator(f"video[src='/assets/{reel.video}']")
    page.wait_for_function(
        "video => video.readyState >= 1 && video.duration > 0", arg=video.element_handle()
    )
    duration = video.evaluate("video => video.duration")
    assert 0.9 < duration < 1.2
    assert video.evaluate("video => [video.videoWidth, video.videoHeight]") == [108, 192]
    expect(section.get_by_role("link", name="Download subtitles-9x16.srt")).to_be_visible()
    expect(section.locator("[data-review-status='pending']")).to_have_count(3)
    page.screenshot(path=artifacts / "1-media.png", full_page=True)

    section.get_by_role("button", name="Approve media").click()
    page.wait_for_url(f"**/pieces/{reel.piece_id}?media=approved#media")
    expect(page.get_by_role("status")).to_have_text("Approved the media of this version.")
    expect(page.locator("#media [data-review-status='approved']")).to_have_count(3)
    expect(page.locator("#media-approved")).to_be_visible()
    assert set(review_statuses(studio, reel.piece_id).values()) == {"approved"}
    page.locator("#media").screenshot(path=artifacts / "2-approved.png")


def test_a_failed_asset_reads_clearly_on_a_small_screen(
    page: Page, studio: Studio, artifacts: Path, tmp_path: Path
) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    with transaction(studio.context.session_factory) as session:
        piece = session.get_one(Piece, reel.piece_id)
        media.record_failure(
            session,
            piece=piece,
            spec=AssetSpec(kind=AssetKind.VIDEO, role=AssetRole.VIDEO, aspect=Aspect.VERTICAL),
            error=MediaError(
                "scene 2's on-screen text does not fit the frame at the smallest size",
                code=ErrorCode.MEDIA_TEXT_TOO_LONG,
                hint="Shorten the on-screen text of scene 2, then render again.",
            ),
            meta={},
        )
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, REVIEWER, start=f"/pieces/{reel.piece_id}")

    failed = page.locator("#media .media-card.failed")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("MEDIA_TEXT_TOO_LONG")
    expect(failed).to_contain_text("does not fit the frame")
    expect(failed).to_contain_text("Shorten the on-screen text of scene 2")
    expect(page.locator("#media-state")).to_have_text("some failed")
    expect(page.locator("#media")).to_contain_text("emoji not drawn")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways at 360 px: {widths}"
    # The piece itself stays reviewable beside its failed video.
    expect(page.get_by_role("button", name="Approve version 1")).to_be_visible()
    page.locator("#media").screenshot(path=artifacts / "media-360.png")
