"""Accounts: who may use Pressroom, in which organization, with which role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pressroom.db.base import Base, IdMixin, TimestampMixin

DEFAULT_ORGANIZATION_ID = "00000000-0000-4000-8000-000000000001"
"""The organization every brand made before accounts existed belongs to (and every brand the
CLI makes without ``--org``)."""
DEFAULT_ORGANIZATION_SLUG = "default"


class Organization(IdMixin, TimestampMixin, Base):
    """A tenant: its brands, members and keys are invisible to every other organization."""

    __tablename__ = "organizations"

    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class User(IdMixin, TimestampMixin, Base):
    """A person. ``email`` is stored lower-cased; the password only as an argon2 hash."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)


class Membership(IdMixin, TimestampMixin, Base):
    """A user's role in one organization."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("organization_id", "user_id"),)

    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class AuthToken(IdMixin, TimestampMixin, Base):
    """A signed-in session (browser cookie) or a bearer token: only its SHA-256 is stored.
    A cookie session carries the CSRF token its forms must echo."""

    __tablename__ = "auth_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    csrf_token: Mapped[str] = mapped_column(String(64), default="")
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class ApiKey(IdMixin, TimestampMixin, Base):
    """A named key for integrations, acting as its user within one organization. The secret
    is shown once; only its SHA-256 is stored, with a short prefix to recognise it by."""

    __tablename__ = "api_keys"
    __table_args__ = (UniqueConstraint("organization_id", "user_id", "name"),)

    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class Invitation(IdMixin, TimestampMixin, Base):
    """An invitation to join an organization with a role; accepted once, before it expires."""

    __tablename__ = "invitations"

    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None] = mapped_column(default=None)
