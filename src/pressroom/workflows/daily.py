"""The daily run, as SPEC §3 lists it: trends → ideas → pieces (in parallel, validated and
repaired) → scores → review gate → schedule → publish due jobs."""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from dbos import DBOS, SetWorkflowID

from pressroom.brands.service import no_channels_error
from pressroom.errors import PressroomError
from pressroom.ideas import steps as ideas
from pressroom.runs import steps as runs
from pressroom.trends import steps as trends
from pressroom.workflows.publish import publish_due
from pressroom.workflows.review_gate import advance, review_gate, review_gate_id
from pressroom.writing import steps as writing
from pressroom.writing.schemas import Variant
from pressroom.writing.tones import Tone


def piece_workflow_id(run_id: str, idea_id: str, channel: str, tone: str = "") -> str:
    """The id of one idea × channel (× tone, for a brand's A/B variants) piece workflow."""
    variant = Variant(tone=Tone(tone) if tone else None)
    return f"{run_id}:write:{idea_id}:{channel}{variant.key_suffix}"


@DBOS.workflow()
def write_piece(
    *,
    run_id: str,
    idea_id: str,
    channel: str,
    model: str,
    writer: str,
    writer_label: str,
    trace_id: str,
    history: dict[str, Any] | None = None,
    tone: str = "",
    translations: list[str] | None = None,
) -> dict[str, Any]:
    """One idea × channel (in ``tone``: ``""`` is the brand's own voice), start to settled:
    write with repairs; store and score (against the run's engagement ``history``); then take
    it as far as it goes without a person (auto-approve, schedule, publish when due) — or
    start its review gate, which waits durably for a person. A valid piece is then translated
    into each of ``translations``, and each translation settles the same way."""
    settle = partial(
        _write_and_settle,
        run_id=run_id,
        idea_id=idea_id,
        channel=channel,
        model=model,
        writer=writer,
        writer_label=writer_label,
        trace_id=trace_id,
        history=history,
    )
    variant = Variant(tone=Tone(tone) if tone else None)
    stored = settle(variant=variant)
    if stored["status"] == "failed_validation":
        return {**stored, "translations": []}
    translated = [
        settle(
            variant=variant.model_copy(
                update={"language": language, "source_piece_id": stored["piece_id"]}
            )
        )
        for language in translations or []
    ]
    return {**stored, "translations": translated}


def _write_and_settle(
    *,
    run_id: str,
    idea_id: str,
    channel: str,
    model: str,
    writer: str,
    writer_label: str,
    trace_id: str,
    history: dict[str, Any] | None,
    variant: Variant,
) -> dict[str, Any]:
    """Write, store and score one piece of the idea × channel, then settle it."""
    chosen = variant.model_dump(mode="json")
    outcome = writing.write_draft(
        run_id=run_id,
        idea_id=idea_id,
        channel=channel,
        model=model,
        trace_id=trace_id,
        variant=chosen,
    )
    stored = writing.store_and_score(
        run_id=run_id,
        idea_id=idea_id,
        outcome=outcome,
        writer=writer,
        writer_label=writer_label,
        trace_id=trace_id,
        history=history,
        variant=chosen,
    )
    settled = advance(
        piece_id=stored["piece_id"], model=model, trace_id=trace_id, refresh_run=False
    )
    if settled["action"] == "wait":
        with SetWorkflowID(review_gate_id(stored["piece_id"])):
            DBOS.start_workflow(
                review_gate,
                piece_id=stored["piece_id"],
                model=model,
                trace_id=trace_id,
                waiting=True,
            )
    return {**stored, "settled": settled}


@DBOS.workflow()
def daily_run(
    *, run_id: str, brand_slug: str, run_date: str, model: str | None, trigger: str, trace_id: str
) -> dict[str, Any]:
    """Run today's pipeline for one brand. Started with ``run_id`` as the workflow id, so a
    second start of the same run does the work once."""
    clock = time.monotonic()
    info = runs.start_run(
        run_id=run_id,
        brand_slug=brand_slug,
        run_date=run_date,
        model=model,
        trigger=trigger,
        trace_id=trace_id,
    )
    if not info["channels"]:
        error = no_channels_error(brand_slug)
        runs.fail_run(
            run_id=run_id, error={"stage": "start", "item": brand_slug, **error.to_dict()["error"]}
        )
        raise error

    ingest = trends.ingest_trends(run_id=run_id, brand_id=info["brand_id"], trace_id=trace_id)
    runs.record_stage(
        run_id=run_id,
        stage="trends",
        seconds=time.monotonic() - clock,
        counts={"signals": ingest["signals"]},
    )

    clock = time.monotonic()
    try:
        ideas_result = ideas.generate_ideas(
            run_id=run_id,
            brand_id=info["brand_id"],
            model=info["model"],
            count=info["ideas_per_run"],
            run_date=run_date,
            trace_id=trace_id,
        )
    except PressroomError as error:
        runs.fail_run(
            run_id=run_id, error={"stage": "ideas", "item": brand_slug, **error.to_dict()["error"]}
        )
        raise
    runs.record_stage(
        run_id=run_id,
        stage="ideas",
        seconds=time.monotonic() - clock,
        counts={"ideas": len(ideas_result["idea_ids"]), "ideas_rejected": ideas_result["rejected"]},
    )

    clock = time.monotonic()
    pieces = _write_all(info, ideas_result["idea_ids"], run_id=run_id, trace_id=trace_id)
    runs.record_stage(
        run_id=run_id,
        stage="writing",
        seconds=time.monotonic() - clock,
        counts={"pieces": len(pieces)},
    )
    runs.record_errors(
        run_id=run_id,
        errors=[
            {
                "stage": "writing",
                "item": p["piece_id"],
                "code": "failed_validation",
                "message": f"{p['channel']} piece did not pass validation",
            }
            for p in pieces
            if p["status"] == "failed_validation"
        ],
    )

    clock = time.monotonic()
    published = publish_due(brand_id=info["brand_id"])
    runs.record_stage(
        run_id=run_id,
        stage="publish",
        seconds=time.monotonic() - clock,
        counts={"published_now": published["published"]},
    )
    return runs.finish_run(run_id=run_id)


def _write_all(
    info: dict[str, Any], idea_ids: list[str], *, run_id: str, trace_id: str
) -> list[dict[str, Any]]:
    """Start one child workflow per idea × channel × tone (they run in parallel), then
    gather every piece they stored, translations included."""
    handles = []
    for idea_id in idea_ids:
        for channel in info["channels"]:
            for tone in info.get("tones", [""]):
                with SetWorkflowID(piece_workflow_id(run_id, idea_id, channel, tone)):
                    handles.append(
                        DBOS.start_workflow(
                            write_piece,
                            run_id=run_id,
                            idea_id=idea_id,
                            channel=channel,
                            model=info["model"],
                            writer=info["writer"],
                            writer_label=info["writer_label"],
                            trace_id=trace_id,
                            history=info.get("engagement_history"),
                            tone=tone,
                            translations=info.get("translations", []),
                        )
                    )
    results = [handle.get_result() for handle in handles]
    return [piece for result in results for piece in [result, *result.get("translations", [])]]
