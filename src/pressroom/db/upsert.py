"""Idempotent upserts by natural key, portable across SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pressroom.db.base import Base

ModelT = TypeVar("ModelT", bound=Base)


def upsert(
    session: Session,
    model: type[ModelT],
    *,
    keys: Sequence[str],
    values: dict[str, Any],
    update: Sequence[str] = (),
) -> ModelT:
    """Insert ``values`` or, when a row with the same natural ``keys`` exists, update only the
    ``update`` columns (none: keep the stored row as it is). Returns the stored row.

    Uses ``INSERT … ON CONFLICT`` so concurrent writers cannot create duplicates.
    """
    dialect = session.get_bind().dialect.name
    insert_fn: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_fn(model).values(**values)
    if update:
        statement = statement.on_conflict_do_update(
            index_elements=list(keys), set_={name: values[name] for name in update}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    # RETURNING hands back the inserted or updated row in the same statement (both SQLite
    # ≥ 3.35 and PostgreSQL have it); populate_existing overwrites a copy of that row the
    # session already holds, which would otherwise keep its stale values.
    returned: ModelT | None = session.scalars(
        statement.returning(model), execution_options={"populate_existing": True}
    ).one_or_none()
    if returned is not None:
        return returned
    # DO NOTHING returns no row when the key exists: the stored row is the answer.
    criteria = [getattr(model, key) == values[key] for key in keys]
    return session.scalars(select(model).where(*criteria)).one()
