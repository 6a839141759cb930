"""A live studio for tests: the real app served by uvicorn on a free loopback port, on a
fresh SQLite data folder, with two organizations (``acme``, ``globex``), one user per role in
each and one brand each. Clients are real HTTP clients (httpx) signed in as a role."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from unittest.mock import patch

import httpx
import uvicorn
from fastapi import FastAPI

from pressroom.accounts import passwords
from pressroom.accounts import service as accounts
from pressroom.accounts.roles import Role
from pressroom.app import AppContext
from pressroom.config import Settings
from pressroom.contracts import utcnow
from pressroom.db.session import make_engine, make_session_factory, transaction
from pressroom.web.app import create_app
from tests.factories import make_brand

ORGANIZATIONS = ("acme", "globex")
PASSWORD = "correct horse battery staple"


def email_for(role: Role | str, org: str) -> str:
    return f"{role}@{org}.test"


@dataclass
class Studio:
    """The running studio: its base ``url``, app context, and what was seeded."""

    url: str
    context: AppContext
    organization_ids: dict[str, str] = field(default_factory=dict)
    brand_ids: dict[str, str] = field(default_factory=dict)
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    def client(self, role: Role | str = Role.OWNER, org: str = "acme") -> httpx.Client:
        """A client signed in (bearer token) as ``role`` of ``org``."""
        token = self.tokens[(str(role), org)]
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    def anonymous(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(app: FastAPI, *, lifespan: str = "off") -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yields its base URL. With
    ``lifespan="on"`` the app's startup and shutdown run, as under ``pressroom serve``."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


_password_hash = cache(passwords.hash_password)


def seed(context: AppContext, studio: Studio) -> None:
    """Two organizations, a user of every role in each, a brand each, a token per user.
    (Every seeded user has the same password: hashed once, as argon2 is slow on purpose.)"""
    with (
        patch.object(passwords, "hash_password", _password_hash),
        transaction(context.session_factory) as session,
    ):
        for org in ORGANIZATIONS:
            organization = accounts.create_organization(
                session, slug=org, name=org.title(), actor="test"
            )
            studio.organization_ids[org] = organization.id
            brand = make_brand(
                session, organization_id=organization.id, slug=f"{org}-brand", name=org.title()
            )
            studio.brand_ids[org] = brand.id
            for role in Role:
                user = accounts.create_user(
                    session,
                    email=email_for(role, org),
                    name=role.title(),
                    password=PASSWORD,
                    actor="test",
                )
                accounts.add_member(
                    session,
                    organization_id=organization.id,
                    user_id=user.id,
                    role=role.value,
                    actor="test",
                )
                secret, _ = accounts.issue_token(session, user=user, kind="bearer", now=utcnow())
                studio.tokens[(role.value, org)] = secret


@contextmanager
def running_studio(settings: Settings) -> Iterator[Studio]:
    engine = make_engine(settings.app_database_url)
    context = AppContext(
        settings=settings, engine=engine, session_factory=make_session_factory(engine)
    )
    try:
        with serve(create_app(context)) as url:
            studio = Studio(url=url, context=context)
            seed(context, studio)
            yield studio
    finally:
        engine.dispose()
