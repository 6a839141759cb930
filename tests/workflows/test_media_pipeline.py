"""The production house inside the daily run: visual pieces get their media rendered (on the
render queue) before anyone decides, a failed asset leaves the piece reviewable, the brand's
media approval policy gates scheduling, and published bundles carry the media."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import pytest
from PIL import Image
from sqlalchemy import select

from pressroom.cli.context import AppContext, open_app
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.ledger.models import CostEntry
from pressroom.media import service as media
from pressroom.media.models import Asset
from pressroom.media.storage import asset_store
from pressroom.runs.summary import run_summary
from pressroom.workflows import runtime
from pressroom.workflows.render import render_on_request
from pressroom.writing.models import Piece
from tests.workflows.conftest import run_daily, seed

pytestmark = [pytest.mark.forked, pytest.mark.slow]

RUN_DATE = "2026-11-21"
IMAGE_CHANNELS = ["instagram-feed", "instagram-carousel"]


@pytest.fixture
def media_app(settings: Settings) -> Iterator[AppContext]:
    """The engine on the test's data folder with media rendering on."""
    app = open_app(settings.model_copy(update={"media_render": True}))
    runtime.launch(app)
    yield app
    runtime.destroy()


def pieces_and_assets(app: AppContext) -> list[tuple[Piece, list[Asset]]]:
    with transaction(app.session_factory) as session:
        pieces = session.scalars(select(Piece).order_by(Piece.created_at)).all()
        found = [(p, media.current_assets(session, piece=p)) for p in pieces]
        session.expunge_all()
        return found


def test_a_run_renders_covers_and_slides_and_publishes_them_with_the_post(
    media_app: AppContext,
) -> None:
    slug = seed(media_app, channels=IMAGE_CHANNELS, ideas_per_run=3)
    result = run_daily(slug)

    assert result["status"] == "completed", result
    store = asset_store(media_app.settings)
    found = pieces_and_assets(media_app)
    assert len(found) == 6
    for piece, assets in found:
        slides = len(piece.body.get("slides", []))
        expected = 1 if piece.channel == "instagram-feed" else slides
        assert len(assets) == expected, (piece.channel, [a.role for a in assets])
        for asset in assets:
            assert (asset.status, asset.piece_version) == ("ready", piece.version), asset.error
            path = store.path(asset.key)
            assert hashlib.sha256(path.read_bytes()).hexdigest() == asset.sha256
            with Image.open(path) as image:
                assert image.size == (asset.width, asset.height) == (1080, 1350)
            assert asset.review_status == "approved"  # approved with the piece (auto policy)
            assert asset.meta["alt_text"]
        assert piece.status in ("scheduled", "published")
    bundles = list(media_app.settings.outbox_dir.glob(f"{slug}/*/*/metadata.json"))
    assert bundles
    for metadata_file in bundles:
        metadata = json.loads(metadata_file.read_text())
        assert metadata["media"], metadata_file
        for name in metadata["media"]:
            assert (metadata_file.parent / name).stat().st_size > 0
    with transaction(media_app.session_factory) as session:
        costs = session.scalars(select(CostEntry).where(CostEntry.pillar == "media")).all()
    rendered = sum(len(assets) for _piece, assets in found)
    assert len(costs) == rendered  # one entry per render: drawn locally, no provider called
    with transaction(media_app.session_factory) as session:
        summary = run_summary(session, run_id="run-1", settings=media_app.settings)
    assert summary.media == {"assets_ready": rendered, "assets_failed": 0, "calls": rendered,
                             "usd": 0.0}  # fmt: skip
    assert {(c.provider, c.unit, c.units, c.usd) for c in costs} == {("local", "image", 1, 0.0)}


def test_a_failed_asset_keeps_the_piece_reviewable_until_its_media_render(
    media_app: AppContext,
) -> None:
    slug = seed(
        media_app, channels=["instagram-feed"], ideas_per_run=3, fonts=["No Such Font Family"]
    )
    result = run_daily(slug)

    found = pieces_and_assets(media_app)
    assert result["status"] in ("waiting_for_review", "completed_with_errors"), result
    for piece, assets in found:
        assert piece.status == "generated"  # not auto-approved: its media failed
        [asset] = assets
        assert asset.status == "failed"
        assert asset.error is not None
        assert asset.error["code"] == "MEDIA_FONT_MISSING"
        assert "No Such Font Family" in asset.error["message"]
        assert asset.key == ""
        assert asset.sha256 == ""
    assert not any(media_app.settings.assets_dir.rglob("*.png"))
    with transaction(media_app.session_factory) as session:
        summary = run_summary(session, run_id="run-1", settings=media_app.settings)
    assert (summary.media["assets_ready"], summary.media["assets_failed"]) == (0, 3)

    # The brand's font is fixed; a person renders the media again and the gate moves on.
    seed(media_app, channels=["instagram-feed"], ideas_per_run=3, fonts=["Roboto"])
    piece = found[0][0]
    outcome = render_on_request(piece_id=piece.id)
    assert [a["status"] for a in outcome["assets"]] == ["ready"]
    assert outcome["settled"] is not None
    assert outcome["settled"]["action"] == "scheduled"


def test_manual_media_approval_holds_an_approved_piece_until_a_person_approves_its_media(
    media_app: AppContext,
) -> None:
    slug = seed(media_app, channels=["instagram-feed"], ideas_per_run=3, media_approval="manual")
    run_daily(slug)

    found = pieces_and_assets(media_app)
    approved = [p for p, _ in found if p.status == "approved"]
    assert approved, [p.status for p, _ in found]
    assert all(p.status not in ("scheduled", "published") for p, _ in found)
    piece = approved[0]
    with transaction(media_app.session_factory) as session:
        media.decide_media(
            session,
            piece=session.get_one(Piece, piece.id),
            decision="approved",
            actor="ana",
            trace_id="t",
        )
    from pressroom.workflows.review_gate import notify_decision

    settled = notify_decision(piece.id, "media", model="builtin", trace_id="t")
    assert settled is not None
    assert settled["action"] == "scheduled", settled


def test_rejected_media_hold_an_approved_piece_until_they_are_rendered_again(
    media_app: AppContext,
) -> None:
    from pressroom.review import service as review
    from pressroom.workflows.review_gate import notify_decision

    slug = seed(media_app, channels=["instagram-feed"], ideas_per_run=3, approval_policy="manual")
    run_daily(slug)
    piece = pieces_and_assets(media_app)[0][0]
    with transaction(media_app.session_factory) as session:
        current = session.get_one(Piece, piece.id)
        media.decide_media(session, piece=current, decision="rejected", actor="ana", trace_id="t")
        review.approve(session, piece_id=piece.id, actor="ana", trace_id="t")

    settled = notify_decision(piece.id, "approved", model="builtin", trace_id="t")
    assert settled is not None
    assert (settled["action"], settled["media"]) == ("wait", "rejected")
    [(_, [asset])] = [pa for pa in pieces_and_assets(media_app) if pa[0].id == piece.id]
    assert asset.review_status == "rejected"  # approving the piece did not overrule it

    outcome = render_on_request(piece_id=piece.id)
    assert outcome["settled"] is not None
    assert outcome["settled"]["action"] == "scheduled"


def test_a_script_with_an_empty_scene_fails_its_video_alone(media_app: AppContext) -> None:
    from pressroom.providers.llm.builtin import BuiltinWriter
    from tests.providers.llm.builtin.builders import piece_request
    from tests.review.factories import make_piece

    body = BuiltinWriter().write_piece(piece_request("instagram-reel")).output
    scenes = [scene.model_copy(update={"voiceover": "", "on_screen_text": ""}) if n == 1 else scene
              for n, scene in enumerate(body.scenes)]  # fmt: skip
    broken = body.model_copy(update={"scenes": scenes}).model_dump(mode="json")
    with transaction(media_app.session_factory) as session:
        piece_id = make_piece(session, channel="instagram-reel", draft=broken).id

    outcome = render_on_request(piece_id=piece_id)

    statuses = {a["asset"]: a["status"] for a in outcome["assets"]}
    assert statuses == {"cover 9:16": "ready", "video 9:16": "failed", "subtitles 9:16": "ready"}
    [(piece, assets)] = [pa for pa in pieces_and_assets(media_app) if pa[0].id == piece_id]
    [video] = [a for a in assets if a.role == "video"]
    assert video.error is not None
    assert video.error["code"] == "MEDIA_SCRIPT_INVALID"
    assert "scene 2 is empty" in video.error["message"]
    assert video.key == ""
    assert piece.status == "generated"  # still in the review queue, whatever its score
    assert outcome["settled"] is not None
    assert outcome["settled"]["action"] == "wait"
