"""Workflow steps of the trends feature."""

from __future__ import annotations

from typing import Any

from dbos import DBOS

from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.logging import get_logger, trace
from pressroom.runs import service as runs
from pressroom.trends import service as trends
from pressroom.workflows.runtime import app, unit_of_work

log = get_logger(__name__)


@DBOS.step()
def ingest_trends(*, run_id: str, brand_id: str, trace_id: str) -> dict[str, Any]:
    """Read every source of the brand. A failing source is recorded on the run (with its
    code) and on the source; the others are still read and nothing stored is lost.

    The feeds are fetched between two transactions: none is held across the network."""
    with trace(trace_id, run_id=run_id):
        with unit_of_work() as session:
            locations = [source.location for source in trends.feed_sources(session, brand_id)]
        fetched = dict(
            zip(locations, trends.fetch_feeds(locations, settings=app().settings), strict=True)
        )
        return _store(run_id=run_id, brand_id=brand_id, fetched=fetched, trace_id=trace_id)


def _store(
    *, run_id: str, brand_id: str, fetched: dict[str, trends.FeedResult], trace_id: str
) -> dict[str, Any]:
    """Store what was read, for the sources that were read (one added meanwhile waits for
    the next run)."""
    with unit_of_work() as session:
        brand = session.get(Brand, brand_id)
        assert brand is not None
        sources = [s for s in trends.feed_sources(session, brand_id) if s.location in fetched]
        report = trends.store_feeds(
            session,
            brand=brand,
            sources=sources,
            results=[fetched[source.location] for source in sources],
            now=utcnow(),
            trace_id=trace_id,
        )
        errors = [
            {
                "stage": "trends",
                "item": source.location,
                "code": source.error_code,
                "message": source.error_message,
            }
            for source in report.sources
            if source.error_code
        ]
        runs.record_errors(session, run_id=run_id, errors=errors)
        signals = len(report.signals_created) + len(report.signals_updated)
        log.info(
            "trends.ingested", sources=len(report.sources), signals=signals, failed=len(errors)
        )
        return {"signals": signals, "errors": errors}
