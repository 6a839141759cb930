from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.audit import service as audit
from pressroom.audit.models import AuditEvent
from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.learning import repository, service
from pressroom.learning.models import PromptProfileRecord
from pressroom.learning.strategy import WritingStrategy
from pressroom.platforms.drafts import HookType
from tests.factories import make_brand
from tests.learning.factories import (
    NOW,
    make_measured_post,
    make_posts,
    make_question_wins_on_x,
)
from tests.metrics.factories import T0


@pytest.fixture
def brand(session: Session) -> Brand:
    return make_brand(session)


def learn(session: Session, brand: Brand, **kwargs: int) -> PromptProfileRecord:
    return service.learn(
        session, brand=brand, now=NOW, actor="tester", trace_id="trace-learn", **kwargs
    )


def decide(session: Session, brand: Brand, version: int, *, approve: bool) -> PromptProfileRecord:
    return service.decide_profile(
        session,
        brand=brand,
        version=version,
        approve=approve,
        actor="editor",
        trace_id="trace-decide",
    )


def profile_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PromptProfileRecord)) or 0


def test_question_hooks_winning_on_x_raise_their_weight_on_x(
    session: Session, brand: Brand
) -> None:
    make_question_wins_on_x(session, brand)

    record = learn(session, brand)

    assert (record.version, record.status, record.previous_version) == (
        1,
        "approval_required",
        None,
    )
    strategy = WritingStrategy.model_validate(record.settings)
    assert strategy.weights_for("x")[HookType.QUESTION] > 1.0
    assert strategy.weights_for("x")[HookType.STATEMENT] < 1.0
    assert "linkedin" not in strategy.channel_hook_weights
    change = next(c for c in record.changes if c["path"] == "channel_hook_weights.x.question")
    # The ratio of the means (≈2.04) is capped at one doubling per step.
    assert (change["type"], change["from"], change["to"]) == ("weight_change", 1.0, 2.0)
    assert change["reason"].startswith("Question hooks on X averaged 6.1% engagement vs 3.0%")
    assert "Question hooks on X averaged 6.1% engagement vs 3.0%" in record.justification
    assert "n=8 vs 8" in record.justification
    assert "p<0.001" in record.justification
    assert any("Question hooks on X:" in line for line in strategy.instructions)
    x_question = next(
        g for g in record.evidence["groups"] if g["channel"] == "x" and g["hook_type"] == "question"
    )
    assert x_question["verdict"] == "winner"
    assert (x_question["n"], x_question["baseline_n"]) == (8, 8)
    assert x_question["mean"] == pytest.approx(0.06125)
    linkedin = [g for g in record.evidence["groups"] if g["channel"] == "linkedin"]
    assert {g["verdict"] for g in linkedin} == {"no_difference"}
    assert record.evidence["samples"] == 26
    [event] = audit.history(session, entity_type="prompt_profile", entity_id=record.id)
    assert (event.action, event.actor, event.trace_id) == ("created", "tester", "trace-learn")


def test_not_enough_data_writes_nothing(session: Session, brand: Brand) -> None:
    make_posts(session, brand, channel="x", hook_type="question", rates=(0.05, 0.06))
    make_posts(session, brand, channel="x", hook_type="statement", rates=(0.01, 0.02))
    with pytest.raises(PressroomError) as caught:
        learn(session, brand)
    assert caught.value.code == ErrorCode.NOTHING_TO_LEARN
    assert "4 measured post(s)" in caught.value.message
    assert "at least 6" in caught.value.message
    assert caught.value.details == {"samples": 4, "needed": 6}
    assert profile_count(session) == 0
    assert (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity_type == "prompt_profile")
        )
        == 0
    )


def test_posts_outside_the_window_do_not_count(session: Session, brand: Brand) -> None:
    make_question_wins_on_x(session, brand)
    with pytest.raises(PressroomError) as caught:
        service.learn(session, brand=brand, now=T0 - timedelta(days=1), actor="t", trace_id="t")
    assert caught.value.code == ErrorCode.NOTHING_TO_LEARN
    assert caught.value.details["samples"] == 0
    with pytest.raises(PressroomError) as caught:
        service.learn(
            session,
            brand=brand,
            now=NOW + timedelta(days=60),
            actor="t",
            trace_id="t",
            window_days=30,
        )
    assert caught.value.details["samples"] == 0
    assert profile_count(session) == 0


def test_no_significant_difference_is_nothing_to_learn(session: Session, brand: Brand) -> None:
    make_posts(session, brand, channel="x", hook_type="question", rates=(0.03, 0.05, 0.04, 0.06))
    make_posts(session, brand, channel="x", hook_type="story", rates=(0.05, 0.03, 0.06, 0.04))
    with pytest.raises(PressroomError) as caught:
        learn(session, brand)
    assert caught.value.code == ErrorCode.NOTHING_TO_LEARN
    assert "no hook type did significantly better or worse" in caught.value.message
    assert profile_count(session) == 0


def test_groups_too_small_to_compare_is_nothing_to_learn(session: Session, brand: Brand) -> None:
    for index, hook in enumerate(list(HookType)[:6]):
        make_measured_post(session, brand, channel="x", hook_type=hook, rate=0.01 * (index + 1))
    with pytest.raises(PressroomError) as caught:
        learn(session, brand)
    assert caught.value.code == ErrorCode.NOTHING_TO_LEARN
    assert "largest group: 1" in caught.value.message
    assert profile_count(session) == 0


def test_posts_without_impressions_are_left_out(session: Session, brand: Brand) -> None:
    make_question_wins_on_x(session, brand)
    make_measured_post(session, brand, channel="x", hook_type="question", rate=0, impressions=0)
    record = learn(session, brand)
    assert (record.evidence["samples"], record.evidence["without_impressions"]) == (26, 1)


def test_approved_profile_becomes_the_active_strategy(session: Session, brand: Brand) -> None:
    assert service.active_strategy(session, brand_id=brand.id) == (None, WritingStrategy())
    make_question_wins_on_x(session, brand)
    record = learn(session, brand)
    assert service.active_strategy(session, brand_id=brand.id) == (None, WritingStrategy())

    decided = decide(session, brand, record.version, approve=True)

    assert (decided.status, decided.decided_by) == ("approved", "editor")
    assert decided.decided_at is not None
    version, strategy = service.active_strategy(session, brand_id=brand.id)
    assert version == 1
    assert strategy == WritingStrategy.model_validate(record.settings)
    actions = [
        e.action for e in audit.history(session, entity_type="prompt_profile", entity_id=record.id)
    ]
    assert actions == ["created", "status.approved"]


def test_next_version_builds_on_the_approved_one(session: Session, brand: Brand) -> None:
    make_question_wins_on_x(session, brand)
    first = learn(session, brand)
    decide(session, brand, first.version, approve=True)
    second = learn(session, brand)
    assert (second.version, second.previous_version) == (2, 1)
    assert second.evidence["based_on_version"] == 1
    change = next(c for c in second.changes if c["path"] == "channel_hook_weights.x.question")
    assert (change["from"], change["to"]) == (2.0, 4.0)
    # The same finding's instruction is already there: it is not added twice.
    assert not any(c["type"] == "instruction_addition" for c in second.changes)
    strategy = WritingStrategy.model_validate(second.settings)
    assert len(strategy.instructions) == len(set(strategy.instructions))


def test_weights_stay_bounded_until_nothing_is_left_to_learn(
    session: Session, brand: Brand
) -> None:
    make_question_wins_on_x(session, brand)
    # Pooled question hooks move ×1.58 per step: 1 → 1.58 → 2.51 → 3.97 → 4 (bound).
    for _ in range(4):
        decide(session, brand, learn(session, brand).version, approve=True)
    with pytest.raises(PressroomError) as caught:
        learn(session, brand)
    assert caught.value.code == ErrorCode.NOTHING_TO_LEARN
    assert "already in the active profile (version 4)" in caught.value.message
    assert profile_count(session) == 4
    _, strategy = service.active_strategy(session, brand_id=brand.id)
    weights = [*strategy.hook_weights.values()]
    weights += [w for channel in strategy.channel_hook_weights.values() for w in channel.values()]
    assert all(0.25 <= weight <= 4.0 for weight in weights)
    assert strategy.weights_for("x")[HookType.QUESTION] == 4.0
    assert strategy.weights_for("x")[HookType.STATEMENT] == 0.25


def test_approving_a_rejected_profile_is_refused(session: Session, brand: Brand) -> None:
    make_question_wins_on_x(session, brand)
    record = learn(session, brand)
    decide(session, brand, record.version, approve=False)
    with pytest.raises(PressroomError) as caught:
        decide(session, brand, record.version, approve=True)
    assert caught.value.code == ErrorCode.INVALID_STATE_TRANSITION
    assert repository.profile(session, brand_id=brand.id, version=1).status == "rejected"  # type: ignore[union-attr]
    assert service.active_strategy(session, brand_id=brand.id) == (None, WritingStrategy())


def test_a_new_proposal_supersedes_the_undecided_one(session: Session, brand: Brand) -> None:
    make_question_wins_on_x(session, brand)
    first = learn(session, brand)
    with pytest.raises(PressroomError) as caught:
        learn(session, brand)  # nothing new since: no second, identical proposal
    assert caught.value.code == ErrorCode.NOTHING_TO_LEARN
    assert caught.value.details == {"pending_version": 1}
    make_posts(session, brand, channel="x", hook_type="question", rates=(0.09, 0.08, 0.085))
    second = learn(session, brand)
    assert (first.status, second.status, second.version) == ("superseded", "approval_required", 2)
    assert second.previous_version is None
    with pytest.raises(PressroomError) as caught:
        decide(session, brand, first.version, approve=True)
    assert caught.value.code == ErrorCode.INVALID_STATE_TRANSITION
    actions = [
        e.action for e in audit.history(session, entity_type="prompt_profile", entity_id=first.id)
    ]
    assert actions == ["created", "status.superseded"]


def test_deciding_an_unknown_version_is_not_found(session: Session, brand: Brand) -> None:
    with pytest.raises(PressroomError) as caught:
        decide(session, brand, 7, approve=True)
    assert caught.value.code == ErrorCode.NOT_FOUND


@pytest.mark.parametrize(("kwargs"), [{"window_days": 0}, {"min_samples": 1}])
def test_invalid_arguments(session: Session, brand: Brand, kwargs: dict[str, int]) -> None:
    with pytest.raises(PressroomError) as caught:
        learn(session, brand, **kwargs)
    assert caught.value.code == ErrorCode.INVALID_INPUT


def test_concurrent_proposal_of_the_same_version_is_a_conflict(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    with transaction(session_factory) as session:
        brand = make_brand(session)
        make_question_wins_on_x(session, brand)
    real_add = repository.add

    def add_after_another_process(
        session: Session, record: PromptProfileRecord
    ) -> PromptProfileRecord:
        # Another process commits the same version between our read and our write.
        with transaction(session_factory) as other:
            other.add(
                PromptProfileRecord(
                    brand_id=record.brand_id,
                    version=record.version,
                    status="approval_required",
                    justification="the other process",
                )
            )
        return real_add(session, record)

    monkeypatch.setattr(repository, "add", add_after_another_process)
    with pytest.raises(PressroomError) as caught, transaction(session_factory) as session:
        learn(session, session.merge(brand))
    assert caught.value.code == ErrorCode.VERSION_CONFLICT
    assert caught.value.retryable
    with transaction(session_factory) as session:
        [stored] = session.scalars(select(PromptProfileRecord)).all()
        assert (stored.version, stored.justification) == (1, "the other process")
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.entity_type == "prompt_profile")
            )
            == 0
        )
