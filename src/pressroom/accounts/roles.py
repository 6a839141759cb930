"""Roles and what each may do: one table, rendered in docs/ACCOUNTS.md (a test keeps the
two in step)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    EDITOR = "editor"
    REVIEWER = "reviewer"
    VIEWER = "viewer"


class Permission(StrEnum):
    """What a request needs. Reading is every member's; the rest is granted per role."""

    READ = "read"
    REVIEW = "review"
    EDIT_CONTENT = "edit_content"
    RUN_PIPELINE = "run_pipeline"
    MANAGE_BRANDS = "manage_brands"
    APPROVE_PROFILES = "approve_profiles"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_ORGANIZATION = "manage_organization"


_EVERYTHING = frozenset(Permission)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: _EVERYTHING,
    Role.ADMIN: _EVERYTHING - {Permission.MANAGE_ORGANIZATION},
    Role.EDITOR: frozenset(
        {
            Permission.READ,
            Permission.REVIEW,
            Permission.EDIT_CONTENT,
            Permission.RUN_PIPELINE,
        }
    ),
    Role.REVIEWER: frozenset({Permission.READ, Permission.REVIEW}),
    Role.VIEWER: frozenset({Permission.READ}),
}
"""What each role may do. Every member may read their organization; only an owner may
change the organization itself or make another owner."""

PERMISSION_MEANING: dict[Permission, str] = {
    Permission.READ: "see the organization's brands, runs, pieces, metrics, costs, audit log",
    Permission.REVIEW: "approve, reject or ask for a revision of a piece",
    Permission.EDIT_CONTENT: "edit pieces, reschedule posts, add trend sources and metrics",
    Permission.RUN_PIPELINE: "start runs",
    Permission.MANAGE_BRANDS: "create and change brands (guidelines, channels, policy)",
    Permission.APPROVE_PROFILES: "approve a prompt profile so it steers the next runs",
    Permission.MANAGE_MEMBERS: "invite people, change roles (up to admin), remove members",
    Permission.MANAGE_SETTINGS: "change schedule and provider settings",
    Permission.MANAGE_ORGANIZATION: "rename the organization, make or remove owners",
}


def allows(role: str, permission: Permission) -> bool:
    """Whether ``role`` grants ``permission`` (an unknown role grants nothing)."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
