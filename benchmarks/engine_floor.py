"""The workflow engine's own floor: the daily run's shape on DBOS with every step empty but
the model calls, which only wait the latency. What the pipeline benchmark compares with.

    .venv/bin/python benchmarks/engine_floor.py [--latency-ms 300] [--repeat 3]

Same system database as a Pressroom data folder (SQLite in WAL with ``synchronous=NORMAL``,
through Pressroom's own engine factory), same engine settings, and the same workflows and
steps as the built-in writer's run of 5 ideas × 3 channels: ``daily_run`` with its 9 steps
(the ideas step waits one latency), 15 child ``write_piece`` workflows of 3 steps (the first
waits one latency) started one after the other and gathered, and a ``publish_due`` child
with one step — 55 steps and 17 workflows. Nothing else runs: no application database, no
trends, no writing, no scoring, no outbox. Its ratio is the best the pipeline can do on this
engine, this database and this machine, whatever the application does. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from dbos import DBOS, DBOSConfig, SetWorkflowID

from pressroom.db.session import make_engine

IDEAS = 5
CHANNELS = 3
PARENT_STEPS = ("start_run", "ingest_trends", "record_stage")
AFTER_WRITING = ("record_stage", "record_errors")
CLOSING = ("record_stage", "finish_run")
PIECE_STEPS_AFTER_CALL = ("store_and_score", "settle")
ROUND_DIGITS = 4

_latency = 0.3


@DBOS.step()
def model_call(name: str) -> str:
    """A model call: nothing but its latency."""
    time.sleep(_latency)
    return name


@DBOS.step()
def empty_step(name: str) -> str:
    return name


@DBOS.workflow()
def write_piece(index: int) -> int:
    model_call("write_draft")
    for name in PIECE_STEPS_AFTER_CALL:
        empty_step(name)
    return index


@DBOS.workflow()
def publish_due() -> int:
    empty_step("due_jobs")
    return 0


@DBOS.workflow()
def daily_run(run_id: str) -> int:
    for name in PARENT_STEPS:
        empty_step(name)
    model_call("generate_ideas")
    empty_step("record_stage")
    handles = []
    for index in range(IDEAS * CHANNELS):
        with SetWorkflowID(f"{run_id}:write:{index}"):
            handles.append(DBOS.start_workflow(write_piece, index))
    written = [handle.get_result() for handle in handles]
    for name in AFTER_WRITING:
        empty_step(name)
    with SetWorkflowID(f"{run_id}:publish"):
        DBOS.start_workflow(publish_due).get_result()
    for name in CLOSING:
        empty_step(name)
    return len(written)


def engine_config(data_dir: Path) -> DBOSConfig:
    url = f"sqlite:///{data_dir / 'dbos.sqlite'}"
    return {
        "name": "engine-floor",
        "system_database_url": url,
        "system_database_engine": make_engine(url, pool_size=20, max_overflow=40),
        "application_version": "engine-floor",
        "notification_listener_polling_interval_sec": 0.1,
        "log_level": "WARNING",
    }


def measure(*, latency_ms: float, repeat: int) -> dict[str, Any]:
    """One warm-up run, then ``repeat`` measured runs; the median and each run."""
    global _latency
    _latency = latency_ms / 1000
    critical_path = 2 * _latency
    with tempfile.TemporaryDirectory() as folder:
        DBOS(config=engine_config(Path(folder)))
        DBOS.launch()
        walls = []
        for number in range(repeat + 1):
            started = time.monotonic()
            with SetWorkflowID(f"run-{number}"):
                DBOS.start_workflow(daily_run, f"run-{number}").get_result()
            if number:  # run 0 is the warm-up
                walls.append(time.monotonic() - started)
    wall = statistics.median(walls)
    return {
        "latency_ms": latency_ms,
        "shape": {"workflows": 17, "steps": 55, "model_rounds": 2},
        "critical_path_seconds": critical_path,
        "wall_seconds": round(wall, ROUND_DIGITS),
        "ratio": round(wall / critical_path, ROUND_DIGITS) if critical_path else None,
        "engine_seconds": round(wall - critical_path, ROUND_DIGITS),
        "individual_wall_seconds": [round(w, ROUND_DIGITS) for w in walls],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--latency-ms", type=float, default=300.0, help="Model call latency.")
    parser.add_argument("--repeat", type=int, default=3, help="Measured runs.")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    print(json.dumps(measure(latency_ms=args.latency_ms, repeat=args.repeat)), flush=True)
    # Engine threads would keep the interpreter alive; everything is printed.
    os._exit(0)


if __name__ == "__main__":
    main()
