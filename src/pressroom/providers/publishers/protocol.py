"""The one door every publishing connector comes through: ``Publisher``, what it is asked to
publish (``PublishRequest``) and what it answers (``PublishResult``).

A connector must be idempotent by ``idempotency_key``: publishing the same key twice returns
the first result and never posts again. ``lookup`` answers "did this key go out?" without
publishing, which is how an attempt whose outcome is unknown (a crash, a timeout) is resolved.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PublishRequest(_Model):
    """One post to publish, complete enough that the connector needs nothing else."""

    idempotency_key: str = Field(
        pattern=IDEMPOTENCY_KEY_PATTERN, description="Same key, same post: published once."
    )
    job_id: str
    piece_id: str
    brand_slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    channel: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")
    schedule_at: AwareDatetime = Field(description="When the post should go out (UTC).")
    timezone: str = Field(default="UTC", description="The brand's IANA time zone.")
    text: str = Field(
        description="Exactly the text to paste; a thread's posts are separated by a `---` line."
    )
    posts: list[str] = Field(
        default_factory=list,
        description="A thread's posts in order (empty for a single post: see ``text``).",
    )
    body: dict[str, Any] = Field(default_factory=dict, description="The channel draft.")
    hashtags: list[str] = Field(default_factory=list, description="Hashtags without '#'.")
    media: list[Path] = Field(default_factory=list, description="Files to attach, in order.")
    media_names: list[str] = Field(
        default_factory=list,
        description="What each of ``media`` is called in the post (``video-9x16.mp4``, "
        "``slide-02.png``); empty: the files' own names.",
    )
    writer: str = Field(default="", description="Label of the writer that wrote the piece.")
    score: dict[str, Any] | None = Field(default=None, description="The piece's score card.")
    trace_id: str

    def thread(self) -> list[str]:
        """The posts to publish in order: one item unless the piece is a thread."""
        return list(self.posts) if self.posts else [self.text]


class PublishResult(_Model):
    """Where a published post lives. The same key always yields the same result."""

    idempotency_key: str
    external_id: str = Field(description="The connector's id of the post.")
    url: str | None = Field(default=None, description="Where a person can see the post.")
    published_at: datetime
    location: str | None = Field(
        default=None, description="Local path of the post, for file-based connectors."
    )


@runtime_checkable
class Publisher(Protocol):
    """A publishing connector.

    ``publish`` raises ``PressroomError``: ``retryable`` says whether the same call may succeed
    later; ``PROVIDER_TIMEOUT`` means the connector cannot tell whether the post went out.
    """

    @property
    def name(self) -> str:
        """The connector's name as stored on publish jobs (``outbox``, …)."""
        ...

    def publish(self, request: PublishRequest) -> PublishResult:
        """Publish ``request`` once; for a key already published, return its result."""
        ...

    def lookup(self, idempotency_key: str) -> PublishResult | None:
        """The result of an earlier ``publish`` with this key, or ``None`` if it never
        completed. Never publishes."""
        ...
