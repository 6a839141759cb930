"""Brands (workspaces) of the caller's organization."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.brands import repository as brand_queries
from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.brands.schemas import BrandSpec
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_cursor,
    encode_cursor,
    page_of,
)
from pressroom.web.deps import CurrentPrincipal, DbSession, TraceId, owned_brand, requires

router = APIRouter(prefix="/brands", tags=["brands"])


class BrandOut(BaseModel):
    """A brand as the API shows it: its spec, plus id and timestamps."""

    id: str
    slug: str
    name: str
    description: str
    audience: str
    guidelines: str
    voice_examples: list[str]
    topics: list[str]
    restricted_terms: list[str]
    hashtags: list[str]
    channels: list[str]
    palette: list[str]
    fonts: list[str]
    website: str
    call_to_action: str
    timezone: str
    posting_slots: dict[str, Any]
    approval_policy: str
    score_weights: dict[str, Any]
    ideas_per_run: int
    model: str | None
    short_links: bool
    tone_variants: list[str]
    languages: list[str]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, brand: Brand) -> BrandOut:
        return cls.model_validate(brand, from_attributes=True)


@router.get("", summary="List the organization's brands")
def list_brands(
    session: DbSession,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[BrandOut]:
    after = str(decode_cursor(cursor, parts=1)[0]) if cursor else None
    rows = brand_queries.brands_page(
        session, organization_id=principal.organization_id, after_slug=after, limit=limit + 1
    )
    return page_of(rows, limit=limit, item=BrandOut.of, cursor=lambda b: encode_cursor(b.slug))


@router.get("/{brand_id}", summary="One brand")
def get_brand(brand_id: str, session: DbSession, principal: CurrentPrincipal) -> BrandOut:
    return BrandOut.of(owned_brand(session, principal, brand_id))


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a brand")
def create_brand(
    spec: BrandSpec,
    session: DbSession,
    response: Response,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.MANAGE_BRANDS)],
) -> BrandOut:
    brands.check_new_slug(session, spec.slug)
    brand = _save(session, principal, spec, trace_id)
    response.headers["Location"] = f"/api/v1/brands/{brand.id}"
    return BrandOut.of(brand)


@router.put("/{brand_id}", summary="Replace a brand's settings")
def replace_brand(
    brand_id: str,
    spec: BrandSpec,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.MANAGE_BRANDS)],
) -> BrandOut:
    brand = owned_brand(session, principal, brand_id)
    brands.check_same_slug(brand, spec)
    return BrandOut.of(_save(session, principal, spec, trace_id))


def _save(session: DbSession, principal: Principal, spec: BrandSpec, trace_id: str) -> Brand:
    return brands.upsert_brand(
        session,
        spec=spec,
        actor=principal.actor,
        trace_id=trace_id,
        organization_id=principal.organization_id,
    )
