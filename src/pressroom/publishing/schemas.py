"""Publishing contracts (seed 000 §5.5–5.6) and the states of a publish job."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from pressroom.contracts import Envelope, Payload, contract


class PublishJobStatus(StrEnum):
    """Where a publish job is. ``publishing`` means an attempt was started and its outcome is
    not recorded yet: after a crash it is resolved with the connector's ``lookup``."""

    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED_PUBLISH_RETRYABLE = "failed_publish_retryable"
    FAILED_PUBLISH_TERMINAL = "failed_publish_terminal"


class PublishQueueRequestPayload(Payload):
    """Ask for a piece to be scheduled. ``asset_package_id`` is the piece, ``concept_id`` its
    idea; without ``schedule_at`` the brand's next free posting slot is used."""

    concept_id: str
    asset_package_id: str
    channel: str
    schedule_at: AwareDatetime | None = None
    priority: Literal["low", "normal", "high"] = "normal"


class PublishJobPayload(Payload):
    """A publish job as other stages see it."""

    publish_job_id: str
    status: PublishJobStatus
    channel: str
    attempt: int = Field(ge=0)
    next_retry_at: AwareDatetime | None = None
    piece_id: str
    schedule_at: AwareDatetime
    idempotency_key: str
    connector: str
    external_id: str | None = None
    url: str | None = None
    published_at: AwareDatetime | None = None


class PublishResultPayload(Payload):
    """The outcome of publishing one job (seed 000 ``InstagramPublishResult``, any channel)."""

    publish_job_id: str
    platform_post_id: str
    status: Literal["published"] = "published"
    published_at: AwareDatetime
    url: str | None = None
    location: str | None = None


@contract("PublishQueueRequest")
class PublishQueueRequestEnvelope(Envelope[PublishQueueRequestPayload]):
    """Seed 000 ``PublishQueueRequest``."""


@contract("PublishJob")
class PublishJobEnvelope(Envelope[PublishJobPayload]):
    """Seed 000 ``PublishJob``."""


@contract("PublishResult")
class PublishResultEnvelope(Envelope[PublishResultPayload]):
    """The result of a publish, whatever the connector."""


PublishAction = Literal["published", "recovered", "already_published", "failed", "in_progress"]


class PublishOutcome(BaseModel):
    """What one ``publish_job`` call did.

    ``published``: the connector published now; ``recovered``: an earlier attempt whose
    outcome was unknown had published (found by ``lookup``); ``already_published``: nothing
    to do; ``failed``: recorded as a retryable or terminal failure; ``in_progress``: another
    attempt holds the job, nothing was done.
    """

    model_config = ConfigDict(extra="forbid")

    job_id: str
    action: PublishAction
    status: PublishJobStatus
    attempt: int
    external_id: str | None = None
    url: str | None = None
    location: str | None = Field(
        default=None, description="Local path of the post, when this call saw the result."
    )
    published_at: datetime | None = None
    next_retry_at: datetime | None = None
    error: dict[str, Any] | None = None
