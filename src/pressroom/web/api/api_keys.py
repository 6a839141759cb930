"""The caller's API keys in this organization: list, create (the secret is shown once),
revoke."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from pressroom.accounts import service as accounts
from pressroom.accounts.models import ApiKey
from pressroom.contracts import utcnow
from pressroom.web.deps import CurrentPrincipal, DbSession

router = APIRouter(prefix="/api-keys", tags=["api keys"])


class ApiKeyOut(BaseModel):
    """A key as listed: recognise it by its name and prefix (the secret is never shown
    again)."""

    id: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyOut:
        return cls.model_validate(key, from_attributes=True)


class NewApiKeyOut(ApiKeyOut):
    """A new key: send ``secret`` as ``Authorization: Bearer <secret>``; it is shown once."""

    secret: str


class ApiKeyIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


@router.get("", summary="List your API keys in this organization (revoked ones too)")
def list_api_keys(session: DbSession, principal: CurrentPrincipal) -> list[ApiKeyOut]:
    keys = accounts.api_keys_of(
        session, organization_id=principal.organization_id, user_id=principal.user_id
    )
    return [ApiKeyOut.of(key) for key in keys]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create an API key acting as you, with your role, in this organization",
)
def create_api_key(body: ApiKeyIn, session: DbSession, principal: CurrentPrincipal) -> NewApiKeyOut:
    secret, key = accounts.create_api_key(
        session,
        organization_id=principal.organization_id,
        user_id=principal.user_id,
        name=body.name,
        actor=principal.actor,
    )
    return NewApiKeyOut(**ApiKeyOut.of(key).model_dump(), secret=secret)


@router.delete(
    "/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke an API key: your own, or anyone's with manage_members",
)
def revoke_api_key(key_id: str, session: DbSession, principal: CurrentPrincipal) -> None:
    accounts.revoke_member_key(session, revoker=principal, key_id=key_id, now=utcnow())
