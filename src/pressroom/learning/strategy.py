"""What a prompt profile steers: the writing strategy every writer reads."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from pressroom.platforms.drafts import HookType


class WritingStrategy(BaseModel):
    """Versioned strategy settings (the ``settings`` of a PromptProfile).

    ``hook_weights`` says how strongly each hook type is preferred (1.0 neutral) overall;
    ``channel_hook_weights`` overrides per channel. ``instructions`` are extra guidance lines
    for model writers (the built-in writer reads the weights only).
    """

    model_config = ConfigDict(extra="forbid")

    hook_weights: dict[HookType, float] = Field(
        default_factory=lambda: {hook: 1.0 for hook in HookType}
    )
    channel_hook_weights: dict[str, dict[HookType, float]] = Field(default_factory=dict)
    instructions: list[str] = Field(default_factory=list)

    def weights_for(self, channel: str) -> dict[HookType, float]:
        """Hook weights for one channel: the channel's own where learned, else the overall."""
        merged = {hook: self.hook_weights.get(hook, 1.0) for hook in HookType}
        merged.update(self.channel_hook_weights.get(channel, {}))
        return merged
