"""Claiming an attempt and publishing on PostgreSQL behave as on SQLite: one of two workers
wins the claim, and the winner's job carries the claimed attempt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from pressroom.db.session import transaction
from pressroom.providers.publishers.outbox import OutboxPublisher
from pressroom.publishing import repository, service
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.schemas import PublishJobStatus
from tests.factories import make_brand
from tests.postgres import fresh_database
from tests.publishing.factories import NOW, make_piece

pytestmark = pytest.mark.postgres

S = PublishJobStatus


@pytest.fixture
def pg_factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    with fresh_database(postgres_url, prefix="pressroom_publishing") as factory:
        yield factory


def scheduled_job(factory: sessionmaker[Session]) -> str:
    with transaction(factory) as session:
        brand = make_brand(session)
        piece = make_piece(session, brand=brand)
        job = service.schedule_piece(
            session, piece=piece, brand=brand, now=NOW, actor="tester", trace_id="trace-pg"
        )
        return job.id


def test_of_two_workers_one_claims_and_sees_its_attempt(pg_factory: sessionmaker[Session]) -> None:
    job_id = scheduled_job(pg_factory)
    with pg_factory() as first, pg_factory() as second:
        mine = first.get_one(PublishJobRecord, job_id)
        theirs = second.get_one(PublishJobRecord, job_id)
        assert repository.claim_attempt(first, job=mine, lease_until=NOW)
        assert (mine.status, mine.attempt, mine.next_retry_at) == (S.PUBLISHING, 1, NOW)
        first.commit()
        assert not repository.claim_attempt(second, job=theirs, lease_until=NOW)
        second.rollback()
    with transaction(pg_factory) as session:
        job = session.get_one(PublishJobRecord, job_id)
        assert (job.status, job.attempt) == (S.PUBLISHING, 1)


def test_a_job_is_published_once(pg_factory: sessionmaker[Session], tmp_path: Path) -> None:
    job_id = scheduled_job(pg_factory)
    outbox = OutboxPublisher(tmp_path)
    first = service.publish_job(pg_factory, job_id=job_id, publisher=outbox, now=NOW, actor="p")
    again = service.publish_job(pg_factory, job_id=job_id, publisher=outbox, now=NOW, actor="p")
    assert (first.action, first.status, first.attempt) == ("published", S.PUBLISHED, 1)
    assert (again.action, again.attempt) == ("already_published", 1)
    assert len(list((tmp_path / "northwind-coffee" / "linkedin").iterdir())) == 1
