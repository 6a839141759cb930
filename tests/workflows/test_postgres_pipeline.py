"""Nothing assumes SQLite: the same migrations and the same daily run on PostgreSQL, with the
workflow engine's tables in the ``dbos`` schema of the application's own database.

Runs when ``PRESSROOM_TEST_POSTGRES_URL`` names a server (``.ci/run`` sets it); each test gets
a fresh database there, dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from dbos import DBOS, SetWorkflowID
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from pressroom.audit import service as audit
from pressroom.audit.models import AuditEvent
from pressroom.cli.context import AppContext, open_app
from pressroom.config import Settings
from pressroom.db.base import Base
from pressroom.db.migrate import alembic_config
from pressroom.db.session import transaction
from pressroom.ideas.models import Idea
from pressroom.publishing.models import PublishJobRecord
from pressroom.runs.models import Run
from pressroom.scoring.models import ScoreCardRecord
from pressroom.workflows import runtime
from pressroom.workflows.daily import daily_run
from pressroom.writing.models import Piece
from tests.postgres import fresh_database
from tests.workflows.conftest import seed

pytestmark = pytest.mark.postgres

RUN_ID = "pg-run"
RUN_DATE = "2026-11-21"


def psycopg_url(url: str) -> str:
    """``url`` with the psycopg (3) driver, whichever PostgreSQL URL form it was given in."""
    return make_url(url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


@pytest.fixture
def pg_factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a fresh, migrated database of the test's own."""
    with fresh_database(psycopg_url(postgres_url), prefix="pressroom_pipeline") as factory:
        yield factory


def engine_of(factory: sessionmaker[Session]) -> Engine:
    bound: Engine = factory.kw["bind"]
    return bound


def url_of(factory: sessionmaker[Session]) -> str:
    return engine_of(factory).url.render_as_string(hide_password=False)


def test_migrations_reach_head_with_every_table(pg_factory: sessionmaker[Session]) -> None:
    head = ScriptDirectory.from_config(alembic_config(url_of(pg_factory))).get_current_head()
    with engine_of(pg_factory).connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names())
    assert head is not None
    assert current == head
    assert set(Base.metadata.tables) <= tables, set(Base.metadata.tables) - tables


def test_audit_log_refuses_update_and_delete(pg_factory: sessionmaker[Session]) -> None:
    with transaction(pg_factory) as session:
        event = audit.record(
            session,
            entity_type="piece",
            entity_id="p-1",
            action="status.generated",
            actor="test",
            trace_id="trace-pg",
            after={"status": "generated"},
        )
        session.flush()
        event_id = event.id
    statements = [
        text("UPDATE audit_events SET actor = 'someone else' WHERE id = :id"),
        text("DELETE FROM audit_events WHERE id = :id"),
    ]
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), transaction(pg_factory) as session:
            session.execute(statement, {"id": event_id})
    with transaction(pg_factory) as session:
        kept = session.get(AuditEvent, event_id)
        assert kept is not None
        assert (kept.actor, kept.after) == ("test", {"status": "generated"})


@pytest.fixture
def pg_app(pg_factory: sessionmaker[Session], tmp_path: Path) -> Iterator[AppContext]:
    """The app on the PostgreSQL database with the workflow engine launched; the engine's
    system database defaults to the same database."""
    settings = Settings(data_dir=tmp_path / "data", database_url=url_of(pg_factory), _env_file=None)
    assert settings.dbos_database_url == settings.app_database_url
    app = open_app(settings)
    runtime.launch(app)
    yield app
    runtime.destroy()
    app.engine.dispose()


def scalar(app: AppContext, statement: Any) -> Any:
    with transaction(app.session_factory) as session:
        return session.scalar(statement)


@pytest.mark.forked
def test_daily_run_completes_on_postgres(pg_app: AppContext) -> None:
    slug = seed(pg_app)
    with SetWorkflowID(RUN_ID):
        handle = DBOS.start_workflow(
            daily_run,
            run_id=RUN_ID,
            brand_slug=slug,
            run_date=RUN_DATE,
            model="builtin",
            trigger="manual",
            trace_id="trace-pg",
        )
    result = handle.get_result()

    assert result["status"] == "completed", result
    assert scalar(pg_app, select(func.count()).select_from(Idea)) == 5
    assert scalar(pg_app, select(func.count()).select_from(ScoreCardRecord)) == 15
    with transaction(pg_app.session_factory) as session:
        run = session.get(Run, RUN_ID)
        assert run is not None
        assert run.status == "completed"
        pieces = {piece.id: piece.status for piece in session.scalars(select(Piece))}
        jobs = session.scalars(select(PublishJobRecord)).all()
    assert len(pieces) == 15
    assert set(pieces.values()) <= {"scheduled", "published"}, pieces
    assert {job.piece_id for job in jobs} == set(pieces)
    published = [job for job in jobs if job.status == "published"]
    assert published, "posts due within the outbox lead time are bundled now"
    outbox = pg_app.settings.outbox_dir
    assert all((outbox / str(job.external_id) / "post.txt").is_file() for job in published)
    assert_engine_state_in_dbos_schema(pg_app)


def assert_engine_state_in_dbos_schema(app: AppContext) -> None:
    """The engine's tables sit in the ``dbos`` schema of the application's database, apart
    from the application's tables, and hold the run."""
    with app.engine.connect() as connection:
        dbos_tables = set(inspect(connection).get_table_names(schema="dbos"))
        public_tables = set(inspect(connection).get_table_names(schema="public"))
        run_state = connection.scalar(
            text("SELECT status FROM dbos.workflow_status WHERE workflow_uuid = :id"),
            {"id": RUN_ID},
        )
    assert {"workflow_status", "operation_outputs"} <= dbos_tables, dbos_tables
    assert not dbos_tables & public_tables, dbos_tables & public_tables
    assert set(Base.metadata.tables) <= public_tables
    assert run_state == "SUCCESS"
