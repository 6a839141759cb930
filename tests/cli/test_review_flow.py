"""The review flow through the CLI with a manual-approval brand: the run waits for review with
every piece queued; approving schedules a piece; a rejected piece cannot be approved (and
stays as it was); asking for a revision writes the piece again and it waits again."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pressroom.brands import service as brands
from tests.cli.process import Pressroom, Result, expect_error

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Waiting:
    """A run of a manual-approval brand and the review queue right after it."""

    cli: Pressroom
    run: Result
    queue: list[dict[str, Any]]

    def pick(self, channel: str, index: int = 0) -> str:
        """A piece of ``channel`` that can be approved as it is (no rule broken)."""
        fit = [
            str(item["piece_id"])
            for item in self.queue
            if item["channel"] == channel
            and item["status"] == "generated"
            and item["problem_count"] == 0
        ]
        assert len(fit) > index, self.queue
        return fit[index]

    def show(self, piece_id: str) -> dict[str, Any]:
        shown = self.cli("review", "show", piece_id, "--json")
        assert shown.code == 0, shown.explain()
        data: dict[str, Any] = shown.json()
        return data


@pytest.fixture(scope="module")
def waiting(tmp_path_factory: pytest.TempPathFactory) -> Waiting:
    cli = Pressroom(tmp_path_factory.mktemp("review"))
    # The demo brand and its bundled feed, but nothing goes out without a person.
    spec = brands.demo_spec().model_dump() | {"approval_policy": "manual"}
    path = cli.folder / "brand.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    added = cli("brand", "add", str(path))
    assert added.code == 0, added.explain()
    run = cli("run", "--brand", spec["slug"], "--json")
    listed = cli("review", "list", "--json")
    assert listed.code == 0, listed.explain()
    return Waiting(cli, run, listed.json())


def test_the_run_waits_for_review_with_every_piece_queued(waiting: Waiting) -> None:
    assert waiting.run.code == 0, waiting.run.explain()
    summary = waiting.run.json()
    assert summary["status"] == "waiting_for_review"
    written = {piece["piece_id"] for piece in summary["pieces"]}
    assert len(written) == 15  # 5 ideas × linkedin, x, instagram-reel
    assert {item["piece_id"] for item in waiting.queue} == written
    assert sorted(summary["waiting_for_review"]) == sorted(written)
    assert {item["status"] for item in waiting.queue} <= {"generated", "failed_validation"}
    assert summary["published"] == []


def test_approving_schedules_the_piece(waiting: Waiting) -> None:
    piece_id = waiting.pick("linkedin")
    before = datetime.now(UTC)

    approved = waiting.cli("review", "approve", piece_id, "--note", "good hook")

    assert approved.code == 0, approved.explain()
    assert f"Approved piece {piece_id} (version 1, now approved)." in approved.out
    said = re.search(r"Scheduled for (\S+ \S+) (\S+) \(publish job (\w+)\)", approved.out)
    assert said is not None, approved.explain()
    jobs = waiting.cli.rows(
        "SELECT id, status, schedule_at, external_id FROM publish_jobs WHERE piece_id = ?",
        piece_id,
    )
    assert len(jobs) == 1
    job_id, status, schedule_at, external_id = jobs[0]
    when = datetime.fromisoformat(schedule_at).replace(tzinfo=UTC)
    local = datetime.strptime(said.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(said[2]))
    assert (local, said[3]) == (when, job_id[:8])
    # A post due within the outbox lead time goes to the outbox at once; a later one waits.
    due = when <= before + timedelta(hours=48)
    assert status == ("published" if due else "scheduled")
    assert waiting.show(piece_id)["status"] == status
    if due:
        assert (waiting.cli.data_dir / "outbox" / external_id / "post.txt").is_file()
    queue = waiting.cli("review", "list", "--json").json()
    assert piece_id not in {item["piece_id"] for item in queue}


def test_a_rejected_piece_cannot_be_approved_and_stays_rejected(waiting: Waiting) -> None:
    piece_id = waiting.pick("x")
    rejected = waiting.cli("review", "reject", piece_id, "--reason", "We covered this last week")
    assert rejected.code == 0, rejected.explain()
    assert f"Rejected piece {piece_id} (version 1, now rejected)." in rejected.out
    before = waiting.show(piece_id)
    events = waiting.cli.rows("SELECT count(*) FROM audit_events WHERE entity_id = ?", piece_id)

    approved = waiting.cli("review", "approve", piece_id)

    expect_error(approved, "INVALID_STATE_TRANSITION")
    assert "rejected" in approved.err
    after = waiting.show(piece_id)
    assert after["status"] == "rejected"
    assert after["version"] == before["version"] == 1
    assert after["reviews"] == before["reviews"]
    assert [review["decision"] for review in after["reviews"]] == ["rejected"]
    assert (
        waiting.cli.rows("SELECT count(*) FROM audit_events WHERE entity_id = ?", piece_id)
        == events
    )
    assert waiting.cli.rows("SELECT count(*) FROM publish_jobs WHERE piece_id = ?", piece_id) == [
        (0,)
    ]


def test_a_revision_is_written_again_and_waits_again(waiting: Waiting) -> None:
    piece_id = waiting.pick("linkedin", index=1)
    original = waiting.show(piece_id)

    revised = waiting.cli("review", "revise", piece_id, "--feedback", "shorter")

    assert revised.code == 0, revised.explain()
    assert "now revision_requested" in revised.out
    assert "Regenerated with your feedback; it waits for review again." in revised.out
    after = waiting.show(piece_id)
    assert after["version"] == 2
    assert after["status"] in {"generated", "failed_validation"}
    assert after["text"] != original["text"]
    assert [review["feedback"] for review in after["reviews"]] == ["shorter"]
    queue = waiting.cli("review", "list", "--json").json()
    assert {item["piece_id"]: item["version"] for item in queue}[piece_id] == 2
