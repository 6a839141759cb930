"""Media of the caller's organization's pieces: list a piece's assets, read one and its file
(with HTTP ranges, for video seeking), render a piece's media now, and a person's decision on
them — through the same media service as ``pressroom media``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import event
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.errors import (
    EngineUnavailableError,
    NotFoundError,
    PressroomError,
)
from pressroom.logging import get_logger
from pressroom.media import service as media
from pressroom.media.models import Asset
from pressroom.media.schemas import AssetView
from pressroom.media.service import MediaState
from pressroom.media.spec import Aspect
from pressroom.media.storage import asset_store
from pressroom.web.deps import (
    CurrentPrincipal,
    DbSession,
    TraceId,
    app_context,
    entity_tags,
    owned,
    owned_piece,
    requires,
)
from pressroom.web.problems import MEDIA_TYPE
from pressroom.writing.models import Piece

log = get_logger(__name__)
router = APIRouter(tags=["media"])

PROBLEM_CONTENT = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
FILE_TYPES = ("image/png", "video/mp4", "application/x-subrip")
FILE_SCHEMA = {"schema": {"type": "string", "format": "binary"}}


class AssetOut(AssetView):
    """One rendered file of a piece (or why it could not be rendered), with the name it is
    posted under and where to fetch it."""

    file_name: str = Field(description="The name it is posted under, e.g. `slide-02-4x5.png`.")
    content_url: str | None = Field(description="Its file; none for a failed asset.")

    @classmethod
    def of(cls, asset: Asset) -> AssetOut:
        ready = asset.status == "ready"
        return cls(
            **AssetView.model_validate(asset).model_dump(),
            file_name=_name(asset),
            content_url=f"/api/v1/assets/{asset.id}/content" if ready else None,
        )


class PieceAssets(BaseModel):
    """A piece's assets in posting order, and where its media stand for its current
    version."""

    piece_id: str
    version: int = Field(description="The piece's current version.")
    media_state: MediaState = Field(
        description="`none`: a text-only channel; `pending`: not rendered for this version; "
        "`failed`: an asset failed; `ready`: every planned asset is rendered."
    )
    items: list[AssetOut]


class RenderRequest(BaseModel):
    """Render a piece's media now; ``aspects`` adds native re-renders of its video."""

    model_config = ConfigDict(extra="forbid")

    aspects: list[Aspect] = Field(
        default_factory=list,
        max_length=4,
        description="More shapes of the piece's video (`1:1`, `16:9`), besides its master.",
    )


class RenderStarted(BaseModel):
    """A render the server has started; the piece's assets show its outcome."""

    piece_id: str
    version: int
    aspects: list[Aspect]
    status: Literal["rendering"] = "rendering"


class MediaDecision(BaseModel):
    """A person's decision on a piece's current media."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["approved", "rejected"]
    note: str = Field(default="", max_length=2000, description="Kept in the audit log.")


# ── reading ──────────────────────────────────────────────────────────────────────────────


@router.get("/pieces/{piece_id}/assets", summary="A piece's assets and its media state")
def list_assets(piece_id: str, session: DbSession, principal: CurrentPrincipal) -> PieceAssets:
    piece = owned_piece(session, principal, piece_id)
    return _piece_assets(session, piece)


@router.get("/assets/{asset_id}", summary="One asset")
def get_asset(asset_id: str, session: DbSession, principal: CurrentPrincipal) -> AssetOut:
    return AssetOut.of(_owned_asset(session, principal, asset_id))


@router.get(
    "/assets/{asset_id}/content",
    summary="An asset's file (supports Range requests)",
    response_class=FileResponse,
    responses={
        status.HTTP_200_OK: {
            "description": "The file, inline, named as it is posted; `ETag` is its SHA-256.",
            "content": {mime: FILE_SCHEMA for mime in FILE_TYPES},
        },
        status.HTTP_206_PARTIAL_CONTENT: {
            "description": "The byte range asked for with `Range`.",
            "content": {mime: FILE_SCHEMA for mime in FILE_TYPES},
        },
        status.HTTP_304_NOT_MODIFIED: {"description": "`If-None-Match` names this file."},
    },
)
def get_asset_content(
    asset_id: str, request: Request, session: DbSession, principal: CurrentPrincipal
) -> Response:
    """The rendered file. A failed asset has none: 404 with the render's error."""
    asset = _owned_asset(session, principal, asset_id)
    if asset.status != "ready" or not asset.key:
        error = asset.error or {}
        raise NotFoundError(
            f"asset {asset.id} has no file: its render failed "
            f"({error.get('code', 'unknown')}: {error.get('message', 'no reason recorded')})",
            hint=f"Render the piece's media again: POST /api/v1/pieces/{asset.piece_id}"
            "/assets/render.",
            details={"error": error},
        )
    etag = f'"{asset.sha256}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in entity_tags(request.headers.get("if-none-match", "")):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return FileResponse(
        asset_store(app_context(request).settings).path(asset.key),
        media_type=asset.mime or "application/octet-stream",
        filename=_name(asset),
        content_disposition_type="inline",
        headers=headers,
    )


# ── acting ───────────────────────────────────────────────────────────────────────────────


@router.post(
    "/pieces/{piece_id}/assets/render",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Render a piece's media now",
    responses={
        status.HTTP_503_SERVICE_UNAVAILABLE: {
            "description": "The workflow engine is not running in this server process.",
            "content": PROBLEM_CONTENT,
        },
    },
)
def render_assets(
    piece_id: str,
    session: DbSession,
    principal: Annotated[Principal, requires(Permission.REVIEW)],
    wanted: RenderRequest | None = None,
) -> RenderStarted:
    """Render every planned asset of the piece's current version (and its video in
    ``aspects``) on the server's render queue, then wake the piece's review gate. Answers at
    once; ``GET /api/v1/pieces/{piece_id}/assets`` shows the assets as they are registered.
    A text-only channel's piece is 422; without the workflow engine in this process, 503
    ``ENGINE_UNAVAILABLE``."""
    piece = owned_piece(session, principal, piece_id)
    aspects = (wanted or RenderRequest()).aspects
    media.renderable(piece, aspects=aspects)
    # Imported here: the engine is the server's business (``pressroom serve``), not the app's.
    from pressroom.workflows import runtime

    if not runtime.is_launched():
        raise EngineUnavailableError(
            "media cannot be rendered here: the workflow engine is not running in this process",
            hint="Serve the studio with `pressroom serve`, or run `pressroom media render`.",
        )
    shapes = [a.value for a in aspects]
    _after_commit(session, f"render-{piece.id}", _render, piece.id, shapes)
    return RenderStarted(piece_id=piece.id, version=piece.version, aspects=aspects)


@router.post("/pieces/{piece_id}/media-decision", summary="Approve or reject a piece's media")
def decide_media(
    piece_id: str,
    decision: MediaDecision,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.REVIEW)],
) -> PieceAssets:
    """Approve or reject every rendered asset of the piece's current version (audited); 422
    when it has none. When the workflow engine runs in this process, the piece's review gate
    is then woken, as for a decision on the piece (it schedules an approved piece whose
    media are approved, for one)."""
    piece = owned_piece(session, principal, piece_id)
    media.decide_media(
        session,
        piece=piece,
        decision=decision.decision,
        actor=principal.actor,
        trace_id=trace_id or piece.trace_id,
        note=decision.note,
    )
    _wake_review_gate(session, piece)
    return _piece_assets(session, piece)


# ── plumbing ─────────────────────────────────────────────────────────────────────────────


def _owned_asset(session: Session, principal: Principal, asset_id: str) -> Asset:
    return owned(
        session,
        principal,
        Asset,
        asset_id,
        noun="asset",
        hint="GET /api/v1/pieces/{piece_id}/assets lists a piece's assets.",
    )


def _piece_assets(session: Session, piece: Piece) -> PieceAssets:
    return PieceAssets(
        piece_id=piece.id,
        version=piece.version,
        media_state=media.state(session, piece=piece),
        items=[AssetOut.of(asset) for asset in media.current_assets(session, piece=piece)],
    )


def _wake_review_gate(session: Session, piece: Piece) -> None:
    """After the commit, tell the piece's review gate about the media decision, as
    ``pressroom media approve`` does — only when the workflow engine runs in this process."""
    from pressroom.workflows import runtime

    if runtime.is_launched():
        arguments = (piece.id, piece.writer, piece.trace_id)
        _after_commit(session, f"media-gate-{piece.id}", _notify_review_gate, *arguments)


def _after_commit(session: Session, name: str, target: Callable[..., None], *args: Any) -> None:
    """Run ``target`` in a thread of its own once the request's transaction has committed:
    it waits for the engine, and the engine needs the database this request releases."""

    def start(_: Session) -> None:
        threading.Thread(target=target, args=args, name=name, daemon=True).start()

    event.listen(session, "after_commit", start, once=True)


def _notify_review_gate(piece_id: str, model: str, trace_id: str) -> None:
    from pressroom.workflows.review_gate import notify_decision

    notify_decision(piece_id, "media", model=model, trace_id=trace_id)


def _render(piece_id: str, aspects: list[str]) -> None:
    """Render the piece's media (the render records each asset's failure itself); a render
    that could not run at all is logged, as nobody waits on this thread."""
    from pressroom.workflows.render import render_on_request

    try:
        render_on_request(piece_id=piece_id, aspects=aspects)
    except PressroomError as error:
        log.warning(
            "media.render.request_failed",
            piece_id=piece_id,
            code=str(error.code),
            message=error.message,
        )


def _name(asset: Asset) -> str:
    return media.publish_name(
        role=asset.role, position=asset.position, aspect=asset.aspect, mime=asset.mime
    )
