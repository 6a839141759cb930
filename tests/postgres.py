"""A freshly migrated database of its own on the PostgreSQL server given for tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from pressroom.db.migrate import upgrade
from pressroom.db.session import make_engine, make_session_factory


@contextmanager
def fresh_database(postgres_url: str, *, prefix: str) -> Iterator[sessionmaker[Session]]:
    """Create, migrate, hand out and finally drop a database named ``prefix_<random>``."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    engine = make_engine(url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
