"""Rendering a piece's media: one workflow per piece and version, run from the ``render``
queue (a per-process concurrency cap: rendering is CPU-bound), one step per asset — so a
crash resumes at the first asset not yet registered."""

from __future__ import annotations

import uuid
from typing import Any

from dbos import DBOS, SetWorkflowID

from pressroom.media import steps as media
from pressroom.workflows import runtime
from pressroom.writing.models import Piece


def render_workflow_id(piece_id: str, version: int, request: str = "") -> str:
    """``render:<piece>:v<version>`` for the render a piece's version gets once; a render a
    person asks for again adds that request's id."""
    base = f"render:{piece_id}:v{version}"
    return f"{base}:{request}" if request else base


@DBOS.workflow()
def render_media(
    *, piece_id: str, trace_id: str, aspects: list[str] | None = None
) -> dict[str, Any]:
    """Plan the piece's media, then render, store and register each asset in turn."""
    plan = media.plan_media(piece_id=piece_id, aspects=aspects or [])
    results = [
        media.render_asset(piece_id=piece_id, version=plan["version"], spec=spec, trace_id=trace_id)
        for spec in plan["specs"]
    ]
    return {"piece_id": piece_id, "version": plan["version"], "assets": results}


def render_and_wait(
    *,
    piece_id: str,
    version: int,
    trace_id: str,
    aspects: list[str] | None = None,
    request: str = "",
) -> dict[str, Any]:
    """Queue the piece's render on the ``render`` queue and wait for it. Inside a workflow
    this is a durable child workflow (its id is deterministic), so a replay waits for the
    same render instead of starting another."""
    with SetWorkflowID(render_workflow_id(piece_id, version, request)):
        handle = runtime.render_queue().enqueue(
            render_media, piece_id=piece_id, trace_id=trace_id, aspects=aspects or []
        )
    result: dict[str, Any] = handle.get_result()
    return result


def render_on_request(
    *, piece_id: str, aspects: list[str] | None = None, trace_id: str | None = None
) -> dict[str, Any]:
    """A person asked for the piece's media (again, or in more shapes): render them now on
    the ``render`` queue, wait, then wake the piece's review gate so it acts on the new
    media (schedules an approved piece whose media are now ready, for one). Called outside
    workflows, with the engine running in this process."""
    from pressroom.workflows.review_gate import notify_decision

    with runtime.unit_of_work() as session:
        piece = session.get_one(Piece, piece_id)
        version, writer, trace = piece.version, piece.writer, trace_id or piece.trace_id
    result = render_and_wait(
        piece_id=piece_id,
        version=version,
        trace_id=trace,
        aspects=aspects,
        request=uuid.uuid4().hex[:12],
    )
    settled = notify_decision(piece_id, "media", model=writer, trace_id=trace)
    return {**result, "settled": settled}
