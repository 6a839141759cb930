"""The rule that turns outcomes into findings (docs/LEARNING.md explains it with an example).

Each measured post is one sample: its engagement rate at its latest snapshot. A hook type is
compared with the other posts

- **on one channel**: its posts' engagement rates against the channel's other posts;
- **on all channels**: each post's rate relative to its channel's mean (so a hook type is not
  credited for the channel it happens to be used on), against the other posts' relative rates.

A comparison counts only when both sides have at least ``min_samples`` posts. It is a winner
(or loser) when its mean is higher (lower) and Welch's two-sided t-test, with p-values
adjusted by Benjamini–Hochberg over every comparison made in the same run, gives p < alpha.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from pressroom.learning.schemas import GroupOutcome, Verdict
from pressroom.platforms.drafts import HookType

ALPHA = 0.05
"""False discovery rate accepted over one learning run's comparisons."""

_HOOK_TYPES = frozenset(hook.value for hook in HookType)


@dataclass(frozen=True)
class Sample:
    """One measured post."""

    piece_id: str
    channel: str
    hook_type: str
    rate: float


@dataclass(frozen=True)
class _Comparison:
    scope: Literal["hook", "channel_hook"]
    channel: str | None
    hook_type: str
    group: list[float]
    rest: list[float]


def channel_means(samples: Sequence[Sample]) -> dict[str, float]:
    """Mean engagement rate per channel."""
    channels = sorted({sample.channel for sample in samples})
    return {c: fmean(s.rate for s in samples if s.channel == c) for c in channels}


def compare_hooks(
    samples: Sequence[Sample], *, min_samples: int, alpha: float = ALPHA
) -> list[GroupOutcome]:
    """Every comparison of a hook type with the other posts, with its verdict."""
    comparisons = [*_pooled(samples), *_per_channel(samples)]
    p_values = [_welch(c.group, c.rest) if _enough(c, min_samples) else None for c in comparisons]
    adjusted = _adjust(p_values)
    return [
        _outcome(c, p, q, alpha=alpha)
        for c, p, q in zip(comparisons, p_values, adjusted, strict=True)
    ]


def _per_channel(samples: Sequence[Sample]) -> list[_Comparison]:
    comparisons = []
    for channel in sorted({s.channel for s in samples}):
        on_channel = [s for s in samples if s.channel == channel]
        for hook in sorted({s.hook_type for s in on_channel} & _HOOK_TYPES):
            comparisons.append(
                _Comparison(
                    scope="channel_hook",
                    channel=channel,
                    hook_type=hook,
                    group=[s.rate for s in on_channel if s.hook_type == hook],
                    rest=[s.rate for s in on_channel if s.hook_type != hook],
                )
            )
    return comparisons


def _pooled(samples: Sequence[Sample]) -> list[_Comparison]:
    means = channel_means(samples)
    # A channel where nothing engaged has no scale to compare against; leave it out.
    relative = [(s.hook_type, s.rate / means[s.channel]) for s in samples if means[s.channel] > 0]
    return [
        _Comparison(
            scope="hook",
            channel=None,
            hook_type=hook,
            group=[value for kind, value in relative if kind == hook],
            rest=[value for kind, value in relative if kind != hook],
        )
        for hook in sorted({kind for kind, _ in relative} & _HOOK_TYPES)
    ]


def _enough(comparison: _Comparison, min_samples: int) -> bool:
    return len(comparison.group) >= min_samples and len(comparison.rest) >= min_samples


def _welch(group: list[float], rest: list[float]) -> float:
    with warnings.catch_warnings():
        # Near-identical samples make scipy warn about precision; the p-value still holds,
        # and fully identical samples give NaN, handled below.
        warnings.simplefilter("ignore", RuntimeWarning)
        from scipy import stats  # imported on use: scipy takes ~0.7 s to import

        result = stats.ttest_ind(group, rest, equal_var=False)
    p_value = float(result.pvalue)
    return 1.0 if math.isnan(p_value) else p_value


def _adjust(p_values: list[float | None]) -> list[float | None]:
    tested = [p for p in p_values if p is not None]
    if not tested:
        return [None] * len(p_values)
    from scipy import stats

    adjusted = iter(float(q) for q in stats.false_discovery_control(tested, method="bh"))
    return [None if p is None else next(adjusted) for p in p_values]


def _outcome(
    comparison: _Comparison, p_value: float | None, adjusted: float | None, *, alpha: float
) -> GroupOutcome:
    mean = fmean(comparison.group)
    baseline = fmean(comparison.rest) if comparison.rest else None
    verdict: Verdict = "too_few"
    if adjusted is not None and baseline is not None:
        verdict = "no_difference"
        if adjusted < alpha and mean != baseline:
            verdict = "winner" if mean > baseline else "loser"
    return GroupOutcome(
        scope=comparison.scope,
        channel=comparison.channel,
        hook_type=comparison.hook_type,
        n=len(comparison.group),
        mean=mean,
        baseline_n=len(comparison.rest),
        baseline_mean=baseline,
        lift=mean / baseline if baseline else None,
        p_value=p_value,
        adjusted_p=adjusted,
        verdict=verdict,
    )
