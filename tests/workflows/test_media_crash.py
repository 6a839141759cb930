"""SIGKILL while a reel's video is being rendered (its ffmpeg too, as a power cut would), then
the same command again: the run completes, the assets registered before the kill are kept as
they were, every registered asset is a complete file whose content matches its hash, nothing
half-written is registered or left behind, and each reel is published once with its media."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from pressroom.brands import service as brands
from pressroom.db.session import make_engine, make_session_factory
from pressroom.ledger.models import CostEntry
from pressroom.media.models import Asset
from pressroom.media.steps import SCRATCH
from pressroom.writing.models import Piece
from tests.workflows.crash_harness import (
    Command,
    PressroomProcess,
    data_settings,
    query_read_only,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(420)]

RUN_DATE = "2026-11-21"
SLUG = "reel-house"
REELS = 3
PROCESS_TIMEOUT = 300.0


@pytest.fixture
def processes() -> Iterator[list[PressroomProcess]]:
    started: list[PressroomProcess] = []
    yield started
    for process in started:
        process.stop()


def brand_file(tmp_path: Path) -> Path:
    data = brands.demo_spec().model_dump(mode="json")
    data.update(slug=SLUG, channels=["instagram-reel"], ideas_per_run=REELS)
    path = tmp_path / "brand.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def command(data_dir: Path, *args: str) -> Command:
    return Command(args=args, data_dir=data_dir, env={"PRESSROOM_MEDIA_RENDER": "true"})


def run_to_end(processes: list[PressroomProcess], cmd: Command, name: str, log: Path) -> str:
    process = PressroomProcess(cmd, name=name, log_dir=log)
    processes.append(process)
    code = process.wait(timeout=PROCESS_TIMEOUT)
    assert code == 0, f"{name} exited {code}\n{process.output()}"
    return process.stdout()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def rendering_second_video(database: Path, pid: int) -> bool:
    """One reel's video is registered and an ffmpeg child is encoding another."""
    rows = query_read_only(
        database, "SELECT count(*) FROM assets WHERE role = 'video' AND status = 'ready'"
    )
    if not rows or int(str(rows[0][0])) < 1:
        return False
    return any(
        b"ffmpeg" in Path(f"/proc/{child}/cmdline").read_bytes() for child in _safe(children(pid))
    )


def fingerprint(asset: Asset) -> tuple[object, ...]:
    """What a second render would change: the file, and the render's own record (its
    timings differ every time). Review status may change: the piece is approved later."""
    return (asset.sha256, asset.key, asset.created_at, asset.meta)


def _safe(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}/cmdline").exists()]


def test_sigkill_mid_render_then_rerun_registers_each_asset_once_and_complete(
    tmp_path: Path, processes: list[PressroomProcess]
) -> None:
    data_dir = tmp_path / "data"
    settings = data_settings(data_dir)
    database = data_dir / "pressroom.sqlite"
    run_to_end(
        processes, command(data_dir, "brand", "add", str(brand_file(tmp_path))), "add", tmp_path
    )
    run = command(data_dir, "run", "--brand", SLUG, "--date", RUN_DATE, "--json")

    first = PressroomProcess(run, name="first", log_dir=tmp_path)
    processes.append(first)
    wait_for(
        lambda: rendering_second_video(database, first.popen.pid) or None,
        process=first,
        timeout=PROCESS_TIMEOUT,
        what="a second video being encoded",
    )
    encoders = children(first.popen.pid)
    first.kill()
    for pid in encoders:  # the power cut takes the encoder down too
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    engine = make_engine(settings.app_database_url)
    factory = make_session_factory(engine)
    with factory() as session:
        before = {
            a.id: (a.sha256, a.key, a.created_at, a.meta) for a in session.scalars(select(Asset))
        }
        roles = {a.id: (a.piece_id[:8], a.role) for a in session.scalars(select(Asset))}
    assert before, "nothing was registered before the kill"

    summary = json.loads(run_to_end(processes, run, "second", tmp_path))

    with factory() as session:
        pieces = session.scalars(select(Piece)).all()
        assets = session.scalars(select(Asset)).all()
        costs = session.scalars(select(CostEntry).where(CostEntry.pillar == "media")).all()
    engine.dispose()
    assert summary["status"] == "completed", summary
    assert len(pieces) == REELS
    assert sorted((a.piece_id, a.role) for a in assets) == sorted(
        (p.id, role) for p in pieces for role in ("cover", "subtitles", "video")
    )
    kept = {a.id: fingerprint(a) for a in assets if a.id in before}
    changed = {roles[k] for k in kept if kept[k] != before[k]}
    assert kept == before, (changed, sorted(roles.values()))  # not rendered again
    for asset in assets:
        assert asset.status == "ready", asset.error
        path = settings.assets_dir / asset.key
        assert hashlib.sha256(path.read_bytes()).hexdigest() == asset.sha256
        assert path.stat().st_size == asset.size_bytes
    stored = [p for p in settings.assets_dir.rglob("*") if p.is_file()]
    assert sorted(p.relative_to(settings.assets_dir).as_posix() for p in stored) == sorted(
        {a.key for a in assets}
    )  # no temp file, no orphan
    assert list((data_dir / SCRATCH).glob("render-*")) == []  # the killed render's swept
    renders = [c.operation_key for c in costs if ":attempt-" not in c.operation_key]
    assert len(renders) == len(set(renders)) == len(assets)
    for piece in pieces:
        bundles = list(settings.outbox_dir.glob(f"{SLUG}/instagram-reel/*/metadata.json"))
        mine = [b for b in bundles if json.loads(b.read_text())["piece_id"] == piece.id]
        if piece.status == "published":
            [bundle] = mine
            names = json.loads(bundle.read_text())["media"]
            assert [n.split("-", 1)[1] for n in names] == [
                "video-9x16.mp4",
                "cover-9x16.png",
                "subtitles-9x16.srt",
            ]
