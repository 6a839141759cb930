"""Errors over HTTP: RFC 9457 Problem+JSON with Pressroom's ``code`` and ``retryable``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from pressroom.errors import ErrorCode, PressroomError
from pressroom.logging import get_logger

log = get_logger(__name__)

PROBLEM_TYPE = "https://pressroom.dev/problems/"
MEDIA_TYPE = "application/problem+json"
HTTP_CODES = {
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.INVALID_INPUT,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    429: ErrorCode.RATE_LIMITED,
}


class Problem(BaseModel):
    """An error (RFC 9457 Problem Details) with Pressroom's stable ``code`` and whether the
    same request may succeed later (``retryable``)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str
    retryable: bool
    hint: str | None = None


PROBLEM_STATUSES = {
    400: "The request could not be read (malformed JSON, say).",
    401: "No working credential: sign in, or send a valid bearer token or API key.",
    403: "Your role does not allow this, or a browser form lacked its CSRF token.",
    404: "No such thing in your organization.",
    409: "Conflicts with the current state (taken name, illegal transition, reused key).",
    413: "The request body is over 1 MB.",
    422: "The request's fields are not valid; `problems` lists each.",
    429: "Too many requests: wait `Retry-After` seconds.",
    500: "An unexpected server error; nothing was changed.",
}


def documented_responses() -> dict[int | str, dict[str, Any]]:
    """The Problem+JSON answers every API operation may give, for the OpenAPI document."""
    return {
        status: {
            "description": description,
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status, description in PROBLEM_STATUSES.items()
    }


def problem(
    *,
    status: int,
    code: str,
    detail: str,
    retryable: bool = False,
    hint: str | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + code.lower().replace("_", "-"),
        "title": code.replace("_", " ").capitalize(),
        "status": status,
        "detail": detail,
        "code": code,
        "retryable": retryable,
    }
    if hint:
        body["hint"] = hint
    body.update(extra or {})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def from_error(error: PressroomError, *, headers: dict[str, str] | None = None) -> JSONResponse:
    extra = {"details": error.details} if error.details else None
    return problem(
        status=error.status,
        code=str(error.code),
        detail=error.message,
        retryable=error.retryable,
        hint=error.hint,
        extra=extra,
        headers=headers,
    )


async def _pressroom_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, PressroomError)
    retry_after = error.details.get("retry_after_seconds")
    return from_error(error, headers={"Retry-After": str(retry_after)} if retry_after else None)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        {"location": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
        for e in error.errors()
    ]
    return problem(
        status=422,
        code=str(ErrorCode.INVALID_INPUT),
        detail="; ".join(f"{p['location']}: {p['message']}" for p in problems),
        hint="Fix the listed fields and send the request again.",
        extra={"problems": problems},
    )


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = HTTP_CODES.get(error.status_code, ErrorCode.INVALID_INPUT)
    return problem(
        status=error.status_code,
        code=str(code),
        detail=str(error.detail),
        headers=dict(error.headers or {}),
    )


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("web.request.failed", path=request.url.path)
    return problem(
        status=500,
        code=str(ErrorCode.INTERNAL),
        detail="something went wrong on the server; nothing was changed by this request",
        retryable=True,
        hint="Try again; if it persists, the server log has the details under this request id.",
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(PressroomError, _pressroom_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
