"""Workflow steps of the runs feature."""

from __future__ import annotations

from datetime import date
from typing import Any

from dbos import DBOS

from pressroom.brands import service as brands
from pressroom.contracts import utcnow
from pressroom.errors import PressroomError
from pressroom.learning import service as learning
from pressroom.logging import get_logger, trace
from pressroom.metrics import service as metrics
from pressroom.runs import service as runs
from pressroom.workflows.runtime import app, unit_of_work, writer_for
from pressroom.writing import variants

log = get_logger(__name__)


@DBOS.step()
def start_run(
    *, run_id: str, brand_slug: str, run_date: str, model: str | None, trigger: str, trace_id: str
) -> dict[str, Any]:
    """Create the run and fix what it uses: channels, writer, prompt profile, the brand's
    engagement history for scoring. A writer that cannot be built fails the run (recorded,
    with its code)."""
    with trace(trace_id, run_id=run_id):
        with unit_of_work() as session:
            brand = brands.get_brand(session, brand_slug)
            chosen = model or brand.model or app().settings.model
            run = runs.start_run(
                session,
                run_id=run_id,
                brand_id=brand.id,
                run_date=date.fromisoformat(run_date),
                trigger=trigger,
                writer=chosen,
                trace_id=trace_id,
                now=utcnow(),
            )
            profile_version, strategy = learning.active_strategy(session, brand_id=brand.id)
            run.prompt_profile_version = profile_version
            # Read once for all the run's score cards (recorded with this step, so a resumed
            # run scores against the same history).
            history = metrics.engagement_history(session, brand_id=brand.id)
            info: dict[str, Any] = {
                "brand_id": brand.id,
                "brand_slug": brand.slug,
                "channels": list(brand.channels),
                "model": chosen,
                "ideas_per_run": brand.ideas_per_run,
                "profile_version": profile_version,
                "engagement_history": history.model_dump(mode="json"),
            }
            tone_variants, languages = list(brand.tone_variants), list(brand.languages)
        try:
            writer = writer_for(chosen)
            planned = variants.run_variants(
                tone_variants=tone_variants,
                languages=languages,
                strategy=strategy,
                writer_name=writer.name,
            )
        except PressroomError as error:
            with unit_of_work() as session:
                runs.fail_run(
                    session,
                    run_id=run_id,
                    now=utcnow(),
                    error={"stage": "start", "item": chosen, **error.to_dict()["error"]},
                )
            raise
        if planned.untranslated:
            with unit_of_work() as session:
                runs.record_errors(session, run_id=run_id, errors=planned.untranslated)
        log.info(
            "runs.run.started",
            brand=brand_slug,
            writer=writer.name,
            tones=planned.tones,
            translations=planned.translations,
        )
        return {
            **info,
            "writer": writer.name,
            "writer_label": writer.label,
            "tones": planned.tones,
            "translations": planned.translations,
        }


@DBOS.step()
def record_stage(*, run_id: str, stage: str, seconds: float, counts: dict[str, Any]) -> None:
    with unit_of_work() as session:
        runs.record_timing(session, run_id=run_id, stage=stage, seconds=seconds)
        run = runs.get_run(session, run_id)
        run.counts = {**run.counts, **counts}


@DBOS.step()
def record_errors(*, run_id: str, errors: list[dict[str, Any]]) -> None:
    with unit_of_work() as session:
        runs.record_errors(session, run_id=run_id, errors=errors)


@DBOS.step()
def fail_run(*, run_id: str, error: dict[str, Any]) -> None:
    with unit_of_work() as session:
        runs.fail_run(session, run_id=run_id, error=error, now=utcnow())


@DBOS.step()
def finish_run(*, run_id: str) -> dict[str, Any]:
    """Derive the run's status from its pieces; return it with the piece counts."""
    with unit_of_work() as session:
        run = runs.refresh_status(session, run_id=run_id, now=utcnow(), actor="pipeline")
        return {"status": run.status, "counts": dict(run.counts), "errors": list(run.errors)}
