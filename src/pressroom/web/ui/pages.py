"""Rendering the UI's pages: one Jinja2 environment (autoescape always on, so text a writer
or a person wrote is shown, never run) and the headers every page carries."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import SESSION_LIFETIME, Principal
from pressroom.db.session import transaction
from pressroom.errors import ForbiddenError
from pressroom.web.deps import app_context, current_principal

TEMPLATES_DIR = Path(__file__).parent / "templates"

# Defence in depth behind escaping: no inline script, no foreign origin, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(
    request: Request,
    template: str,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    """The page ``template`` filled with ``values``; ``principal`` (who is signed in) shows
    the navigation and their organizations, and gives the forms their CSRF token."""
    html = environment.get_template(template).render(
        request=request,
        principal=principal,
        csrf_token=principal.csrf_token if principal else "",
        version=request.app.version,
        **values,
    )
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


# ── what every page handler shares ───────────────────────────────────────────────────────


@contextmanager
def signed_in(request: Request) -> Iterator[tuple[Session, Principal]]:
    """One transaction for the request, and who is asking (401 → the sign-in page)."""
    with transaction(app_context(request).session_factory) as session:
        yield session, current_principal(request, session)


@contextmanager
def changing(
    request: Request, csrf_token: str, permission: Permission
) -> Iterator[tuple[Session, Principal]]:
    """A change's transaction: signed in, the form's CSRF token, and the permission."""
    with signed_in(request) as (session, principal):
        check_csrf(principal, csrf_token)
        principal.require(permission)
        yield session, principal


def check_csrf(principal: Principal, sent: str) -> None:
    """A form of a browser session must carry that session's CSRF token."""
    if principal.via == "session" and not secrets.compare_digest(
        sent.encode(), principal.csrf_token.encode()
    ):
        raise ForbiddenError("the form's CSRF token does not match", hint="Reload the page.")


def set_studio_cookie(response: Response, request: Request, name: str, value: str) -> None:
    """One of the studio's cookies on ``response``: HttpOnly, SameSite=Lax, ``Secure`` with
    ``PRESSROOM_SECURE_COOKIES``, for as long as a session lasts."""
    response.set_cookie(
        name,
        value,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=app_context(request).settings.secure_cookies,
    )


def redirect_to(path: str, **query: str | int) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode(query)}" if query else path, status_code=303)
