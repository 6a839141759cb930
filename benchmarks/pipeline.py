"""The pipeline benchmark: the daily run for one brand (5 ideas × 3 channels) timed against
the critical path of its model calls, and the same run with the built-in writer.

    .venv/bin/python benchmarks/pipeline.py [--latency-ms 300] [--repeat 3] [--json-out FILE]

Every measurement is a child process of this script (the workflow engine is process-global),
configured only through ``PRESSROOM_*`` variables. The child runs the demo brand's daily run
twice, each time on a fresh temporary data folder (SQLite application database and DBOS
system database, as in production) with the engine launched on it: the first run pays the
process's first-use costs and is reported as ``first_run_in_process``; the second, measured
run is what a worker that has run before sees. For model runs this process serves the test
suite's fake OpenAI endpoint (one per run) at a fixed latency per call, and derives the
critical path from the calls it received. Media rendering is off in the children: the
reels' videos are benchmarked on their own (``benchmarks/render.py``). ``benchmarks/README.md``
explains every number.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pressroom.cli.context import AppContext
    from pressroom.config import Settings

# Run as a script, Python puts benchmarks/ on the path, not the repository root that
# ``tests.fakes`` lives under.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOAL_RATIO = 1.25
GOAL_BUILTIN_SECONDS = 3.0
HEADLINE_CONCURRENCY = 16
"""At least the run's 15 pieces, so the writers' concurrency cap adds no model round and the
ratio measures the engine's overhead."""
BENCH_MODEL = "openai-chat:bench-model"
BENCH_API_KEY = "bench-key"
STAGES = ("trends", "ideas", "writing", "review_gate", "publish")
RESULT_FILE = "benchmark-result.json"
CHILD_TIMEOUT_SECONDS = 600
ROUND_DIGITS = 4


class BenchmarkError(RuntimeError):
    """A measured run did not happen as the benchmark needs (the child failed, or the fake
    endpoint received a request the benchmark cannot place on the critical path)."""


# --- The child process. -----------------------------------------------------------------------


def child_main(data_dir: Path, *, first_dir: Path, first_base_url: str | None) -> None:
    """Run the demo brand's daily run on ``first_dir`` (with ``first_base_url`` as the model
    endpoint), then on ``data_dir`` as configured by ``PRESSROOM_*``, and write both runs'
    figures to ``data_dir``/benchmark-result.json."""
    # The imports are process-level time, measured, hence here and not at the top.
    clock = time.monotonic()
    # pressroom.cli first: importing pressroom.workflows.runtime first is a circular import.
    from pressroom.cli.context import open_app  # noqa: F401
    from pressroom.config import Settings
    from pressroom.workflows import runtime
    from pressroom.workflows.daily import daily_run  # noqa: F401

    imported = time.monotonic()
    code = 1
    try:
        overrides = {"openai_base_url": first_base_url} if first_base_url else {}
        first = _one_run(Settings(data_dir=first_dir).model_copy(update=overrides))
        runtime.destroy()
        report = {**_one_run(Settings()), "import_seconds": imported - clock}
        report["first_run_in_process"] = first
        (data_dir / RESULT_FILE).write_text(json.dumps(report), encoding="utf-8")
        code = 0
    except BaseException:
        traceback.print_exc()  # the exit below ends the process before Python would print it
        raise
    finally:
        runtime.exit_process(code)


def _one_run(settings: Settings) -> dict[str, Any]:
    """Seed the demo brand on ``settings``' data folder, launch the engine there, and run the
    daily run to completion; the figures of that run."""
    from dbos import DBOS, SetWorkflowID

    from pressroom.cli.context import open_app
    from pressroom.cli.run import seed_demo
    from pressroom.workflows import runtime
    from pressroom.workflows.daily import daily_run
    from pressroom.workflows.schedules import default_run_id, trace_id_for

    started = time.monotonic()
    app = open_app(settings)
    slug = seed_demo(app)
    seeded = time.monotonic()
    runtime.launch(app)
    launched = time.monotonic()
    # A worker builds its writer (importing the model SDK) once per process: start-up, not run.
    runtime.writer_for(settings.model)
    warmed = time.monotonic()
    today = date.today().isoformat()
    run_id = default_run_id(slug, today)
    cpu = time.process_time()
    inputs: dict[str, Any] = {
        "brand_slug": slug,
        "run_date": today,
        "model": None,
        "trigger": "manual",
    }
    with SetWorkflowID(run_id):
        handle = DBOS.start_workflow(
            daily_run, run_id=run_id, trace_id=trace_id_for(run_id), **inputs
        )
    result = handle.get_result()
    return {
        "status": result["status"],
        "counts": result["counts"],
        "wall_seconds": time.monotonic() - warmed,
        "cpu_seconds": time.process_time() - cpu,
        "setup_seconds": seeded - started,
        "launch_seconds": launched - seeded,
        "writer_warmup_seconds": warmed - launched,
        "llm_concurrency": settings.llm_concurrency,
        **_stored_run(app, run_id),
    }


def _stored_run(app: AppContext, run_id: str) -> dict[str, Any]:
    """The run's stage timings and its pieces by status and by score-card decision, as the
    run stored them."""
    from pressroom.db.session import transaction
    from pressroom.runs.summary import run_summary

    with transaction(app.session_factory) as session:
        summary = run_summary(session, run_id=run_id, settings=app.settings)
    return {
        "timings": summary.timings,
        "pieces_by_status": dict(Counter(piece.status for piece in summary.pieces)),
        "pieces_by_decision": dict(Counter(str(piece.decision) for piece in summary.pieces)),
    }


@dataclass(frozen=True)
class ChildRun:
    """What one child process reported, and its time from spawn to exit."""

    report: dict[str, Any]
    process_seconds: float


def run_child(
    data_dir: Path, config: Mapping[str, str], *, first_dir: Path, first_base_url: str | None
) -> ChildRun:
    """Run one child with ``config`` (``PRESSROOM_*`` values) on ``data_dir``, its first run
    on ``first_dir``."""
    # The caller's own PRESSROOM_* settings (a PostgreSQL URL, say) must not leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSROOM_")}
    # The writing pipeline is measured: the reels' videos (benchmarks/render.py) stay out.
    env.update({"PRESSROOM_DATA_DIR": str(data_dir), "PRESSROOM_MEDIA_RENDER": "false", **config})
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(data_dir)]
    command += ["--first-dir", str(first_dir)]
    command += ["--first-base-url", first_base_url] if first_base_url else []
    started = time.monotonic()
    done = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_SECONDS,
        check=False,
    )
    elapsed = time.monotonic() - started
    result = data_dir / RESULT_FILE
    if done.returncode != 0 or not result.is_file():
        raise BenchmarkError(
            f"the measured run exited with {done.returncode} ({dict(config)}):\n"
            + done.stderr[-4000:]
        )
    return ChildRun(json.loads(result.read_text(encoding="utf-8")), elapsed)


# --- The critical path, from the calls the fake endpoint received. ----------------------------


@dataclass(frozen=True)
class ModelCall:
    """One chat completion, placed on the run's chains: ``stage`` is the run stage that made
    it, ``chain`` the sequence it belongs to (the ideas calls, or one piece's attempts)."""

    stage: str
    chain: str
    received_at: float


def classify_call(body: Mapping[str, Any], received_at: float) -> ModelCall:
    """Place one request body on its chain: ideas, or the idea × channel being written (a
    repair continues its piece's chain; a reviewer's revision is the review gate's)."""
    from tests.fakes.openai_server import requested_schema

    from pressroom.platforms.channels import CHANNEL_RULES
    from pressroom.providers.llm import prompts

    name = requested_schema(dict(body))
    if name == prompts.IDEAS_SCHEMA_NAME:
        return ModelCall("ideas", "ideas", received_at)
    channels = {prompts.draft_schema_name(channel): channel for channel in CHANNEL_RULES}
    if name not in channels:
        raise BenchmarkError(f"the fake endpoint received a request for schema {name!r}")
    prompt = "\n".join(str(m.get("content") or "") for m in body.get("messages") or [])
    idea = _json_after(prompt, prompts.IDEA_LABEL)
    if idea is None:
        raise BenchmarkError(f"a {name} request carries no {prompts.IDEA_LABEL!r} block")
    revision_mark = prompts.REVIEW_INSTRUCTIONS.split("{", 1)[0]
    stage = "review_gate" if revision_mark in prompt else "writing"
    return ModelCall(stage, f"{channels[name]}:{json.dumps(idea, sort_keys=True)}", received_at)


def _json_after(prompt: str, label: str) -> Any:
    lines = prompt.splitlines()
    for index, line in enumerate(lines[:-1]):
        if line.strip() == label:
            return json.loads(lines[index + 1])
    return None


def chain_lengths(calls: Iterable[ModelCall], stage: str) -> list[int]:
    """The number of calls on each chain of ``stage``, chains in the order they started."""
    chains: Counter[str] = Counter()
    for call in sorted(calls, key=lambda c: c.received_at):
        if call.stage == stage:
            chains[call.chain] += 1
    return list(chains.values())


def rounds_with_slots(lengths: Iterable[int], slots: int) -> int:
    """Sequential model rounds to finish chains of ``lengths`` calls when at most ``slots``
    are in flight and a chain holds its slot from its first call to its last (as the run's
    ``writer_slots`` do): each chain, in order, takes the slot that frees first."""
    free = [0] * max(1, slots)
    end = 0
    for length in lengths:
        start = heapq.heappop(free)
        heapq.heappush(free, start + length)
        end = max(end, start + length)
    return end


def model_rounds(calls: list[ModelCall], *, concurrency: int) -> dict[str, dict[str, int]]:
    """Sequential model rounds per stage, with unlimited concurrency and with ``concurrency``.

    The ideas calls are one chain (each round asks again for what is still missing); pieces
    run in parallel, so the writing stage costs its longest chain (unlimited) or the slots'
    schedule of all chains (limited); revisions likewise in the review gate.
    """
    unlimited: dict[str, int] = {}
    limited: dict[str, int] = {}
    for stage in ("ideas", "writing", "review_gate"):
        lengths = chain_lengths(calls, stage)
        unlimited[stage] = max(lengths, default=0)
        limited[stage] = rounds_with_slots(lengths, concurrency)
    return {"unlimited": unlimited, "at_concurrency": limited}


def _first_call_spread(calls: list[ModelCall], stage: str) -> float:
    """Seconds between the first chain's first call and the last chain's first call: how
    long the engine took to get every piece to the model."""
    firsts: dict[str, float] = {}
    for call in calls:
        if call.stage == stage:
            firsts[call.chain] = min(firsts.get(call.chain, call.received_at), call.received_at)
    return max(firsts.values()) - min(firsts.values()) if firsts else 0.0


# --- The engine's own records, from the DBOS system database. ---------------------------------


@dataclass(frozen=True)
class Operation:
    """One row of the engine's ``operation_outputs``, with the name of its workflow."""

    workflow: str
    function: str
    child: str | None
    started_ms: int | None
    completed_ms: int | None


WAITS = {
    # A waiting workflow's wait call, and what it waits for: the awaited workflows' last
    # operation. The lag is how long after that the wait returned (polling, notification).
    "piece_results": ("daily_run", "DBOS.getResult", "write_piece", "store_and_score"),
    "gates_settled": ("daily_run", "DBOS.getEvent", "review_gate", "DBOS.setEvent"),
    "publish_results": ("publish_due", "DBOS.getResult", "publish_job", "publish"),
}


def engine_records(data_dir: Path) -> dict[str, Any]:
    """Count the workflows, steps and engine calls (``DBOS.getResult`` and the like) a run
    recorded in its data folder's system database, time each kind of operation from its
    recorded start and end, and measure the lag of the run's waits."""
    from sqlalchemy import create_engine, text

    from pressroom.config import Settings

    engine = create_engine(Settings(data_dir=data_dir).dbos_database_url)
    try:
        with engine.connect() as connection:
            workflows = connection.execute(
                text("SELECT workflow_uuid, name, status FROM workflow_status")
            ).all()
            rows = connection.execute(
                text(
                    "SELECT workflow_uuid, function_name, child_workflow_id, "
                    "started_at_epoch_ms, completed_at_epoch_ms FROM operation_outputs"
                )
            ).all()
    finally:
        engine.dispose()
    name_of = {uuid: name for uuid, name, _status in workflows}
    operations = [Operation(name_of.get(row[0], "?"), *row[1:]) for row in rows]
    steps = [op for op in operations if not op.function.startswith("DBOS.") and not op.child]
    engine_calls = [op for op in operations if op.function.startswith("DBOS.")]
    counts = {"workflows": len(workflows), "steps": len(steps), "engine_calls": len(engine_calls)}
    return {
        "daily_run_status": [status for _id, name, status in workflows if name == "daily_run"],
        "counts": counts,
        "wait_lags_ms": {key: _wait_lag(operations, name_of, w) for key, w in WAITS.items()},
        "operations": _operation_times([*steps, *engine_calls]),
    }


def _wait_lag(
    ops: list[Operation], name_of: Mapping[str, str], wait: tuple[str, ...]
) -> int | None:
    waiter, call, awaited, last = wait
    waits = [
        op.completed_ms
        for op in ops
        if (op.workflow, op.function) == (waiter, call)
        and (op.child is None or name_of.get(op.child) == awaited)
    ]
    done = [op.completed_ms for op in ops if (op.workflow, op.function) == (awaited, last)]
    ends = [[ms for ms in times if ms is not None] for times in (waits, done)]
    return max(0, max(ends[0]) - max(ends[1])) if all(ends) else None


def _operation_times(operations: Iterable[Operation]) -> dict[str, dict[str, float]]:
    durations: dict[str, list[int]] = {}
    for op in operations:
        if op.started_ms is not None and op.completed_ms is not None:
            durations.setdefault(op.function, []).append(op.completed_ms - op.started_ms)
    ordered = sorted(durations.items(), key=lambda item: -sum(item[1]))
    return {
        name: {"count": len(ms), "mean_ms": statistics.fmean(ms), "total_ms": sum(ms)}
        for name, ms in ordered
    }


# --- Figures of one run. ------------------------------------------------------------------


def model_figures(
    run: Mapping[str, Any], calls: list[ModelCall], engine: Mapping[str, Any], *, latency_ms: float
) -> dict[str, Any]:
    """A model run's wall time against its critical path, per stage and per engine step."""
    latency = latency_ms / 1000
    rounds = model_rounds(calls, concurrency=run["llm_concurrency"])
    total, total_at = sum(rounds["unlimited"].values()), sum(rounds["at_concurrency"].values())
    wall = run["wall_seconds"]
    overhead = wall - total_at * latency
    figures = _common_figures(run, engine)
    return {
        **figures,
        "llm_concurrency": run["llm_concurrency"],
        "critical_path_seconds": total * latency,
        "critical_path_at_concurrency_seconds": total_at * latency,
        "ratio": _ratio(wall, total * latency),
        "ratio_at_concurrency": _ratio(wall, total_at * latency),
        "model_calls": len(calls),
        "rounds": {**rounds["unlimited"], "total": total, "total_at_concurrency": total_at},
        "piece_chains": len(chain_lengths(calls, "writing")),
        "first_piece_calls_spread_seconds": _first_call_spread(calls, "writing"),
        "stages": {
            stage: _split(seconds, rounds["at_concurrency"].get(stage, 0) * latency)
            for stage, seconds in figures["stages"].items()
        },
        "overhead_seconds": overhead,
        "per_step_overhead_ms": overhead / figures["steps"] * 1000,
        "latency_for_goal_ms": _ratio(overhead * 1000, (GOAL_RATIO - 1) * total_at),
    }


def builtin_figures(run: Mapping[str, Any], engine: Mapping[str, Any]) -> dict[str, Any]:
    """A built-in writer run's wall time, per stage and per engine step."""
    figures = _common_figures(run, engine)
    return {
        **figures,
        "ideas": run["counts"].get("ideas", 0),
        "pieces": run["counts"].get("pieces", 0),
        "per_step_ms": figures["wall_seconds"] / figures["steps"] * 1000,
    }


def _common_figures(run: Mapping[str, Any], engine: Mapping[str, Any]) -> dict[str, Any]:
    """How the run ended (the run's status, the engine's status of ``daily_run``, pieces by
    status and by score-card decision), its times, and what the engine recorded."""
    timings = {stage: float(run["timings"].get(stage, 0.0)) for stage in STAGES}
    return {
        "status": run["status"],
        "workflow_status": engine["daily_run_status"],
        "pieces_by_status": run["pieces_by_status"],
        "pieces_by_decision": run["pieces_by_decision"],
        "wall_seconds": run["wall_seconds"],
        "cpu_seconds": run["cpu_seconds"],
        "stages": timings,
        "outside_stages_seconds": run["wall_seconds"] - sum(timings.values()),
        "setup_seconds": run["setup_seconds"],
        "launch_seconds": run["launch_seconds"],
        "writer_warmup_seconds": run["writer_warmup_seconds"],
        "steps": engine["counts"]["steps"] + engine["counts"]["workflows"],
        "step_counts": engine["counts"],
        "wait_lags_ms": engine["wait_lags_ms"],
        "operations": engine["operations"],
    }


def _split(wall: float, model: float) -> dict[str, float]:
    """A stage's wall time, its share of the critical path, and the rest (overhead)."""
    return {"wall_seconds": wall, "model_seconds": model, "overhead_seconds": wall - model}


def _ratio(numerator: float, denominator: float) -> float | None:
    """``None`` when there is nothing to compare with (a latency of 0 ms)."""
    return numerator / denominator if denominator > 0 else None


def _process(child: ChildRun) -> dict[str, float]:
    """Process-level time: the whole child (imports and both runs), and its imports."""
    return {
        "process_seconds": child.process_seconds,
        "import_seconds": child.report["import_seconds"],
    }


def _without_operations(figures: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in figures.items() if key != "operations"}


# --- Measured runs. ---------------------------------------------------------------------------


def _data_folders(stack: ExitStack) -> list[Path]:
    """Two fresh data folders (the first run's and the measured run's), removed with
    ``stack``."""
    return [Path(stack.enter_context(tempfile.TemporaryDirectory())) for _ in range(2)]


def model_run(*, latency_ms: float, concurrency: int) -> dict[str, Any]:
    """One child against the fake endpoint at ``latency_ms`` per call (a fake per run)."""
    from tests.fakes.openai_server import FakeOpenAI

    with ExitStack() as stack:
        first_fake, fake = (
            stack.enter_context(FakeOpenAI(latency_ms=latency_ms, api_key=BENCH_API_KEY))
            for _ in range(2)
        )
        first_dir, data_dir = _data_folders(stack)
        config = {
            "PRESSROOM_MODEL": BENCH_MODEL,
            "PRESSROOM_OPENAI_BASE_URL": fake.base_url,
            "PRESSROOM_OPENAI_API_KEY": BENCH_API_KEY,
            "PRESSROOM_OPENAI_STRUCTURED_OUTPUT": "json_schema",
            "PRESSROOM_LLM_CONCURRENCY": str(concurrency),
        }
        child = run_child(data_dir, config, first_dir=first_dir, first_base_url=first_fake.base_url)
        figures = _figures_at(child.report, fake, data_dir, latency_ms)
        first = _figures_at(child.report["first_run_in_process"], first_fake, first_dir, latency_ms)
    return {**figures, **_process(child), "first_run_in_process": _without_operations(first)}


def _figures_at(
    run: Mapping[str, Any], fake: Any, folder: Path, latency_ms: float
) -> dict[str, Any]:
    calls = [classify_call(request.body, request.received_at) for request in fake.completions]
    return model_figures(run, calls, engine_records(folder), latency_ms=latency_ms)


def builtin_run() -> dict[str, Any]:
    """One child with the built-in writer (no model, no network)."""
    with ExitStack() as stack:
        first_dir, data_dir = _data_folders(stack)
        child = run_child(
            data_dir, {"PRESSROOM_MODEL": "builtin"}, first_dir=first_dir, first_base_url=None
        )
        figures = builtin_figures(child.report, engine_records(data_dir))
        first = builtin_figures(child.report["first_run_in_process"], engine_records(first_dir))
    return {**figures, **_process(child), "first_run_in_process": _without_operations(first)}


# --- The report. ------------------------------------------------------------------------------


def median_tree(items: list[Any]) -> Any:
    """The element-wise median of equally shaped run figures (numbers → median, dicts →
    recursively); anything else is kept once if all runs agree, else listed."""
    first = items[0]
    if isinstance(first, dict):
        keys = list(dict.fromkeys(key for item in items for key in item))
        return {key: median_tree([i[key] for i in items if key in i]) for key in keys}
    numbers = all(isinstance(i, int | float) and not isinstance(i, bool) for i in items)
    if numbers:
        return _rounded(statistics.median(items))
    return first if all(item == first for item in items) else items


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, ROUND_DIGITS)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def summarise(runs: list[dict[str, Any]], goal: dict[str, Any]) -> dict[str, Any]:
    """Medians over ``runs``, the goal and whether the median meets it, and each run's own
    figures (without the per-operation tables) under ``individual``."""
    summary = median_tree(runs)
    if "goal_ratio" in goal:
        ratio = summary["ratio"]
        summary["meets_goal"] = None if ratio is None else ratio <= goal["goal_ratio"]
    else:
        summary["meets_goal"] = summary["wall_seconds"] < goal["goal_seconds"]
    individual = [_without_operations(run) for run in runs]
    return {**goal, **summary, "individual": _rounded(individual)}


def machine() -> dict[str, Any]:
    """Where the figures were measured (the load average says how busy the machine was)."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": _load_average(),
    }


def _load_average() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def engine_floor(*, latency_ms: float, repeat: int) -> dict[str, Any]:
    """The engine's own floor at this latency (``engine_floor.py``, in its own process)."""
    script = Path(__file__).resolve().parent / "engine_floor.py"
    command = [sys.executable, str(script), "--latency-ms", str(latency_ms)]
    done = subprocess.run(
        [*command, "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise BenchmarkError(f"the engine floor exited with {done.returncode}:\n{done.stderr}")
    floor: dict[str, Any] = json.loads(done.stdout)
    return floor


def benchmark(*, latency_ms: float, repeat: int, concurrency: int) -> dict[str, Any]:
    """Every configuration ``repeat`` times, interleaved so that a busy moment of the machine
    does not fall on one configuration only."""
    from pressroom.config import Settings

    about = machine()
    default_concurrency = int(Settings.model_fields["llm_concurrency"].default)
    headline: list[dict[str, Any]] = []
    capped: list[dict[str, Any]] = []
    builtin: list[dict[str, Any]] = []
    for _ in range(repeat):
        headline.append(model_run(latency_ms=latency_ms, concurrency=concurrency))
        capped.append(model_run(latency_ms=latency_ms, concurrency=default_concurrency))
        builtin.append(builtin_run())
    floor = engine_floor(latency_ms=latency_ms, repeat=repeat)
    about["load_average_at_end"] = _load_average()
    model_goal = {"latency_ms": latency_ms, "goal_ratio": GOAL_RATIO}
    note = (
        f"PRESSROOM_LLM_CONCURRENCY={concurrency} (at least the run's pieces) so that the "
        "ratio measures the engine's overhead, not the writers' concurrency cap"
    )
    model = summarise(headline, model_goal)
    model["beyond_engine_floor_seconds"] = _rounded(model["wall_seconds"] - floor["wall_seconds"])
    return {
        "machine": about,
        "model_run": {**model, "note": note},
        "model_run_default_concurrency": summarise(capped, model_goal),
        "builtin_run": summarise(builtin, {"goal_seconds": GOAL_BUILTIN_SECONDS}),
        "engine_floor": floor,
        "runs": repeat,
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the command line; measure and print the JSON (or, as a child, run once)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--latency-ms", type=float, default=300.0, help="Model call latency.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per configuration.")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=HEADLINE_CONCURRENCY,
        help="PRESSROOM_LLM_CONCURRENCY of the headline model run.",
    )
    parser.add_argument("--json-out", type=Path, default=None, help="Also write the JSON here.")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--first-dir", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--first-base-url", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child_main(args.child, first_dir=args.first_dir, first_base_url=args.first_base_url)
        return
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    report = benchmark(latency_ms=args.latency_ms, repeat=args.repeat, concurrency=args.concurrency)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json_out is not None:
        args.json_out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
