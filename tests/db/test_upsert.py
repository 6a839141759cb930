"""``upsert``: insert, keep or update by natural key, on SQLite and PostgreSQL, in one
statement whenever the database returns the row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.db.session import transaction
from pressroom.db.upsert import upsert
from pressroom.ledger.models import CostEntry
from tests.postgres import fresh_database

VALUES: dict[str, Any] = {
    "operation_key": "run-1:idea-1:linkedin:1",
    "pillar": "copywriter",
    "provider": "openai",
    "model": "gpt-test",
    "input_tokens": 100,
    "output_tokens": 20,
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def factory(
    request: pytest.FixtureRequest, session_factory: sessionmaker[Session]
) -> Iterator[sessionmaker[Session]]:
    if request.param == "sqlite":
        yield session_factory
        return
    postgres_url = request.getfixturevalue("postgres_url")
    with fresh_database(postgres_url, prefix="pressroom_upsert") as pg_factory:
        yield pg_factory


def _entry(session: Session, **changes: Any) -> CostEntry:
    values = {**VALUES, **changes}
    return upsert(
        session, CostEntry, keys=["operation_key"], values=values, update=("output_tokens",)
    )


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(CostEntry)) or 0)


def test_a_new_key_is_inserted_with_its_defaults(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        row = _entry(session)
        assert (row.operation_key, row.output_tokens, row.usd) == (VALUES["operation_key"], 20, 0.0)
        assert row.id
        assert row.created_at is not None
        assert _count(session) == 1


def test_an_existing_key_updates_only_the_named_columns(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        first = _entry(session)
        again = _entry(session, output_tokens=35, input_tokens=999)
        assert again is first  # the session's own copy, brought up to date
        assert (again.output_tokens, again.input_tokens) == (35, 100)
        assert _count(session) == 1
    with transaction(factory) as session:
        stored = session.scalars(select(CostEntry)).one()
        assert (stored.output_tokens, stored.input_tokens) == (35, 100)


def test_without_update_columns_the_stored_row_is_kept(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        first = upsert(session, CostEntry, keys=["operation_key"], values=VALUES)
        kept = upsert(
            session, CostEntry, keys=["operation_key"], values={**VALUES, "output_tokens": 1}
        )
        assert kept.id == first.id
        assert kept.output_tokens == 20
        assert _count(session) == 1


def test_a_row_held_by_another_session_is_refreshed(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        _entry(session)
    with transaction(factory) as session:
        held = session.scalars(select(CostEntry)).one()
        with transaction(factory) as other:
            _entry(other, output_tokens=50)
        assert _entry(session, output_tokens=60) is held
        assert held.output_tokens == 60


def test_insert_and_update_are_one_statement_each(session: Session) -> None:
    statements: list[str] = []
    connection = session.connection()

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(connection, "before_cursor_execute", record)
    try:
        _entry(session)
        _entry(session, output_tokens=35)
    finally:
        event.remove(connection, "before_cursor_execute", record)
    assert len(statements) == 2
    assert all(s.lstrip().upper().startswith("INSERT") for s in statements)
