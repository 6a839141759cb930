from __future__ import annotations

from sqlalchemy.orm import Session

from pressroom.contracts import CONTRACTS
from pressroom.learning import service
from pressroom.learning.schemas import PromptProfileUpdate, PromptUpdateRequest
from pressroom.learning.strategy import WritingStrategy
from tests.factories import make_brand
from tests.learning.factories import NOW, make_measured_post, make_question_wins_on_x
from tests.metrics.factories import T0


def test_profile_update_contract_round_trips(session: Session) -> None:
    brand = make_brand(session)
    make_question_wins_on_x(session, brand)
    first = service.learn(session, brand=brand, now=NOW, actor="t", trace_id="t")
    service.decide_profile(session, brand=brand, version=1, approve=True, actor="t", trace_id="t")
    second = service.learn(session, brand=brand, now=NOW, actor="t", trace_id="t")

    update = service.profile_update(second, brand=brand, trace_id="trace-contract")

    payload = update.payload
    assert payload.prompt_profile_id == f"{brand.slug}:prompt_profile_v2"
    assert payload.previous_profile_id == f"{brand.slug}:prompt_profile_v1"
    assert (payload.version, payload.status, payload.approval_required) == (
        2,
        "approval_required",
        True,
    )
    assert payload.justification == second.justification
    assert [c.as_record() for c in payload.changes] == second.changes
    assert payload.settings == WritingStrategy.model_validate(second.settings)
    dumped = update.model_dump_json()
    assert '"from":' in dumped
    assert '"from_"' not in dumped
    assert PromptProfileUpdate.parse(dumped) == update
    assert CONTRACTS["PromptProfileUpdate"] is PromptProfileUpdate
    first_update = service.profile_update(first, brand=brand, trace_id="t").payload
    assert (first_update.previous_profile_id, first_update.approval_required) == (None, False)


def test_update_request_holds_the_windows_feedback(session: Session) -> None:
    brand = make_brand(session)
    make_question_wins_on_x(session, brand)
    old = make_measured_post(
        session,
        brand,
        channel="x",
        hook_type="story",
        rate=0.01,
        published_at=T0.replace(year=2025),
    )

    request = service.update_request(session, brand=brand, now=NOW, trace_id="trace-req")

    payload = request.payload
    assert payload.prompt_profile_id is None
    assert (payload.brand, payload.analysis_window_days) == (brand.slug, 30)
    assert len(payload.feedback_batch) == 26
    assert old.id not in {item.piece_id for item in payload.feedback_batch}
    assert PromptUpdateRequest.parse(request.model_dump_json()) == request
    assert CONTRACTS["PromptUpdateRequest"] is PromptUpdateRequest
