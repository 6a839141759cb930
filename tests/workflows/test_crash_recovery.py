"""SIGKILL in the middle of a run, then the same command again: the run completes, no step
that had finished runs again (only the ones in flight do), and the outbox holds each post
exactly once.

Each test drives the installed ``pressroom`` script as real processes; the test process only
serves the fake model endpoint, holds a lock and reads files.

A publish attempt the kill interrupted keeps its five-minute lease (the engine cannot tell a
dead process from a slow one), so its job stays ``publishing`` after the restart, perhaps with
its bundle already written. The tests then let the lease run out and run ``pressroom publish``,
which finds such a bundle instead of writing a second one.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import filelock
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.audit.models import AuditEvent
from pressroom.brands import service as brands
from pressroom.contracts import utcnow
from pressroom.db.session import make_engine, make_session_factory
from pressroom.ideas.models import Idea
from pressroom.ledger.models import CostEntry
from pressroom.publishing.models import PublishJobRecord
from pressroom.runs.models import Run
from pressroom.scoring.models import ScoreCardRecord
from pressroom.workflows.daily import piece_workflow_id
from pressroom.workflows.schedules import default_run_id
from pressroom.writing.models import Piece, PieceVersion
from tests.fakes.openai_server import FakeOpenAI
from tests.workflows.crash_harness import (
    Command,
    PressroomProcess,
    data_settings,
    finished_steps,
    ideas_requests,
    outbox_problems,
    piece_requests,
    query_read_only,
    read_bundles,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

RUN_DATE = "2026-11-21"
SLUG = brands.demo_spec().slug
RUN_ID = default_run_id(SLUG, RUN_DATE)
CHANNELS = tuple(brands.demo_spec().channels)
PIECES = 5 * len(CHANNELS)
CONCURRENCY = 2
LATENCY_SECONDS = 0.6
# The kill waits for a moment when no model answer came in the last QUIET_BEFORE seconds and
# none is due in the next QUIET_AFTER: every writer is then waiting for a slot or for its
# answer, none is between an answer and its recorded step.
QUIET_BEFORE = 0.15
QUIET_AFTER = 0.05
PROCESS_TIMEOUT = 90.0

Pair = tuple[str, str]
"""(idea id, channel): one piece of the run."""


@pytest.fixture
def processes() -> Iterator[list[PressroomProcess]]:
    """Processes a test starts; any still running when it ends is killed."""
    started: list[PressroomProcess] = []
    yield started
    for process in started:
        process.stop()


def run_command(data_dir: Path, *, model: str, env: dict[str, str] | None = None) -> Command:
    args = ("run", "--demo", "--model", model, "--date", RUN_DATE, "--json")
    return Command(args=args, data_dir=data_dir, env=env or {})


def fake_model_env(fake: FakeOpenAI) -> dict[str, str]:
    return {
        "PRESSROOM_OPENAI_BASE_URL": fake.base_url,
        "PRESSROOM_OPENAI_API_KEY": "sk-test",
        "PRESSROOM_OPENAI_STRUCTURED_OUTPUT": "json_schema",
        "PRESSROOM_LLM_CONCURRENCY": str(CONCURRENCY),
    }


def start(
    processes: list[PressroomProcess], command: Command, *, name: str, log_dir: Path
) -> PressroomProcess:
    process = PressroomProcess(command, name=name, log_dir=log_dir)
    processes.append(process)
    return process


def finish(process: PressroomProcess) -> PressroomProcess:
    """Wait for a successful exit."""
    code = process.wait(timeout=PROCESS_TIMEOUT)
    assert code == 0, f"{process.name} exited {code}\n{process.output()}"
    return process


@contextmanager
def read_app(data_dir: Path) -> Iterator[Session]:
    """A session on the application database, once no process writes it any more."""
    engine = make_engine(data_settings(data_dir).app_database_url)
    try:
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def jobs(session: Session) -> dict[str, PublishJobRecord]:
    return {job.id: job for job in session.scalars(select(PublishJobRecord))}


def keys_with_status(session: Session, status: str) -> set[str]:
    return {job.idempotency_key for job in jobs(session).values() if job.status == status}


def run_status(session: Session) -> str | None:
    run = session.get(Run, RUN_ID)
    return run.status if run is not None else None


def expected_run_status(session: Session) -> str:
    """What the run ends as once every piece is where its score card sends it: drafts score
    near the 0.70 auto-approve line, so some may wait for a person — as in a run never
    interrupted."""
    decisions = set(session.scalars(select(ScoreCardRecord.decision)))
    return "completed" if decisions == {"approve"} else "waiting_for_review"


def publish_after_leases_end(
    processes: list[PressroomProcess], data_dir: Path, *, log_dir: Path
) -> PressroomProcess:
    """Let the killed attempts' leases run out, as five minutes would, then publish what is
    due with ``pressroom publish``."""
    with read_app(data_dir) as session, session.begin():
        for job in jobs(session).values():
            if job.status == "publishing":
                job.next_retry_at = utcnow() - timedelta(seconds=1)
    command = Command(args=("publish",), data_dir=data_dir)
    return finish(start(processes, command, name="publish", log_dir=log_dir))


# -- SIGKILL while pieces are being written ---------------------------------------------------


def mid_writing_moment(fake: FakeOpenAI, database: Path) -> int | None:
    """Stored pieces, when the run is mid-writing (3–10 of 15 stored, so writers still wait
    for slots) at a quiet moment; else None."""
    rows = query_read_only(database, "SELECT count(*) FROM pieces")
    stored = int(str(rows[0][0])) if rows else 0
    if not 3 <= stored <= 10:
        return None
    now = time.monotonic()
    answers = [r.received_at + LATENCY_SECONDS for r in fake.completions]
    if any(now - QUIET_BEFORE <= answer <= now + QUIET_AFTER for answer in answers):
        return None
    return stored


@dataclass(frozen=True)
class AtKill:
    """What had happened when the first process died."""

    pieces: dict[Pair, str]
    """Stored pieces and their text."""
    finished_writes: set[Pair]
    """Pieces whose writing step has a recorded outcome in the engine."""
    requested: Counter[Pair]
    """Draft requests the fake model had received, per piece."""
    ideas_requests: int
    leased: frozenset[str]
    """Idempotency keys of jobs whose publish attempt was under way."""


def idea_ids_by_title(session: Session) -> dict[str, str]:
    """The fake's requests name ideas by title."""
    ideas = session.scalars(select(Idea).where(Idea.run_id == RUN_ID)).all()
    return {idea.title: idea.id for idea in ideas}


def requested_pairs(
    fake: FakeOpenAI, ids: dict[str, str], *, after: float | None = None, until: float | None = None
) -> Counter[Pair]:
    return Counter(
        (ids[r.idea_title], r.channel)
        for r in piece_requests(fake.completions)
        if (after is None or r.received_at > after) and (until is None or r.received_at <= until)
    )


def observe_kill(fake: FakeOpenAI, data_dir: Path, *, killed_at: float) -> AtKill:
    with read_app(data_dir) as session:
        ids = idea_ids_by_title(session)
        pieces = {(p.idea_id, p.channel): p.text for p in session.scalars(select(Piece))}
        leased = frozenset(keys_with_status(session, "publishing"))
    workflow_of = {piece_workflow_id(RUN_ID, i, c): (i, c) for i in ids.values() for c in CHANNELS}
    url = data_settings(data_dir).dbos_database_url
    finished = finished_steps(url, workflow_of, "write_draft")
    return AtKill(
        pieces=pieces,
        finished_writes={workflow_of[w] for w in finished},
        requested=requested_pairs(fake, ids, until=killed_at),
        ideas_requests=len(ideas_requests(fake.completions)),
        leased=leased,
    )


def test_sigkill_while_writing_then_rerun_completes_without_redoing_finished_steps(
    tmp_path: Path, processes: list[PressroomProcess]
) -> None:
    data_dir = tmp_path / "data"
    database = data_settings(data_dir).data_dir / "pressroom.sqlite"
    with FakeOpenAI(latency_ms=LATENCY_SECONDS * 1000) as fake:
        command = run_command(data_dir, model="openai-chat:test-model", env=fake_model_env(fake))
        first = start(processes, command, name="first", log_dir=tmp_path)
        wait_for(
            lambda: mid_writing_moment(fake, database),
            process=first,
            timeout=PROCESS_TIMEOUT,
            what="a quiet moment mid-writing",
        )
        killed_at = first.kill()
        at_kill = observe_kill(fake, data_dir, killed_at=killed_at)
        second = finish(start(processes, command, name="second", log_dir=tmp_path))
        with read_app(data_dir) as session:
            after_kill = requested_pairs(fake, idea_ids_by_title(session), after=killed_at)
        ideas_asked = len(ideas_requests(fake.completions))
    seen = (
        f"at the kill: {len(at_kill.pieces)} pieces stored, {len(at_kill.finished_writes)} "
        f"writes finished, requests {dict(at_kill.requested)}, publishing {set(at_kill.leased)}"
        f"; after: requests {dict(after_kill)}\n{first.output()}\n{second.output()}"
    )

    assert 3 <= len(at_kill.pieces) < PIECES, seen
    assert (at_kill.ideas_requests, ideas_asked) == (1, 1), f"ideas asked again: {seen}"
    assert_only_writes_in_flight_redone(at_kill, after_kill, seen=seen)
    with read_app(data_dir) as session:
        status = assert_run_finished_once(session, at_kill=at_kill, seen=seen)
        published = keys_with_status(session, "published")
        assert keys_with_status(session, "publishing") == at_kill.leased, seen
    assert json.loads(second.stdout())["status"] == status, seen
    outbox = data_settings(data_dir).outbox_dir
    problems = outbox_problems(
        outbox, SLUG, published_keys=published, unrecorded_keys=at_kill.leased
    )
    assert problems == [], seen
    if at_kill.leased:
        publish_after_leases_end(processes, data_dir, log_dir=tmp_path)
        with read_app(data_dir) as session:
            published = keys_with_status(session, "published")
    assert published >= at_kill.leased, seen
    assert outbox_problems(outbox, SLUG, published_keys=published) == [], seen


def assert_only_writes_in_flight_redone(
    at_kill: AtKill, after_kill: Counter[Pair], *, seen: str
) -> None:
    """After the restart the model is asked once for each piece whose writing step had not
    finished, and never for one that had; the only requests made twice are those that were
    in flight (at most one per writer slot)."""
    ideas = {idea_id for idea_id, _ in [*at_kill.requested, *after_kill]}
    all_pairs = {(idea_id, channel) for idea_id in ideas for channel in CHANNELS}
    in_flight = set(at_kill.requested) - at_kill.finished_writes
    assert len(all_pairs) == PIECES, seen
    assert set(after_kill) == all_pairs - at_kill.finished_writes, seen
    assert set(after_kill.values()) == {1}, seen
    assert 1 <= len(in_flight) <= CONCURRENCY, seen
    assert at_kill.requested.total() + after_kill.total() == PIECES + len(in_flight), seen


def assert_run_finished_once(session: Session, *, at_kill: AtKill, seen: str) -> str:
    """Every piece stored, scored, costed and audited exactly once, the pieces stored before
    the kill left as they were, and each piece where its score card sends it: approved ones
    scheduled or published, the others waiting for a person. Returns the run's status."""
    pieces = session.scalars(select(Piece).where(Piece.run_id == RUN_ID)).all()
    ideas = session.scalars(select(Idea).where(Idea.run_id == RUN_ID)).all()
    assert (len(ideas), len(pieces)) == (5, PIECES), seen
    kept = {
        (p.idea_id, p.channel): p.text for p in pieces if (p.idea_id, p.channel) in at_kill.pieces
    }
    assert kept == at_kill.pieces, seen
    once = Counter(p.id for p in pieces)
    versions = Counter(session.scalars(select(PieceVersion.piece_id)))
    generated = select(AuditEvent.entity_id).where(
        AuditEvent.entity_type == "piece", AuditEvent.action == "status.generated"
    )
    stored = Counter(session.scalars(generated))
    scored = Counter(session.scalars(select(ScoreCardRecord.piece_id)))
    assert (versions, stored, scored) == (once, once, once), (versions, stored, scored, seen)
    costed = set(session.scalars(select(CostEntry.operation_key).where(CostEntry.run_id == RUN_ID)))
    calls = {
        f"{RUN_ID}:{p.idea_id}:{p.channel}:{n}" for p in pieces for n in range(1, p.attempts + 1)
    }
    assert costed == {f"{RUN_ID}:ideas:1", *calls}, (sorted(costed), seen)
    cards = session.scalars(select(ScoreCardRecord)).all()
    decisions = {card.piece_id: card.decision for card in cards}
    placed = {p.id: "out" if p.status in ("scheduled", "published") else p.status for p in pieces}
    assert placed == {
        p.id: "out" if decisions[p.id] == "approve" else "generated" for p in pieces
    }, seen
    status = expected_run_status(session)
    assert run_status(session) == status, seen
    return status


# -- SIGKILL while publishing --------------------------------------------------------------------


def mid_publishing(database: Path, *, held_channel: str) -> Counter[tuple[str, str]] | None:
    """Job statuses per channel once some post is published and a job of ``held_channel`` is
    claimed (it waits for the channel lock the test holds); else None."""
    rows = query_read_only(database, "SELECT channel, status FROM publish_jobs")
    statuses = Counter((str(channel), str(status)) for channel, status in rows)
    published = sum(n for (_, status), n in statuses.items() if status == "published")
    if published and statuses[(held_channel, "publishing")]:
        return statuses
    return None


def test_sigkill_while_publishing_then_rerun_publishes_each_post_once(
    tmp_path: Path, processes: list[PressroomProcess]
) -> None:
    data_dir = tmp_path / "data"
    settings = data_settings(data_dir)
    outbox = settings.outbox_dir
    (outbox / SLUG).mkdir(parents=True)
    command = run_command(data_dir, model="builtin")
    # Holding one channel's outbox lock (as another publisher would) parks that channel's
    # posts inside the connector: the kill then lands mid-publishing, every time.
    held = filelock.FileLock(str(outbox / SLUG / ".linkedin.lock"))
    with held:
        first = start(processes, command, name="first", log_dir=tmp_path)
        wait_for(
            lambda: mid_publishing(settings.data_dir / "pressroom.sqlite", held_channel="linkedin"),
            process=first,
            timeout=PROCESS_TIMEOUT,
            what="a linkedin job claimed",
        )
        first.kill()
    with read_app(data_dir) as session:
        before = {job.id: (job.status, job.attempt) for job in jobs(session).values()}
        leased = frozenset(keys_with_status(session, "publishing"))
    bundled_before = {b.idempotency_key: b.published_at for b in read_bundles(outbox, SLUG)}
    seen = f"jobs at the kill: {before}\n{first.output()}"
    assert leased, seen

    second = finish(start(processes, command, name="second", log_dir=tmp_path))
    seen += f"\n{second.output()}"
    with read_app(data_dir) as session:
        assert run_status(session) == expected_run_status(session), seen
        after = {job.id: (job.status, job.attempt) for job in jobs(session).values()}
        # The killed attempts keep their lease: another process might still be publishing.
        assert keys_with_status(session, "publishing") == leased, seen
        published = keys_with_status(session, "published")
    assert {j: after[j] for j, (status, _) in before.items() if status == "published"} == {
        j: state for j, state in before.items() if state[0] == "published"
    }, seen
    problems = outbox_problems(outbox, SLUG, published_keys=published, unrecorded_keys=leased)
    assert problems == [], seen

    output = publish_after_leases_end(processes, data_dir, log_dir=tmp_path).output()
    with read_app(data_dir) as session:
        final = jobs(session)
        published = keys_with_status(session, "published")
        pieces = {piece.id: piece.status for piece in session.scalars(select(Piece))}
    retaken = [job for job in final.values() if job.idempotency_key in leased]
    assert {(job.status, job.attempt, pieces[job.piece_id]) for job in retaken} == {
        ("published", 2, "published")
    }, output
    assert outbox_problems(outbox, SLUG, published_keys=published) == [], output
    bundled_after = {b.idempotency_key: b.published_at for b in read_bundles(outbox, SLUG)}
    assert {key: bundled_after[key] for key in bundled_before} == bundled_before, output
