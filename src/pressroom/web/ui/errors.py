"""Errors on the UI's paths: a request that needs a signed-in person goes to the sign-in
page; any other error is a page with its status, what went wrong and a hint. Paths under
``/api/`` keep the API's Problem+JSON answers (``web/problems.py``)."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from pressroom.errors import ErrorCode, PressroomError
from pressroom.logging import get_logger
from pressroom.web import problems
from pressroom.web.deps import SESSION_COOKIE
from pressroom.web.ui.pages import render

log = get_logger(__name__)

API_PATH = "/api/"
HANDLED: tuple[type[Exception], ...] = (
    PressroomError,
    RequestValidationError,
    StarletteHTTPException,
    Exception,
)
TITLES = {
    400: "That did not work",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed here",
    409: "Someone got there first",
    413: "Too much at once",
    422: "Something is missing",
    429: "Slow down",
    500: "Something went wrong",
}
HINTS = {
    403: "Your role in this organization does not allow this. Ask an owner or admin.",
    404: "It may have been removed, or it belongs to another organization.",
    500: "Nothing was changed by this request. Try again; if it persists, the server log has "
    "the details under the request id below.",
}

Handler = Callable[[Request, Any], Response | Awaitable[Response]]


@dataclass(frozen=True)
class Failure:
    """What a person is told about an error."""

    status: int
    code: str
    message: str
    hint: str


def install(app: FastAPI) -> None:
    """Wrap the API's handlers so that paths outside ``/api/`` get the UI's pages."""
    if PressroomError not in app.exception_handlers:
        problems.install(app)
    for kind in HANDLED:
        app.add_exception_handler(kind, _scoped(app.exception_handlers[kind]))


def _scoped(api_handler: Handler) -> Callable[[Request, Any], Awaitable[Response]]:
    async def handle(request: Request, error: Exception) -> Response:
        if request.url.path.startswith(API_PATH):
            answer = api_handler(request, error)
            return await answer if inspect.isawaitable(answer) else answer
        return page_for(request, error)

    return handle


def page_for(request: Request, error: Exception) -> Response:
    """The UI's answer to ``error``: sign in first (401), else an error page."""
    failure = describe(request, error)
    if failure.status == 401:
        return sign_in_first(request)
    return render(
        request,
        "error.html",
        status_code=failure.status,
        failure=failure,
        title=TITLES.get(failure.status, "That did not work"),
        request_id=str(getattr(request.state, "request_id", "") or ""),
    )


def sign_in_first(request: Request) -> Response:
    """To the sign-in page, coming back here (a page; a form post comes back to the start)."""
    target = request.url.path if request.method == "GET" else "/"
    if request.method == "GET" and request.url.query:
        target += f"?{request.url.query}"
    response = RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)
    if request.cookies.get(SESSION_COOKIE):
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def describe(request: Request, error: Exception) -> Failure:
    if isinstance(error, PressroomError):
        hint = error.hint or HINTS.get(error.status, "")
        return Failure(error.status, str(error.code), error.message, hint)
    if isinstance(error, RequestValidationError):
        fields = ", ".join(str(e["loc"][-1]) for e in error.errors())
        return Failure(
            422,
            str(ErrorCode.INVALID_INPUT),
            f"the form is missing or has a wrong value in: {fields}",
            "Go back, fill in the form and send it again.",
        )
    if isinstance(error, StarletteHTTPException):
        code = problems.HTTP_CODES.get(error.status_code, ErrorCode.INVALID_INPUT)
        message = "there is no page here" if error.status_code == 404 else str(error.detail)
        return Failure(error.status_code, str(code), message, HINTS.get(error.status_code, ""))
    log.exception("web.ui.request.failed", path=request.url.path)
    return Failure(500, str(ErrorCode.INTERNAL), "something went wrong on the server", HINTS[500])
