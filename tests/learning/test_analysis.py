from __future__ import annotations

import pytest

from pressroom.learning.analysis import Sample, compare_hooks
from pressroom.learning.proposal import propose
from pressroom.learning.schemas import GroupOutcome
from pressroom.learning.strategy import WritingStrategy
from pressroom.platforms.drafts import HookType


def samples(channel: str, hook: str, rates: list[float]) -> list[Sample]:
    return [Sample(f"{channel}-{hook}-{i}", channel, hook, rate) for i, rate in enumerate(rates)]


def find(outcomes: list[GroupOutcome], channel: str | None, hook: str) -> GroupOutcome:
    return next(o for o in outcomes if o.channel == channel and o.hook_type == hook)


def test_pooled_comparison_does_not_credit_a_hook_for_its_channel() -> None:
    # Questions only ever ran on X, where everything engages twice as well as on LinkedIn;
    # on each channel the hook types do equally well.
    data = [
        *samples("x", "question", [0.058, 0.062, 0.060, 0.061]),
        *samples("x", "story", [0.061, 0.059, 0.060, 0.062]),
        *samples("linkedin", "statement", [0.029, 0.031, 0.030, 0.030]),
    ]
    outcomes = compare_hooks(data, min_samples=3)
    pooled = find(outcomes, None, "question")
    assert pooled.verdict == "no_difference"
    assert pooled.mean == pytest.approx(1.0, abs=0.02)
    assert find(outcomes, "x", "question").verdict == "no_difference"


def test_adjusted_p_values_are_never_smaller_and_small_groups_are_not_tested() -> None:
    data = [
        *samples("x", "question", [0.06, 0.065, 0.07, 0.062]),
        *samples("x", "story", [0.03, 0.031, 0.029, 0.035]),
        *samples("x", "list", [0.04, 0.05]),
        *samples("x", "", [0.04, 0.041, 0.039]),  # no hook type: only a baseline
    ]
    outcomes = compare_hooks(data, min_samples=3)
    for outcome in outcomes:
        if outcome.p_value is not None:
            assert outcome.adjusted_p is not None
            assert outcome.adjusted_p >= outcome.p_value
    small = find(outcomes, "x", "list")
    assert (small.verdict, small.p_value, small.adjusted_p) == ("too_few", None, None)
    assert {o.hook_type for o in outcomes} == {"question", "story", "list"}
    assert find(outcomes, "x", "question").verdict == "winner"
    assert find(outcomes, "x", "story").verdict == "loser"


def test_identical_values_give_no_evidence() -> None:
    data = [*samples("x", "question", [0.05] * 4), *samples("x", "story", [0.05] * 4)]
    outcomes = compare_hooks(data, min_samples=3)
    assert {o.verdict for o in outcomes} == {"no_difference"}


def winner(channel: str | None, hook: str, lift: float | None) -> GroupOutcome:
    return GroupOutcome(
        scope="hook" if channel is None else "channel_hook",
        channel=channel,
        hook_type=hook,
        n=5,
        mean=0.06,
        baseline_n=5,
        baseline_mean=0.03,
        lift=lift,
        p_value=0.001,
        adjusted_p=0.002,
        verdict="winner",
    )


def test_a_new_finding_replaces_the_old_line_about_the_same_hook_and_channel() -> None:
    base = WritingStrategy(
        instructions=[
            "Keep sentences short.",
            "Question hooks on X: use them sparingly; they engage less than other openings.",
        ],
    )
    proposal = propose(base, [winner("x", "question", 1.5)])
    assert proposal.strategy.instructions[0] == "Keep sentences short."
    assert len(proposal.strategy.instructions) == 2
    assert proposal.strategy.instructions[1].startswith("Question hooks on X: prefer them")
    [weight, line] = proposal.changes
    assert (weight.path, weight.from_, weight.to) == ("channel_hook_weights.x.question", 1.0, 1.5)
    assert line.replaces == base.instructions[1]
    assert base.instructions[1].startswith("Question hooks on X: use them")  # base untouched


def test_channel_weight_starts_from_the_overall_weight_and_is_bounded() -> None:
    base = WritingStrategy(hook_weights={HookType.QUESTION: 3.0})
    proposal = propose(base, [winner("x", "question", None)])
    [weight, _] = proposal.changes
    assert (weight.from_, weight.to) == (3.0, 4.0)
    assert proposal.strategy.weights_for("x")[HookType.QUESTION] == 4.0
    assert proposal.strategy.weights_for("linkedin")[HookType.QUESTION] == 3.0
    assert weight.as_record()["from"] == 3.0
