"""Switching the organization the studio acts in, for a person who belongs to several: the
choice is remembered in a cookie that ``current_principal`` reads on every page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from pressroom.errors import NotFoundError
from pressroom.web.deps import ORGANIZATION_COOKIE
from pressroom.web.ui.pages import check_csrf, redirect_to, set_studio_cookie, signed_in

router = APIRouter(include_in_schema=False)


@router.post("/organization")
def switch_organization(
    request: Request,
    organization: Annotated[str, Form(max_length=63)],
    csrf_token: Annotated[str, Form()],
) -> Response:
    """Act in ``organization`` (a slug) from now on and go to its dashboard; one the person
    is not a member of is 404 and changes nothing."""
    with signed_in(request) as (_, principal):
        check_csrf(principal, csrf_token)
        if organization not in {o.slug for o in principal.organizations}:
            raise NotFoundError(
                f"you are not a member of an organization {organization!r}",
                hint="Choose one of yours from the list at the top of the page.",
            )
    response = redirect_to("/")
    set_studio_cookie(response, request, ORGANIZATION_COOKIE, organization)
    return response
