"""Predicted engagement: a prior per channel and hook type, moved towards the brand's own
history by how much of it there is (empirical-Bayes weights ``n / (n + k)``).

1. prior rate ``p`` = channel benchmark × hook lift (``rules.CHANNEL_BENCHMARK_RATE``,
   ``rules.HOOK_LIFT``);
2. brand lift ``L``: the brand's overall rate over the rate the priors expect for its mix of
   channels and hooks, shrunk towards 1 with ``k = BRAND_PSEUDO_COUNT``;
3. predicted rate = ``w · segment mean + (1 - w) · p · L`` with ``w = n / (n + k)``, ``n`` the
   brand's pieces of this channel and hook type, ``k = SEGMENT_PSEUDO_COUNT``;
4. score = ``rate / (rate + benchmark)``: the channel's typical rate scores 0.5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.platforms.drafts import HookType
from pressroom.scoring import rules
from pressroom.scoring.schemas import EngagementHistory


@dataclass(frozen=True)
class EngagementPrediction:
    """The predicted engagement sub-score and how it was reached."""

    score: float
    rate: float
    prior_rate: float
    brand_lift: float
    segment_rate: float | None
    segment_count: int
    history_weight: float
    overall_rate: float | None

    def as_detail(self) -> dict[str, Any]:
        return {
            "predicted_rate": self.rate,
            "prior_rate": self.prior_rate,
            "brand_lift": self.brand_lift,
            "segment_rate": self.segment_rate,
            "segment_count": self.segment_count,
            "history_weight": self.history_weight,
            "brand_overall_rate": self.overall_rate,
        }

    def reason(self, *, channel: str, hook_type: HookType) -> str:
        """Where the prediction comes from."""
        where = f"{hook_type.value.replace('_', '-')} hooks in {channel_label(channel)}s"
        head = f"Predicted engagement {self.score:.2f} ({self.rate:.1%} of impressions)"
        if self.segment_count == 0 and self.brand_lift == 1.0:
            return f"{head}: the prior for {where}; no history of this brand yet"
        if self.segment_count == 0:
            return (
                f"{head}: the prior for {where}, adjusted by this brand's overall "
                f"engagement (×{self.brand_lift:.2f})"
            )
        return (
            f"{head}: this brand's {self.segment_count} pieces with {where} "
            f"(mean {self.segment_rate or 0.0:.1%}) weigh {self.history_weight:.0%} "
            f"against the prior"
        )


def predict_engagement(
    *, channel: str, hook_type: HookType, history: EngagementHistory | None
) -> EngagementPrediction:
    """Predict the engagement of a piece on ``channel`` that opens with ``hook_type``."""
    history = history or EngagementHistory()
    prior = prior_rate(channel, hook_type)
    lift = _brand_lift(history, channel)
    segment = history.segment(channel, hook_type)
    count = segment.count if segment is not None else 0
    weight = count / (count + rules.SEGMENT_PSEUDO_COUNT)
    own = segment.mean_rate if segment is not None else 0.0
    rate = weight * own + (1 - weight) * prior * lift
    benchmark = rules.CHANNEL_BENCHMARK_RATE[rules.norms_channel(channel)]
    return EngagementPrediction(
        score=round(rate / (rate + benchmark), 4) if rate > 0 else 0.0,
        rate=round(rate, 6),
        prior_rate=round(prior, 6),
        brand_lift=round(lift, 4),
        segment_rate=segment.mean_rate if segment is not None else None,
        segment_count=count,
        history_weight=round(weight, 4),
        overall_rate=history.overall_rate if history.overall_count else None,
    )


def prior_rate(channel: str, hook_type: HookType) -> float:
    """The engagement rate expected of a hook type on a channel before any history."""
    norms = rules.norms_channel(channel)
    return rules.CHANNEL_BENCHMARK_RATE[norms] * rules.HOOK_LIFT[norms][hook_type]


def _brand_lift(history: EngagementHistory, channel: str) -> float:
    """How the brand performs against the priors overall, shrunk towards 1 by sample size."""
    if history.overall_count == 0:
        return 1.0
    known = [s for s in history.segments if s.channel in CHANNEL_RULES and s.count]
    if known:
        expected = sum(s.count * prior_rate(s.channel, s.hook_type) for s in known) / sum(
            s.count for s in known
        )
    else:  # no breakdown to go by: read the overall rate as this channel's
        expected = rules.CHANNEL_BENCHMARK_RATE[rules.norms_channel(channel)]
    weight = history.overall_count / (history.overall_count + rules.BRAND_PSEUDO_COUNT)
    return weight * (history.overall_rate / expected) + (1 - weight)


def channel_label(channel: str) -> str:
    """How reasons name a channel ("LinkedIn post")."""
    return CHANNEL_RULES[channel].display_name if channel in CHANNEL_RULES else channel
