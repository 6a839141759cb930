"""Workflow steps of publishing: find due jobs, publish one. An approved piece gets its job,
and is published at once when due, in the review feature's ``settle`` step."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from dbos import DBOS

from pressroom.contracts import utcnow
from pressroom.media import service as media
from pressroom.media.storage import asset_store
from pressroom.plugins.manager import publisher_factories
from pressroom.publishing import service as publishing
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.schemas import PublishJobStatus, PublishOutcome
from pressroom.workflows.runtime import app, unit_of_work
from pressroom.writing.models import Piece


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
    return _publish_job(job_id).model_dump(mode="json")


def due_now(job: PublishJobRecord) -> bool:
    """Whether a just-scheduled job is due: scheduled, and within the outbox lead time (the
    bundle carries its own posting time)."""
    horizon = utcnow() + timedelta(hours=app().settings.outbox_lead_hours)
    return job.status == PublishJobStatus.SCHEDULED and job.schedule_at <= horizon


def publish_now(job_id: str) -> dict[str, Any]:
    """Publish a job a step found due, so a piece goes from approval to the outbox without
    waiting for the rest of the run (idempotent by the job's key: a replayed step finds it
    published, or in progress, and does nothing)."""
    outcome = _publish_job(job_id)
    return {"published": outcome.status == "published", "location": outcome.location}


def _publish_job(job_id: str) -> PublishOutcome:
    settings = app().settings
    publisher = publisher_factories()["outbox"](settings)
    paths, names = _media_of(job_id)
    return publishing.publish_job(
        app().session_factory,
        job_id=job_id,
        publisher=publisher,
        now=utcnow(),
        actor=f"publisher:{publisher.name}",
        media=paths,
        media_names=names,
    )


def _media_of(job_id: str) -> tuple[list[Path], list[str]]:
    """The job's piece's rendered media (current version), as local files and the names
    they get in the post. Looked up outside the publish transactions: an S3 store
    downloads them first."""
    with unit_of_work() as session:
        job = session.get_one(PublishJobRecord, job_id)
        files = media.publishable(session, piece=session.get_one(Piece, job.piece_id))
    store = asset_store(app().settings)
    return [store.path(key) for key, _name in files], [name for _key, name in files]
