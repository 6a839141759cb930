"""Engines and sessions. SQLite gets WAL + ``synchronous=NORMAL`` + a busy timeout, and one
write gate per engine; nothing else in the code base may depend on which backend is in use."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

_write_gates: weakref.WeakKeyDictionary[Engine, threading.RLock] = weakref.WeakKeyDictionary()
"""SQLite takes one writer at a time. Left to SQLite, concurrent transactions of one process
wait in its busy handler, which sleeps 1, 2, 5, 10… ms between tries: a burst of short
transactions (a run's pieces settling together) then waits far longer than it works. Threads
of one process queue here instead, and each goes the moment the one before commits; between
processes the busy timeout still applies."""


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; for SQLite, make the folder and apply the pragmas on every connect."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _tune_sqlite)
        _write_gates[engine] = threading.RLock()
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error. Callers own transactions;
    services never commit. On SQLite, one transaction of the process at a time (see
    ``_write_gates``): hold none across anything slow, such as the network."""
    gate = _write_gates.get(factory.kw["bind"])
    with gate or nullcontext(), factory() as session, session.begin():
        yield session
