"""Accounts: organizations, users and their roles, sign-in tokens, API keys, invitations.

Secrets (session and bearer tokens, API keys, invitation tokens) are random, shown once and
stored only as SHA-256 hashes; passwords as argon2id hashes.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.accounts import passwords
from pressroom.accounts.models import (
    ApiKey,
    AuthToken,
    Invitation,
    Membership,
    Organization,
    User,
)
from pressroom.accounts.roles import Permission, Role, allows
from pressroom.audit import service as audit
from pressroom.errors import (
    AlreadyExistsError,
    ForbiddenError,
    InvalidInputError,
    InvalidStateTransitionError,
    NotFoundError,
    UnauthenticatedError,
)

SESSION_LIFETIME = timedelta(days=14)
BEARER_LIFETIME = timedelta(days=30)
INVITATION_LIFETIME = timedelta(days=7)
API_KEY_PREFIX = "prk_"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class OrganizationSummary:
    """An organization as a member sees it in a list of theirs."""

    id: str
    slug: str
    name: str


@dataclass(frozen=True)
class Principal:
    """Who is asking, and in which organization with which role. ``via`` says how they
    signed in: ``session`` (browser cookie), ``bearer`` or ``api_key``. ``organizations``
    are all of the user's, by slug, for a person signed in (an API key acts in its own
    only, and lists none)."""

    user_id: str
    email: str
    organization_id: str
    role: str
    via: str
    csrf_token: str = ""
    organizations: tuple[OrganizationSummary, ...] = ()

    @property
    def organization_name(self) -> str:
        """The name of the organization it acts in ("" when ``organizations`` is empty)."""
        return next((o.name for o in self.organizations if o.id == self.organization_id), "")

    def can(self, permission: Permission) -> bool:
        return allows(self.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise ForbiddenError(
                f"a {self.role} may not {permission.value.replace('_', ' ')}",
                hint="Ask an owner or admin of the organization for a role that may.",
                details={"role": self.role, "permission": permission.value},
            )

    @property
    def actor(self) -> str:
        return f"user:{self.email}"


def _audit(
    session: Session,
    *,
    entity_type: str,
    entity_id: str,
    action: str,
    actor: str,
    after: dict[str, Any],
) -> None:
    """Account changes are audited like every other state change; each is its own trace."""
    audit.record(
        session,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        actor=actor,
        trace_id=uuid.uuid4().hex,
        after=after,
    )


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalize_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not EMAIL.match(cleaned):
        raise InvalidInputError(
            f"{email!r} is not an email address", hint="Give an address like ana@example.com."
        )
    return cleaned


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInputError(
            f"unknown role {role!r}", hint=f"Use one of: {', '.join(r.value for r in Role)}."
        ) from None


def _check_password(password: str) -> None:
    if len(password) < passwords.MIN_LENGTH:
        raise InvalidInputError(
            f"the password is too short ({len(password)} characters)",
            hint=f"Use at least {passwords.MIN_LENGTH} characters.",
        )


# --- Organizations and users. ------------------------------------------------------------


def create_organization(session: Session, *, slug: str, name: str, actor: str) -> Organization:
    if not SLUG.match(slug):
        raise InvalidInputError(
            f"{slug!r} is not a valid organization slug",
            hint="Use lower-case letters, digits and dashes (at most 63).",
        )
    if session.scalar(select(Organization).where(Organization.slug == slug)) is not None:
        raise AlreadyExistsError(f"organization {slug!r} already exists")
    organization = Organization(slug=slug, name=name or slug)
    session.add(organization)
    session.flush()
    _audit(
        session,
        entity_type="organization",
        entity_id=organization.id,
        action="created",
        actor=actor,
        after={"slug": slug, "name": organization.name},
    )
    return organization


def find_organization(session: Session, slug: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.slug == slug))


def organization_by_slug(session: Session, slug: str) -> Organization:
    found = find_organization(session, slug)
    if found is None:
        raise NotFoundError(
            f"no organization {slug!r}", hint="`pressroom users orgs` lists the organizations."
        )
    return found


def create_user(session: Session, *, email: str, name: str, password: str, actor: str) -> User:
    address = normalize_email(email)
    _check_password(password)
    if session.scalar(select(User).where(User.email == address)) is not None:
        raise AlreadyExistsError(f"a user {address} already exists")
    user = User(email=address, name=name, password_hash=passwords.hash_password(password))
    session.add(user)
    session.flush()
    _audit(
        session,
        entity_type="user",
        entity_id=user.id,
        action="created",
        actor=actor,
        after={"email": address, "name": name},
    )
    return user


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def add_member(
    session: Session, *, organization_id: str, user_id: str, role: str, actor: str
) -> Membership:
    chosen = check_role(role)
    existing = membership(session, organization_id=organization_id, user_id=user_id)
    if existing is not None:
        raise AlreadyExistsError("the user is already a member of this organization")
    member = Membership(organization_id=organization_id, user_id=user_id, role=chosen.value)
    session.add(member)
    session.flush()
    _audit(
        session,
        entity_type="membership",
        entity_id=member.id,
        action="created",
        actor=actor,
        after={"organization_id": organization_id, "user_id": user_id, "role": chosen.value},
    )
    return member


def membership(session: Session, *, organization_id: str, user_id: str) -> Membership | None:
    return session.scalar(
        select(Membership).where(
            Membership.organization_id == organization_id, Membership.user_id == user_id
        )
    )


def memberships_of(session: Session, user_id: str) -> list[tuple[Membership, Organization]]:
    rows = session.execute(
        select(Membership, Organization)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(Membership.user_id == user_id)
        .order_by(Organization.slug)
    ).all()
    return [(row[0], row[1]) for row in rows]


# --- Signing in. ------------------------------------------------------------------------------


def authenticate(session: Session, *, email: str, password: str) -> User:
    """The active user with this email and password (one error for every wrong answer, so
    the response does not tell which part was wrong)."""
    user = user_by_email(session, email)
    if (
        user is None
        or not user.is_active
        or not passwords.verify_password(user.password_hash, password)
    ):
        raise UnauthenticatedError(
            "wrong email or password", hint="Check both, or ask an owner to reset your access."
        )
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def issue_token(session: Session, *, user: User, kind: str, now: datetime) -> tuple[str, AuthToken]:
    """A new sign-in token (``session`` for a browser cookie, ``bearer`` for the API); the
    secret is returned once."""
    secret = secrets.token_urlsafe(32)
    lifetime = SESSION_LIFETIME if kind == "session" else BEARER_LIFETIME
    token = AuthToken(
        token_hash=digest(secret),
        user_id=user.id,
        kind=kind,
        csrf_token=secrets.token_urlsafe(24) if kind == "session" else "",
        expires_at=now + lifetime,
    )
    session.add(token)
    session.flush()
    return secret, token


def revoke_token(session: Session, *, secret: str, now: datetime) -> None:
    token = session.scalar(select(AuthToken).where(AuthToken.token_hash == digest(secret)))
    if token is not None and token.revoked_at is None:
        token.revoked_at = now


def user_for_token(
    session: Session, *, secret: str, kind: str, now: datetime
) -> tuple[User, AuthToken]:
    token = session.scalar(select(AuthToken).where(AuthToken.token_hash == digest(secret)))
    if (
        token is None
        or token.kind != kind
        or token.revoked_at is not None
        or token.expires_at <= now
    ):
        raise UnauthenticatedError(
            "the session or token is unknown, expired or signed out",
            hint="Sign in again.",
        )
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        raise UnauthenticatedError("the user of this token is no longer active")
    return user, token


# --- API keys. --------------------------------------------------------------------------------


def create_api_key(
    session: Session, *, organization_id: str, user_id: str, name: str, actor: str
) -> tuple[str, ApiKey]:
    """A named key acting as ``user_id`` in the organization; the secret is returned once."""
    if not name.strip():
        raise InvalidInputError("an API key needs a name", hint="Name it after what uses it.")
    taken = session.scalar(
        select(ApiKey).where(
            ApiKey.organization_id == organization_id,
            ApiKey.user_id == user_id,
            ApiKey.name == name,
        )
    )
    if taken is not None:
        raise AlreadyExistsError(f"you already have an API key named {name!r}")
    secret = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        organization_id=organization_id,
        user_id=user_id,
        name=name,
        prefix=secret[: len(API_KEY_PREFIX) + 6],
        secret_hash=digest(secret),
    )
    session.add(key)
    session.flush()
    _audit(
        session,
        entity_type="api_key",
        entity_id=key.id,
        action="created",
        actor=actor,
        after={"name": name, "prefix": key.prefix, "user_id": user_id},
    )
    return secret, key


def key_for_secret(session: Session, *, secret: str, now: datetime) -> tuple[User, ApiKey]:
    key = session.scalar(select(ApiKey).where(ApiKey.secret_hash == digest(secret)))
    if key is None or key.revoked_at is not None:
        raise UnauthenticatedError("the API key is unknown or revoked", hint="Create a new key.")
    user = session.get(User, key.user_id)
    if user is None or not user.is_active:
        raise UnauthenticatedError("the user of this API key is no longer active")
    key.last_used_at = now
    return user, key


def revoke_api_key(session: Session, *, key: ApiKey, now: datetime, actor: str) -> None:
    if key.revoked_at is None:
        key.revoked_at = now
        _audit(
            session,
            entity_type="api_key",
            entity_id=key.id,
            action="revoked",
            actor=actor,
            after={"name": key.name},
        )


# --- Invitations. -----------------------------------------------------------------------------


def invite(
    session: Session,
    *,
    inviter: Principal,
    email: str,
    role: str,
    now: datetime,
) -> tuple[str, Invitation]:
    """Invite ``email`` to the inviter's organization; the token is returned once."""
    inviter.require(Permission.MANAGE_MEMBERS)
    chosen = check_role(role)
    if chosen == Role.OWNER and not inviter.can(Permission.MANAGE_ORGANIZATION):
        raise ForbiddenError("only an owner may make another owner")
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization_id=inviter.organization_id,
        email=normalize_email(email),
        role=chosen.value,
        token_hash=digest(secret),
        invited_by=inviter.user_id,
        expires_at=now + INVITATION_LIFETIME,
    )
    session.add(invitation)
    session.flush()
    _audit(
        session,
        entity_type="invitation",
        entity_id=invitation.id,
        action="created",
        actor=inviter.actor,
        after={"email": invitation.email, "role": chosen.value},
    )
    return secret, invitation


def accept_invitation(
    session: Session, *, secret: str, name: str, password: str, now: datetime
) -> tuple[User, Membership]:
    """Join with an invitation: the invited address becomes a user (or, when it is one
    already, gains the membership; the password must then be theirs)."""
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == digest(secret)))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= now:
        raise NotFoundError(
            "the invitation is unknown, used or expired",
            hint="Ask for a new invitation.",
        )
    user = user_by_email(session, invitation.email)
    actor = f"user:{invitation.email}"
    if user is None:
        user = create_user(
            session, email=invitation.email, name=name, password=password, actor=actor
        )
    elif not passwords.verify_password(user.password_hash, password):
        raise UnauthenticatedError("wrong password for the existing account of this address")
    member = add_member(
        session,
        organization_id=invitation.organization_id,
        user_id=user.id,
        role=invitation.role,
        actor=actor,
    )
    invitation.accepted_at = now
    return user, member


# --- Members and their keys. ------------------------------------------------------------------


def members(
    session: Session, *, organization_id: str, after_email: str | None = None, limit: int = 50
) -> list[tuple[Membership, User]]:
    """The organization's members with their users, by email (those after ``after_email``)."""
    query = (
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organization_id == organization_id)
    )
    if after_email is not None:
        query = query.where(User.email > after_email)
    rows = session.execute(query.order_by(User.email).limit(limit)).all()
    return [(row[0], row[1]) for row in rows]


def member_of(session: Session, *, organization_id: str, user_id: str) -> Membership:
    """The user's membership of the organization; ``NOT_FOUND`` for anyone else, exactly as
    for a user that does not exist."""
    found = membership(session, organization_id=organization_id, user_id=user_id)
    if found is None:
        raise NotFoundError(
            f"no member {user_id} in this organization", hint="GET /api/v1/members lists them."
        )
    return found


def change_role(session: Session, *, changer: Principal, user_id: str, role: str) -> Membership:
    """Give a member another role. Only an owner makes or unmakes owners, and the last owner
    stays one (``INVALID_STATE_TRANSITION``). Audited."""
    changer.require(Permission.MANAGE_MEMBERS)
    chosen = check_role(role)
    member = member_of(session, organization_id=changer.organization_id, user_id=user_id)
    if Role.OWNER in (chosen, member.role):
        _require_owner(changer, "make or unmake an owner")
    if member.role == Role.OWNER and chosen != Role.OWNER:
        _keep_an_owner(session, organization_id=changer.organization_id, doing="demote")
    before = member.role
    member.role = chosen.value
    _audit_membership(session, member, action="role_changed", actor=changer.actor, before=before)
    return member


def remove_member(session: Session, *, remover: Principal, user_id: str) -> None:
    """Take a member out of the organization (their sign-ins and keys no longer act in it).
    Only an owner removes an owner, and never the last one. Audited."""
    remover.require(Permission.MANAGE_MEMBERS)
    member = member_of(session, organization_id=remover.organization_id, user_id=user_id)
    if member.role == Role.OWNER:
        _require_owner(remover, "remove an owner")
        _keep_an_owner(session, organization_id=remover.organization_id, doing="remove")
    _audit_membership(session, member, action="removed", actor=remover.actor, before=member.role)
    session.delete(member)
    session.flush()


def _require_owner(principal: Principal, what: str) -> None:
    if not principal.can(Permission.MANAGE_ORGANIZATION):
        raise ForbiddenError(
            f"only an owner may {what}",
            hint="Ask an owner of the organization.",
            details={"role": principal.role},
        )


def _keep_an_owner(session: Session, *, organization_id: str, doing: str) -> None:
    """Refuse to take away the last owner. The owners' rows are locked (PostgreSQL) so two
    owners demoting each other at once cannot both succeed."""
    owners = session.scalars(
        select(Membership)
        .where(Membership.organization_id == organization_id, Membership.role == Role.OWNER)
        .with_for_update()
    ).all()
    if len(owners) <= 1:
        raise InvalidStateTransitionError(
            f"cannot {doing} the last owner: the organization would have no owner",
            hint="Make another member an owner first.",
            details={"owners": len(owners)},
        )


def _audit_membership(
    session: Session, member: Membership, *, action: str, actor: str, before: str
) -> None:
    audit.record(
        session,
        entity_type="membership",
        entity_id=member.id,
        action=action,
        actor=actor,
        trace_id=uuid.uuid4().hex,
        before={
            "organization_id": member.organization_id,
            "user_id": member.user_id,
            "role": before,
        },
        after={
            "organization_id": member.organization_id,
            "user_id": member.user_id,
            "role": None if action == "removed" else member.role,
        },
    )


def api_keys_of(session: Session, *, organization_id: str, user_id: str) -> list[ApiKey]:
    """A user's API keys in one organization (revoked ones too), newest first."""
    return list(
        session.scalars(
            select(ApiKey)
            .where(ApiKey.organization_id == organization_id, ApiKey.user_id == user_id)
            .order_by(ApiKey.created_at.desc(), ApiKey.id)
        )
    )


def revoke_member_key(
    session: Session, *, revoker: Principal, key_id: str, now: datetime
) -> ApiKey:
    """Revoke an API key of the revoker's organization: their own, or anyone's with
    ``manage_members``. Another organization's key is ``NOT_FOUND``."""
    key = session.get(ApiKey, key_id)
    if key is None or key.organization_id != revoker.organization_id:
        raise NotFoundError(f"no API key {key_id}", hint="GET /api/v1/api-keys lists yours.")
    if key.user_id != revoker.user_id:
        revoker.require(Permission.MANAGE_MEMBERS)
    revoke_api_key(session, key=key, now=now, actor=revoker.actor)
    return key
