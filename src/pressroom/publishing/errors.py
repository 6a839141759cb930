"""Publishing errors. Connectors raise ``PublishError`` (``PUBLISH_FAILED``) or one of the
provider codes (``PROVIDER_TIMEOUT``, ``PROVIDER_RATE_LIMITED``, …) with ``retryable`` set."""

from __future__ import annotations

from pressroom.errors import ErrorCode, PressroomError


class PublishError(PressroomError):
    """A post could not be published. Retryable unless said otherwise."""

    code = ErrorCode.PUBLISH_FAILED
    status = 502
    retryable = True
