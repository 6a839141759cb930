"""Workflow steps of publishing: schedule an approved piece, find due jobs, publish one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dbos import DBOS

from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.logging import get_logger, trace
from pressroom.plugins.manager import publisher_factories
from pressroom.publishing import service as publishing
from pressroom.publishing.models import PublishJobRecord
from pressroom.runs import service as runs
from pressroom.workflows.runtime import app, unit_of_work
from pressroom.writing.models import Piece

log = get_logger(__name__)


@DBOS.step()
def schedule(*, piece_id: str, trace_id: str) -> dict[str, Any]:
    """Give an approved piece its publish job at the brand's next free slot."""
    with trace(trace_id, piece_id=piece_id), unit_of_work() as session:
        piece = session.get(Piece, piece_id)
        assert piece is not None
        brand = session.get(Brand, piece.brand_id)
        assert brand is not None
        job = publishing.schedule_piece(
            session, piece=piece, brand=brand, now=utcnow(), actor="scheduler", trace_id=trace_id
        )
        runs.refresh_status(session, run_id=piece.run_id, now=utcnow(), actor="scheduler")
        log.info("publishing.job.scheduled", job_id=job.id, schedule_at=job.schedule_at.isoformat())
        return {
            "action": "scheduled",
            "job_id": job.id,
            "schedule_at": job.schedule_at.isoformat(),
            "timezone": brand.timezone,
        }


@DBOS.step()
def due_jobs(*, brand_id: str | None) -> list[dict[str, Any]]:
    """Jobs due now — for the outbox, anything within ``outbox_lead_hours``: the bundle is a
    hand-over that carries its own posting time."""
    lead = timedelta(hours=app().settings.outbox_lead_hours)
    with unit_of_work() as session:
        jobs = publishing.due_jobs(session, now=utcnow(), brand_id=brand_id, lead=lead)
        return [{"job_id": job.id, "attempt": job.attempt} for job in jobs]


@DBOS.step()
def publish(*, job_id: str) -> dict[str, Any]:
    """Publish one job through its connector (idempotent by the job's key)."""
    settings = app().settings
    publisher = publisher_factories()["outbox"](settings)
    outcome = publishing.publish_job(
        app().session_factory,
        job_id=job_id,
        publisher=publisher,
        now=utcnow(),
        actor=f"publisher:{publisher.name}",
    )
    return outcome.model_dump(mode="json")


@DBOS.step()
def publish_if_due(*, job_id: str) -> dict[str, Any]:
    """Publish a just-scheduled job at once when it is due (within the outbox lead time), so a
    piece goes from approval to the outbox without waiting for the rest of the run."""
    settings = app().settings
    horizon = utcnow() + timedelta(hours=settings.outbox_lead_hours)
    with unit_of_work() as session:
        job = session.get(PublishJobRecord, job_id)
        due = job is not None and job.status == "scheduled" and job.schedule_at <= horizon
    if not due:
        return {"published": False}
    publisher = publisher_factories()["outbox"](settings)
    outcome = publishing.publish_job(
        app().session_factory,
        job_id=job_id,
        publisher=publisher,
        now=utcnow(),
        actor=f"publisher:{publisher.name}",
    )
    return {"published": outcome.status == "published", "location": outcome.location}
