"""From findings to a proposed strategy: bounded weight updates, instruction lines for model
writers, and the change list and justification people approve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pressroom.learning.schemas import GroupOutcome, ProfileChange
from pressroom.learning.strategy import WritingStrategy
from pressroom.platforms.drafts import HookType

STEP_BOUNDS = (0.5, 2.0)
"""One learning run moves a weight by the ratio of the means, but at most halves or doubles
it, so one noisy month cannot swing the strategy."""

WEIGHT_BOUNDS = (0.25, 4.0)
"""No hook type is ever ruled out or made the only choice."""

# How people name the platforms in sentences.
PLATFORM_NAMES = {"x": "X", "linkedin": "LinkedIn", "instagram-reel": "Instagram reels"}


@dataclass
class Proposal:
    """A strategy and the changes that lead to it from the base strategy."""

    strategy: WritingStrategy
    changes: list[ProfileChange] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


def propose(base: WritingStrategy, outcomes: Sequence[GroupOutcome]) -> Proposal:
    """Apply every winner and loser among ``outcomes`` to a copy of ``base``."""
    proposal = Proposal(strategy=base.model_copy(deep=True))
    for outcome in outcomes:
        if outcome.verdict not in ("winner", "loser"):
            continue
        finding = describe(outcome)
        proposal.findings.append(finding)
        _change_weight(proposal, base, outcome, reason=finding)
        _add_instruction(proposal, outcome, reason=finding)
    return proposal


def describe(outcome: GroupOutcome) -> str:
    """The finding in plain words with its numbers."""
    hooks = _hook_name(outcome.hook_type)
    sizes = f"n={outcome.n} vs {outcome.baseline_n}, {format_p(outcome.adjusted_p)}"
    if outcome.channel is None:
        return (
            f"{hooks} drew {outcome.mean:.2f}× their channel's mean engagement on average, "
            f"other hooks {outcome.baseline_mean or 0:.2f}× ({sizes})"
        )
    platform = platform_name(outcome.channel)
    return (
        f"{hooks} on {platform} averaged {outcome.mean:.1%} engagement vs "
        f"{outcome.baseline_mean or 0:.1%} for the brand's other {platform} posts ({sizes})"
    )


def format_p(p_value: float | None) -> str:
    """``p=0.012`` or ``p<0.001``."""
    if p_value is None:
        return "p=n/a"
    return "p<0.001" if p_value < 0.001 else f"p={p_value:.2g}"


def platform_name(channel: str) -> str:
    return PLATFORM_NAMES.get(channel, channel)


def _hook_name(hook_type: str) -> str:
    return f"{hook_type.replace('_', '-').capitalize()} hooks"


def _factor(outcome: GroupOutcome) -> float:
    low, high = STEP_BOUNDS
    if outcome.lift is None:  # the others never engaged: move by the largest step
        return high if outcome.verdict == "winner" else low
    return min(max(outcome.lift, low), high)


def _bounded(weight: float) -> float:
    low, high = WEIGHT_BOUNDS
    return round(min(max(weight, low), high), 3)


def _change_weight(
    proposal: Proposal, base: WritingStrategy, outcome: GroupOutcome, *, reason: str
) -> None:
    hook = HookType(outcome.hook_type)
    strategy = proposal.strategy
    if outcome.channel is None:
        old = base.hook_weights.get(hook, 1.0)
        path = f"hook_weights.{hook}"
    else:
        old = base.weights_for(outcome.channel)[hook]
        path = f"channel_hook_weights.{outcome.channel}.{hook}"
    new = _bounded(old * _factor(outcome))
    if new == old:
        return  # already at its bound
    if outcome.channel is None:
        strategy.hook_weights[hook] = new
    else:
        strategy.channel_hook_weights.setdefault(outcome.channel, {})[hook] = new
    proposal.changes.append(
        ProfileChange(type="weight_change", path=path, from_=old, to=new, reason=reason)
    )


def _add_instruction(proposal: Proposal, outcome: GroupOutcome, *, reason: str) -> None:
    line = instruction(outcome)
    lead = line.split(":", 1)[0]
    instructions = proposal.strategy.instructions
    if line in instructions:
        return
    replaced = next((old for old in instructions if old.split(":", 1)[0] == lead), None)
    if replaced is not None:
        instructions.remove(replaced)
    instructions.append(line)
    proposal.changes.append(
        ProfileChange(
            type="instruction_addition",
            path="instructions",
            value=line,
            replaces=replaced,
            reason=reason,
        )
    )


def instruction(outcome: GroupOutcome) -> str:
    """A guidance line for model writers. Its lead (before the colon) names the hook type and
    channel, so a later finding about the same pair replaces it instead of piling up."""
    hooks = _hook_name(outcome.hook_type)
    where = "" if outcome.channel is None else f" on {platform_name(outcome.channel)}"
    if outcome.verdict == "winner":
        advice = "prefer them where they fit the idea; they engage more than other openings"
    else:
        advice = "use them sparingly; they engage less than other openings"
    return f"{hooks}{where}: {advice} (measured on this brand's posts)."
