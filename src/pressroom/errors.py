"""One error type for the whole system, with stable codes.

Inside the system an error serialises as ``{"error": {"code", "message", "retryable"}}``
(seed 000 §9); over HTTP the same fields form an RFC 9457 Problem+JSON body. Codes are part
of the public contract: never rename one, add new ones instead.
"""

from __future__ import annotations

import importlib
from enum import StrEnum
from types import ModuleType
from typing import Any

from pydantic import ValidationError


class ErrorCode(StrEnum):
    """Stable error codes. Documented in docs/ERRORS.md (a test keeps the two in step)."""

    INVALID_SCHEMA = "INVALID_SCHEMA"
    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    INVALID_STATE_TRANSITION = "INVALID_STATE_TRANSITION"
    CONFIG_INVALID = "CONFIG_INVALID"
    EXTRA_NOT_INSTALLED = "EXTRA_NOT_INSTALLED"
    BRAND_NO_CHANNELS = "BRAND_NO_CHANNELS"
    UNKNOWN_CHANNEL = "UNKNOWN_CHANNEL"
    FEED_UNREACHABLE = "FEED_UNREACHABLE"
    FEED_MALFORMED = "FEED_MALFORMED"
    FEED_EMPTY = "FEED_EMPTY"
    FEED_TOO_LARGE = "FEED_TOO_LARGE"
    CSV_MISSING_COLUMNS = "CSV_MISSING_COLUMNS"
    CSV_INVALID_ROWS = "CSV_INVALID_ROWS"
    CSV_UNREADABLE = "CSV_UNREADABLE"
    UNKNOWN_MODEL = "UNKNOWN_MODEL"
    LANGUAGE_NEEDS_MODEL = "LANGUAGE_NEEDS_MODEL"
    PROVIDER_TIMEOUT = "PROVIDER_TIMEOUT"
    PROVIDER_RATE_LIMITED = "PROVIDER_RATE_LIMITED"
    PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE"
    PROVIDER_AUTH_FAILED = "PROVIDER_AUTH_FAILED"
    PROVIDER_BAD_REQUEST = "PROVIDER_BAD_REQUEST"
    PROVIDER_MALFORMED_OUTPUT = "PROVIDER_MALFORMED_OUTPUT"
    PROVIDER_SCHEMA_MISMATCH = "PROVIDER_SCHEMA_MISMATCH"
    VALIDATION_FAILED = "VALIDATION_FAILED"
    PUBLISH_FAILED = "PUBLISH_FAILED"
    NOTHING_TO_LEARN = "NOTHING_TO_LEARN"
    RUN_FAILED = "RUN_FAILED"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    RATE_LIMITED = "RATE_LIMITED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    INTERNAL = "INTERNAL"
    ENGINE_UNAVAILABLE = "ENGINE_UNAVAILABLE"
    MEDIA_SCRIPT_INVALID = "MEDIA_SCRIPT_INVALID"
    MEDIA_FONT_MISSING = "MEDIA_FONT_MISSING"
    MEDIA_GLYPHS_UNSUPPORTED = "MEDIA_GLYPHS_UNSUPPORTED"
    MEDIA_TEXT_TOO_LONG = "MEDIA_TEXT_TOO_LONG"
    MEDIA_TTS_FAILED = "MEDIA_TTS_FAILED"
    MEDIA_RENDER_FAILED = "MEDIA_RENDER_FAILED"
    MEDIA_OUTPUT_INVALID = "MEDIA_OUTPUT_INVALID"
    STORAGE_FULL = "STORAGE_FULL"
    STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE"


class PressroomError(Exception):
    """Base of every error Pressroom raises on purpose.

    ``code`` is stable, ``message`` says what was wrong, ``hint`` how to fix it, ``retryable``
    whether the same call may succeed later, ``status`` the HTTP status it maps to.
    """

    code: ErrorCode = ErrorCode.INVALID_INPUT
    status: int = 400
    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        code: ErrorCode | None = None,
        hint: str | None = None,
        retryable: bool | None = None,
        status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if retryable is not None:
            self.retryable = retryable
        if status is not None:
            self.status = status
        self.hint = hint
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        """The seed-000 error envelope."""
        body: dict[str, Any] = {
            "code": str(self.code),
            "message": self.message,
            "retryable": self.retryable,
        }
        if self.hint:
            body["hint"] = self.hint
        if self.details:
            body["details"] = self.details
        return {"error": body}

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def __reduce__(self) -> tuple[Any, ...]:
        # Workflow engines pickle step errors; keep every field across the round trip.
        return (
            _rebuild,
            (
                type(self),
                self.message,
                self.code,
                self.hint,
                self.retryable,
                self.status,
                self.details,
            ),
        )


def _rebuild(
    cls: type[PressroomError],
    message: str,
    code: ErrorCode,
    hint: str | None,
    retryable: bool,
    status: int,
    details: dict[str, Any],
) -> PressroomError:
    error = cls.__new__(cls)
    PressroomError.__init__(
        error, message, code=code, hint=hint, retryable=retryable, status=status, details=details
    )
    return error


def validation_problems(exc: ValidationError, *, root: str = "<root>") -> list[str]:
    """Every problem pydantic found, as ``field.path: message`` lines."""
    return [
        f"{'.'.join(str(part) for part in error['loc']) or root}: {error['msg']}"
        for error in exc.errors()
    ]


class NotFoundError(PressroomError):
    code = ErrorCode.NOT_FOUND
    status = 404


class InvalidInputError(PressroomError):
    code = ErrorCode.INVALID_INPUT
    status = 422


class InvalidStateTransitionError(PressroomError):
    code = ErrorCode.INVALID_STATE_TRANSITION
    status = 409


class ConfigError(PressroomError):
    code = ErrorCode.CONFIG_INVALID
    status = 500


class ExtraNotInstalledError(PressroomError):
    """A feature was asked for whose optional dependencies (a pip extra) are not installed."""

    code = ErrorCode.EXTRA_NOT_INSTALLED
    status = 500


class MediaError(PressroomError):
    """Rendering one asset failed (``code`` says why: a script, a font, the text, the voice,
    the renderer, its output, or the storage); the piece itself stays reviewable."""

    code = ErrorCode.MEDIA_RENDER_FAILED
    status = 422


class UnauthenticatedError(PressroomError):
    code = ErrorCode.UNAUTHENTICATED
    status = 401


class ForbiddenError(PressroomError):
    code = ErrorCode.FORBIDDEN
    status = 403


class AlreadyExistsError(PressroomError):
    code = ErrorCode.ALREADY_EXISTS
    status = 409


class RateLimitedError(PressroomError):
    """Too many requests; ``retry_after`` seconds until the next one may go."""

    code = ErrorCode.RATE_LIMITED
    status = 429
    retryable = True

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(
            message,
            hint=f"Wait {retry_after} s (Retry-After) and send it again.",
            details={"retry_after_seconds": retry_after},
        )
        self.retry_after = retry_after


class EngineUnavailableError(PressroomError):
    code = ErrorCode.ENGINE_UNAVAILABLE
    status = 503
    retryable = True


def import_extra(module: str, *, extra: str, needed_by: str, otherwise: str) -> ModuleType:
    """Import a module of an optional extra; when it is missing, ``EXTRA_NOT_INSTALLED``
    naming the extra to install (``needed_by``: what wanted it; ``otherwise``: how to do
    without it)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as missing:
        raise ExtraNotInstalledError(
            f"{needed_by} needs the '{extra}' extra, which is not installed "
            f"(no module named {missing.name!r})",
            hint=f"Install it with pip install 'pressroom[{extra}]', or {otherwise}.",
            details={"extra": extra, "missing_module": missing.name},
        ) from missing


def provider_status_code(status: int) -> ErrorCode:
    """The error code of a provider's HTTP error status."""
    if status in (401, 402, 403):
        return ErrorCode.PROVIDER_AUTH_FAILED
    if status == 429:
        return ErrorCode.PROVIDER_RATE_LIMITED
    if status == 408:
        return ErrorCode.PROVIDER_TIMEOUT
    if status >= 500:
        return ErrorCode.PROVIDER_UNAVAILABLE
    return ErrorCode.PROVIDER_BAD_REQUEST
