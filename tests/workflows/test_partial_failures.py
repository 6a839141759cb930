"""A writer that fails for some pieces: every failure is recorded on its piece with its code,
the run ends ``completed_with_errors`` and is never silently shorter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dbos import DBOS, SetWorkflowID
from sqlalchemy import select

from pressroom.cli.context import AppContext, open_app
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.review import service as review
from pressroom.runs.models import Run
from pressroom.workflows import runtime
from pressroom.workflows.daily import daily_run
from pressroom.workflows.review_gate import notify_decision
from pressroom.writing.models import Piece
from tests.fakes.openai_server import FakeOpenAI, Reply
from tests.workflows.conftest import seed

pytestmark = pytest.mark.forked


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def model_app(settings: Settings, fake: FakeOpenAI) -> Iterator[AppContext]:
    """The engine with an OpenAI-compatible writer against the fake, one request at a time
    (so a scripted failure lands on exactly one piece's chain of attempts)."""
    configured = settings.model_copy(
        update={
            "model": "openai-chat:test-model",
            "openai_base_url": fake.base_url,
            "openai_structured_output": "json_schema",
            "llm_concurrency": 1,
            "llm_max_retries": 1,
            "llm_timeout_seconds": 1.0,
        }
    )
    app = open_app(configured)
    runtime.launch(app)
    yield app
    runtime.destroy()


DEFAULT = Reply("default")


def pieces_of(app: AppContext) -> list[Piece]:
    with transaction(app.session_factory) as session:
        return list(session.scalars(select(Piece)))


@pytest.mark.parametrize(
    ("replies", "code"),
    [
        ([Reply.malformed()] * 3, "PROVIDER_MALFORMED_OUTPUT"),
        ([Reply.schema_invalid()] * 3, "PROVIDER_SCHEMA_MISMATCH"),
        ([Reply.error(500)] * 2, "PROVIDER_UNAVAILABLE"),
        ([Reply.rate_limited(retry_after=0)] * 2, "PROVIDER_RATE_LIMITED"),
        ([Reply.stall(3)] * 2, "PROVIDER_TIMEOUT"),
    ],
    ids=["malformed", "schema-invalid", "server-error", "rate-limited", "timeout"],
)
def test_a_failing_piece_is_recorded_and_the_rest_is_kept(
    model_app: AppContext, fake: FakeOpenAI, replies: list[Reply], code: str
) -> None:
    slug = seed(model_app)
    fake.enqueue(DEFAULT, *replies)  # the ideas call succeeds; the first piece's chain fails
    with SetWorkflowID("partial"):
        result = DBOS.start_workflow(
            daily_run,
            run_id="partial",
            brand_slug=slug,
            run_date="2026-11-21",
            model=None,
            trigger="manual",
            trace_id="trace-partial",
        ).get_result()

    with transaction(model_app.session_factory) as session:
        pieces = session.scalars(select(Piece)).all()
        run = session.get(Run, "partial")
        assert run is not None
        errors = list(run.errors)
    assert len(pieces) == 15, "a failed piece is recorded, never dropped"
    failed = [p for p in pieces if p.status == "failed_validation"]
    assert len(failed) == 1
    assert code in {problem["code"] for problem in failed[0].problems}
    others = {p.status for p in pieces if p is not failed[0]}
    assert others <= {"generated", "scheduled", "published"}
    # Pieces the score card sends to a person keep the run waiting; otherwise the failure
    # makes it completed_with_errors. Either way the failure is on the run's error list.
    expected = "waiting_for_review" if "generated" in others else "completed_with_errors"
    assert result["status"] == expected
    assert [e["item"] for e in errors if e["code"] == "failed_validation"] == [failed[0].id]

    # Once a person has decided the rest, the run ends completed_with_errors.
    for piece in pieces:
        if piece.status == "generated":
            with transaction(model_app.session_factory) as session:
                review.approve(session, piece_id=piece.id, actor="alice", trace_id="t")
            notify_decision(piece.id, "approved", model="openai-chat:test-model", trace_id="t")
    with transaction(model_app.session_factory) as session:
        assert session.get_one(Run, "partial").status == "completed_with_errors"
