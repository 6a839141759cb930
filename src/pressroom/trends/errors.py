"""Errors of trend ingestion. Each carries a stable code (``pressroom.errors.ErrorCode``)
and a hint that says how to fix it."""

from __future__ import annotations

from pressroom.errors import ErrorCode, PressroomError


class FeedUnreachableError(PressroomError):
    """The feed could not be fetched: DNS, refused connection, timeout, HTTP ≥ 400, no file."""

    code = ErrorCode.FEED_UNREACHABLE
    status = 502


class FeedMalformedError(PressroomError):
    """The bytes are not an RSS/Atom feed (not XML, not a feed, or unsafe XML)."""

    code = ErrorCode.FEED_MALFORMED
    status = 422


class FeedEmptyError(PressroomError):
    """A valid feed without a single item."""

    code = ErrorCode.FEED_EMPTY
    status = 422


class FeedTooLargeError(PressroomError):
    """The feed is bigger than ``PRESSROOM_FEED_MAX_BYTES``."""

    code = ErrorCode.FEED_TOO_LARGE
    status = 413
