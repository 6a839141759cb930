"""Signing in for the API (bearer tokens) and who the caller is."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from pressroom.accounts import service as accounts
from pressroom.contracts import utcnow
from pressroom.web.deps import CurrentPrincipal, DbSession, credential

router = APIRouter(tags=["auth"])


class Credentials(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class TokenOut(BaseModel):
    """A bearer token, shown once: send it as ``Authorization: Bearer <token>``."""

    token: str
    token_type: str = "bearer"  # noqa: S105 (the scheme, not a secret)
    expires_at: datetime


class MembershipOut(BaseModel):
    organization_id: str
    organization_slug: str
    organization_name: str
    role: str


class MeOut(BaseModel):
    """The caller, the organization this request acts in, and all their memberships."""

    user_id: str
    email: str
    name: str
    organization_id: str
    role: str
    via: str
    memberships: list[MembershipOut]


@router.post(
    "/auth/tokens",
    status_code=status.HTTP_201_CREATED,
    summary="Sign in: exchange email and password for a bearer token",
)
def create_token(credentials: Credentials, session: DbSession) -> TokenOut:
    user = accounts.authenticate(session, email=credentials.email, password=credentials.password)
    secret, token = accounts.issue_token(session, user=user, kind="bearer", now=utcnow())
    return TokenOut(token=secret, expires_at=token.expires_at)


@router.delete(
    "/auth/tokens/current",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Sign out: revoke the bearer token of this request",
)
def revoke_current_token(request: Request, session: DbSession, principal: CurrentPrincipal) -> None:
    found = credential(request)
    if found is not None and found[0] in {"bearer", "session"}:
        accounts.revoke_token(session, secret=found[1], now=utcnow())


@router.get("/me", summary="Who am I")
def me(session: DbSession, principal: CurrentPrincipal) -> MeOut:
    user = accounts.user_by_email(session, principal.email)
    assert user is not None
    return MeOut(
        user_id=user.id,
        email=user.email,
        name=user.name,
        organization_id=principal.organization_id,
        role=principal.role,
        via=principal.via,
        memberships=[
            MembershipOut(
                organization_id=org.id,
                organization_slug=org.slug,
                organization_name=org.name,
                role=member.role,
            )
            for member, org in accounts.memberships_of(session, user.id)
        ],
    )
