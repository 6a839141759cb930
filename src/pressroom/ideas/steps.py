"""Workflow steps of the ideas feature."""

from __future__ import annotations

from datetime import date
from typing import Any

from dbos import DBOS

from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.ideas import service as ideas
from pressroom.learning import service as learning
from pressroom.ledger import service as ledger
from pressroom.logging import get_logger, trace
from pressroom.providers.llm.protocol import IdeaDraft, IdeaRequest, SourceSignal
from pressroom.trends import service as trends
from pressroom.workflows.runtime import app, unit_of_work, writer_for, writer_slots

log = get_logger(__name__)

MAX_ROUNDS = 3
SIGNALS_PER_IDEA = 3


@DBOS.step()
def generate_ideas(
    *, run_id: str, brand_id: str, model: str, count: int, run_date: str, trace_id: str
) -> dict[str, Any]:
    """Ask the writer for ideas until ``count`` survive the repeat rules (at most 3 rounds);
    store them. Idempotent: a replay returns the ideas already stored for the run."""
    with trace(trace_id, run_id=run_id):
        with unit_of_work() as session:
            stored = ideas.ideas_of_run(session, run_id=run_id)
            if stored:
                return {"idea_ids": [i.id for i in stored], "rejected": []}
            request, topic_of = _idea_request(
                session,
                run_id=run_id,
                brand_id=brand_id,
                count=count,
                run_date=run_date,
                trace_id=trace_id,
            )
            recent_topics, recent_titles = ideas.recent_history(
                session, brand_id=brand_id, now=utcnow(), exclude_run_id=run_id
            )
        writer = writer_for(model)
        kept: list[IdeaDraft] = []
        rejected: list[dict[str, str]] = []
        for round_number in range(1, MAX_ROUNDS + 1):
            missing = count - len(kept)
            asked = request.model_copy(
                update={
                    "count": min(10, missing + round_number - 1),
                    "avoid_topics": [*request.avoid_topics, *(k.title for k in kept)],
                }
            )
            with writer_slots(model, app().settings.llm_concurrency):
                result = writer.write_ideas(asked)
            with unit_of_work() as session:
                ledger.record_usage(
                    session,
                    operation_key=f"{run_id}:ideas:{round_number}",
                    pillar="strategist",
                    usage=result.usage,
                    brand_id=brand_id,
                    run_id=run_id,
                )
            selection = ideas.select_ideas(
                result.output,
                count=missing,
                recent_topics=recent_topics,
                recent_titles=[*recent_titles, *(k.title for k in kept)],
                topic_of=topic_of,
            )
            kept.extend(selection.kept)
            rejected.extend(r.model_dump() for r in selection.rejected)
            if len(kept) >= count:
                break
        with unit_of_work() as session:
            stored = ideas.store_ideas(
                session,
                brand_id=brand_id,
                run_id=run_id,
                drafts=kept,
                topic_of=topic_of,
                writer=writer.name,
                trace_id=trace_id,
            )
            log.info("ideas.generated", kept=len(stored), rejected=len(rejected))
            return {"idea_ids": [i.id for i in stored], "rejected": rejected}


def _idea_request(
    session: Any, *, run_id: str, brand_id: str, count: int, run_date: str, trace_id: str
) -> tuple[IdeaRequest, dict[str, str]]:
    brand = session.get(Brand, brand_id)
    assert brand is not None
    now = utcnow()
    recent_topics, _ = ideas.recent_history(
        session, brand_id=brand_id, now=now, exclude_run_id=run_id
    )
    signals = [
        s
        for s in trends.top_signals(
            session, brand=brand, now=now, limit=count * SIGNALS_PER_IDEA * 2
        )
        if s.topic_key not in recent_topics
    ][: count * SIGNALS_PER_IDEA]
    if not signals:
        signals = _brand_topics_as_signals(
            session, brand=brand, recent=recent_topics, trace_id=trace_id
        )
    _, strategy = learning.active_strategy(session, brand_id=brand_id)
    topic_of = {s.id: s.topic_key for s in signals}
    sources: list[SourceSignal] = [trends.to_source_signal(s) for s in signals]
    request = IdeaRequest(
        brand=brands.brand_context(brand),
        signals=sources,
        count=count,
        avoid_topics=sorted(recent_topics),
        strategy=strategy,
        run_date=date.fromisoformat(run_date),
        trace_id=trace_id,
    )
    return request, topic_of


def _brand_topics_as_signals(
    session: Any, *, brand: Brand, recent: set[str], trace_id: str
) -> list[Any]:
    """No usable trend signal: fall back to the brand's own topics as manual signals, so the
    run still writes (the missing trends are already recorded as run errors)."""
    topics = [t for t in brand.topics if ideas.topic_key(t) not in recent] or list(brand.topics)
    return [
        trends.add_manual_topic(session, brand=brand, topic=topic, now=utcnow(), trace_id=trace_id)
        for topic in topics
    ]
