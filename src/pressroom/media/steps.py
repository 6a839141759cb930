"""Workflow steps of the production house: plan a piece's media, then render, store and
register one asset per step. A step renders into a scratch folder of its own, stores the
finished file content-addressed, and registers it in one transaction — a crash before the
commit leaves no asset row (the step runs again), a crash after it leaves a complete one."""

from __future__ import annotations

import os
import shutil
import socket
import time
import uuid
from pathlib import Path
from typing import Any

from dbos import DBOS
from pydantic import ValidationError

from pressroom.brands.models import Brand
from pressroom.config import Settings
from pressroom.errors import ErrorCode, MediaError, PressroomError
from pressroom.ledger import service as ledger
from pressroom.logging import get_logger, trace
from pressroom.media import production, service
from pressroom.media.schemas import AssetSpec, BrandLook
from pressroom.media.spec import Aspect
from pressroom.media.storage import StoredFile, asset_store
from pressroom.providers.llm.protocol import Usage
from pressroom.providers.media.registry import build_router
from pressroom.providers.media.router import MediaRouter
from pressroom.workflows.runtime import app, unit_of_work
from pressroom.writing.models import Piece

log = get_logger(__name__)
SCRATCH = "tmp"
OWNER_FILE = "owner"


_routers: dict[int, tuple[Settings, MediaRouter]] = {}


def media_router(settings: Settings) -> MediaRouter:
    """The media router of these settings (built once per settings object)."""
    held = _routers.get(id(settings))
    if held is None or held[0] is not settings:
        held = _routers[id(settings)] = (settings, build_router(settings))
    return held[1]


def _scratch(root: Path) -> Path:
    """A fresh scratch folder for one render, marked with its owner (host and process), so
    a later render can sweep the folders of renders whose process died mid-way."""
    sweep_scratch(root)
    folder = root / f"render-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    (folder / OWNER_FILE).write_text(f"{socket.gethostname()} {os.getpid()}\n", encoding="utf-8")
    return folder


def sweep_scratch(root: Path) -> list[Path]:
    """Remove the scratch folders of renders whose process (on this host) is gone; returns
    what it removed. Nothing in them was ever registered: they only held work in progress."""
    removed = []
    for folder in root.glob("render-*") if root.is_dir() else []:
        try:
            host, pid = (folder / OWNER_FILE).read_text(encoding="utf-8").split()
        except (OSError, ValueError):
            continue  # being created right now, or not ours: leave it
        if host == socket.gethostname() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@DBOS.step()
def plan_media(*, piece_id: str, aspects: list[str]) -> dict[str, Any]:
    """The assets to render for the piece's current version."""
    with unit_of_work() as session:
        piece = session.get_one(Piece, piece_id)
        specs = service.plan(piece, aspects=[Aspect(a) for a in aspects])
        return {"version": piece.version, "specs": [s.model_dump(mode="json") for s in specs]}


@DBOS.step()
def render_asset(
    *, piece_id: str, version: int, spec: dict[str, Any], trace_id: str
) -> dict[str, Any]:
    """Render, store and register one asset of the piece (or record why it failed)."""
    wanted = AssetSpec.model_validate(spec)
    with trace(trace_id, piece_id=piece_id, asset=wanted.label):
        with unit_of_work() as session:
            piece = session.get_one(Piece, piece_id)
            if piece.version != version:
                return {"asset": wanted.label, "status": "stale"}
            look = service.look_of(session.get_one(Brand, piece.brand_id))
            body, channel, language = dict(piece.body), piece.channel, piece.language
        settings = app().settings
        workdir = _scratch(settings.data_dir / SCRATCH)
        try:
            return _render(
                wanted,
                piece_id=piece_id,
                channel=channel,
                body=body,
                look=look,
                language=language,
                workdir=workdir,
                trace_id=trace_id,
            )
        except PressroomError as error:
            return _record_failure(piece_id, wanted, error, trace_id=trace_id)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def _render(
    spec: AssetSpec,
    *,
    piece_id: str,
    channel: str,
    body: dict[str, Any],
    look: BrandLook,
    language: str,
    workdir: Path,
    trace_id: str,
) -> dict[str, Any]:
    settings = app().settings
    studio = production.Studio(
        router=media_router(settings), workdir=workdir, language=language, trace_id=trace_id
    )
    clock = time.monotonic()
    rendered = production.render(spec, draft=_draft(channel, body), look=look, studio=studio)
    render_seconds = round(time.monotonic() - clock, 3)
    stored = asset_store(settings).put(rendered.path, suffix=rendered.suffix)
    with unit_of_work() as session:
        piece = session.get_one(Piece, piece_id)
        asset = service.register(
            session,
            piece=piece,
            spec=spec,
            file=_file_columns(rendered, stored),
            meta=_meta(rendered),
        )
        _record_costs(session, piece=piece, spec=spec, rendered=rendered, seconds=render_seconds)
        log.info(
            "media.asset.registered",
            trace_id=trace_id,
            asset=spec.label,
            asset_id=asset.id,
            sha256=stored.sha256,
            size_bytes=stored.size_bytes,
        )
        return {"asset": spec.label, "status": "ready", "asset_id": asset.id}


def _draft(channel: str, body: dict[str, Any]) -> Any:
    try:
        return production.parse_draft(channel, body)
    except ValidationError as exc:
        raise MediaError(
            f"the {channel} draft is not valid, so its media cannot be rendered: "
            f"{exc.error_count()} problem(s)",
            code=ErrorCode.MEDIA_SCRIPT_INVALID,
            hint="Edit the piece so its draft is valid, then render its media again.",
        ) from exc


def _file_columns(rendered: production.Rendered, stored: StoredFile) -> dict[str, Any]:
    return {
        "store": stored.store,
        "key": stored.key,
        "sha256": stored.sha256,
        "mime": rendered.mime,
        "size_bytes": stored.size_bytes,
        "width": rendered.width,
        "height": rendered.height,
        "duration_seconds": rendered.duration_seconds,
        "provider": rendered.provider,
        "model": rendered.model,
        "cost_usd": rendered.usd,
        "rights": rendered.rights,
        "expires_at": None,
    }


def _meta(rendered: production.Rendered) -> dict[str, Any]:
    return {
        **rendered.meta,
        "warnings": list(rendered.warnings),
        "attempts": [a.to_dict() for a in rendered.attempts],
    }


def _record_costs(
    session: Any, *, piece: Piece, spec: AssetSpec, rendered: production.Rendered, seconds: float
) -> None:
    """The render itself (the local renderer: units of images or seconds of video, free)
    and each provider call it made (paid ones priced per unit, failed ones included), one
    ledger entry each; idempotent by key, so a replayed step never counts twice."""
    key = f"media:{piece.id}:v{piece.version}:{spec.label}"
    units, unit = (
        (rendered.duration_seconds or 0.0, "second") if spec.kind != "image" else (1, "image")
    )
    entries = [(key, "local", rendered.model, seconds, 0.0, units, unit)]
    entries += [
        (f"{key}:attempt-{n}", a.provider, a.model or a.provider, a.seconds, a.usd, a.units, a.kind)
        for n, a in enumerate(rendered.attempts, start=1)
    ]
    for operation_key, provider, model, spent, usd, count, measure in entries:
        ledger.record_usage(
            session,
            operation_key=operation_key,
            pillar="media",
            usage=Usage(provider=provider, model=model, requests=1, seconds=spent),
            usd=usd,
            units=count,
            unit=measure,
            brand_id=piece.brand_id,
            run_id=piece.run_id,
        )


def _record_failure(
    piece_id: str, spec: AssetSpec, error: PressroomError, *, trace_id: str
) -> dict[str, Any]:
    with unit_of_work() as session:
        piece = session.get_one(Piece, piece_id)
        attempts = error.details.get("attempts", [])
        service.record_failure(
            session, piece=piece, spec=spec, error=error, meta={"attempts": attempts}
        )
    log.warning(
        "media.asset.failed",
        trace_id=trace_id,
        asset=spec.label,
        code=str(error.code),
        message=error.message,
    )
    return {"asset": spec.label, "status": "failed", "code": str(error.code)}
