"""What a validator returns: every problem, each with a stable code and a fix-it message that
is also fed back to the writer as repair instructions."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """One rule a draft breaks."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="Stable problem code, e.g. `too_many_words`.")
    message: str = Field(description="What is wrong and how to fix it, for people and writers.")
    path: str = Field(default="", description="Where in the draft, e.g. `posts[2]`.")
    limit: Any = Field(default=None, description="The rule's limit, when there is one.")
    actual: Any = Field(default=None, description="The draft's value.")


class ValidationReport(BaseModel):
    """The result of validating one draft against one channel's rules."""

    model_config = ConfigDict(extra="forbid")

    channel: str
    valid: bool
    problems: list[Problem] = Field(default_factory=list)
    measures: dict[str, Any] = Field(
        default_factory=dict,
        description="What was measured: `length` / `weighted_length`, words, seconds, …",
    )

    def feedback(self) -> list[str]:
        """The problems as repair instructions for a writer."""
        return [f"{p.path + ': ' if p.path else ''}{p.message}" for p in self.problems]
