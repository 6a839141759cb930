"""Publishing due jobs: one child workflow per job and attempt, so a job is never published
twice by the engine, and the connector's idempotency key covers the rest."""

from __future__ import annotations

from typing import Any

from dbos import DBOS, SetWorkflowID

from pressroom.publishing import steps as publishing


def publish_workflow_id(job_id: str, attempt: int) -> str:
    return f"publish:{job_id}:{attempt}"


@DBOS.workflow()
def publish_job(*, job_id: str) -> dict[str, Any]:
    return publishing.publish(job_id=job_id)


@DBOS.workflow()
def publish_due(*, brand_id: str | None = None) -> dict[str, Any]:
    """Publish every due job (of one brand, or all) and report the outcomes."""
    due = publishing.due_jobs(brand_id=brand_id)
    handles = []
    for job in due:
        with SetWorkflowID(publish_workflow_id(job["job_id"], job["attempt"])):
            handles.append(DBOS.start_workflow(publish_job, job_id=job["job_id"]))
    outcomes = [handle.get_result() for handle in handles]
    published = sum(1 for outcome in outcomes if outcome.get("status") == "published")
    return {"due": len(due), "published": published, "outcomes": outcomes}
