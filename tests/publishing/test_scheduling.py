from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.audit.models import AuditEvent
from pressroom.contracts import all_contracts
from pressroom.errors import ErrorCode, PressroomError
from pressroom.publishing import service
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.schemas import PublishJobEnvelope, PublishJobStatus
from tests.factories import make_brand
from tests.publishing.factories import NOW, make_piece


def schedule(session: Session, piece, brand, **kwargs):  # type: ignore[no-untyped-def]
    return service.schedule_piece(
        session,
        piece=piece,
        brand=brand,
        now=kwargs.pop("now", NOW),
        actor="tester",
        trace_id="trace-schedule",
        **kwargs,
    )


def test_scheduling_creates_one_job_at_the_next_slot_and_moves_the_piece(
    session: Session,
) -> None:
    brand = make_brand(session, posting_slots={"linkedin": ["08:30", "12:00"]})
    piece = make_piece(session, brand=brand)
    job = schedule(session, piece, brand)
    assert job.status == PublishJobStatus.SCHEDULED
    assert job.schedule_at == datetime(2026, 3, 27, 11, 0, tzinfo=UTC)  # 12:00 Berlin
    assert job.idempotency_key == f"pub-{piece.id}"
    assert (job.channel, job.connector, job.attempt) == ("linkedin", "outbox", 0)
    assert piece.status == "scheduled"
    events = audit.history(session, entity_type="piece", entity_id=piece.id)
    assert [(e.action, e.trace_id) for e in events] == [("status.scheduled", "trace-schedule")]
    assert [
        e.action for e in audit.history(session, entity_type="publish_job", entity_id=job.id)
    ] == ["scheduled"]


def test_scheduling_again_returns_the_same_job(session: Session) -> None:
    brand = make_brand(session)
    piece = make_piece(session, brand=brand)
    first = schedule(session, piece, brand)
    again = schedule(session, piece, brand, now=NOW + timedelta(days=3))
    assert again.id == first.id
    assert again.schedule_at == first.schedule_at
    assert session.scalar(select(func.count()).select_from(PublishJobRecord)) == 1


def test_pieces_of_one_channel_get_successive_free_slots(session: Session) -> None:
    brand = make_brand(session, posting_slots={"x": ["09:00", "17:30"]})
    jobs = [
        schedule(session, make_piece(session, brand=brand, channel="x"), brand) for _ in range(3)
    ]
    assert [job.schedule_at for job in jobs] == [
        datetime(2026, 3, 27, 16, 30, tzinfo=UTC),
        datetime(2026, 3, 28, 8, 0, tzinfo=UTC),
        datetime(2026, 3, 28, 16, 30, tzinfo=UTC),
    ]
    # Another channel's slots are its own.
    other = schedule(session, make_piece(session, brand=brand, channel="linkedin"), brand)
    assert other.schedule_at == datetime(2026, 3, 27, 11, 0, tzinfo=UTC)


def test_explicit_posting_time_is_kept(session: Session) -> None:
    brand = make_brand(session)
    piece = make_piece(session, brand=brand)
    at = datetime(2026, 4, 1, 15, 45, tzinfo=UTC)
    assert schedule(session, piece, brand, schedule_at=at).schedule_at == at


@pytest.mark.parametrize("status", ["rejected", "generated", "revision_requested"])
def test_scheduling_an_unapproved_piece_is_refused_and_writes_nothing(
    session: Session, status: str
) -> None:
    brand = make_brand(session)
    piece = make_piece(session, brand=brand, status=status)
    events_before = session.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(PressroomError) as caught:
        schedule(session, piece, brand)
    assert caught.value.code == ErrorCode.INVALID_STATE_TRANSITION
    session.flush()
    assert piece.status == status
    assert session.scalar(select(func.count()).select_from(PublishJobRecord)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events_before


def test_scheduling_a_piece_of_another_brand_is_refused(session: Session) -> None:
    brand = make_brand(session)
    other = make_brand(session, slug="other-brand")
    piece = make_piece(session, brand=other)
    with pytest.raises(PressroomError) as caught:
        schedule(session, piece, brand)
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert piece.status == "approved"
    assert session.scalar(select(func.count()).select_from(PublishJobRecord)) == 0


def test_naive_schedule_time_is_refused(session: Session) -> None:
    brand = make_brand(session)
    piece = make_piece(session, brand=brand)
    with pytest.raises(PressroomError) as caught:
        schedule(session, piece, brand, schedule_at=datetime(2026, 4, 1, 15, 45))
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert piece.status == "approved"


def test_due_jobs(session: Session) -> None:
    brand = make_brand(session, posting_slots={"x": ["09:00", "17:30"]})
    other = make_brand(session, slug="other-brand", posting_slots={"x": ["09:00"]})
    first = schedule(session, make_piece(session, brand=brand, channel="x"), brand)
    second = schedule(session, make_piece(session, brand=brand, channel="x"), brand)
    foreign = schedule(session, make_piece(session, brand=other, channel="x"), other)
    assert service.due_jobs(session, now=NOW) == []
    assert service.due_jobs(session, now=first.schedule_at) == [first]
    everything = service.due_jobs(session, now=NOW + timedelta(days=2))
    assert everything == sorted([first, second, foreign], key=lambda j: (j.schedule_at, j.id))
    assert service.due_jobs(session, now=NOW + timedelta(days=2), brand_id=brand.id) == [
        first,
        second,
    ]
    # A lead lets a hand-over connector work ahead of the posting time.
    assert service.due_jobs(session, now=NOW, lead=timedelta(hours=7)) == [first]


def test_due_jobs_honour_the_retry_time_and_skip_finished_jobs(session: Session) -> None:
    brand = make_brand(session)
    retrying = schedule(session, make_piece(session, brand=brand, channel="x"), brand)
    done = schedule(session, make_piece(session, brand=brand, channel="x"), brand)
    later = NOW + timedelta(days=2)
    retrying.status = PublishJobStatus.FAILED_PUBLISH_RETRYABLE
    retrying.next_retry_at = later + timedelta(minutes=10)
    done.status = PublishJobStatus.PUBLISHED
    session.flush()
    assert service.due_jobs(session, now=later) == []
    # The lead never shortens a backoff.
    assert service.due_jobs(session, now=later, lead=timedelta(hours=1)) == []
    assert service.due_jobs(session, now=later + timedelta(minutes=10)) == [retrying]


def test_due_jobs_refuse_bad_arguments(session: Session) -> None:
    for kwargs in ({"now": datetime(2026, 3, 27)}, {"now": NOW, "lead": timedelta(-1)}):
        with pytest.raises(PressroomError) as caught:
            service.due_jobs(session, **kwargs)  # type: ignore[arg-type]
        assert caught.value.code == ErrorCode.INVALID_INPUT


def test_job_contract_round_trips(session: Session) -> None:
    brand = make_brand(session)
    job = schedule(session, make_piece(session, brand=brand), brand)
    message = service.job_envelope(job)
    assert message.trace_id == "trace-schedule"
    parsed = PublishJobEnvelope.parse(message.model_dump_json())
    assert parsed.payload.publish_job_id == job.id
    assert parsed.payload.status == "scheduled"
    assert parsed.payload.attempt == 0
    assert {"PublishQueueRequest", "PublishJob", "PublishResult"} <= set(all_contracts())
