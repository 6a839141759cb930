from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.audit import service as audit
from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.providers.publishers.outbox import OutboxPublisher
from pressroom.providers.publishers.protocol import PublishRequest, PublishResult
from pressroom.publishing import repository, requests, service
from pressroom.publishing.errors import PublishError
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.schemas import PublishJobStatus
from pressroom.scoring.models import ScoreCardRecord
from pressroom.writing.models import Piece
from tests.factories import make_brand
from tests.publishing.factories import (
    NOW,
    CrashAfterPublish,
    CrashBeforePublish,
    FailingPublisher,
    TimeoutAfterPublish,
    make_piece,
    x_body,
)

Factory = sessionmaker[Session]
S = PublishJobStatus


def scheduled_job(session_factory: Factory, **piece_kwargs: object) -> str:
    """A committed brand, approved piece and its scheduled job; returns the job id."""
    with transaction(session_factory) as session:
        brand = session.scalars(select(Brand)).first() or make_brand(session)
        piece = make_piece(session, brand=brand, **piece_kwargs)  # type: ignore[arg-type]
        job = service.schedule_piece(
            session, piece=piece, brand=brand, now=NOW, actor="tester", trace_id="trace-pub"
        )
        return job.id


def publish(factory: Factory, job_id: str, publisher: object, *, now: datetime = NOW):  # type: ignore[no-untyped-def]
    return service.publish_job(
        factory,
        job_id=job_id,
        publisher=publisher,  # type: ignore[arg-type]
        now=now,
        actor="publisher",
    )


def state(factory: Factory, job_id: str) -> tuple[PublishJobRecord, Piece]:
    with transaction(factory) as session:
        job = session.get(PublishJobRecord, job_id)
        assert job is not None
        piece = session.get(Piece, job.piece_id)
        assert piece is not None
        return job, piece


def csv_rows(root: Path, channel: str = "linkedin") -> list[list[str]]:
    path = root / "northwind-coffee" / f"buffer-{channel}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def bundle_count(root: Path, channel: str = "linkedin") -> int:
    folder = root / "northwind-coffee" / channel
    return sum(1 for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else 0


def test_publishing_a_job_writes_the_bundle_and_records_it(
    session_factory: Factory, tmp_path: Path
) -> None:
    job_id = scheduled_job(session_factory)
    with transaction(session_factory) as session:
        job = session.get(PublishJobRecord, job_id)
        assert job is not None
        session.add(
            ScoreCardRecord(
                piece_id=job.piece_id,
                piece_version=0,
                brand_alignment=0.9,
                predicted_engagement=0.6,
                safety=1.0,
                readability=0.8,
                composite=0.84,
                decision="approve",
                reasons=["on brand"],
                scorer_version="test",
            )
        )
    outbox = OutboxPublisher(tmp_path)
    outcome = publish(session_factory, job_id, outbox)
    assert outcome.action == "published"
    assert outcome.status == S.PUBLISHED
    assert outcome.attempt == 1
    job, piece = state(session_factory, job_id)
    assert job.status == S.PUBLISHED
    assert piece.status == "published"
    assert job.external_id == outcome.external_id
    assert job.url is not None
    assert job.url.startswith("file://")
    assert outcome.location is not None
    metadata = json.loads((Path(outcome.location) / "metadata.json").read_text())
    assert metadata["score"]["composite"] == 0.84
    assert metadata["writer"] == "builtin (offline)"
    post = (Path(outcome.location) / "post.txt").read_text()
    assert post.endswith("#specialtycoffee #homebrewing")  # LinkedIn: text plus hashtags
    with transaction(session_factory) as session:
        actions = [e.action for e in audit.by_trace(session, trace_id="trace-pub")]
    assert actions.count("status.published") == 1
    assert actions[-2:] == ["status.published", "published"]


def test_publishing_the_same_job_twice_writes_one_bundle_and_one_row(
    session_factory: Factory, tmp_path: Path
) -> None:
    job_id = scheduled_job(session_factory)
    outbox = OutboxPublisher(tmp_path)
    first = publish(session_factory, job_id, outbox)
    again = publish(session_factory, job_id, outbox)
    assert again.action == "already_published"
    assert again.external_id == first.external_id
    assert bundle_count(tmp_path) == 1
    assert len(csv_rows(tmp_path)) == 1
    assert state(session_factory, job_id)[0].attempt == 1


def test_x_thread_is_pasted_post_by_post(session_factory: Factory, tmp_path: Path) -> None:
    job_id = scheduled_job(session_factory, channel="x", body=x_body("One.", "Two.", "Three."))
    outcome = publish(session_factory, job_id, OutboxPublisher(tmp_path))
    post = (Path(outcome.location or "") / "post.txt").read_text()
    assert post == "One.\n\n---\n\nTwo.\n\n---\n\nThree."
    assert csv_rows(tmp_path, "x")[0][0] == "One.\n\nTwo.\n\nThree."


def test_reel_bundle_carries_the_caption_to_paste(session_factory: Factory, tmp_path: Path) -> None:
    job_id = scheduled_job(session_factory, channel="instagram-reel")
    outcome = publish(session_factory, job_id, OutboxPublisher(tmp_path))
    post = (Path(outcome.location or "") / "post.txt").read_text()
    assert post == "Sour espresso? Grind finer first.\n\n#espresso #baristalife"
    assert csv_rows(tmp_path, "instagram-reel")[0][2] == "espresso,baristalife"


def test_crash_after_the_publisher_wrote_is_recovered_without_a_second_post(
    session_factory: Factory, tmp_path: Path
) -> None:
    job_id = scheduled_job(session_factory)
    due_at = state(session_factory, job_id)[0].schedule_at
    outbox = OutboxPublisher(tmp_path)
    with pytest.raises(SystemExit):
        publish(session_factory, job_id, CrashAfterPublish(outbox), now=due_at)
    job, piece = state(session_factory, job_id)
    assert job.status == S.PUBLISHING  # the outcome is unknown to the database
    assert piece.status == "scheduled"
    assert bundle_count(tmp_path) == 1
    # While the lease runs, another run leaves the job alone.
    later = due_at + service.ATTEMPT_LEASE
    with transaction(session_factory) as session:
        assert service.due_jobs(session, now=later - timedelta(seconds=1)) == []
    assert publish(session_factory, job_id, outbox, now=due_at).action == "in_progress"
    with transaction(session_factory) as session:
        assert [j.id for j in service.due_jobs(session, now=later)] == [job_id]
    outcome = publish(session_factory, job_id, outbox, now=later)
    assert outcome.action == "recovered"
    assert outcome.status == S.PUBLISHED
    assert bundle_count(tmp_path) == 1
    assert len(csv_rows(tmp_path)) == 1
    job, piece = state(session_factory, job_id)
    assert (job.status, piece.status, job.attempt) == (S.PUBLISHED, "published", 2)


def test_crash_before_the_publisher_wrote_publishes_once_on_the_rerun(
    session_factory: Factory, tmp_path: Path
) -> None:
    job_id = scheduled_job(session_factory)
    with pytest.raises(SystemExit):
        publish(session_factory, job_id, CrashBeforePublish())
    assert bundle_count(tmp_path) == 0
    outcome = publish(
        session_factory, job_id, OutboxPublisher(tmp_path), now=NOW + service.ATTEMPT_LEASE
    )
    assert outcome.action == "published"
    assert bundle_count(tmp_path) == 1
    assert len(csv_rows(tmp_path)) == 1


def test_crash_while_recording_is_recovered(
    session_factory: Factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = scheduled_job(session_factory)
    outbox = OutboxPublisher(tmp_path)

    def database_gone(*args: object, **kwargs: object) -> None:
        raise SystemExit("crash while recording")

    monkeypatch.setattr(service, "record_published", database_gone)
    with pytest.raises(SystemExit):
        publish(session_factory, job_id, outbox)
    monkeypatch.undo()
    outcome = publish(session_factory, job_id, outbox, now=NOW + service.ATTEMPT_LEASE)
    assert outcome.action == "recovered"
    assert bundle_count(tmp_path) == 1
    assert len(csv_rows(tmp_path)) == 1


def test_timeout_after_the_post_went_out_is_recorded_as_published(
    session_factory: Factory, tmp_path: Path
) -> None:
    job_id = scheduled_job(session_factory)
    outcome = publish(session_factory, job_id, TimeoutAfterPublish(OutboxPublisher(tmp_path)))
    assert outcome.action == "recovered"
    assert outcome.status == S.PUBLISHED
    assert bundle_count(tmp_path) == 1


def test_timeout_before_the_post_went_out_is_a_retryable_failure(
    session_factory: Factory, tmp_path: Path
) -> None:
    job_id = scheduled_job(session_factory)
    publisher = TimeoutAfterPublish(OutboxPublisher(tmp_path), deliver=False)
    outcome = publish(session_factory, job_id, publisher)
    assert outcome.action == "failed"
    assert outcome.status == S.FAILED_PUBLISH_RETRYABLE
    assert outcome.error is not None
    assert outcome.error["error"]["code"] == "PROVIDER_TIMEOUT"
    assert bundle_count(tmp_path) == 0


def test_publisher_error_marks_the_job_retryable_with_a_retry_time(
    session_factory: Factory,
) -> None:
    job_id = scheduled_job(session_factory)
    publisher = FailingPublisher(PublishError("platform answered 503"))
    outcome = publish(session_factory, job_id, publisher)
    assert outcome.action == "failed"
    job, piece = state(session_factory, job_id)
    assert job.status == S.FAILED_PUBLISH_RETRYABLE
    assert job.next_retry_at == NOW + timedelta(minutes=2)
    assert piece.status == "failed_publish_retryable"
    assert json.loads(job.last_error or "{}")["code"] == "PUBLISH_FAILED"
    # Nothing stored about the piece was lost.
    assert piece.body["text"].startswith("We cupped")
    with transaction(session_factory) as session:
        events = audit.history(session, entity_type="piece", entity_id=piece.id)
    assert [e.action for e in events] == ["status.scheduled", "status.failed_publish_retryable"]
    assert all(e.trace_id == "trace-pub" for e in events)


def test_retries_back_off_2_10_30_minutes_then_fail_for_good(
    session_factory: Factory,
) -> None:
    job_id = scheduled_job(session_factory)
    job, _ = state(session_factory, job_id)
    publisher = FailingPublisher(PublishError("platform answered 503"))
    now = job.schedule_at
    waits = []
    for _ in range(3):
        outcome = publish(session_factory, job_id, publisher, now=now)
        assert outcome.status == S.FAILED_PUBLISH_RETRYABLE
        assert outcome.next_retry_at is not None
        waits.append(outcome.next_retry_at - now)
        with transaction(session_factory) as session:
            assert service.due_jobs(session, now=outcome.next_retry_at - timedelta(seconds=1)) == []
            assert [j.id for j in service.due_jobs(session, now=outcome.next_retry_at)] == [job_id]
        now = outcome.next_retry_at
    assert waits == [timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30)]
    last = publish(session_factory, job_id, publisher, now=now)
    assert (last.status, last.attempt, last.next_retry_at) == (S.FAILED_PUBLISH_TERMINAL, 4, None)
    job, piece = state(session_factory, job_id)
    assert piece.status == "failed_publish_terminal"
    assert publisher.publish_calls == 4
    with transaction(session_factory) as session:
        assert service.due_jobs(session, now=now + timedelta(days=1)) == []
    with pytest.raises(PressroomError) as caught:
        publish(session_factory, job_id, publisher, now=now)
    assert caught.value.code == ErrorCode.INVALID_STATE_TRANSITION
    assert publisher.publish_calls == 4


def test_non_retryable_error_is_terminal_at_once(session_factory: Factory) -> None:
    job_id = scheduled_job(session_factory)
    error = PressroomError("token revoked", code=ErrorCode.PROVIDER_AUTH_FAILED, retryable=False)
    outcome = publish(session_factory, job_id, FailingPublisher(error))
    assert outcome.status == S.FAILED_PUBLISH_TERMINAL
    assert outcome.attempt == 1
    job, piece = state(session_factory, job_id)
    assert piece.status == "failed_publish_terminal"
    assert json.loads(job.last_error or "{}")["code"] == "PROVIDER_AUTH_FAILED"


def test_a_retry_looks_up_before_publishing(session_factory: Factory, tmp_path: Path) -> None:
    job_id = scheduled_job(session_factory)
    outbox = OutboxPublisher(tmp_path)
    publish(session_factory, job_id, FailingPublisher(PublishError("503")))
    outbox_only_lookup = FailingPublisher(PublishError("must not be called"))
    outbox_only_lookup.lookup = outbox.lookup  # type: ignore[method-assign]
    # The post went out in the meantime (e.g. an earlier attempt that did reach the platform).
    with transaction(session_factory) as session:
        job = session.get(PublishJobRecord, job_id)
        assert job is not None
        outbox.publish(requests.build_request(session, job=job))
    outcome = publish(session_factory, job_id, outbox_only_lookup, now=NOW + timedelta(hours=1))
    assert outcome.action == "recovered"
    assert outbox_only_lookup.publish_calls == 0
    assert bundle_count(tmp_path) == 1


def test_invalid_draft_fails_for_good_and_keeps_the_piece(session_factory: Factory) -> None:
    job_id = scheduled_job(session_factory)
    with transaction(session_factory) as session:
        job = session.get(PublishJobRecord, job_id)
        assert job is not None
        piece = session.get(Piece, job.piece_id)
        assert piece is not None
        piece.body = {"channel": "linkedin", "text": 42}
    publisher = FailingPublisher(PublishError("must not be called"))
    outcome = publish(session_factory, job_id, publisher)
    assert outcome.status == S.FAILED_PUBLISH_TERMINAL
    assert outcome.error is not None
    assert outcome.error["error"]["code"] == "INVALID_SCHEMA"
    assert publisher.publish_calls == 0
    _, piece = state(session_factory, job_id)
    assert piece.body == {"channel": "linkedin", "text": 42}


def test_attempts_lost_to_crashes_end_terminal(session_factory: Factory) -> None:
    job_id = scheduled_job(session_factory)
    now = NOW
    for _ in range(service.MAX_ATTEMPTS):
        with pytest.raises(SystemExit):
            publish(session_factory, job_id, CrashBeforePublish(), now=now)
        now += service.ATTEMPT_LEASE
    outcome = publish(session_factory, job_id, CrashBeforePublish(), now=now)
    assert outcome.status == S.FAILED_PUBLISH_TERMINAL
    assert outcome.error is not None
    assert outcome.error["error"]["code"] == "PUBLISH_FAILED"


def test_unknown_job_is_not_found(session_factory: Factory) -> None:
    with pytest.raises(PressroomError) as caught:
        publish(session_factory, "no-such-job", FailingPublisher(PublishError("x")))
    assert caught.value.code == ErrorCode.NOT_FOUND


def test_naive_now_is_refused(session_factory: Factory) -> None:
    job_id = scheduled_job(session_factory)
    with pytest.raises(PressroomError) as caught:
        publish(
            session_factory,
            job_id,
            FailingPublisher(PublishError("x")),
            now=datetime(2026, 3, 27, 10, 0),
        )
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert state(session_factory, job_id)[0].status == S.SCHEDULED


def test_two_workers_claiming_the_same_attempt_only_one_wins(session_factory: Factory) -> None:
    job_id = scheduled_job(session_factory)
    with session_factory() as first, session_factory() as second:
        mine = first.get(PublishJobRecord, job_id)
        theirs = second.get(PublishJobRecord, job_id)
        assert mine is not None
        assert theirs is not None
        assert repository.claim_attempt(first, job=mine, lease_until=NOW)
        first.commit()
        assert not repository.claim_attempt(second, job=theirs, lease_until=NOW)
        second.rollback()
    job, _ = state(session_factory, job_id)
    assert (job.status, job.attempt) == (S.PUBLISHING, 1)


def test_recording_an_outcome_twice_is_refused(session_factory: Factory, tmp_path: Path) -> None:
    job_id = scheduled_job(session_factory)
    publish(session_factory, job_id, OutboxPublisher(tmp_path))
    result = PublishResult(
        idempotency_key="k", external_id="x", published_at=datetime(2026, 3, 27, tzinfo=UTC)
    )
    with transaction(session_factory) as session:
        job = session.get(PublishJobRecord, job_id)
        assert job is not None
        for record in (
            lambda: service.record_published(
                session, job=job, result=result, actor="t", trace_id="t"
            ),
            lambda: service.record_failure(
                session, job=job, error=PublishError("x"), now=NOW, actor="t", trace_id="t"
            ),
        ):
            with pytest.raises(PressroomError) as caught:
                record()
            assert caught.value.code == ErrorCode.INVALID_STATE_TRANSITION
        assert job.external_id != "x"


class Overtaken:
    """A slow connector: while it works, the lease runs out and another run takes the job
    over and finishes it; then this attempt's answer arrives."""

    name = "overtaken"

    def __init__(
        self, inner: OutboxPublisher, overtake: Callable[[], object], *, fail: bool = False
    ) -> None:
        self.inner = inner
        self.overtake = overtake
        self.fail = fail

    def publish(self, request: PublishRequest) -> PublishResult:
        self.overtake()
        if self.fail:
            raise PublishError("connection reset")
        return self.inner.publish(request)

    def lookup(self, idempotency_key: str) -> PublishResult | None:
        return self.inner.lookup(idempotency_key)


@pytest.mark.parametrize("fail", [False, True])
def test_an_overtaken_attempt_does_not_overwrite_the_outcome(
    session_factory: Factory, tmp_path: Path, fail: bool
) -> None:
    job_id = scheduled_job(session_factory)
    outbox = OutboxPublisher(tmp_path)
    later = NOW + service.ATTEMPT_LEASE
    taken_over: list[object] = []
    slow = Overtaken(
        outbox,
        lambda: taken_over.append(publish(session_factory, job_id, outbox, now=later)),
        fail=fail,
    )
    outcome = publish(session_factory, job_id, slow)
    assert [o.action for o in taken_over] == ["published"]  # type: ignore[attr-defined]
    assert outcome.action == "already_published"
    job, piece = state(session_factory, job_id)
    assert (job.status, job.attempt, piece.status) == (S.PUBLISHED, 2, "published")
    assert job.last_error is None
    assert bundle_count(tmp_path) == 1
    assert len(csv_rows(tmp_path)) == 1
