"""Predicted engagement: channel and hook priors shrunk towards the brand's own history, and
the brand's own fitted model once it has enough measured pieces."""

from __future__ import annotations

import math
import random
from statistics import fmean

import pytest
from pydantic import ValidationError

from pressroom.platforms.drafts import HookType
from pressroom.scoring import rules
from pressroom.scoring.engagement import (
    MeasuredPiece,
    engagement_cells,
    fit_model,
    length_bucket,
    predict_engagement,
    prior_rate,
)
from pressroom.scoring.schemas import (
    EngagementCell,
    EngagementHistory,
    EngagementSegment,
    LengthBucket,
)

Q = HookType.QUESTION


def history(
    *, rate: float, count: int, channel: str = "linkedin", hook_type: HookType = Q
) -> EngagementHistory:
    """Segments only, as histories recorded before the fitted model: the prior path."""
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


# --- the fitted model -------------------------------------------------------------------


def measured(
    count: int,
    *,
    rates: dict[HookType, float],
    channel: str = "linkedin",
    words: int = 120,
    seed: int = 7,
) -> list[MeasuredPiece]:
    """``count`` pieces cycling through ``rates``' hook types, each rate ±30 % at random."""
    rng = random.Random(seed)
    hooks = list(rates)
    return [
        MeasuredPiece(
            channel=channel,
            hook_type=hooks[i % len(hooks)],
            words=words,
            rate=rates[hooks[i % len(hooks)]] * rng.uniform(0.7, 1.3),
        )
        for i in range(count)
    ]


def history_of(pieces: list[MeasuredPiece]) -> EngagementHistory:
    """What ``metrics.engagement_history`` builds from these pieces."""
    by_hook: dict[tuple[str, HookType], list[float]] = {}
    for piece in pieces:
        by_hook.setdefault((piece.channel, piece.hook_type), []).append(piece.rate)
    return EngagementHistory(
        overall_rate=fmean(p.rate for p in pieces),
        overall_count=len(pieces),
        segments=[
            EngagementSegment(channel=c, hook_type=h, mean_rate=fmean(r), count=len(r))
            for (c, h), r in sorted(by_hook.items())
        ],
        cells=engagement_cells(pieces),
    )


# On LinkedIn the prior favours story hooks (×1.2) over statements (×0.9); this brand's
# statements do better than anything else it posts.
STATEMENTS_WIN = {HookType.STATEMENT: 0.08, HookType.STORY: 0.03, Q: 0.03}


def test_below_the_minimum_the_prior_is_used_and_the_reason_says_so() -> None:
    few = history_of(measured(rules.FIT_MIN_PIECES - 1, rates=STATEMENTS_WIN))

    result = predict_engagement(
        channel="linkedin", hook_type=HookType.STATEMENT, history=few, words=120
    )

    assert result.basis == "prior"
    assert result.model is None
    assert result.fit_count == rules.FIT_MIN_PIECES - 1
    reason = result.reason(channel="linkedin", hook_type=HookType.STATEMENT)
    assert ": prior for statement hooks in LinkedIn posts, moved towards this brand's" in reason
    assert f"a model is fitted from {rules.FIT_MIN_PIECES} measured pieces" in reason
    assert f"this brand has {rules.FIT_MIN_PIECES - 1}" in reason
    assert result.as_detail()["basis"] == "prior"


def test_from_the_minimum_the_brands_fitted_model_predicts() -> None:
    enough = history_of(measured(42, rates=STATEMENTS_WIN))

    statement = predict_engagement(
        channel="linkedin", hook_type=HookType.STATEMENT, history=enough, words=120
    )
    story = predict_engagement(
        channel="linkedin", hook_type=HookType.STORY, history=enough, words=120
    )

    assert (statement.basis, story.basis) == ("fitted", "fitted")
    assert prior_rate("linkedin", HookType.STORY) > prior_rate("linkedin", HookType.STATEMENT)
    assert statement.rate > story.rate * 1.3
    assert statement.score > story.score
    assert statement.reason(channel="linkedin", hook_type=HookType.STATEMENT) == (
        f"Predicted engagement {statement.score:.2f} ({statement.rate:.1%} of impressions): "
        "fitted on this brand's 42 measured pieces (ridge regression on channel, hook type "
        "and length; 14 of them statement hooks in LinkedIn posts)"
    )
    detail = statement.as_detail()
    assert detail["basis"] == "fitted"
    assert detail["model"]["pieces"] == 42
    assert detail["model"]["effects"]["hook:statement"] > detail["model"]["effects"]["hook:story"]


def test_the_fitted_model_follows_length_too() -> None:
    short = measured(40, rates={Q: 0.02}, words=30, seed=1)
    long = measured(40, rates={Q: 0.06}, words=300, seed=2)
    brand = history_of(short + long)

    def rate(words: int) -> float:
        return predict_engagement(channel="linkedin", hook_type=Q, history=brand, words=words).rate

    assert length_bucket("linkedin", 30) is LengthBucket.SHORT
    assert length_bucket("linkedin", 300) is LengthBucket.LONG
    assert rate(300) > 2 * rate(30)
    assert rate(30) < rate(120) < rate(300)  # medium was never measured: between the two


def test_the_same_history_gives_the_same_prediction_whatever_the_order_of_its_cells() -> None:
    pieces = measured(60, rates=STATEMENTS_WIN) + measured(30, rates={Q: 0.01}, channel="x")
    forward = history_of(pieces)
    backward = forward.model_copy(update={"cells": list(reversed(forward.cells))})

    first = predict_engagement(channel="x", hook_type=Q, history=forward, words=50)
    again = predict_engagement(channel="x", hook_type=Q, history=forward, words=50)
    reordered = predict_engagement(channel="x", hook_type=Q, history=backward, words=50)

    assert first == again
    assert first.as_detail() == reordered.as_detail()
    assert first.reason(channel="x", hook_type=Q) == reordered.reason(channel="x", hook_type=Q)


def test_with_plenty_of_pieces_the_fitted_rate_is_the_brands_mean_rate() -> None:
    # Rates spread widely (log-normal): the smearing factor turns the log-scale fit back
    # into the arithmetic mean, the rate the prior path and the metrics report use.
    rng = random.Random(3)
    pieces = [MeasuredPiece("x", Q, 50, 0.02 * rng.lognormvariate(0, 0.8)) for _ in range(2000)]
    result = predict_engagement(channel="x", hook_type=Q, history=history_of(pieces), words=50)
    assert result.rate == pytest.approx(fmean(p.rate for p in pieces), rel=0.01)


def test_cells_summarise_pieces_by_channel_hook_and_length() -> None:
    pieces = [
        MeasuredPiece("x", Q, 20, 0.01),
        MeasuredPiece("x", Q, 25, 0.03),
        MeasuredPiece("x", Q, 200, 0.0),
        MeasuredPiece("linkedin", HookType.STORY, 100, 0.05),
    ]
    cells = engagement_cells(pieces)
    assert [(c.channel, c.hook_type, c.length, c.count) for c in cells] == [
        ("linkedin", HookType.STORY, LengthBucket.MEDIUM, 1),
        ("x", Q, LengthBucket.LONG, 1),
        ("x", Q, LengthBucket.SHORT, 2),
    ]
    short = cells[2]
    assert short.mean_rate == pytest.approx(0.02)
    floor = rules.RATE_FLOOR
    assert short.mean_log_rate == pytest.approx(
        (math.log(0.01 + floor) + math.log(0.03 + floor)) / 2
    )
    assert cells[1].mean_log_rate == pytest.approx(math.log(floor))  # no engagement still counts


def test_cells_of_unknown_channels_are_left_out_of_the_fit() -> None:
    gone = [MeasuredPiece("myspace", Q, 50, 0.5) for _ in range(rules.FIT_MIN_PIECES)]
    result = predict_engagement(channel="x", hook_type=Q, history=history_of(gone), words=50)
    assert result.basis == "prior"
    assert result.fit_count == 0


def test_history_rejects_duplicate_cells() -> None:
    cell = EngagementCell(
        channel="x",
        hook_type=Q,
        length=LengthBucket.SHORT,
        count=2,
        mean_rate=0.01,
        mean_log_rate=-4.5,
    )
    with pytest.raises(ValidationError, match="at most once"):
        EngagementHistory(cells=[cell, cell])
    assert fit_model([cell]).pieces == 2
