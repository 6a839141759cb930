"""What a prompt profile steers: the writing strategy every writer reads."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from pressroom.platforms.drafts import HookType
from pressroom.writing.tones import Tone, preferred_tone


class Ending(StrEnum):
    """How a piece ends, after its points: in the brand's voice (its tone words pick the
    closing line), with a question to readers, or with a practical takeaway."""

    VOICE = "voice"
    QUESTION = "question"
    TAKEAWAY = "takeaway"


class Structure(BaseModel):
    """The shape of a piece: how many points it makes at most and how it ends."""

    model_config = ConfigDict(extra="forbid")

    max_points: int | None = Field(
        default=None,
        ge=1,
        le=5,
        description="The most points a piece makes (None: as many as the channel and the "
        "material allow).",
    )
    ending: Ending = Ending.VOICE


class WritingStrategy(BaseModel):
    """Versioned strategy settings (the ``settings`` of a PromptProfile).

    ``hook_weights`` says how strongly each hook type is preferred (1.0 neutral) overall;
    ``channel_hook_weights`` overrides per channel. ``tone_weights`` picks the tone pieces are
    written in when the brand names no tone variants: the one tone weighted above all others
    and above 1.0, else the brand's own voice. ``structure`` (overridden per channel by
    ``channel_structure``) sets the most points a piece makes and how it ends.
    ``instructions`` are extra guidance lines for model writers (the built-in writer reads
    the weights and the structure only).
    """

    model_config = ConfigDict(extra="forbid")

    hook_weights: dict[HookType, float] = Field(
        default_factory=lambda: {hook: 1.0 for hook in HookType}
    )
    channel_hook_weights: dict[str, dict[HookType, float]] = Field(default_factory=dict)
    tone_weights: dict[Tone, float] = Field(default_factory=dict)
    structure: Structure = Field(default_factory=Structure)
    channel_structure: dict[str, Structure] = Field(default_factory=dict)
    instructions: list[str] = Field(default_factory=list)

    def weights_for(self, channel: str) -> dict[HookType, float]:
        """Hook weights for one channel: the channel's own where learned, else the overall."""
        merged = {hook: self.hook_weights.get(hook, 1.0) for hook in HookType}
        merged.update(self.channel_hook_weights.get(channel, {}))
        return merged

    def structure_for(self, channel: str) -> Structure:
        """The structure for one channel: the channel's own where set, else the overall."""
        return self.channel_structure.get(channel, self.structure)

    @property
    def preferred_tone(self) -> Tone | None:
        return preferred_tone(self.tone_weights)
