"""What learning writes and hands out: profile statuses, change entries, the evidence behind
a profile, and the ``PromptUpdateRequest`` / ``PromptProfileUpdate`` contracts (seed 000 §5.8).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pressroom.contracts import Envelope, Payload, contract
from pressroom.learning.strategy import WritingStrategy
from pressroom.metrics.schemas import PerformanceFeedbackPayload


class ProfileStatus(StrEnum):
    """Where a prompt profile stands. Only ``approved`` profiles steer runs."""

    APPROVAL_REQUIRED = "approval_required"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"  # a newer proposal replaced it before anyone decided


class ProfileChange(BaseModel):
    """One entry of a profile's change list, in seed 000's shape.

    Weight changes carry ``from`` and ``to``; instruction additions carry ``value`` (and
    ``replaces`` when they supersede an older line about the same finding).
    """

    model_config = ConfigDict(
        extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )

    type: Literal["weight_change", "instruction_addition", "setting_change"]
    path: str = Field(description="Where in the strategy, e.g. `hook_weights.question`.")
    from_: float | None = Field(default=None, alias="from")
    to: float | None = None
    value: Any = Field(
        default=None,
        description="The instruction added, or the new value of a person's setting change.",
    )
    replaces: str | None = None
    reason: str

    def as_record(self) -> dict[str, Any]:
        """The JSON stored in ``PromptProfileRecord.changes``."""
        return self.model_dump(mode="json", exclude_none=True)


class SettingChange(BaseModel):
    """One setting that differs from the previous version (``null``: not set there)."""

    path: str = Field(description="Where in the strategy, e.g. `hook_weights.question`.")
    before: Any
    after: Any

    def as_profile_change(self, reason: str) -> ProfileChange:
        """The change-list entry of a person's proposal: a weight change when both sides are
        numbers, else the setting's new value."""
        numbers = all(
            isinstance(v, int | float) and not isinstance(v, bool)
            for v in (self.before, self.after)
        )
        if numbers:
            return ProfileChange(
                type="weight_change",
                path=self.path,
                from_=self.before,
                to=self.after,
                reason=reason,
            )
        return ProfileChange(type="setting_change", path=self.path, value=self.after, reason=reason)


def settings_diff(
    before: dict[str, Any], after: dict[str, Any], prefix: str = ""
) -> list[SettingChange]:
    """Every leaf setting that differs, by dotted path (lists compare whole)."""
    found: list[SettingChange] = []
    for key in sorted(before.keys() | after.keys()):
        path = f"{prefix}{key}"
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) or isinstance(new, dict):
            found += settings_diff(old or {}, new or {}, prefix=f"{path}.")
        elif old != new:
            found.append(SettingChange(path=path, before=old, after=new))
    return found


Verdict = Literal["winner", "loser", "no_difference", "too_few"]


class GroupOutcome(BaseModel):
    """One comparison: a hook type (on one channel, or on all) against the other posts."""

    model_config = ConfigDict(extra="forbid")

    scope: Literal["hook", "channel_hook"]
    channel: str | None = Field(description="The channel; null when all channels are pooled.")
    hook_type: str
    n: int = Field(description="Posts with this hook type.")
    mean: float = Field(description="Their mean engagement rate.")
    baseline_n: int = Field(description="Other posts compared with (same channel, if any).")
    baseline_mean: float | None
    lift: float | None = Field(description="mean / baseline_mean; null when undefined.")
    p_value: float | None = Field(description="Welch's t-test, two-sided.")
    adjusted_p: float | None = Field(description="Benjamini–Hochberg over all comparisons.")
    verdict: Verdict


class Evidence(BaseModel):
    """The table behind a profile (``PromptProfileRecord.evidence``)."""

    model_config = ConfigDict(extra="forbid")

    window_days: int
    window_start: str
    window_end: str
    min_samples: int
    alpha: float
    samples: int = Field(description="Measured pieces in the window with impressions.")
    without_impressions: int = Field(description="Measured pieces left out: no impressions.")
    brand_mean: float | None
    channel_means: dict[str, float]
    based_on_version: int | None
    groups: list[GroupOutcome]


class PromptUpdateRequestPayload(Payload):
    """Seed 000 §5.8 input: the active profile and the feedback to learn from."""

    prompt_profile_id: str | None = Field(description="The active profile; null: the default.")
    brand: str
    feedback_batch: list[PerformanceFeedbackPayload]
    analysis_window_days: int = Field(ge=1)


@contract("PromptUpdateRequest")
class PromptUpdateRequest(Envelope[PromptUpdateRequestPayload]):
    """Ask learning for a new profile version from a batch of performance feedback."""


class PromptProfileUpdatePayload(Payload):
    """Seed 000 §5.8 output: a proposed (or decided) profile version and why."""

    prompt_profile_id: str
    previous_profile_id: str | None
    brand: str
    version: int = Field(ge=1)
    status: ProfileStatus
    changes: list[ProfileChange]
    justification: str
    approval_required: bool
    settings: WritingStrategy


@contract("PromptProfileUpdate")
class PromptProfileUpdate(Envelope[PromptProfileUpdatePayload]):
    """A new prompt profile version with its change list and justification."""
