"""Predicted engagement: channel and hook priors, shrunk towards the brand's own history."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pressroom.platforms.drafts import HookType
from pressroom.scoring import rules
from pressroom.scoring.engagement import predict_engagement, prior_rate
from pressroom.scoring.schemas import EngagementHistory, EngagementSegment

Q = HookType.QUESTION


def history(
    *, rate: float, count: int, channel: str = "linkedin", hook_type: HookType = Q
) -> EngagementHistory:
    return EngagementHistory(
        overall_rate=rate,
        overall_count=count,
        segments=[
            EngagementSegment(channel=channel, hook_type=hook_type, mean_rate=rate, count=count)
        ],
    )


def test_without_history_the_prediction_is_the_prior() -> None:
    result = predict_engagement(channel="linkedin", hook_type=Q, history=None)
    prior = rules.CHANNEL_BENCHMARK_RATE["linkedin"] * rules.HOOK_LIFT["linkedin"][Q]
    assert result.rate == pytest.approx(prior)
    assert result.score == pytest.approx(
        prior / (prior + rules.CHANNEL_BENCHMARK_RATE["linkedin"]), abs=1e-4
    )
    assert result.history_weight == 0.0
    assert result.brand_lift == 1.0
    assert (
        predict_engagement(channel="linkedin", hook_type=Q, history=EngagementHistory()) == result
    )
    assert "no history of this brand yet" in result.reason(channel="linkedin", hook_type=Q)


def test_the_benchmark_rate_scores_one_half() -> None:
    benchmark = rules.CHANNEL_BENCHMARK_RATE["x"]
    result = predict_engagement(
        channel="x", hook_type=Q, history=history(rate=benchmark, count=100_000, channel="x")
    )
    assert result.score == pytest.approx(0.5, abs=1e-3)


def test_hook_priors_differ_per_channel() -> None:
    assert prior_rate("linkedin", HookType.STORY) > prior_rate("linkedin", HookType.STATEMENT)
    assert prior_rate("x", HookType.CONTRARIAN) > prior_rate("x", HookType.STORY)


def test_a_lot_of_history_lands_close_to_the_brands_own_mean() -> None:
    result = predict_engagement(
        channel="linkedin", hook_type=Q, history=history(rate=0.09, count=5_000)
    )
    assert result.rate == pytest.approx(0.09, rel=0.01)
    assert result.history_weight > 0.99
    assert "5000 pieces" in result.reason(channel="linkedin", hook_type=Q)


def test_history_moves_the_prediction_more_the_more_there_is() -> None:
    prior = predict_engagement(channel="linkedin", hook_type=Q, history=None).rate
    rates = [
        predict_engagement(
            channel="linkedin", hook_type=Q, history=history(rate=0.09, count=n)
        ).rate
        for n in (1, 10, 100)
    ]
    assert prior < rates[0] < rates[1] < rates[2] < 0.09
    low = predict_engagement(channel="linkedin", hook_type=Q, history=history(rate=0.005, count=10))
    assert low.rate < prior
    assert low.score < 0.5


def test_brand_lift_carries_over_to_hooks_the_brand_has_not_tried() -> None:
    # The brand does twice the priors with question hooks; a story hook inherits part of it.
    rate = 2 * prior_rate("linkedin", Q)
    result = predict_engagement(
        channel="linkedin", hook_type=HookType.STORY, history=history(rate=rate, count=90)
    )
    assert result.segment_count == 0
    assert result.brand_lift == pytest.approx(1 + 90 / 120, abs=1e-3)
    assert result.rate == pytest.approx(prior_rate("linkedin", HookType.STORY) * 1.75, rel=1e-3)
    assert "adjusted by this brand's overall engagement" in result.reason(
        channel="linkedin", hook_type=HookType.STORY
    )


def test_overall_rate_without_breakdown_is_read_against_the_channel_benchmark() -> None:
    overall = EngagementHistory(overall_rate=0.07, overall_count=30)
    result = predict_engagement(channel="linkedin", hook_type=Q, history=overall)
    assert result.brand_lift == pytest.approx(0.5 * 2 + 0.5, abs=1e-3)


def test_segments_of_unknown_channels_are_ignored_for_the_lift() -> None:
    mixed = EngagementHistory(
        overall_rate=0.035,
        overall_count=40,
        segments=[EngagementSegment(channel="myspace", hook_type=Q, mean_rate=0.5, count=40)],
    )
    assert predict_engagement(channel="linkedin", hook_type=Q, history=mixed).brand_lift == 1.0


def test_history_rejects_duplicate_segments_and_negative_numbers() -> None:
    segment = EngagementSegment(channel="x", hook_type=Q, mean_rate=0.01, count=3)
    with pytest.raises(ValidationError, match="at most once"):
        EngagementHistory(segments=[segment, segment])
    with pytest.raises(ValidationError):
        EngagementSegment(channel="x", hook_type=Q, mean_rate=-0.1, count=3)
    with pytest.raises(ValidationError):
        EngagementHistory(overall_rate=0.1, overall_count=-1)
