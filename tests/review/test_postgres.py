"""Two people deciding about one piece at once, on PostgreSQL: the second waits for the first
and then sees its decision, instead of acting on the status both read."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.review import service
from pressroom.review.models import Review
from tests.postgres import fresh_database
from tests.review.checks import store

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    """A freshly migrated database of its own on the given PostgreSQL server."""
    with fresh_database(postgres_url, prefix="pressroom_review") as factory:
        yield factory


def test_a_second_decision_waits_for_the_first_and_sees_it(
    pg_factory: sessionmaker[Session],
) -> None:
    piece_id = store(pg_factory)
    first_decided = threading.Event()
    errors: list[PressroomError] = []

    def approve_meanwhile() -> None:
        first_decided.wait(timeout=10)
        try:
            with transaction(pg_factory) as session:
                service.approve(session, piece_id=piece_id, actor="ben", trace_id="t2")
        except PressroomError as error:
            errors.append(error)

    second = threading.Thread(target=approve_meanwhile)
    second.start()
    with transaction(pg_factory) as session:
        service.reject(session, piece_id=piece_id, actor="ana", reason="off brand", trace_id="t1")
        first_decided.set()
        # Give the second reviewer time to reach the locked row before this one commits.
        second.join(timeout=0.5)
        assert second.is_alive()
    second.join(timeout=10)

    assert [error.code for error in errors] == [ErrorCode.INVALID_STATE_TRANSITION]
    with transaction(pg_factory) as session:
        decisions = session.execute(select(Review.actor, Review.decision)).all()
    assert [tuple(row) for row in decisions] == [("ana", "rejected")]
