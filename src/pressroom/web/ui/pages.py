"""Rendering the UI's pages: one Jinja2 environment (autoescape always on, so text a writer
or a person wrote is shown, never run) and the headers every page carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pressroom.accounts.service import Principal

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
    the navigation and gives the forms their CSRF token."""
    html = environment.get_template(template).render(
        request=request,
        principal=principal,
        csrf_token=principal.csrf_token if principal else "",
        version=request.app.version,
        **values,
    )
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)
