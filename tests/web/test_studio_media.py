"""The studio's media review over real HTTP: the piece page's Media section (a cover drawn by
the real renderer, a real H.264 clip made by ffmpeg, an SRT file, a failed asset), the files
behind it (type, ETag, ranges, tenancy), and the approve / reject / render-again forms."""

from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import httpx
import imageio_ffmpeg
import pytest
from PIL import Image
from sqlalchemy.orm import Session

from pressroom.app import open_app
from pressroom.brands.models import Brand
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, MediaError
from pressroom.media import production
from pressroom.media import service as media
from pressroom.media.models import Asset
from pressroom.media.probe import probe
from pressroom.media.schemas import AssetSpec, BrandLook
from pressroom.media.spec import Aspect, AssetKind, AssetRole
from pressroom.media.storage import LocalStore
from pressroom.providers.media.registry import build_router
from pressroom.web.app import create_app
from pressroom.workflows import runtime
from pressroom.writing.models import Piece
from tests.review.factories import make_idea, make_piece, make_run
from tests.web.studio import PASSWORD, Studio, email_for, seed, serve

SUBTITLES = "1\n00:00:00,000 --> 00:00:01,000\nYour espresso tastes sour\n"
EMOJI_WARNING = "cover: emoji not drawn (no emoji font): ☕"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
FEED_ALT_TEXT = "An espresso with thick crema on a wooden table"
FEED_DRAFT: dict[str, object] = {
    "channel": "instagram-feed",
    "hook_type": "how_to",
    "image_prompt": "A cup of espresso on a wooden table",
    "alt_text": FEED_ALT_TEXT,
    "caption": "Sour espresso? Grind two steps finer before you buy anything new.",
    "hashtags": ["specialtycoffee"],
}


# ── making media ─────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ReelMedia:
    """A reel piece with its cover, video and subtitles registered; the stored files."""

    piece_id: str
    cover: str
    video: str
    subtitles: str
    files: dict[str, Path]


def tiny_mp4(folder: Path, *, size: tuple[int, int] = (108, 192), seconds: float = 1.0) -> Path:
    """A real, small H.264/AAC MP4 (a test pattern and a tone), index first."""
    out = folder / "clip.mp4"
    width, height = size
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={width}x{height}:rate=15:duration={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            "-movflags",
            "+faststart",
            str(out),
        ],
        check=True,
    )
    return out


def render_cover(piece: Piece, brand: Brand, *, folder: Path) -> Path:
    """The piece's 9:16 cover, drawn by the production renderer in the brand's look."""
    look = media.look_of(brand).model_dump_json()
    path = folder / "cover.png"
    path.write_bytes(_cover_png(piece.channel, json.dumps(piece.body, sort_keys=True), look))
    return path


@cache
def _cover_png(channel: str, body: str, look: str) -> bytes:
    # Rendering a full-size cover takes seconds: once per draft and look in a test process.
    with tempfile.TemporaryDirectory() as scratch:
        rendered = production.render(
            AssetSpec(kind=AssetKind.IMAGE, role=AssetRole.COVER, aspect=Aspect.VERTICAL),
            draft=production.parse_draft(channel, json.loads(body)),
            look=BrandLook.model_validate_json(look),
            studio=production.Studio(
                router=build_router(Settings(_env_file=None)),
                workdir=Path(scratch),
            ),
        )
        return rendered.path.read_bytes()


def register_file(
    session: Session,
    piece: Piece,
    spec: AssetSpec,
    path: Path,
    *,
    store: LocalStore,
    mime: str,
    meta: dict[str, object],
) -> Asset:
    """Store ``path`` and register it as the piece's asset for ``spec``, with its real
    pixel size and duration."""
    stored = store.put(path, suffix=path.suffix)
    width = height = None
    duration = None
    if mime == "image/png":
        with Image.open(path) as image:
            width, height = image.size
    elif mime == "video/mp4":
        info = probe(path)
        width, height, duration = info.width, info.height, info.duration_seconds
    return media.register(
        session,
        piece=piece,
        spec=spec,
        file={
            "store": stored.store,
            "key": stored.key,
            "sha256": stored.sha256,
            "mime": mime,
            "size_bytes": stored.size_bytes,
            "width": width,
            "height": height,
            "duration_seconds": duration,
            "provider": "local",
            "model": "pressroom-renderer",
            "cost_usd": 0.0,
            "rights": production.RIGHTS_OWNED,
        },
        meta=meta,
    )


def add_reel_with_media(studio: Studio, folder: Path, *, org: str = "acme") -> ReelMedia:
    """A reel of ``org``'s brand waiting for review, with its cover (rendered), its video (a
    real clip) and its subtitles registered for version 1."""
    settings = studio.context.settings
    store = LocalStore(settings.assets_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids[org])
        run = make_run(session, brand=brand)
        piece = make_piece(
            session,
            idea=make_idea(session, run=run, title="Sour espresso reel"),
            channel="instagram-reel",
        )
        cover_path = render_cover(piece, brand, folder=folder)
        srt = folder / "subtitles.srt"
        srt.write_text(SUBTITLES, encoding="utf-8")
        made = {
            "cover": (AssetKind.IMAGE, AssetRole.COVER, cover_path, "image/png"),
            "video": (AssetKind.VIDEO, AssetRole.VIDEO, tiny_mp4(folder), "video/mp4"),
            "subtitles": (AssetKind.SUBTITLES, AssetRole.SUBTITLES, srt, "application/x-subrip"),
        }
        ids: dict[str, str] = {}
        files: dict[str, Path] = {}
        for name, (kind, role, path, mime) in made.items():
            meta: dict[str, object] = {"warnings": [EMOJI_WARNING] if name == "cover" else []}
            if name == "cover":
                meta["alt_text"] = "Sour espresso? Grind finer first"
            asset = register_file(
                session,
                piece,
                AssetSpec(kind=kind, role=role, aspect=Aspect.VERTICAL),
                path,
                store=store,
                mime=mime,
                meta=meta,
            )
            ids[name], files[asset.id] = asset.id, path
        return ReelMedia(piece.id, ids["cover"], ids["video"], ids["subtitles"], files)


def add_text_piece(studio: Studio, *, org: str = "acme") -> str:
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids[org])
        return make_piece(session, idea=make_idea(session, run=make_run(session, brand=brand))).id


def review_statuses(studio: Studio, piece_id: str) -> dict[str, str]:
    with transaction(studio.context.session_factory) as session:
        piece = session.get_one(Piece, piece_id)
        return {a.role: a.review_status for a in media.current_assets(session, piece=piece)}


# ── reading pages ────────────────────────────────────────────────────────────────────────


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    def all(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [
            attrs
            for name, attrs in self.found
            if name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())
        ]


@contextmanager
def browser_session(studio: Studio, role: str = "owner") -> Iterator[tuple[httpx.Client, str]]:
    """A plain HTTP client signed in to the studio (a session cookie), and its CSRF token."""
    with httpx.Client(base_url=studio.url, timeout=30) as client:
        signed_in = client.post(
            "/login", data={"email": email_for(role, "acme"), "password": PASSWORD}
        )
        assert signed_in.status_code == 303, signed_in.text
        found = CSRF_FIELD.search(client.get("/").text)
        assert found is not None
        yield client, found.group(1)


# ── the Media section ────────────────────────────────────────────────────────────────────


def test_the_piece_page_shows_each_asset_with_its_facts(studio: Studio, tmp_path: Path) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    with studio.client("reviewer") as client:
        page = client.get(f"/pieces/{reel.piece_id}")
    assert page.status_code == 200, page.text
    html = Elements(page.text)

    (image,) = html.all("img", src=f"/assets/{reel.cover}")
    assert image["alt"] == "Sour espresso? Grind finer first"
    assert (image["width"], image["height"]) == ("1080", "1920")
    (video,) = html.all("video", src=f"/assets/{reel.video}")
    assert "controls" in video
    assert video["preload"] == "metadata"
    assert video["poster"] == f"/assets/{reel.cover}"
    (subtitles,) = html.all("a", href=f"/assets/{reel.subtitles}")
    assert subtitles["download"] == "subtitles-9x16.srt"

    text = re.sub(r"\s+", " ", page.text)
    assert 'id="media-state">ready<' in text
    assert "<dt>Size</dt><dd>1080 × 1920 px</dd>" in text
    assert "<dt>Size</dt><dd>108 × 192 px</dd>" in text
    assert "<dt>Duration</dt><dd>1.0 s</dd>" in text
    assert "<dt>Made by</dt><dd>local · pressroom-renderer</dd>" in text
    assert "<dt>Cost</dt><dd>free</dd>" in text
    size = reel.files[reel.subtitles].stat().st_size
    assert f"<dt>File</dt><dd>{size} B</dd>" in text
    assert text.count('data-review-status="pending">awaiting review<') == 3
    assert EMOJI_WARNING in text
    assert "Rendered for version" not in text
    assert html.all("form", action=f"/pieces/{reel.piece_id}/media/approve")
    assert html.all("input", type="checkbox", name="aspects", value="16:9")
    assert html.all("input", type="checkbox", name="aspects", value="1:1")
    # Media come from this origin: the page's policy lets images and videos load from it.
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "img-src 'self'" in policy
    assert "media-src" not in policy  # so it falls back to default-src 'self'


def test_a_text_only_piece_has_no_media_section(studio: Studio) -> None:
    piece_id = add_text_piece(studio)
    with studio.client("reviewer") as client:
        page = client.get(f"/pieces/{piece_id}")
    assert page.status_code == 200
    assert 'id="media"' not in page.text


def test_a_viewer_sees_the_media_but_no_forms(studio: Studio, tmp_path: Path) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    with studio.client("viewer") as client:
        page = client.get(f"/pieces/{reel.piece_id}")
    html = Elements(page.text)
    assert html.all("img", src=f"/assets/{reel.cover}")
    assert "may see the media but not decide" in page.text
    assert not html.all("form", action=f"/pieces/{reel.piece_id}/media/approve")
    assert not html.all("form", action=f"/pieces/{reel.piece_id}/media/render")


def test_a_failed_asset_shows_its_error_and_the_piece_stays_reviewable(
    studio: Studio, tmp_path: Path
) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    error = MediaError(
        "the voice of scene 2 could not be spoken: espeak-ng returned no audio",
        code=ErrorCode.MEDIA_TTS_FAILED,
        hint="Shorten the scene's voiceover, then render again.",
    )
    with transaction(studio.context.session_factory) as session:
        piece = session.get_one(Piece, reel.piece_id)
        spec = AssetSpec(kind=AssetKind.SUBTITLES, role=AssetRole.SUBTITLES, aspect=Aspect.VERTICAL)
        media.record_failure(session, piece=piece, spec=spec, error=error, meta={})

    with studio.client("reviewer") as client:
        page = client.get(f"/pieces/{reel.piece_id}")
        missing = client.get(f"/assets/{reel.subtitles}")
    text = re.sub(r"\s+", " ", page.text)
    assert 'id="media-state">some failed<' in text
    assert "<code>MEDIA_TTS_FAILED</code>" in text
    assert "espeak-ng returned no audio" in text
    assert "Shorten the scene&#39;s voiceover, then render again." in text
    assert not Elements(page.text).all("a", href=f"/assets/{reel.subtitles}")
    # The piece itself can still be decided, and so can the media that did render.
    html = Elements(page.text)
    assert html.all("form", id="approve-form")
    assert html.all("form", id="media-approve-form")
    assert missing.status_code == 404


def test_media_of_an_older_version_say_which_version(studio: Studio, tmp_path: Path) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    with transaction(studio.context.session_factory) as session:
        session.get_one(Piece, reel.piece_id).version = 2
    with studio.client("reviewer") as client:
        page = client.get(f"/pieces/{reel.piece_id}")
    text = re.sub(r"\s+", " ", page.text)
    assert text.count("Rendered for version 1 (current is 2).") == 3
    assert 'id="media-state">not rendered yet<' in text
    # Nothing of version 2 is rendered: nothing to approve yet, but it can be rendered.
    html = Elements(page.text)
    assert not html.all("form", id="media-approve-form")
    assert html.all("form", id="media-render-form")


# ── the files ────────────────────────────────────────────────────────────────────────────


def test_the_file_route_serves_the_bytes_with_type_etag_and_ranges(
    studio: Studio, tmp_path: Path
) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    cover_bytes = reel.files[reel.cover].read_bytes()
    video_bytes = reel.files[reel.video].read_bytes()
    with studio.client("viewer") as client:
        cover = client.get(f"/assets/{reel.cover}")
        etag = cover.headers["etag"]
        again = client.get(f"/assets/{reel.cover}", headers={"If-None-Match": etag})
        head = client.head(f"/assets/{reel.video}")
        part = client.get(f"/assets/{reel.video}", headers={"Range": "bytes=0-99"})
        subtitles = client.get(f"/assets/{reel.subtitles}")

    assert cover.status_code == 200
    assert cover.content == cover_bytes
    assert cover.headers["content-type"] == "image/png"
    assert cover.headers["x-content-type-options"] == "nosniff"
    with transaction(studio.context.session_factory) as session:
        sha256 = session.get_one(Asset, reel.cover).sha256
    assert etag == f'"{sha256}"'
    assert again.status_code == 304
    assert again.content == b""

    assert head.status_code == 200
    assert head.headers["content-type"] == "video/mp4"
    assert int(head.headers["content-length"]) == len(video_bytes)
    assert head.headers["accept-ranges"] == "bytes"
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 0-99/{len(video_bytes)}"
    assert part.content == video_bytes[:100]

    assert subtitles.content.decode("utf-8") == SUBTITLES
    assert subtitles.headers["content-type"].startswith("application/x-subrip")
    assert 'filename="subtitles-9x16.srt"' in subtitles.headers["content-disposition"]


def test_another_organizations_assets_are_not_found(studio: Studio, tmp_path: Path) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    with studio.client("owner", "globex") as other:
        theirs = other.get(f"/assets/{reel.cover}")
        page = other.get(f"/pieces/{reel.piece_id}")
    with studio.client("owner") as own:
        unknown = own.get("/assets/no-such-asset")
    with studio.anonymous() as anonymous:
        signed_out = anonymous.get(f"/assets/{reel.cover}")

    assert theirs.status_code == 404
    assert theirs.headers["content-type"].startswith("text/html")
    assert b"PNG" not in theirs.content
    assert page.status_code == 404
    assert unknown.status_code == 404
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/login?next=")


# ── decisions ────────────────────────────────────────────────────────────────────────────


def test_approving_and_rejecting_media_need_the_forms_csrf_token(
    studio: Studio, tmp_path: Path
) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    approve = f"/pieces/{reel.piece_id}/media/approve"
    with browser_session(studio, "reviewer") as (client, csrf_token):
        missing = client.post(approve, data={})
        forged = client.post(approve, data={"csrf_token": "forged"})
        assert (missing.status_code, forged.status_code) == (422, 403)
        assert "CSRF" in forged.text
        assert set(review_statuses(studio, reel.piece_id).values()) == {"pending"}

        approved = client.post(approve, data={"csrf_token": csrf_token, "note": "Looks right"})
        assert approved.status_code == 303
        assert approved.headers["location"] == f"/pieces/{reel.piece_id}?media=approved#media"
        assert set(review_statuses(studio, reel.piece_id).values()) == {"approved"}
        page = client.get(approved.headers["location"])
        assert "Approved the media of this version." in page.text
        assert 'id="media-approved"' in page.text

        rejected = client.post(
            f"/pieces/{reel.piece_id}/media/reject",
            data={"csrf_token": csrf_token, "note": "The cover is too dark"},
        )
        assert rejected.status_code == 303
        assert set(review_statuses(studio, reel.piece_id).values()) == {"rejected"}
        assert (
            "Rejected the media of this version." in client.get(rejected.headers["location"]).text
        )


def test_a_viewer_may_not_decide_about_media(studio: Studio, tmp_path: Path) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    with browser_session(studio, "viewer") as (client, csrf_token):
        refused = client.post(
            f"/pieces/{reel.piece_id}/media/approve", data={"csrf_token": csrf_token}
        )
    assert refused.status_code == 403
    assert set(review_statuses(studio, reel.piece_id).values()) == {"pending"}


def test_media_of_another_organization_cannot_be_decided(studio: Studio, tmp_path: Path) -> None:
    reel = add_reel_with_media(studio, tmp_path, org="globex")
    with studio.client("owner") as client:
        refused = client.post(
            f"/pieces/{reel.piece_id}/media/approve", data={"csrf_token": "unused by bearer tokens"}
        )
    assert refused.status_code == 404
    assert set(review_statuses(studio, reel.piece_id).values()) == {"pending"}


# ── rendering again ──────────────────────────────────────────────────────────────────────


def test_render_again_without_the_engine_says_how_to_get_it(studio: Studio, tmp_path: Path) -> None:
    reel = add_reel_with_media(studio, tmp_path)
    with browser_session(studio, "reviewer") as (client, csrf_token):
        page = client.get(f"/pieces/{reel.piece_id}")
        refused = client.post(
            f"/pieces/{reel.piece_id}/media/render",
            data={"csrf_token": csrf_token, "aspects": ["1:1"]},
        )
    assert 'id="media-engine-note"' in page.text
    assert refused.status_code == 503
    assert "ENGINE_UNAVAILABLE" in refused.text
    assert "pressroom serve" in refused.text


@pytest.mark.parametrize(
    ("channel", "aspects", "message"),
    [("linkedin", [], "text-only channel"), ("instagram-reel", ["4:5"], "not 4:5")],
)
def test_render_again_refuses_what_cannot_be_rendered(
    studio: Studio, channel: str, aspects: list[str], message: str
) -> None:
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids["acme"])
        run = make_run(session, brand=brand)
        piece_id = make_piece(session, idea=make_idea(session, run=run), channel=channel).id
    with studio.client("reviewer") as client:
        refused = client.post(
            f"/pieces/{piece_id}/media/render",
            data={"csrf_token": "unused by bearer tokens", "aspects": aspects},
        )
    assert refused.status_code == 422
    assert message in refused.text


@contextmanager
def studio_with_engine(settings: Settings) -> Iterator[Studio]:
    """A live studio whose process runs the workflow engine, as ``pressroom serve`` does."""
    context = open_app(settings)
    runtime.launch(context)
    try:
        with serve(create_app(context)) as url:
            studio = Studio(url=url, context=context)
            seed(context, studio)
            yield studio
    finally:
        runtime.destroy()
        context.engine.dispose()


def ready_assets(studio: Studio, piece_id: str, *, timeout: float = 120) -> list[Asset]:
    """The piece's assets once it has some (the render runs in the server's background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with transaction(studio.context.session_factory) as session:
            found = media.current_assets(session, piece=session.get_one(Piece, piece_id))
            if found:
                session.expunge_all()
                return list(found)
        time.sleep(0.2)
    raise AssertionError(f"piece {piece_id} got no media within {timeout} s")


@pytest.mark.forked
def test_render_again_renders_in_the_background_with_the_engine(settings: Settings) -> None:
    with studio_with_engine(settings) as studio:
        with transaction(studio.context.session_factory) as session:
            brand = session.get_one(Brand, studio.brand_ids["acme"])
            idea = make_idea(session, run=make_run(session, brand=brand))
            piece_id = make_piece(
                session, idea=idea, channel="instagram-feed", draft=dict(FEED_DRAFT)
            ).id
        with browser_session(studio, "reviewer") as (client, csrf_token):
            started = client.post(
                f"/pieces/{piece_id}/media/render", data={"csrf_token": csrf_token}
            )
            assert started.status_code == 303, started.text
            assert started.headers["location"] == f"/pieces/{piece_id}?media=rendering#media"
            assert "Rendering… refresh in a minute" in client.get(started.headers["location"]).text

            (cover,) = ready_assets(studio, piece_id)
            page = client.get(f"/pieces/{piece_id}")
            served = client.get(f"/assets/{cover.id}")

    assert (cover.role, cover.aspect, cover.status) == ("cover", "4:5", "ready")
    assert Elements(page.text).all("img", src=f"/assets/{cover.id}", alt=FEED_ALT_TEXT)
    assert served.status_code == 200
    assert served.content[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.size == (1080, 1350)
