"""Short links: the organization's links Pressroom serves at ``/l/{code}``, with how often
each was followed, newest first (docs/LINKS.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from pressroom.links import repository as links
from pressroom.links.schemas import ShortLinkOut
from pressroom.links.service import describe
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_moment_cursor,
    moment_cursor,
    page_of,
)
from pressroom.web.deps import CurrentPrincipal, DbSession, app_context, owned_brand, owned_piece

router = APIRouter(prefix="/links", tags=["links"])


@router.get("", summary="List the organization's short links and their clicks, newest first")
def list_links(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    brand_id: str | None = None,
    piece_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[ShortLinkOut]:
    if brand_id is not None:
        owned_brand(session, principal, brand_id)
    if piece_id is not None:
        owned_piece(session, principal, piece_id)
    rows = links.links_of_organization(
        session,
        organization_id=principal.organization_id,
        brand_id=brand_id,
        piece_id=piece_id,
        after=decode_moment_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    public_url = app_context(request).settings.public_url
    return page_of(
        rows,
        limit=limit,
        item=lambda link: describe(link, public_url=public_url),
        cursor=lambda shown: moment_cursor(shown.created_at, shown.id),
    )
