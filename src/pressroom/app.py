"""What every entry point that touches data needs (commands, the workflow engine, tests):
settings, logging, a migrated database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pressroom.config import Settings, load_settings
from pressroom.db.migrate import upgrade
from pressroom.db.session import make_engine, make_session_factory
from pressroom.logging import configure_logging


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]


def open_app(settings: Settings | None = None) -> AppContext:
    """Read settings (from ``PRESSROOM_*``), configure JSON logs, create the data folder and
    bring the application database up to date."""
    settings = settings or load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    configure_logging(level=settings.log_level, path=settings.log_path)
    upgrade(settings.app_database_url)
    engine = make_engine(settings.app_database_url)
    return AppContext(
        settings=settings, engine=engine, session_factory=make_session_factory(engine)
    )
