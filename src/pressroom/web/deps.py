"""What a request needs: its transaction, who is asking (in which organization), and the
checks every route shares (permission, tenancy)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from pressroom.accounts import service as accounts
from pressroom.accounts.models import Membership, Organization
from pressroom.accounts.roles import Permission
from pressroom.accounts.service import OrganizationSummary, Principal
from pressroom.app import AppContext
from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.db.base import Base
from pressroom.db.session import transaction
from pressroom.errors import (
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    UnauthenticatedError,
)
from pressroom.web.ratelimit import TokenBuckets
from pressroom.writing.models import Piece

SESSION_COOKIE = "pressroom_session"
ORGANIZATION_COOKIE = "pressroom_org"
ORGANIZATION_HEADER = "X-Organization"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

ModelT = TypeVar("ModelT", bound=Base)


def app_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


def db_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back when it
    raises."""
    with transaction(app_context(request).session_factory) as session:
        yield session


# scope="function": committed before the response is sent, so a client that reads right
# after a write sees it (the default scope would commit after the response).
DbSession = Annotated[Session, Depends(db_session, scope="function")]


def credential(request: Request) -> tuple[str, str] | None:
    """(kind, secret) of the request's credential: ``api_key`` or ``bearer`` from the
    Authorization header, else ``session`` from the cookie; ``None`` without one."""
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        secret = secret.strip()
        return ("api_key" if secret.startswith(accounts.API_KEY_PREFIX) else "bearer", secret)
    cookie = request.cookies.get(SESSION_COOKIE)
    return ("session", cookie) if cookie else None


def _organization_for(
    memberships: list[tuple[Membership, Organization]], wanted: str | None, *, strict: bool
) -> tuple[str, str]:
    """(organization id, role) among the user's ``memberships``: the organization named by
    slug in ``wanted``, else their first. One they are not a member of is 404 when ``strict``
    (asked for in the header); otherwise (the studio's cookie, which may name one they have
    since left) it is their first."""
    for member, organization in memberships:
        if organization.slug == wanted:
            return organization.id, member.role
    if wanted is not None and strict:
        raise NotFoundError(
            f"you are not a member of an organization {wanted!r}",
            hint="GET /api/v1/me lists your organizations.",
        )
    if memberships:
        member, organization = memberships[0]
        return organization.id, member.role
    raise ForbiddenError(
        "you are not a member of any organization", hint="Ask an owner for an invitation."
    )


def current_principal(request: Request, session: DbSession) -> Principal:
    """Who is asking. A cookie session that changes something must echo its CSRF token (in
    the ``X-CSRF-Token`` header or the form's ``csrf_token`` field, checked by the UI)."""
    found = credential(request)
    if found is None:
        raise UnauthenticatedError(
            "this needs you to sign in",
            hint="Send `Authorization: Bearer <token or API key>`, or sign in to the studio.",
        )
    kind, secret = found
    now = utcnow()
    if kind == "api_key":
        user, key = accounts.key_for_secret(session, secret=secret, now=now)
        _count_request(request, user.id)
        member = accounts.membership(session, organization_id=key.organization_id, user_id=user.id)
        if member is None:
            raise UnauthenticatedError("the API key's user has left its organization")
        return Principal(user.id, user.email, key.organization_id, member.role, "api_key")
    user, token = accounts.user_for_token(session, secret=secret, kind=kind, now=now)
    _count_request(request, user.id)
    asked = request.headers.get(ORGANIZATION_HEADER)
    memberships = accounts.memberships_of(session, user.id)
    organization_id, role = _organization_for(
        memberships, asked or request.cookies.get(ORGANIZATION_COOKIE), strict=bool(asked)
    )
    organizations = tuple(OrganizationSummary(o.id, o.slug, o.name) for _, o in memberships)
    principal = Principal(
        user.id, user.email, organization_id, role, kind, token.csrf_token, organizations
    )
    if kind == "session" and request.method not in SAFE_METHODS:
        request.state.csrf_expected = token.csrf_token
        sent = request.headers.get(CSRF_HEADER)
        if sent is not None and sent != token.csrf_token:
            raise ForbiddenError("the CSRF token does not match", hint="Reload the page.")
        if sent is None and not request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            raise ForbiddenError(
                "a signed-in browser request that changes something needs its CSRF token",
                hint=f"Send the {CSRF_HEADER} header.",
            )
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def _count_request(request: Request, user_id: str) -> None:
    """Each user's own rate limit, across all their tokens, keys and sessions."""
    buckets: TokenBuckets | None = getattr(request.app.state, "user_buckets", None)
    if buckets is None:
        return
    wait = buckets.take(user_id)
    if wait > 0:
        raise RateLimitedError(
            f"more than {buckets.per_minute} requests a minute from this user",
            retry_after=max(1, math.ceil(wait)),
        )


def request_trace_id(request: Request) -> str:
    """The request's id (``X-Request-ID``), which traces what it changes in the audit log."""
    return str(getattr(request.state, "request_id", "") or "")


TraceId = Annotated[str, Depends(request_trace_id)]


def requires(permission: Permission) -> Any:
    """A dependency: the principal, when their role grants ``permission`` (else 403). Use
    as ``principal: Annotated[Principal, requires(Permission.X)]``."""

    def check(principal: CurrentPrincipal) -> Principal:
        principal.require(permission)
        return principal

    return Depends(check)


def owned(
    session: Session,
    principal: Principal,
    model: type[ModelT],
    entity_id: str,
    *,
    noun: str,
    hint: str,
) -> ModelT:
    """The ``model`` row with exactly this id when it is the principal's organization's — a
    brand of it, or a row of one of its brands (``brand_id``); otherwise 404 "no ``noun``",
    exactly as for one that does not exist (another tenant's ids reveal nothing)."""
    row = session.get(model, entity_id)
    brand: Brand | None = None
    if isinstance(row, Brand):
        brand = row
    elif row is not None:
        brand = session.get(Brand, getattr(row, "brand_id"))  # noqa: B009 (any brand-owned model)
    if row is None or brand is None or brand.organization_id != principal.organization_id:
        raise NotFoundError(f"no {noun} {entity_id}", hint=hint)
    return row


def owned_piece(
    session: Session,
    principal: Principal,
    piece_id: str,
    *,
    hint: str = "GET /api/v1/pieces lists yours.",
) -> Piece:
    """The piece with exactly this id when it belongs to the principal's organization;
    otherwise 404, exactly as for a piece that does not exist (no prefixes: they would probe
    other tenants)."""
    return owned(session, principal, Piece, piece_id, noun="piece", hint=hint)


def owned_brand(session: Session, principal: Principal, brand_id: str) -> Brand:
    """The brand when it belongs to the principal's organization; otherwise 404."""
    return owned(
        session, principal, Brand, brand_id, noun="brand", hint="GET /api/v1/brands lists yours."
    )


def entity_tags(if_none_match: str) -> set[str]:
    """The entity tags of an ``If-None-Match`` header (weak ones compare equal, as for GET)."""
    return {tag.strip().removeprefix("W/") for tag in if_none_match.split(",") if tag.strip()}
