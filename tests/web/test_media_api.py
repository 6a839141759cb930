"""The media API on a live studio: a piece's assets, one asset and its file (ETag, ranges),
a failed asset's missing file, the media decision (audited), rendering (refused without the
workflow engine or for a text-only channel; with the engine, the assets appear and the
piece's gate acts on them), roles and tenancy."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from pressroom.audit.models import AuditEvent
from pressroom.brands.models import Brand
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, MediaError
from pressroom.media import production
from pressroom.media import service as media
from pressroom.media.models import Asset
from pressroom.media.steps import media_router
from pressroom.media.storage import asset_store
from pressroom.providers.llm.builtin import BuiltinWriter
from pressroom.workflows import runtime
from pressroom.writing.models import Piece
from tests.factories import make_brand
from tests.providers.llm.builtin.builders import piece_request
from tests.review.factories import make_piece
from tests.web.studio import Studio, running_studio

PROBLEM = "application/problem+json"


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert (body["code"], body["status"]) == (code, status)
    return body


def visual_piece(studio: Studio, org: str = "acme", **overrides: Any) -> str:
    """Commit a piece of ``org``'s brand whose draft the built-in writer wrote for its
    channel (``instagram-feed`` unless given)."""
    channel = overrides.pop("channel", "instagram-feed")
    draft = BuiltinWriter().write_piece(piece_request(channel)).output.model_dump(mode="json")
    with transaction(studio.context.session_factory) as session:
        brand = overrides.pop("brand", None) or session.get_one(Brand, studio.brand_ids[org])
        return make_piece(session, brand=brand, channel=channel, draft=draft, **overrides).id


def render_now(studio: Studio, piece_id: str, tmp_path: Path) -> None:
    """Render, store and register the piece's planned assets with the real renderer, as a
    render step does (without the workflow engine)."""
    settings = studio.context.settings
    with transaction(studio.context.session_factory) as session:
        piece = session.get_one(Piece, piece_id)
        look = media.look_of(session.get_one(Brand, piece.brand_id))
        draft = production.parse_draft(piece.channel, piece.body)
        for spec in media.plan(piece):
            workdir = tmp_path / f"render-{spec.role}-{spec.position}"
            studio_ = production.Studio(router=media_router(settings), workdir=workdir)
            rendered = production.render(spec, draft=draft, look=look, studio=studio_)
            stored = asset_store(settings).put(rendered.path, suffix=rendered.suffix)
            file = {
                "store": stored.store,
                "key": stored.key,
                "sha256": stored.sha256,
                "mime": rendered.mime,
                "size_bytes": stored.size_bytes,
                "width": rendered.width,
                "height": rendered.height,
                "provider": rendered.provider,
                "model": rendered.model,
                "rights": rendered.rights,
            }
            meta = {"warnings": rendered.warnings}
            media.register(session, piece=piece, spec=spec, file=file, meta=meta)
            shutil.rmtree(workdir)


def fail_render(studio: Studio, piece_id: str) -> str:
    """Record the piece's first planned asset as failed, as a render step does."""
    error = MediaError(
        "the headline does not fit the cover",
        code=ErrorCode.MEDIA_TEXT_TOO_LONG,
        hint="Shorten the caption's first line.",
    )
    with transaction(studio.context.session_factory) as session:
        piece = session.get_one(Piece, piece_id)
        spec = media.plan(piece)[0]
        return media.record_failure(session, piece=piece, spec=spec, error=error, meta={}).id


def assets_of(client: httpx.Client, piece_id: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/pieces/{piece_id}/assets")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def review_statuses(studio: Studio, piece_id: str) -> list[str]:
    with transaction(studio.context.session_factory) as session:
        rows = session.scalars(select(Asset).where(Asset.piece_id == piece_id))
        return [asset.review_status for asset in rows]


def media_events(studio: Studio) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    with transaction(studio.context.session_factory) as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "asset"))
        return [(e.entity_id, e.action, e.actor, e.after) for e in rows]


# ── reading ──────────────────────────────────────────────────────────────────────────────


def test_a_piece_lists_its_assets_and_each_reads_back(studio: Studio, tmp_path: Path) -> None:
    piece_id = visual_piece(studio, channel="instagram-carousel")
    render_now(studio, piece_id, tmp_path)

    with studio.client("viewer") as client:
        listed = assets_of(client, piece_id)
        one = client.get(f"/api/v1/assets/{listed['items'][1]['id']}").json()

    assert (listed["piece_id"], listed["version"], listed["media_state"]) == (piece_id, 1, "ready")
    items = listed["items"]
    assert [(a["role"], a["position"], a["aspect"]) for a in items] == [
        ("slide", n, "4:5") for n in range(1, len(items) + 1)
    ]
    assert len(items) >= 3
    assert {(a["width"], a["height"], a["mime"]) for a in items} == {(1080, 1350, "image/png")}
    assert {(a["status"], a["review_status"], a["error"]) for a in items} == {
        ("ready", "pending", None)
    }
    assert [a["file_name"] for a in items[:2]] == ["slide-01-4x5.png", "slide-02-4x5.png"]
    assert one == items[1]
    assert one["content_url"] == f"/api/v1/assets/{one['id']}/content"


def test_the_content_is_the_stored_file_with_its_etag_and_ranges(
    studio: Studio, tmp_path: Path
) -> None:
    piece_id = visual_piece(studio)
    render_now(studio, piece_id, tmp_path)
    with studio.client("viewer") as client:
        [asset] = assets_of(client, piece_id)["items"]
        url = asset["content_url"]
        whole = client.get(url)
        part = client.get(url, headers={"Range": "bytes=0-99"})
        cached = client.get(url, headers={"If-None-Match": whole.headers["etag"]})
    with transaction(studio.context.session_factory) as session:
        key = session.get_one(Asset, asset["id"]).key
    stored = asset_store(studio.context.settings).path(key).read_bytes()

    assert whole.status_code == 200, whole.text
    assert whole.content == stored
    assert hashlib.sha256(whole.content).hexdigest() == asset["sha256"]
    assert whole.headers["content-type"] == "image/png"
    assert whole.headers["etag"] == f'"{asset["sha256"]}"'
    assert whole.headers["content-disposition"] == 'inline; filename="cover-4x5.png"'
    assert int(whole.headers["content-length"]) == asset["size_bytes"] == len(stored)
    assert part.status_code == 206
    assert part.content == stored[:100]
    assert part.headers["content-range"] == f"bytes 0-99/{len(stored)}"
    assert cached.status_code == 304
    assert cached.content == b""


def test_a_failed_asset_says_why_and_has_no_file(studio: Studio) -> None:
    piece_id = visual_piece(studio)
    asset_id = fail_render(studio, piece_id)
    with studio.client("viewer") as client:
        listed = assets_of(client, piece_id)
        content = client.get(f"/api/v1/assets/{asset_id}/content")

    assert listed["media_state"] == "failed"
    [asset] = listed["items"]
    assert (asset["status"], asset["content_url"]) == ("failed", None)
    assert asset["error"]["code"] == "MEDIA_TEXT_TOO_LONG"
    body = problem(content, 404, "NOT_FOUND")
    assert "render failed" in body["detail"]
    assert "MEDIA_TEXT_TOO_LONG" in body["detail"]
    assert f"/api/v1/pieces/{piece_id}/assets/render" in body["hint"]


def test_a_text_only_piece_has_no_media_and_cannot_be_rendered(studio: Studio) -> None:
    text_only = visual_piece(studio, channel="linkedin")
    feed = visual_piece(studio)
    reel = visual_piece(studio, channel="instagram-reel")
    with studio.client("editor") as client:
        listed = assets_of(client, text_only)
        refused = client.post(f"/api/v1/pieces/{text_only}/assets/render")
        no_video = client.post(f"/api/v1/pieces/{feed}/assets/render", json={"aspects": ["1:1"]})
        bad_shape = client.post(f"/api/v1/pieces/{reel}/assets/render", json={"aspects": ["4:5"]})
        unknown = client.post(f"/api/v1/pieces/{reel}/assets/render", json={"aspects": ["3:2"]})
        nothing = client.post(
            f"/api/v1/pieces/{feed}/media-decision", json={"decision": "approved"}
        )

    assert (listed["media_state"], listed["items"]) == ("none", [])
    body = problem(refused, 422, "INVALID_INPUT")
    assert "text-only" in body["detail"]
    assert "instagram-carousel" in body["hint"]
    assert "instagram-feed" in body["hint"]
    assert "no video" in problem(no_video, 422, "INVALID_INPUT")["detail"]
    assert "4:5" in problem(bad_shape, 422, "INVALID_INPUT")["detail"]
    problem(unknown, 422, "INVALID_INPUT")
    assert "no rendered media" in problem(nothing, 422, "INVALID_INPUT")["detail"]


def test_rendering_needs_the_workflow_engine_in_the_process(studio: Studio) -> None:
    piece_id = visual_piece(studio)
    with studio.client("editor") as client:
        response = client.post(f"/api/v1/pieces/{piece_id}/assets/render", json={})
    body = problem(response, 503, "ENGINE_UNAVAILABLE")
    assert body["retryable"] is True
    assert "pressroom serve" in body["hint"]


# ── deciding ─────────────────────────────────────────────────────────────────────────────


def test_a_media_decision_is_recorded_and_audited(studio: Studio, tmp_path: Path) -> None:
    piece_id = visual_piece(studio)
    render_now(studio, piece_id, tmp_path)
    url = f"/api/v1/pieces/{piece_id}/media-decision"
    with studio.client("reviewer") as client:
        approved = client.post(url, json={"decision": "approved", "note": "on brand"})
        after_approval = review_statuses(studio, piece_id)
        rejected = client.post(url, json={"decision": "rejected"})
        wrong = client.post(url, json={"decision": "maybe"})

    assert approved.status_code == 200, approved.text
    items = approved.json()["items"]
    assert {a["review_status"] for a in items} == {"approved"}
    assert set(after_approval) == {"approved"}
    assert {a["review_status"] for a in rejected.json()["items"]} == {"rejected"}
    assert set(review_statuses(studio, piece_id)) == {"rejected"}
    problem(wrong, 422, "INVALID_INPUT")
    events = media_events(studio)
    actor = "user:reviewer@acme.test"
    ids = sorted(a["id"] for a in items)
    assert sorted(e[0] for e in events if e[1] == "media_approved") == ids
    assert sorted(e[0] for e in events if e[1] == "media_rejected") == ids
    assert {e[2] for e in events} == {actor}
    assert {e[3]["note"] for e in events if e[1] == "media_approved" and e[3]} == {"on brand"}


def test_a_viewer_reads_media_but_cannot_decide_or_render(studio: Studio, tmp_path: Path) -> None:
    piece_id = visual_piece(studio)
    render_now(studio, piece_id, tmp_path)
    with studio.client("viewer") as client:
        [asset] = assets_of(client, piece_id)["items"]
        assert client.get(f"/api/v1/assets/{asset['id']}").status_code == 200
        assert client.get(asset["content_url"]).status_code == 200
        decision = client.post(
            f"/api/v1/pieces/{piece_id}/media-decision", json={"decision": "approved"}
        )
        render = client.post(f"/api/v1/pieces/{piece_id}/assets/render")
    problem(decision, 403, "FORBIDDEN")
    problem(render, 403, "FORBIDDEN")
    assert review_statuses(studio, piece_id) == ["pending"]
    assert media_events(studio) == []


def test_another_organizations_media_are_not_found(studio: Studio, tmp_path: Path) -> None:
    piece_id = visual_piece(studio, "globex")
    render_now(studio, piece_id, tmp_path)
    with transaction(studio.context.session_factory) as session:
        asset_id = session.scalars(select(Asset.id).where(Asset.piece_id == piece_id)).one()
    with studio.client("owner", "acme") as client:
        for response in (
            client.get(f"/api/v1/pieces/{piece_id}/assets"),
            client.get(f"/api/v1/assets/{asset_id}"),
            client.get(f"/api/v1/assets/{asset_id}/content"),
            client.get("/api/v1/assets/no-such-asset/content"),
            client.post(f"/api/v1/pieces/{piece_id}/assets/render"),
            client.post(f"/api/v1/pieces/{piece_id}/media-decision", json={"decision": "approved"}),
        ):
            problem(response, 404, "NOT_FOUND")
    with studio.client("viewer", "globex") as client:
        assert client.get(f"/api/v1/assets/{asset_id}/content").status_code == 200
    assert review_statuses(studio, piece_id) == ["pending"]
    assert media_events(studio) == []


# ── with the workflow engine in the process ──────────────────────────────────────────────


@contextmanager
def studio_with_engine(settings: Settings) -> Iterator[Studio]:
    """A live studio whose process runs the workflow engine, as ``pressroom serve`` does,
    with media rendered by runs (the piece's gate then waits for its media)."""
    with running_studio(settings) as studio:
        runtime.launch(studio.context)
        try:
            yield studio
        finally:
            runtime.destroy()


def until(read: Callable[[], dict[str, Any]], done: Callable[[dict[str, Any]], bool]) -> Any:
    """Read again until what is read is ``done`` (renders take seconds)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        found = read()
        if done(found):
            return found
        time.sleep(0.2)
    raise AssertionError(f"not done within 90 s: {found}")


@pytest.mark.forked
@pytest.mark.slow
def test_a_render_through_the_api_registers_assets_and_the_gate_acts_on_them(
    settings: Settings,
) -> None:
    rendering = settings.model_copy(update={"media_render": True})
    with studio_with_engine(rendering) as studio, studio.client("editor") as client:
        with transaction(studio.context.session_factory) as session:
            brand = make_brand(
                session,
                organization_id=studio.organization_ids["acme"],
                slug="manual-media",
                media_approval="manual",
            )
        piece_id = visual_piece(studio, brand=brand, status="approved")

        started = client.post(f"/api/v1/pieces/{piece_id}/assets/render", json={"aspects": []})
        assert started.status_code == 202, started.text
        listed = until(lambda: assets_of(client, piece_id), lambda a: a["media_state"] == "ready")
        approved = client.post(
            f"/api/v1/pieces/{piece_id}/media-decision", json={"decision": "approved"}
        )
        shown = until(
            lambda: client.get(f"/api/v1/pieces/{piece_id}").json(),
            lambda p: p["status"] in {"scheduled", "published"},
        )
        jobs = client.get("/api/v1/publish-jobs").json()["items"]

    assert started.json() == {
        "piece_id": piece_id,
        "version": 1,
        "aspects": [],
        "status": "rendering",
    }
    [cover] = listed["items"]
    assert (cover["role"], cover["aspect"], cover["width"], cover["height"]) == (
        "cover",
        "4:5",
        1080,
        1350,
    )
    assert cover["review_status"] == "pending"
    assert approved.status_code == 200, approved.text
    assert shown["status"] in {"scheduled", "published"}
    assert [job["piece_id"] for job in jobs] == [piece_id]
