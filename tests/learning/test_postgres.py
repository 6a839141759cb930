"""Two learners proposing at once on PostgreSQL: the second waits for the first's version
and then gets VERSION_CONFLICT instead of a second version 1."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.learning import service
from pressroom.learning.models import PromptProfileRecord
from tests.factories import make_brand
from tests.learning.factories import NOW, make_question_wins_on_x
from tests.postgres import fresh_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    with fresh_database(postgres_url, prefix="pressroom_learning") as factory:
        yield factory


def test_concurrent_learners_write_one_version(pg_factory: sessionmaker[Session]) -> None:
    with transaction(pg_factory) as session:
        brand_id = make_brand(session).id
        make_question_wins_on_x(session, session.get_one(Brand, brand_id))
    first_written = threading.Event()
    errors: list[PressroomError] = []

    def learn_meanwhile() -> None:
        first_written.wait(timeout=10)
        try:
            with transaction(pg_factory) as session:
                brand = session.get_one(Brand, brand_id)
                service.learn(session, brand=brand, now=NOW, actor="ben", trace_id="t2")
        except PressroomError as error:
            errors.append(error)

    second = threading.Thread(target=learn_meanwhile)
    second.start()
    with transaction(pg_factory) as session:
        brand = session.get_one(Brand, brand_id)
        service.learn(session, brand=brand, now=NOW, actor="ana", trace_id="t1")
        first_written.set()
        # Give the second learner time to reach the unique index before this one commits.
        second.join(timeout=1.0)
        assert second.is_alive()
    second.join(timeout=10)

    assert [(e.code, e.retryable) for e in errors] == [(ErrorCode.VERSION_CONFLICT, True)]
    with transaction(pg_factory) as session:
        rows = session.execute(select(PromptProfileRecord.version, PromptProfileRecord.status))
        assert [tuple(row) for row in rows] == [(1, "approval_required")]
        assert service.active_strategy(session, brand_id=brand_id)[0] is None
