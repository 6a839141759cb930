"""Short links, followed: ``GET /l/{code}`` redirects to the link's target and counts the
click. Public (people clicking a post are not signed in) and never cached, so every click
reaches Pressroom and is counted."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from pressroom.links import service as links
from pressroom.web.deps import DbSession

router = APIRouter(include_in_schema=False)


@router.get("/l/{code}")
def follow_short_link(code: str, session: DbSession) -> RedirectResponse:
    """302 to the target (an unknown code is the 404 page); the click is committed with the
    request's transaction before the answer is sent."""
    target = links.follow(session, code)
    return RedirectResponse(target, status_code=302, headers={"Cache-Control": "no-store"})
