"""Workflow steps of learning."""

from __future__ import annotations

from typing import Any

from dbos import DBOS

from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.errors import ErrorCode, PressroomError
from pressroom.learning import service as learning
from pressroom.workflows.runtime import unit_of_work


@DBOS.step()
def learn(*, brand_id: str, trace_id: str) -> dict[str, Any]:
    """Propose a new prompt profile from the brand's results (or say why not)."""
    with unit_of_work() as session:
        brand = session.get(Brand, brand_id)
        assert brand is not None
        try:
            profile = learning.learn(
                session, brand=brand, now=utcnow(), actor="scheduler", trace_id=trace_id
            )
        except PressroomError as error:
            if error.code != ErrorCode.NOTHING_TO_LEARN:
                raise
            return {"learned": False, "reason": error.message}
        return {"learned": True, "version": profile.version, "status": profile.status}
