"""Real ``pressroom`` processes for crash tests: start one, watch what it has stored, kill it
with SIGKILL, and read afterwards what the engine, the database and the outbox hold.

The test process never runs the workflow engine: while a run is going it reads the
application database read-only, and it reads the engine's own record (``DBOSClient``) only
once the process that wrote it is dead.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

from dbos import DBOSClient

from pressroom.config import Settings
from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.providers.llm import prompts
from pressroom.providers.publishers.outbox import KEYS_DIR, TEMP_PREFIX
from tests.fakes.openai_server import RecordedRequest, requested_schema

PRESSROOM_SCRIPT = Path(sys.executable).parent / "pressroom"
"""The installed console script, run exactly as a user runs it."""

POLL_SECONDS = 0.005
OUTPUT_TAIL_CHARS = 4000

T = TypeVar("T")


def data_settings(data_dir: Path) -> Settings:
    """The settings a process on ``data_dir`` uses by default (SQLite files, outbox), so the
    test finds the same files without restating where they live."""
    return Settings(data_dir=data_dir, database_url=None, system_database_url=None, _env_file=None)


@dataclass(frozen=True)
class Command:
    """One ``pressroom`` invocation on a data folder, with the settings it gets from the
    environment."""

    args: tuple[str, ...]
    data_dir: Path
    env: Mapping[str, str] = field(default_factory=dict)

    def environment(self) -> dict[str, str]:
        # A developer's own PRESSROOM_* settings must not reach the process under test.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("PRESSROOM_")}
        # Media rendering stays off unless the test turns it on (as the suite's default).
        defaults = {"PRESSROOM_DATA_DIR": str(self.data_dir), "PRESSROOM_MEDIA_RENDER": "false"}
        return {**inherited, **defaults, **self.env}


class PressroomProcess:
    """A running ``pressroom`` command. Its output goes to files, so a pipe nobody reads can
    never block it, and failure messages can quote it."""

    def __init__(self, command: Command, *, name: str, log_dir: Path) -> None:
        self.name = name
        self._stdout_path = log_dir / f"{name}.stdout"
        self._stderr_path = log_dir / f"{name}.stderr"
        self._files: list[IO[bytes]] = [self._stdout_path.open("wb"), self._stderr_path.open("wb")]
        self.popen = subprocess.Popen(
            [str(PRESSROOM_SCRIPT), *command.args],
            env=command.environment(),
            stdout=self._files[0],
            stderr=self._files[1],
        )

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> float:
        """SIGKILL the process (no cleanup of any kind runs) and reap it; returns the
        ``time.monotonic()`` of the kill."""
        killed_at = time.monotonic()
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=30)
        self._close()
        return killed_at

    def wait(self, *, timeout: float) -> int:
        """The exit code, once the process has ended (SIGKILLed on timeout)."""
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self.kill()
            message = f"{self.name} did not end in {timeout:g} s\n{self.output()}"
            raise AssertionError(message) from exc
        finally:
            self._close()

    def stop(self) -> None:
        """Kill the process if it is still running (cleanup after a failed test)."""
        if self.alive():
            self.kill()
        self._close()

    def stdout(self) -> str:
        return self._stdout_path.read_text(encoding="utf-8", errors="replace")

    def output(self) -> str:
        """The tail of the process's stdout and stderr, for failure messages."""
        parts = []
        for label, path in (("stdout", self._stdout_path), ("stderr", self._stderr_path)):
            text = path.read_text(encoding="utf-8", errors="replace")
            parts.append(f"--- {self.name} {label} ---\n{text[-OUTPUT_TAIL_CHARS:]}")
        return "\n".join(parts)

    def _close(self) -> None:
        for handle in self._files:
            handle.close()


def wait_for(
    probe: Callable[[], T | None], *, process: PressroomProcess, timeout: float, what: str
) -> T:
    """Poll ``probe`` until it returns a value; fail if the process ends first or time runs
    out, quoting the process's output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found is not None:
            return found
        if not process.alive():
            raise AssertionError(
                f"{process.name} ended (exit {process.popen.returncode}) before {what}\n"
                f"{process.output()}"
            )
        time.sleep(POLL_SECONDS)
    raise AssertionError(f"{what} did not happen within {timeout:g} s\n{process.output()}")


# -- the application database, read-only while a process writes it ---------------------------


def query_read_only(database: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Rows of ``sql`` on the SQLite file ``database`` opened read-only; ``[]`` while the
    file or its tables do not exist yet (the process is still migrating)."""
    if not database.exists():
        return []
    uri = f"{database.resolve().as_uri()}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.OperationalError:
        return []
    try:
        return connection.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()


# -- the engine's record, read once the process is dead -----------------------------------------


def finished_steps(system_database_url: str, workflow_ids: Iterable[str], step: str) -> set[str]:
    """The workflows among ``workflow_ids`` in which the step named ``step`` has a recorded
    outcome: those the engine will not run again."""
    client = DBOSClient(system_database_url=system_database_url)
    try:
        return {
            workflow_id
            for workflow_id in workflow_ids
            if any(
                info["function_name"].rsplit(".", 1)[-1] == step
                and info["completed_at_epoch_ms"] is not None
                for info in client.list_workflow_steps(workflow_id, load_output=False)
            )
        }
    finally:
        client.destroy()


# -- what the fake model endpoint was asked --------------------------------------------------

_CHANNEL_OF_SCHEMA = {prompts.draft_schema_name(channel): channel for channel in CHANNEL_RULES}


@dataclass(frozen=True)
class PieceRequest:
    """One draft request the fake received: which idea (by title), which channel, when."""

    idea_title: str
    channel: str
    received_at: float


def ideas_requests(requests: Iterable[RecordedRequest]) -> list[RecordedRequest]:
    return [r for r in requests if requested_schema(r.body) == prompts.IDEAS_SCHEMA_NAME]


def piece_requests(requests: Iterable[RecordedRequest]) -> list[PieceRequest]:
    found = []
    for request in requests:
        channel = _CHANNEL_OF_SCHEMA.get(requested_schema(request.body) or "")
        if channel is not None:
            idea = _json_after(request.prompt, prompts.IDEA_LABEL)
            found.append(PieceRequest(str(idea["title"]), channel, request.received_at))
    return found


def _json_after(prompt: str, label: str) -> dict[str, object]:
    lines = prompt.splitlines()
    index = lines.index(label)
    value: dict[str, object] = json.loads(lines[index + 1])
    return value


# -- the outbox ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    """One complete post folder in the outbox, as its ``metadata.json`` describes it."""

    channel: str
    idempotency_key: str
    published_at: str
    text: str
    posting_time: str


def read_bundles(outbox: Path, brand_slug: str) -> list[Bundle]:
    """Every complete bundle of the brand (temporary folders are not bundles)."""
    bundles = []
    for metadata_path in sorted((outbox / brand_slug).glob("*/*/metadata.json")):
        if metadata_path.parent.name.startswith("."):
            continue
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        bundles.append(
            Bundle(
                channel=metadata["channel"],
                idempotency_key=metadata["idempotency_key"],
                published_at=metadata["published_at"],
                text="\n\n".join(metadata["posts"]),
                posting_time=metadata["schedule_at_local"][:16].replace("T", " "),
            )
        )
    return bundles


def read_buffer_csv(outbox: Path, brand_slug: str, channel: str) -> list[dict[str, str]]:
    path = outbox / brand_slug / f"buffer-{channel}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def outbox_problems(
    outbox: Path,
    brand_slug: str,
    *,
    published_keys: set[str],
    unrecorded_keys: frozenset[str] = frozenset(),
) -> list[str]:
    """Everything that breaks "each published post is in the outbox exactly once": bundles
    against the jobs recorded as published, key markers, Buffer CSV rows against bundles,
    and leftover temporary folders. Empty when all holds.

    ``unrecorded_keys``: jobs whose attempt died with its outcome unrecorded. Each may have
    its bundle already (the next attempt finds it), perhaps not yet in the CSV, or a
    temporary folder (the next publish on the channel removes it), so temporary folders
    count only when there are no such jobs.
    """
    bundles = read_bundles(outbox, brand_slug)
    keys = Counter(b.idempotency_key for b in bundles)
    problems = [f"{n} bundles carry key {key}" for key, n in keys.items() if n > 1]
    missing = sorted(published_keys - set(keys))
    unknown = sorted(set(keys) - published_keys - unrecorded_keys)
    if missing or unknown:
        problems.append(f"published without a bundle: {missing}; bundled, not published: {unknown}")
    markers = {p.stem for p in (outbox / KEYS_DIR).glob("*.json")}
    if not set(keys) <= markers:
        problems.append(f"bundles without a key marker: {sorted(set(keys) - markers)}")
    temps = sorted(str(p) for p in outbox.glob(f"*/*/{TEMP_PREFIX}*"))
    if temps and not unrecorded_keys:
        problems.append(f"temporary folders left: {temps}")
    return problems + _buffer_csv_problems(outbox, brand_slug, bundles, unrecorded_keys)


def _buffer_csv_problems(
    outbox: Path, brand_slug: str, bundles: list[Bundle], unrecorded_keys: frozenset[str]
) -> list[str]:
    """Each channel's CSV has exactly one row per bundle of the channel (a row for a bundle
    of an unrecorded attempt may still be missing)."""
    problems = []
    for channel in sorted({b.channel for b in bundles} | set(CHANNEL_RULES)):
        of_channel = [b for b in bundles if b.channel == channel]
        required = Counter(
            (b.text, b.posting_time) for b in of_channel if b.idempotency_key not in unrecorded_keys
        )
        allowed = Counter((b.text, b.posting_time) for b in of_channel)
        rows = read_buffer_csv(outbox, brand_slug, channel)
        seen = Counter((row["Text"], row["Posting Time"]) for row in rows)
        if not required <= seen <= allowed:
            problems.append(
                f"buffer-{channel}.csv has {len(rows)} rows for {len(of_channel)} bundles "
                f"(extra {list((seen - allowed).elements())[:3]}, "
                f"missing {list((required - seen).elements())[:3]})"
            )
    return problems
