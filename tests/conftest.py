"""Shared fixtures: a real SQLite database per test (migrations applied once per worker and
copied), settings pointing at a temporary data folder, and the PostgreSQL URL when given."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pressroom.config import Settings
from pressroom.db.migrate import upgrade
from pressroom.db.session import make_engine, make_session_factory

POSTGRES_URL_ENV = "PRESSROOM_TEST_POSTGRES_URL"

# Runs render no media unless a test asks for it (tests/media and the media workflow tests
# turn it on): a reel's video takes seconds to render, and most tests are about the rest.
# Set here, so the processes tests start (CLI, studio server) inherit it.
os.environ.setdefault("PRESSROOM_MEDIA_RENDER", "false")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every migration applied, made once per test worker."""
    path = tmp_path_factory.mktemp("template") / "pressroom.sqlite"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_template: Path) -> Settings:
    """Settings on a fresh data folder whose application database is already migrated."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(migrated_template, data_dir / "pressroom.sqlite")
    return Settings(data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.app_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session inside one transaction, rolled back after the test."""
    with session_factory() as session, session.begin():
        yield session
        session.rollback()


@pytest.fixture
def postgres_url() -> str:
    """The PostgreSQL server to test against; skips with instructions when none is given."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        pytest.skip(
            f"set {POSTGRES_URL_ENV}=postgresql+psycopg://USER@HOST:PORT/DB to run PostgreSQL tests"
        )
    return url
