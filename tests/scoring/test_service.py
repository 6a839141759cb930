"""score_piece end to end: determinism, decisions with reasons, weights, channels, contracts."""

from __future__ import annotations

import json
import math

import pytest

from pressroom.brands.schemas import DEFAULT_WEIGHTS
from pressroom.contracts import Envelope
from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.drafts import HookType, ReelScriptDraft
from pressroom.providers.llm.protocol import AnyDraft
from pressroom.scoring import service as scoring
from pressroom.scoring.schemas import (
    Decision,
    EngagementHistory,
    EngagementSegment,
    PieceScoringRequest,
    ScoreCard,
)
from tests.scoring.factories import OFF_BRAND_LINKEDIN, brand_context, linkedin, reel, x_thread


@pytest.mark.parametrize("draft", [linkedin(), x_thread(), reel()], ids=lambda d: d.channel)
def test_on_brand_clean_drafts_are_approved(draft: AnyDraft) -> None:
    result = scoring.score_piece(brand=brand_context(), channel=draft.channel, draft=draft)
    assert result.decision is Decision.APPROVE, result.reasons
    assert result.reasons[0].startswith("Approved: composite")
    assert result.scores.safety == 1.0
    assert result.scores.composite >= 0.7


def test_same_inputs_give_an_identical_card() -> None:
    history = EngagementHistory(
        overall_rate=0.04,
        overall_count=12,
        segments=[
            EngagementSegment(
                channel="linkedin", hook_type=HookType.HOW_TO, mean_rate=0.05, count=12
            )
        ],
    )
    draft = linkedin(ON_BRAND_WITH_FINDINGS)
    first = scoring.score_piece(
        brand=brand_context(), channel="linkedin", draft=draft, history=history
    )
    second = scoring.score_piece(
        brand=brand_context(),
        channel="linkedin",
        draft=linkedin(ON_BRAND_WITH_FINDINGS),
        history=history,
    )
    assert first == second
    assert first.reasons == second.reasons
    assert json.dumps(first.model_dump(mode="json"), sort_keys=True) == json.dumps(
        second.model_dump(mode="json"), sort_keys=True
    )
    assert first.scorer_version == f"{scoring.SCORER_VERSION}+lexical"


ON_BRAND_WITH_FINDINGS = (
    "We cupped twelve lots from Huila this week and tasted red apple in the cup. Studies show "
    "resting helps.\n\nTag 3 friends who brew at home. Try this at home."
)


def test_reasons_explain_the_decision_first_then_findings_then_sub_scores() -> None:
    result = scoring.score_piece(
        brand=brand_context(), channel="linkedin", draft=linkedin(ON_BRAND_WITH_FINDINGS)
    )
    assert result.decision is Decision.REVIEW
    assert result.reasons[0] == "Needs review: 2 safety or policy problems to check"
    assert result.reasons[1].startswith("Cites authority ('studies show')")
    assert result.reasons[2].startswith("Engagement bait ('tag 3 friends')")
    assert result.reasons[3].startswith("Matches the brand voice closely")
    assert result.reasons[4].startswith("Easy to read for a LinkedIn post")
    assert result.reasons[5].startswith("Predicted engagement")
    findings = result.details["safety"]["findings"]
    assert [f["code"] for f in findings] == ["unsourced_claim", "engagement_bait"]


def test_a_restricted_term_is_rejected_with_a_reason_naming_it() -> None:
    text = linkedin().text + "\n\nA small miracle in the cup, from our roastery."
    result = scoring.score_piece(brand=brand_context(), channel="linkedin", draft=linkedin(text))
    assert result.decision is Decision.REJECT
    assert "'miracle'" in result.reasons[0]
    assert "Mentions restricted term 'miracle' (brand rule)" in result.reasons
    assert result.scores.brand_alignment > 0.75  # on-brand wording does not save it


def _reel_with_miracle_on_screen() -> ReelScriptDraft:
    draft = reel()
    scenes = [scene.model_copy() for scene in draft.scenes]
    scenes[1] = scenes[1].model_copy(update={"on_screen_text": "A miracle shot"})
    return draft.model_copy(update={"scenes": scenes})


@pytest.mark.parametrize(
    ("draft", "term"),
    [
        (reel(caption="Our detox roast, in the cup."), "detox"),
        (reel(hashtags=("specialtycoffee", "CheapestBeans")), "cheapest"),
        (_reel_with_miracle_on_screen(), "miracle"),
        (x_thread("Is your espresso sour? Grind finer.", "It is a cure for sour shots."), "cure"),
    ],
    ids=["reel-caption", "reel-hashtag", "reel-on-screen-text", "x-second-post"],
)
def test_restricted_terms_anywhere_published_are_rejected(draft: AnyDraft, term: str) -> None:
    result = scoring.score_piece(brand=brand_context(), channel=draft.channel, draft=draft)
    assert result.decision is Decision.REJECT
    assert f"Mentions restricted term '{term}' (brand rule)" in result.reasons


def test_profanity_is_rejected_and_mild_profanity_goes_to_review() -> None:
    brand = brand_context()
    strong = scoring.score_piece(
        brand=brand,
        channel="x",
        draft=x_thread("Sour espresso? Grind finer, shit happens. Try this at home."),
    )
    mild = scoring.score_piece(
        brand=brand,
        channel="x",
        draft=x_thread("Sour espresso? Damn. Grind two steps finer. Try this at home, in the cup."),
    )
    assert strong.decision is Decision.REJECT
    assert "Contains profanity 'shit'" in strong.reasons
    assert mild.decision is Decision.REVIEW
    assert "Contains mild profanity 'damn': check it suits the brand" in mild.reasons


def test_missing_disclosure_goes_to_review_and_a_disclosed_post_can_be_approved() -> None:
    brand = brand_context()
    body = (
        "We tested the new Acme grinder in our roastery for a month. In collaboration with "
        "Acme, here is what changed in the cup. Try this at home."
    )
    undisclosed = scoring.score_piece(brand=brand, channel="x", draft=x_thread(body))
    disclosed = scoring.score_piece(brand=brand, channel="x", draft=x_thread(body + " #ad"))
    assert undisclosed.decision is Decision.REVIEW
    assert any("without a disclosure" in reason for reason in undisclosed.reasons)
    assert disclosed.decision is Decision.APPROVE


def test_many_problems_drive_safety_below_the_reject_threshold() -> None:
    result = scoring.score_piece(
        brand=brand_context(),
        channel="x",
        draft=x_thread("Like and share! Tag 3 friends. Studies show it works. World's best beans."),
    )
    assert result.scores.safety < 0.5
    assert result.decision is Decision.REJECT
    assert result.reasons[0].startswith("Rejected: safety")


def test_off_brand_text_goes_to_review() -> None:
    result = scoring.score_piece(
        brand=brand_context(), channel="linkedin", draft=linkedin(OFF_BRAND_LINKEDIN, hashtags=())
    )
    assert result.decision is Decision.REVIEW
    assert result.reasons[0].startswith("Needs review: composite")
    assert result.scores.brand_alignment < 0.3


def test_composite_is_the_weighted_mean_of_normalised_weights() -> None:
    weights = {"brand_alignment": 2.0, "safety": 1.0, "readability": 1.0}
    result = scoring.score_piece(
        brand=brand_context(), channel="x", draft=x_thread(), weights=weights
    )
    s = result.scores
    assert result.weights == {
        "brand_alignment": 0.5,
        "predicted_engagement": 0.0,
        "safety": 0.25,
        "readability": 0.25,
    }
    assert s.composite == pytest.approx(
        0.5 * s.brand_alignment + 0.25 * s.safety + 0.25 * s.readability, abs=1e-4
    )


def test_default_weights_are_the_brand_defaults() -> None:
    result = scoring.score_piece(brand=brand_context(), channel="x", draft=x_thread())
    total = sum(DEFAULT_WEIGHTS.values())
    assert result.weights == {k: pytest.approx(v / total) for k, v in DEFAULT_WEIGHTS.items()}


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"brand_alignment": 1.0, "virality": 1.0}, "unknown score weight(s) virality"),
        ({"composite": 1.0}, "unknown score weight(s) composite"),
        ({"safety": -1.0, "readability": 1.0}, "must be finite"),
        ({"safety": math.nan}, "must be finite"),
        ({"safety": math.inf}, "must be finite"),
        ({"safety": 0.0, "readability": 0.0}, "must not all be zero"),
        ({}, "must not all be zero"),
    ],
)
def test_invalid_weights_are_invalid_input(weights: dict[str, float], message: str) -> None:
    with pytest.raises(PressroomError) as raised:
        scoring.score_piece(brand=brand_context(), channel="x", draft=x_thread(), weights=weights)
    assert raised.value.code is ErrorCode.INVALID_INPUT
    assert message in raised.value.message


def test_unknown_channel_and_mismatched_draft_are_refused() -> None:
    with pytest.raises(PressroomError) as unknown:
        scoring.score_piece(brand=brand_context(), channel="myspace", draft=x_thread())
    assert unknown.value.code is ErrorCode.UNKNOWN_CHANNEL
    with pytest.raises(PressroomError) as mismatch:
        scoring.score_piece(brand=brand_context(), channel="linkedin", draft=x_thread())
    assert mismatch.value.code is ErrorCode.INVALID_INPUT


def test_history_raises_predicted_engagement_and_the_composite() -> None:
    strong = EngagementHistory(
        overall_rate=0.03,
        overall_count=400,
        segments=[
            EngagementSegment(channel="x", hook_type=HookType.QUESTION, mean_rate=0.03, count=400)
        ],
    )
    plain = scoring.score_piece(brand=brand_context(), channel="x", draft=x_thread())
    learned = scoring.score_piece(
        brand=brand_context(), channel="x", draft=x_thread(), history=strong
    )
    assert learned.scores.predicted_engagement > plain.scores.predicted_engagement + 0.15
    assert learned.scores.composite > plain.scores.composite
    assert learned.details["predicted_engagement"]["segment_count"] == 400


def test_a_scoring_request_contract_gets_a_score_card_on_the_same_trace() -> None:
    request = PieceScoringRequest.parse(
        {
            "trace_id": "trace-1",
            "payload": {
                "piece_id": "p-1",
                "piece_version": 2,
                "channel": "x",
                "draft": x_thread().model_dump(mode="json"),
                "score_weights": {"safety": 1.0},
            },
        }
    )
    card = scoring.score_request(request, brand=brand_context())
    assert isinstance(card, ScoreCard)
    assert card.trace_id == "trace-1"
    assert (card.payload.piece_id, card.payload.piece_version) == ("p-1", 2)
    assert card.payload.scores.composite == card.payload.scores.safety
    assert card.payload.decision is Decision.APPROVE
    again = ScoreCard.parse(card.model_dump_json())
    assert again == card


def test_a_scoring_request_for_the_wrong_channel_is_an_invalid_schema() -> None:
    with pytest.raises(PressroomError) as raised:
        PieceScoringRequest.parse(
            {
                "trace_id": "trace-1",
                "payload": {
                    "piece_id": "p-1",
                    "channel": "linkedin",
                    "draft": x_thread().model_dump(mode="json"),
                },
            }
        )
    assert raised.value.code is ErrorCode.INVALID_SCHEMA
    assert "draft is for 'x'" in raised.value.message


def test_contracts_are_registered_and_export_json_schemas() -> None:
    from pressroom.contracts import CONTRACTS

    assert CONTRACTS["ScoreCard"] is ScoreCard
    assert CONTRACTS["PieceScoringRequest"] is PieceScoringRequest
    for model in (ScoreCard, PieceScoringRequest):
        schema: dict[str, object] = model.model_json_schema()
        assert "payload" in schema["properties"]  # type: ignore[operator]
    assert issubclass(ScoreCard, Envelope)


def test_request_weights_win_over_the_default_weights() -> None:
    def request(weights: dict[str, float] | None) -> PieceScoringRequest:
        return PieceScoringRequest.parse(
            {
                "trace_id": "trace-2",
                "payload": {
                    "piece_id": "p-2",
                    "channel": "x",
                    "draft": x_thread().model_dump(mode="json"),
                    "score_weights": weights,
                },
            }
        )

    brand = brand_context()
    defaults = {"readability": 1.0}
    own = scoring.score_request(request({"safety": 1.0}), brand=brand, default_weights=defaults)
    fallback = scoring.score_request(request(None), brand=brand, default_weights=defaults)
    assert own.payload.weights["safety"] == 1.0
    assert fallback.payload.weights["readability"] == 1.0
    assert fallback.payload.scores.composite == fallback.payload.scores.readability


def test_a_single_finding_is_named_in_the_singular() -> None:
    result = scoring.score_piece(
        brand=brand_context(),
        channel="x",
        draft=x_thread(
            "Is your espresso sour? Go two steps finer. Tag a friend who brews at home."
        ),
    )
    assert result.decision is Decision.REVIEW
    assert result.reasons[0] == "Needs review: 1 safety or policy problem to check"
