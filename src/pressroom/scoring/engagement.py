"""Predicted engagement: the brand's own fitted model once it has enough measured pieces,
else a prior per channel and hook type moved towards the brand's history by how much of it
there is (empirical-Bayes weights ``n / (n + k)``).

**Fitted** (``rules.FIT_MIN_PIECES`` or more measured pieces with a known hook type): a ridge
regression of ``ln(rate + RATE_FLOOR)`` over the prior's own log rate, with an unpenalised
intercept (the brand's level) and one penalised effect per channel, hook type and length
bucket the brand has measured (``λ = rules.FIT_RIDGE_PENALTY``), fitted on the history's
cells weighted by their counts (the same fit as on the pieces one by one). The predicted
rate is ``(prior + floor) · exp(intercept + effects) · smearing − floor``, where the smearing
factor (Duan's: the mean of the exponentiated residuals) turns the typical rate the log scale
gives back into a mean rate.

**Prior** (fewer pieces):

1. prior rate ``p`` = channel benchmark × hook lift (``rules.CHANNEL_BENCHMARK_RATE``,
   ``rules.HOOK_LIFT``);
2. brand lift ``L``: the brand's overall rate over the rate the priors expect for its mix of
   channels and hooks, shrunk towards 1 with ``k = BRAND_PSEUDO_COUNT``;
3. predicted rate = ``w · segment mean + (1 - w) · p · L`` with ``w = n / (n + k)``, ``n`` the
   brand's pieces of this channel and hook type, ``k = SEGMENT_PSEUDO_COUNT``.

Either way, score = ``rate / (rate + benchmark)``: the channel's typical rate scores 0.5.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from statistics import fmean
from typing import Any, Literal

import numpy as np

from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.platforms.drafts import HookType
from pressroom.scoring import rules
from pressroom.scoring.schemas import EngagementCell, EngagementHistory, LengthBucket


@dataclass(frozen=True)
class MeasuredPiece:
    """One of the brand's measured pieces, as the fitted model reads it."""

    channel: str
    hook_type: HookType
    words: int
    rate: float


@dataclass(frozen=True)
class FittedModel:
    """The brand's own engagement model: log-rate effects over the prior (see the module
    docstring), keyed ``channel:<id>``, ``hook:<type>`` and ``length:<bucket>``."""

    pieces: int
    intercept: float
    effects: dict[str, float]
    smearing: float

    def rate(self, channel: str, hook_type: HookType, length: LengthBucket | None) -> float:
        """The mean engagement rate the model expects of such a piece."""
        lift = self.intercept + sum(
            self.effects.get(name, 0.0) for name in _features(channel, hook_type, length)
        )
        base = prior_rate(channel, hook_type) + rules.RATE_FLOOR
        return max(0.0, base * math.exp(lift) * self.smearing - rules.RATE_FLOOR)

    def as_detail(self) -> dict[str, Any]:
        return {
            "pieces": self.pieces,
            "intercept": round(self.intercept, 4),
            "effects": {name: round(value, 4) for name, value in self.effects.items()},
            "smearing": round(self.smearing, 4),
            "ridge_penalty": rules.FIT_RIDGE_PENALTY,
            "rate_floor": rules.RATE_FLOOR,
        }


@dataclass(frozen=True)
class EngagementPrediction:
    """The predicted engagement sub-score and how it was reached: ``basis`` is ``fitted``
    (``model`` says how) or ``prior`` (the shrinkage fields say how)."""

    score: float
    rate: float
    basis: Literal["fitted", "prior"]
    prior_rate: float
    length: LengthBucket | None
    segment_rate: float | None
    segment_count: int
    overall_rate: float | None
    fit_count: int
    model: FittedModel | None = None
    brand_lift: float | None = None
    history_weight: float | None = None

    def as_detail(self) -> dict[str, Any]:
        return {
            "basis": self.basis,
            "predicted_rate": self.rate,
            "prior_rate": self.prior_rate,
            "length": str(self.length) if self.length else None,
            "brand_lift": self.brand_lift,
            "segment_rate": self.segment_rate,
            "segment_count": self.segment_count,
            "history_weight": self.history_weight,
            "brand_overall_rate": self.overall_rate,
            "fit_count": self.fit_count,
            "fit_minimum": rules.FIT_MIN_PIECES,
            "model": self.model.as_detail() if self.model else None,
        }

    def reason(self, *, channel: str, hook_type: HookType) -> str:
        """Where the prediction comes from."""
        where = f"{hook_type.value.replace('_', '-')} hooks in {channel_label(channel)}s"
        head = f"Predicted engagement {self.score:.2f} ({self.rate:.1%} of impressions)"
        if self.model is not None:
            own = f"{self.segment_count} of them" if self.segment_count else "none of them"
            return (
                f"{head}: fitted on this brand's {self.model.pieces} measured pieces (ridge "
                f"regression on channel, hook type and length; {own} {where})"
            )
        return f"{head}: {self._prior_reason(where)}"

    def _prior_reason(self, where: str) -> str:
        if self.overall_rate is None:
            return f"prior for {where}; no history of this brand yet"
        if self.segment_count == 0:
            said = (
                f"prior for {where}, adjusted by this brand's overall engagement "
                f"(×{self.brand_lift or 1.0:.2f})"
            )
        else:
            said = (
                f"prior for {where}, moved towards this brand's {self.segment_count} pieces "
                f"of that kind (mean {self.segment_rate or 0.0:.1%}, weight "
                f"{self.history_weight or 0.0:.0%})"
            )
        return (
            f"{said}; a model is fitted from {rules.FIT_MIN_PIECES} measured pieces with a "
            f"known hook type, this brand has {self.fit_count}"
        )


def predict_engagement(
    *,
    channel: str,
    hook_type: HookType,
    history: EngagementHistory | None,
    words: int | None = None,
) -> EngagementPrediction:
    """Predict the engagement of a piece on ``channel`` that opens with ``hook_type`` and
    reads ``words`` words (its length is left out of the prediction when not given)."""
    history = history or EngagementHistory()
    length = length_bucket(channel, words) if words is not None else None
    cells = [cell for cell in history.cells if cell.channel in CHANNEL_RULES]
    fit_count = sum(cell.count for cell in cells)
    if fit_count >= rules.FIT_MIN_PIECES:
        return _fitted(channel, hook_type, history, length, cells)
    return _shrunk_prior(channel, hook_type, history, length, fit_count)


def _fitted(
    channel: str,
    hook_type: HookType,
    history: EngagementHistory,
    length: LengthBucket | None,
    cells: Sequence[EngagementCell],
) -> EngagementPrediction:
    model = fit_model(cells)
    rate = model.rate(channel, hook_type, length)
    prediction = _prediction(
        rate, "fitted", channel, hook_type, history, length, model.pieces, model
    )
    own = [c for c in cells if (c.channel, c.hook_type) == (channel, hook_type)]
    count = sum(c.count for c in own)
    mean = sum(c.count * c.mean_rate for c in own) / count if count else None
    return replace(prediction, segment_count=count, segment_rate=mean)


def _shrunk_prior(
    channel: str,
    hook_type: HookType,
    history: EngagementHistory,
    length: LengthBucket | None,
    fit_count: int,
) -> EngagementPrediction:
    prior = prior_rate(channel, hook_type)
    lift = _brand_lift(history, channel)
    segment = history.segment(channel, hook_type)
    count = segment.count if segment is not None else 0
    weight = count / (count + rules.SEGMENT_PSEUDO_COUNT)
    own = segment.mean_rate if segment is not None else 0.0
    rate = weight * own + (1 - weight) * prior * lift
    prediction = _prediction(rate, "prior", channel, hook_type, history, length, fit_count, None)
    return replace(prediction, brand_lift=round(lift, 4), history_weight=round(weight, 4))


def _prediction(
    rate: float,
    basis: Literal["fitted", "prior"],
    channel: str,
    hook_type: HookType,
    history: EngagementHistory,
    length: LengthBucket | None,
    fit_count: int,
    model: FittedModel | None,
) -> EngagementPrediction:
    benchmark = rules.CHANNEL_BENCHMARK_RATE[rules.norms_channel(channel)]
    segment = history.segment(channel, hook_type)
    return EngagementPrediction(
        score=round(rate / (rate + benchmark), 4) if rate > 0 else 0.0,
        rate=round(rate, 6),
        basis=basis,
        prior_rate=round(prior_rate(channel, hook_type), 6),
        length=length,
        segment_rate=segment.mean_rate if segment is not None else None,
        segment_count=segment.count if segment is not None else 0,
        overall_rate=history.overall_rate if history.overall_count else None,
        fit_count=fit_count,
        model=model,
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


# --- the fitted model -------------------------------------------------------------------


def fit_model(cells: Sequence[EngagementCell]) -> FittedModel:
    """Fit the brand's model on its history's cells (see the module docstring); the order
    of ``cells`` does not matter."""
    ordered = sorted(cells, key=lambda c: (c.channel, c.hook_type, c.length))
    keys = [_features(c.channel, c.hook_type, c.length) for c in ordered]
    names = sorted({name for row in keys for name in row})
    column = {name: index for index, name in enumerate(names, start=1)}
    design = np.zeros((len(ordered), len(names) + 1))
    design[:, 0] = 1.0
    for row, features in enumerate(keys):
        design[row, [column[name] for name in features]] = 1.0
    counts = np.array([c.count for c in ordered], dtype=np.float64)
    offsets = np.array(
        [math.log(prior_rate(c.channel, c.hook_type) + rules.RATE_FLOOR) for c in ordered]
    )
    target = np.array([c.mean_log_rate for c in ordered]) - offsets
    penalty = np.full(len(names) + 1, rules.FIT_RIDGE_PENALTY)
    penalty[0] = 0.0  # the brand's overall level is not shrunk
    gram = design.T @ (counts[:, None] * design) + np.diag(penalty)
    beta = np.linalg.solve(gram, design.T @ (counts * target))
    fitted = offsets + design @ beta
    means = np.array([c.mean_rate for c in ordered]) + rules.RATE_FLOOR
    smearing = float(counts @ (means * np.exp(-fitted)) / counts.sum())
    return FittedModel(
        pieces=int(counts.sum()),
        intercept=float(beta[0]),
        effects={name: float(beta[column[name]]) for name in names},
        smearing=smearing,
    )


def engagement_cells(pieces: Iterable[MeasuredPiece]) -> list[EngagementCell]:
    """Summarise measured pieces into the cells the fitted model reads (one per channel,
    hook type and length bucket, sorted)."""
    rates: dict[tuple[str, HookType, LengthBucket], list[float]] = defaultdict(list)
    for piece in pieces:
        key = (piece.channel, piece.hook_type, length_bucket(piece.channel, piece.words))
        rates[key].append(piece.rate)
    return [
        EngagementCell(
            channel=channel,
            hook_type=hook_type,
            length=length,
            count=len(values),
            mean_rate=fmean(values),
            mean_log_rate=fmean(math.log(value + rules.RATE_FLOOR) for value in values),
        )
        for (channel, hook_type, length), values in sorted(rates.items())
    ]


def length_bucket(channel: str, words: int) -> LengthBucket:
    """How long ``words`` words are for ``channel`` (``rules.LENGTH_BUCKET_WORDS``)."""
    short_below, long_above = rules.LENGTH_BUCKET_WORDS[rules.norms_channel(channel)]
    if words < short_below:
        return LengthBucket.SHORT
    return LengthBucket.LONG if words > long_above else LengthBucket.MEDIUM


def words_in(text: str) -> int:
    """The words of a piece's read or spoken text, as lengths are counted."""
    return len(text.split())


def _features(channel: str, hook_type: HookType, length: LengthBucket | None) -> tuple[str, ...]:
    named = (f"channel:{channel}", f"hook:{hook_type.value}")
    return (*named, f"length:{length.value}") if length is not None else named


def channel_label(channel: str) -> str:
    """How reasons name a channel ("LinkedIn post")."""
    return CHANNEL_RULES[channel].display_name if channel in CHANNEL_RULES else channel
