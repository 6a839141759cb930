"""A brand's trend sources (the feeds its runs read) and its top trend signals."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field, field_validator

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.contracts import utcnow
from pressroom.trends import service as trends
from pressroom.trends.feeds import is_private_host, is_url
from pressroom.trends.models import TrendSignal, TrendSource
from pressroom.web.api.pagination import MAX_LIMIT, Page
from pressroom.web.deps import CurrentPrincipal, DbSession, TraceId, owned_brand, requires

router = APIRouter(prefix="/brands/{brand_id}", tags=["trends"])

DEFAULT_SIGNALS = 10


class SourceIn(BaseModel):
    """A feed to add to a brand: an http(s) URL of an RSS or Atom feed."""

    url: str = Field(max_length=1000, pattern=r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s]")

    @field_validator("url")
    @classmethod
    def _web_feed(cls, url: str) -> str:
        # Over HTTP only web feeds: a path would let a caller read the server's files.
        url = url.strip()
        host = urlparse(url).hostname
        if not is_url(url) or not host:
            raise ValueError("must be an http(s) URL of an RSS or Atom feed")
        if is_private_host(host):
            # The server fetches it: a private address would let a caller reach the
            # server's own network. Intranet feeds go in a brand file (`pressroom brand add`).
            raise ValueError(
                f"{host} is a local or private network address; give a feed on the public web"
            )
        return url


class SourceOut(BaseModel):
    """Where a brand's signals come from, and how its last fetch went."""

    id: str
    brand_id: str
    kind: str
    location: str
    name: str
    last_fetched_at: datetime | None
    last_error: str | None
    created_at: datetime

    @classmethod
    def of(cls, source: TrendSource) -> SourceOut:
        return cls.model_validate(source, from_attributes=True)


class SignalOut(BaseModel):
    """A de-duplicated trend with its measures and the evidence behind them."""

    id: str
    topic: str
    summary: str
    platform: str
    velocity: float
    confidence: float
    relevance: float
    key_phrases: list[str]
    audience_segments: list[str]
    evidence: dict[str, Any]
    first_seen_at: datetime
    last_seen_at: datetime

    @classmethod
    def of(cls, signal: TrendSignal) -> SignalOut:
        return cls.model_validate(signal, from_attributes=True)


@router.get("/trend-sources", summary="A brand's trend sources, in the order they were added")
def list_sources(brand_id: str, session: DbSession, principal: CurrentPrincipal) -> Page[SourceOut]:
    brand = owned_brand(session, principal, brand_id)
    return Page(items=[SourceOut.of(s) for s in trends.list_sources(session, brand=brand)])


@router.post(
    "/trend-sources",
    status_code=status.HTTP_201_CREATED,
    summary="Add a feed to a brand (200 with the source when the brand already has it)",
    responses={status.HTTP_200_OK: {"model": SourceOut, "description": "Already a source."}},
)
def add_source(
    brand_id: str,
    source: SourceIn,
    session: DbSession,
    response: Response,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.EDIT_CONTENT)],
) -> SourceOut:
    brand = owned_brand(session, principal, brand_id)
    added, created = trends.add_feed(
        session, brand=brand, url=source.url, actor=principal.actor, trace_id=trace_id
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return SourceOut.of(added)


@router.get("/signals", summary="A brand's top trend signals, best first")
def top_signals(
    brand_id: str,
    session: DbSession,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_SIGNALS,
) -> Page[SignalOut]:
    """The ``limit`` best signals seen within a week of the freshest, ranked by relevance,
    velocity, confidence and freshness. A ranking is not paged: it is one page."""
    brand = owned_brand(session, principal, brand_id)
    ranked = trends.top_signals(session, brand=brand, now=utcnow(), limit=limit)
    return Page(items=[SignalOut.of(signal) for signal in ranked])
