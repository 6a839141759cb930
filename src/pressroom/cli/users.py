"""``pressroom users``: create the first owner (and other users), organizations, API keys."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from pressroom.accounts import service as accounts
from pressroom.accounts.models import DEFAULT_ORGANIZATION_SLUG
from pressroom.cli.context import open_app
from pressroom.db.session import transaction
from pressroom.errors import InvalidInputError

console = Console()
users_app = typer.Typer(
    help="People and organizations: users, roles, API keys.", no_args_is_help=True
)
ACTOR = "cli"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise InvalidInputError(
            "no terminal to ask for the password",
            hint="Pipe it in with --password-stdin.",
        )
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("create")
def create(
    email: Annotated[str, typer.Option(help="The user's email address (their sign-in name).")],
    name: Annotated[str, typer.Option(help="Their name as the studio shows it.")] = "",
    org: Annotated[
        str, typer.Option(help="Slug of the organization to join (created when missing).")
    ] = DEFAULT_ORGANIZATION_SLUG,
    role: Annotated[str, typer.Option(help="owner, admin, editor, reviewer or viewer.")] = "owner",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a user with a role in an organization (the first owner, typically)."""
    accounts.check_role(role)
    password = _password(password_stdin)
    app = open_app()
    with transaction(app.session_factory) as session:
        organization = accounts.find_organization(session, org)
        if organization is None:
            organization = accounts.create_organization(session, slug=org, name=org, actor=ACTOR)
        user = accounts.create_user(session, email=email, name=name, password=password, actor=ACTOR)
        accounts.add_member(
            session, organization_id=organization.id, user_id=user.id, role=role, actor=ACTOR
        )
    console.print(f"user [bold]{user.email}[/] created: {role} of {org}")


@users_app.command("list")
def list_users() -> None:
    """Every user with their organizations and roles."""
    app = open_app()
    with transaction(app.session_factory) as session:
        for user in accounts.all_users(session):
            roles = ", ".join(
                f"{o.slug}: {m.role}" for m, o in accounts.memberships_of(session, user.id)
            )
            state = "" if user.is_active else "  (deactivated)"
            console.print(f"{user.email}  {user.name}  {roles or '—'}{state}", highlight=False)


@users_app.command("api-key")
def api_key(
    email: Annotated[str, typer.Option(help="The user the key acts as.")],
    name: Annotated[str, typer.Option(help="What the key is for (unique per user).")],
    org: Annotated[
        str, typer.Option(help="Slug of the organization it acts in.")
    ] = DEFAULT_ORGANIZATION_SLUG,
) -> None:
    """Create a named API key; the key is printed once."""
    app = open_app()
    with transaction(app.session_factory) as session:
        organization = accounts.organization_by_slug(session, org)
        user = accounts.user_by_email(session, email)
        if (
            user is None
            or accounts.membership(session, organization_id=organization.id, user_id=user.id)
            is None
        ):
            raise InvalidInputError(
                f"{email} is not a member of {org}", hint="`pressroom users list` shows who is."
            )
        secret, _ = accounts.create_api_key(
            session, organization_id=organization.id, user_id=user.id, name=name, actor=ACTOR
        )
    console.print(secret, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
