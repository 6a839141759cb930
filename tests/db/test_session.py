"""Transactions on SQLite: threads of one process queue at the engine's write gate (SQLite
takes one writer at a time), and a thread may nest transactions without waiting for itself."""

from __future__ import annotations

import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.db.session import transaction
from pressroom.ledger.models import CostEntry


def _add_entry(session: Session, key: str) -> None:
    session.add(CostEntry(operation_key=key, pillar="copywriter", provider="p", model="m"))


def test_a_second_thread_waits_until_the_first_transaction_ends(
    session_factory: sessionmaker[Session],
) -> None:
    events: list[str] = []
    first_inside = threading.Event()
    second_started = threading.Event()

    def first() -> None:
        with transaction(session_factory) as session:
            _add_entry(session, "first")
            session.flush()
            first_inside.set()
            # The second thread is asked in now; it must not get in while this one is open.
            assert second_started.wait(10)
            events.append("first: still inside")
        events.append("first: committed")

    def second() -> None:
        assert first_inside.wait(10)
        second_started.set()
        with transaction(session_factory) as session:
            events.append("second: inside")
            _add_entry(session, "second")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert events == ["first: still inside", "first: committed", "second: inside"]
    with transaction(session_factory) as session:
        assert session.scalar(select(func.count()).select_from(CostEntry)) == 2


def test_one_thread_may_open_a_transaction_inside_another(
    session_factory: sessionmaker[Session],
) -> None:
    with transaction(session_factory) as outer:
        _add_entry(outer, "outer")
        with transaction(session_factory) as inner:
            assert inner.scalar(select(func.count()).select_from(CostEntry)) == 0
    with transaction(session_factory) as session:
        assert session.scalar(select(func.count()).select_from(CostEntry)) == 1
