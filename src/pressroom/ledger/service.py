"""The cost ledger: one entry per provider call, keyed so a replayed step never counts twice."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pressroom.db.upsert import upsert
from pressroom.ledger.models import CostEntry
from pressroom.providers.llm.protocol import Usage


def record_usage(
    session: Session,
    *,
    operation_key: str,
    pillar: str,
    usage: Usage,
    usd: float = 0.0,
    brand_id: str | None = None,
    run_id: str | None = None,
    units: float = 0.0,
    unit: str = "",
) -> CostEntry:
    """Store what one operation cost (idempotent by ``operation_key``)."""
    return upsert(
        session,
        CostEntry,
        keys=["operation_key"],
        values={
            "operation_key": operation_key,
            "pillar": pillar,
            "provider": usage.provider,
            "model": usage.model,
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "seconds": usage.seconds,
            "usd": usd,
            "brand_id": brand_id,
            "run_id": run_id,
            "units": units,
            "unit": unit,
        },
    )


def run_totals(session: Session, *, run_id: str, pillar: str | None = None) -> dict[str, float]:
    """Tokens, seconds and USD spent by one run (by one ``pillar`` of it, when given)."""
    where = [CostEntry.run_id == run_id]
    if pillar is not None:
        where.append(CostEntry.pillar == pillar)
    row = session.execute(
        select(
            func.count(CostEntry.id),
            func.coalesce(func.sum(CostEntry.input_tokens), 0),
            func.coalesce(func.sum(CostEntry.output_tokens), 0),
            func.coalesce(func.sum(CostEntry.seconds), 0.0),
            func.coalesce(func.sum(CostEntry.usd), 0.0),
        ).where(*where)
    ).one()
    return {
        "calls": row[0],
        "input_tokens": row[1],
        "output_tokens": row[2],
        "seconds": float(row[3]),
        "usd": float(row[4]),
    }
