"""Members of the caller's organization, their roles, and invitations to join it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from pressroom.accounts import service as accounts
from pressroom.accounts.models import Membership, User
from pressroom.accounts.roles import Permission, Role
from pressroom.accounts.service import Principal
from pressroom.contracts import utcnow
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_cursor,
    encode_cursor,
    page_of,
)
from pressroom.web.deps import CurrentPrincipal, DbSession, requires

router = APIRouter(tags=["members"])

Manager = Annotated[Principal, requires(Permission.MANAGE_MEMBERS)]


class MemberOut(BaseModel):
    """A member: the user and their role in this organization."""

    user_id: str
    email: str
    name: str
    role: Role
    joined_at: datetime

    @classmethod
    def of(cls, member: Membership, user: User) -> MemberOut:
        return cls(
            user_id=user.id,
            email=user.email,
            name=user.name,
            role=Role(member.role),
            joined_at=member.created_at,
        )


class InvitationIn(BaseModel):
    email: str = Field(max_length=320)
    role: Role


class InvitationOut(BaseModel):
    """An invitation; ``token`` is shown once: the invitee accepts with it."""

    id: str
    email: str
    role: Role
    expires_at: datetime
    token: str


class AcceptIn(BaseModel):
    token: str = Field(max_length=200)
    name: str = Field(default="", max_length=200)
    password: str = Field(max_length=1000)


class RoleIn(BaseModel):
    role: Role


@router.get("/members", summary="List the organization's members and their roles")
def list_members(
    session: DbSession,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[MemberOut]:
    after = str(decode_cursor(cursor, parts=1)[0]) if cursor else None
    rows = accounts.members(
        session, organization_id=principal.organization_id, after_email=after, limit=limit + 1
    )
    return page_of(
        rows,
        limit=limit,
        item=lambda pair: MemberOut.of(*pair),
        cursor=lambda member: encode_cursor(member.email),
    )


@router.post(
    "/invitations",
    status_code=status.HTTP_201_CREATED,
    summary="Invite someone to the organization (only an owner may invite an owner)",
)
def create_invitation(body: InvitationIn, session: DbSession, principal: Manager) -> InvitationOut:
    secret, invitation = accounts.invite(
        session, inviter=principal, email=body.email, role=body.role, now=utcnow()
    )
    return InvitationOut(
        id=invitation.id,
        email=invitation.email,
        role=Role(invitation.role),
        expires_at=invitation.expires_at,
        token=secret,
    )


@router.post(
    "/invitations/accept",
    status_code=status.HTTP_201_CREATED,
    summary="Accept an invitation: join as a new user, or as the existing user of the address",
)
def accept_invitation(body: AcceptIn, session: DbSession) -> MemberOut:
    user, member = accounts.accept_invitation(
        session, secret=body.token, name=body.name, password=body.password, now=utcnow()
    )
    return MemberOut.of(member, user)


@router.patch("/members/{user_id}", summary="Change a member's role")
def change_role(user_id: str, body: RoleIn, session: DbSession, principal: Manager) -> MemberOut:
    member = accounts.change_role(session, changer=principal, user_id=user_id, role=body.role)
    return MemberOut.of(member, session.get_one(User, member.user_id))


@router.delete(
    "/members/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a member from the organization",
)
def remove_member(user_id: str, session: DbSession, principal: Manager) -> None:
    accounts.remove_member(session, remover=principal, user_id=user_id)
