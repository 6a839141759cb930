"""An approved prompt profile steers the next run; one awaiting approval does not."""

from __future__ import annotations

from collections import Counter

import pytest
from dbos import DBOS, SetWorkflowID
from sqlalchemy import select

from pressroom.brands.models import Brand
from pressroom.cli.context import AppContext
from pressroom.db.session import transaction
from pressroom.learning.models import PromptProfileRecord
from pressroom.learning.strategy import WritingStrategy
from pressroom.platforms.drafts import HookType
from pressroom.runs.models import Run
from pressroom.workflows.daily import daily_run
from pressroom.writing.models import Piece
from pressroom.writing.tones import Tone
from tests.workflows.conftest import seed

pytestmark = pytest.mark.forked

FAVOUR_QUESTIONS = WritingStrategy(
    hook_weights={hook: (4.0 if hook is HookType.QUESTION else 0.25) for hook in HookType}
)


def add_profile(app: AppContext, slug: str, *, version: int, status: str) -> None:
    with transaction(app.session_factory) as session:
        brand = session.scalars(select(Brand).where(Brand.slug == slug)).one()
        session.add(
            PromptProfileRecord(
                brand_id=brand.id,
                version=version,
                status=status,
                settings=FAVOUR_QUESTIONS.model_dump(mode="json"),
                changes=[],
                justification="test",
            )
        )


def run(app: AppContext, slug: str) -> tuple[int | None, Counter[str]]:
    run_id = f"run-{slug}"
    with SetWorkflowID(run_id):
        DBOS.start_workflow(
            daily_run,
            run_id=run_id,
            brand_slug=slug,
            run_date="2026-11-21",
            model=None,
            trigger="manual",
            trace_id=run_id,
        ).get_result()
    with transaction(app.session_factory) as session:
        stored = session.get(Run, run_id)
        assert stored is not None
        hooks = Counter(session.scalars(select(Piece.hook_type).where(Piece.run_id == run_id)))
        return stored.prompt_profile_version, hooks


def test_approved_profile_steers_hook_types(engine_app: AppContext) -> None:
    baseline = seed(engine_app, slug="baseline")
    pending = seed(engine_app, slug="pending")
    steered = seed(engine_app, slug="steered")
    add_profile(engine_app, pending, version=1, status="approval_required")
    add_profile(engine_app, steered, version=1, status="approved")

    base_version, base_hooks = run(engine_app, baseline)
    pending_version, pending_hooks = run(engine_app, pending)
    steered_version, steered_hooks = run(engine_app, steered)

    assert base_version is None
    assert pending_version is None, "a profile awaiting approval does not steer"
    assert steered_version == 1
    # Which signals rank first moves with the time of day, so compare shares, not counts:
    # the approved profile makes question hooks the most common and at least twice as
    # common as without it (unsteered runs use a spread of hook types).
    assert steered_hooks.most_common(1)[0][0] == "question", steered_hooks
    assert steered_hooks["question"] >= 2 * max(1, base_hooks["question"]), (
        steered_hooks,
        base_hooks,
    )
    assert steered_hooks["question"] >= 2 * max(1, pending_hooks["question"]), (
        steered_hooks,
        pending_hooks,
    )


def test_an_approved_profiles_tone_weights_set_the_tone_of_every_piece(
    engine_app: AppContext,
) -> None:
    slug = seed(engine_app, slug="taught", channels=["linkedin"], ideas_per_run=3)
    with transaction(engine_app.session_factory) as session:
        brand = session.scalars(select(Brand).where(Brand.slug == slug)).one()
        session.add(
            PromptProfileRecord(
                brand_id=brand.id,
                version=1,
                status="approved",
                settings=WritingStrategy(tone_weights={Tone.EDUCATIONAL: 1.5}).model_dump(
                    mode="json"
                ),
                changes=[],
                justification="test",
            )
        )
    run(engine_app, slug)
    with transaction(engine_app.session_factory) as session:
        tones = Counter(session.scalars(select(Piece.tone).where(Piece.run_id == f"run-{slug}")))
    assert tones == {"educational": 3}
