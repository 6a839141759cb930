"""Small typed factories per feature."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from pressroom.accounts.models import DEFAULT_ORGANIZATION_ID
from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.brands.schemas import BrandSpec
from pressroom.ideas.models import Idea
from pressroom.runs.models import Run


def brand_spec(**overrides: Any) -> BrandSpec:
    """The demo brand's spec with ``overrides`` applied."""
    data = brands.demo_spec().model_dump()
    data.update(overrides)
    return BrandSpec.model_validate(data)


def make_brand(
    session: Session, *, organization_id: str = DEFAULT_ORGANIZATION_ID, **overrides: Any
) -> Brand:
    """Store a brand (the demo brand unless overridden) in ``organization_id``."""
    brand = brands.upsert_brand(
        session,
        spec=brand_spec(**overrides),
        actor="test",
        trace_id="trace-test",
        organization_id=organization_id,
    )
    session.flush()
    return brand


def make_run(session: Session, *, brand: Brand, **overrides: Any) -> Run:
    """Store a run of ``brand`` (a fresh id and trace unless overridden)."""
    trace_id = f"trace-{uuid.uuid4().hex[:8]}"
    values: dict[str, Any] = {
        "id": f"run-{uuid.uuid4().hex[:12]}",
        "brand_id": brand.id,
        "run_date": date(2026, 11, 20),
        "status": "completed",
        "writer": "builtin",
        "trace_id": trace_id,
        "started_at": datetime(2026, 11, 20, 7, 0, tzinfo=UTC),
    }
    values.update(overrides)
    run = Run(**values)
    session.add(run)
    session.flush()
    return run


def make_idea(session: Session, *, run: Run, **overrides: Any) -> Idea:
    """Store an idea of ``run`` (slot 1, a question hook, unless overridden)."""
    values: dict[str, Any] = {
        "brand_id": run.brand_id,
        "run_id": run.id,
        "slot": 1,
        "title": "Sour espresso",
        "hook": "Is your espresso sour?",
        "hook_type": "question",
        "topic_key": "espresso",
        "writer": run.writer,
        "trace_id": run.trace_id,
    }
    values.update(overrides)
    idea = Idea(**values)
    session.add(idea)
    session.flush()
    return idea
