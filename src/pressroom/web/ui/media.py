"""A piece's media in the studio: the Media section of the piece page (each rendered image,
video and subtitle file, or why it failed), the files themselves for the signed-in
organization, and a person's actions on them — approve, reject, render again.

The piece page's template calls :func:`media_section` (a template global) to show them;
every action is a POST form carrying the session's CSRF token, on the same media service as
the CLI and the API."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.errors import (
    EngineUnavailableError,
    InvalidInputError,
    NotFoundError,
    PressroomError,
)
from pressroom.logging import get_logger
from pressroom.media import service as media
from pressroom.media.models import Asset
from pressroom.media.schemas import AssetView
from pressroom.media.spec import VIDEO_SIZES, Aspect
from pressroom.media.storage import asset_store
from pressroom.platforms.channels import CHANNELS
from pressroom.review.schemas import PieceDetail
from pressroom.web.deps import app_context, entity_tags, owned, request_trace_id
from pressroom.web.ui import views
from pressroom.web.ui.pages import changing, environment, signed_in
from pressroom.workflows import runtime
from pressroom.writing.models import Piece

log = get_logger(__name__)
router = APIRouter(include_in_schema=False)

NoteField = Annotated[str, Form(max_length=2000)]
NOTICES = {
    "approved": "Approved the media of this version.",
    "rejected": "Rejected the media of this version.",
    "rendering": "Rendering… refresh in a minute to see the new media.",
}
"""What the section says after an action (fixed wording: the query string is never shown)."""
STATE_LABELS = {
    "pending": "not rendered yet",
    "failed": "some failed",
    "ready": "ready",
}
REVIEW_LABELS = {"pending": "awaiting review", "approved": "approved", "rejected": "rejected"}
FILE_HEADERS = {
    # A stored file is shown, never run: no sniffing, and no script or plugin if opened.
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    # The asset id keeps its address across re-renders: revalidate (cheap, by ETag) each time.
    "Cache-Control": "private, no-cache",
}


# ── what the section shows ───────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class AssetError:
    """Why an asset could not be rendered, as a person reads it."""

    code: str
    message: str
    hint: str


@dataclass(frozen=True)
class AssetCard:
    """One asset as its card shows it: the file (``url``), its facts and review status, its
    warnings, the error that kept it from rendering, and the older version it shows."""

    asset_id: str
    label: str
    kind: str
    url: str
    ready: bool
    review_status: str
    review_label: str
    alt_text: str
    width: int | None
    height: int | None
    facts: list[tuple[str, str]]
    warnings: list[str] = field(default_factory=list)
    error: AssetError | None = None
    older_version: int | None = None
    """The piece version it was rendered for, when older than the piece's current one."""
    poster: str = ""
    download_name: str = ""


@dataclass(frozen=True)
class MediaSection:
    """The piece's media as its page shows them, and what a person may do with them."""

    state: str
    state_label: str
    cards: list[AssetCard]
    decidable: bool
    """Some asset of the current version is rendered: the media can be approved or rejected."""
    approved: bool
    extra_shapes: list[str]
    """Video shapes besides the master one that "Render again" can add (``1:1``, ``16:9``)."""
    engine_running: bool
    notice: str


def media_section(detail: PieceDetail, query: Mapping[str, str]) -> MediaSection:
    """The Media section of the piece page for ``detail`` (``query``: the page's query
    string, whose ``media`` names the action just done)."""
    current = [a for a in detail.assets if a.piece_version == detail.version]
    ready = [a for a in current if a.status == "ready"]
    poster = _poster(detail.assets)
    return MediaSection(
        state=detail.media_state,
        state_label=STATE_LABELS.get(detail.media_state, detail.media_state),
        cards=[_card(asset, version=detail.version, poster=poster) for asset in detail.assets],
        decidable=bool(ready),
        approved=bool(ready) and all(a.review_status == "approved" for a in ready),
        extra_shapes=_extra_shapes(detail.channel),
        engine_running=runtime.is_launched(),
        notice=NOTICES.get(query.get("media", ""), ""),
    )


def asset_url(asset_id: str) -> str:
    """Where the studio serves an asset's file."""
    return f"/assets/{asset_id}"


def _card(asset: AssetView, *, version: int, poster: str) -> AssetCard:
    error = asset.error or {}
    warnings = asset.meta.get("warnings", [])
    label = _label(asset)
    return AssetCard(
        asset_id=asset.id,
        label=label,
        kind=asset.kind,
        url=asset_url(asset.id),
        ready=asset.status == "ready",
        review_status=asset.review_status,
        review_label=REVIEW_LABELS.get(asset.review_status, asset.review_status),
        alt_text=str(asset.meta.get("alt_text") or f"{label} of the piece"),
        width=asset.width,
        height=asset.height,
        facts=_facts(asset),
        warnings=[str(w) for w in warnings] if isinstance(warnings, list) else [],
        error=AssetError(
            code=str(error.get("code", "")),
            message=_sentence(str(error.get("message", ""))),
            hint=str(error.get("hint", "")),
        )
        if asset.status != "ready"
        else None,
        older_version=asset.piece_version if asset.piece_version < version else None,
        poster=poster if asset.kind == "video" else "",
        download_name=media.publish_name(
            role=asset.role, position=asset.position, aspect=asset.aspect, mime=asset.mime
        ),
    )


def _sentence(text: str) -> str:
    """An error message (lower case, as errors are written) as a sentence on its own."""
    return text[:1].upper() + text[1:]


def _label(asset: AssetView) -> str:
    """``Video 9:16``, ``Slide 3 4:5``, ``Cover 4:5``."""
    number = f" {asset.position}" if asset.position else ""
    return f"{asset.role.capitalize()}{number} {asset.aspect}"


def _facts(asset: AssetView) -> list[tuple[str, str]]:
    """What a person checks before approving a file, in the order they read it."""
    facts = [("Shape", asset.aspect)]
    if asset.status != "ready":
        return facts
    if asset.width and asset.height:
        facts.append(("Size", f"{asset.width} × {asset.height} px"))
    if asset.duration_seconds is not None:
        facts.append(("Duration", f"{asset.duration_seconds:.1f} s"))
    facts.append(("File", file_size(asset.size_bytes)))
    provider = asset.provider or "—"
    facts.append(("Made by", f"{provider} · {asset.model}" if asset.model else provider))
    facts.append(("Cost", cost(asset.cost_usd)))
    return facts


def file_size(size_bytes: int) -> str:
    """``812 B``, ``48.2 KB``, ``3.4 MB`` (decimal units, as file browsers show them)."""
    if size_bytes < 1000:
        return f"{size_bytes} B"
    if size_bytes < 1_000_000:
        return f"{size_bytes / 1000:.1f} KB"
    return f"{size_bytes / 1_000_000:.1f} MB"


def cost(usd: float) -> str:
    """``free`` for nothing; otherwise dollars, with enough digits to show a fraction of a
    cent."""
    if usd <= 0:
        return "free"
    return f"${usd:.2f}" if usd >= 0.01 else f"${usd:.4f}"


def _poster(assets: list[AssetView]) -> str:
    """The cover a video shows before it plays (the piece's rendered cover, if any)."""
    covers = [a for a in assets if a.role == "cover" and a.status == "ready"]
    return asset_url(covers[0].id) if covers else ""


def _extra_shapes(channel: str) -> list[str]:
    found = CHANNELS.get(channel)
    master = None if found is None or found.media is None else found.media.video
    if master is None:
        return []
    return [aspect.value for aspect in VIDEO_SIZES if aspect != master]


# The piece page's template asks for its Media section through this global: the page's
# handler stays the review page's, and the media stay this module's.
environment.globals["media_section"] = media_section


# ── the files ────────────────────────────────────────────────────────────────────────────


@router.api_route("/assets/{asset_id}", methods=["GET", "HEAD"])
def asset_file(request: Request, asset_id: str) -> Response:
    """The asset's file, for a member of its organization (404 for anyone else, as for an
    asset that does not exist): its own content type, its SHA-256 as ETag (``304`` when the
    browser has it) and byte ranges, which video players ask for."""
    with signed_in(request) as (session, principal):
        asset = _owned_asset(session, principal, asset_id)
        key, sha256, mime = asset.key, asset.sha256, asset.mime
        name = media.publish_name(
            role=asset.role, position=asset.position, aspect=asset.aspect, mime=mime
        )
    etag = f'"{sha256}"'
    headers = {**FILE_HEADERS, "ETag": etag}
    if etag in entity_tags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    path: Path = asset_store(app_context(request).settings).path(key)
    return FileResponse(
        path,
        media_type=mime or "application/octet-stream",
        headers=headers,
        filename=name,
        content_disposition_type="inline",
    )


def _owned_asset(session: Session, principal: Principal, asset_id: str) -> Asset:
    """The organization's asset with a stored file; otherwise 404."""
    asset = owned(
        session, principal, Asset, asset_id, noun="asset", hint="The piece's page lists its media."
    )
    if asset.status != "ready" or not asset.key:
        raise NotFoundError(
            f"asset {asset_id} has no file: it failed to render",
            hint="Render the piece's media again from its page.",
        )
    return asset


# ── decisions ────────────────────────────────────────────────────────────────────────────


@router.post("/pieces/{piece_id}/media/approve")
def approve_media(
    request: Request, piece_id: str, csrf_token: Annotated[str, Form()], note: NoteField = ""
) -> Response:
    """Approve the media of the piece's current version, then wake its review gate."""
    return _decide(
        request, piece_id=piece_id, csrf_token=csrf_token, decision="approved", note=note
    )


@router.post("/pieces/{piece_id}/media/reject")
def reject_media(
    request: Request, piece_id: str, csrf_token: Annotated[str, Form()], note: NoteField = ""
) -> Response:
    """Reject the media of the piece's current version, then wake its review gate."""
    return _decide(
        request, piece_id=piece_id, csrf_token=csrf_token, decision="rejected", note=note
    )


def _decide(
    request: Request, *, piece_id: str, csrf_token: str, decision: str, note: str
) -> RedirectResponse:
    """Commit the decision, then tell the piece's review gate (an approved piece is
    scheduled once its media are approved)."""
    with changing(request, csrf_token, Permission.REVIEW) as (session, principal):
        piece = views.owned_piece(session, principal, piece_id)
        media.decide_media(
            session,
            piece=piece,
            decision=decision,
            actor=principal.actor,
            trace_id=request_trace_id(request) or piece.trace_id,
            note=note,
        )
        woken = (piece.id, piece.writer, piece.trace_id)
    _wake_gate(*woken, decision=f"media_{decision}")
    return _back_to(woken[0], done=decision)


def _wake_gate(piece_id: str, writer: str, trace_id: str, *, decision: str) -> None:
    """Tell the piece's review gate, when the workflow engine runs in this process
    (``pressroom serve``); otherwise the gate reads the decision when the engine next runs."""
    if not runtime.is_launched():
        return
    # Imported here: only a running engine needs the review gate's workflow.
    from pressroom.workflows.review_gate import notify_decision

    notify_decision(piece_id, decision, model=writer, trace_id=trace_id)


# ── rendering again ──────────────────────────────────────────────────────────────────────


@router.post("/pieces/{piece_id}/media/render")
def render_again(
    request: Request,
    piece_id: str,
    csrf_token: Annotated[str, Form()],
    aspects: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Render the piece's media again (and a video in the extra ``aspects`` asked for) on
    the workflow engine's render queue, in the background; the page says to refresh. Without
    the engine in this process: 503 ``ENGINE_UNAVAILABLE``."""
    shapes = list(dict.fromkeys(aspects or []))
    with changing(request, csrf_token, Permission.REVIEW) as (session, principal):
        piece = views.owned_piece(session, principal, piece_id)
        _check_renderable(piece, shapes)
        started = (piece.id, request_trace_id(request) or piece.trace_id)
    _start_render(*started, aspects=shapes)
    return _back_to(started[0], done="rendering")


def _check_renderable(piece: Piece, aspects: list[str]) -> None:
    """Refuse, before anything starts, a piece without media, a shape it cannot have, or a
    process without the workflow engine."""
    try:
        shapes = [Aspect(value) for value in aspects]
    except ValueError as exc:
        raise InvalidInputError(
            f"{', '.join(aspects)[:100]!r} is not a frame shape",
            hint="Tick 1:1 or 16:9 (or neither).",
        ) from exc
    media.renderable(piece, aspects=shapes)
    if not runtime.is_launched():
        raise EngineUnavailableError(
            "media cannot be rendered here: the workflow engine is not running in this process",
            hint="Serve the studio with `pressroom serve`, which runs the workflow engine, "
            "then press Render again.",
        )


def _start_render(piece_id: str, trace_id: str, *, aspects: list[str]) -> None:
    """Render in a thread of its own: it waits for the render queue, which may take minutes,
    and the request has already answered."""
    threading.Thread(
        target=_render_in_background,
        args=(piece_id, trace_id, aspects),
        name=f"render-{piece_id}",
        daemon=True,
    ).start()


def _render_in_background(piece_id: str, trace_id: str, aspects: list[str]) -> None:
    # Imported here: only a running engine renders.
    from pressroom.workflows.render import render_on_request

    log.info("media.render.requested", trace_id=trace_id, piece_id=piece_id, aspects=aspects)
    try:
        result = render_on_request(piece_id=piece_id, aspects=aspects, trace_id=trace_id)
    except PressroomError as error:
        # Nobody waits on this thread: the log is where a failed render request is told.
        log.warning(
            "media.render.request_failed",
            trace_id=trace_id,
            piece_id=piece_id,
            code=str(error.code),
            message=error.message,
        )
        return
    statuses = [asset.get("status") for asset in result.get("assets", [])]
    log.info("media.render.finished", trace_id=trace_id, piece_id=piece_id, statuses=statuses)


def _back_to(piece_id: str, *, done: str) -> RedirectResponse:
    """Back to the piece's Media section, saying what was done."""
    query = urlencode({"media": done})
    return RedirectResponse(f"/pieces/{piece_id}?{query}#media", status_code=303)
