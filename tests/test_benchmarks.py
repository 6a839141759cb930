"""The pipeline benchmark: its critical-path arithmetic, its failure report, and a smoke run of
the script itself (structure and completion, never speed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from benchmarks import pipeline

from pressroom.errors import ErrorCode
from pressroom.providers.llm import prompts

ROOT = Path(__file__).resolve().parent.parent
IDEA_A = {"title": "A practical guide to espresso", "hook_type": "how_to"}
IDEA_B = {"title": "Why grind size matters", "hook_type": "contrarian"}


def request_body(schema: str, *, idea: dict[str, Any] | None = None, extra: str = "") -> dict:
    """A chat-completion body laid out as the writer's prompts are: the schema name in
    ``response_format`` and on the first line, the idea as one-line JSON after its label."""
    lines = [prompts.SCHEMA_MARKER + schema, "Write the post."]
    if idea is not None:
        lines += [prompts.IDEA_LABEL, json.dumps(idea)]
    lines.append(extra)
    return {
        "model": "bench-model",
        "response_format": {"type": "json_schema", "json_schema": {"name": schema}},
        "messages": [{"role": "user", "content": "\n".join(lines)}],
    }


def draft_call(channel: str, idea: dict[str, Any], at: float, extra: str = "") -> Any:
    body = request_body(prompts.draft_schema_name(channel), idea=idea, extra=extra)
    return pipeline.classify_call(body, at)


@pytest.mark.parametrize(
    ("lengths", "slots", "rounds"),
    [([1] * 15, 8, 2), ([1] * 15, 16, 1), ([1] * 15, 15, 1), ([3, 1, 1, 1], 2, 3), ([], 8, 0)],
)
def test_rounds_with_slots_schedules_chains_on_the_free_slot(
    lengths: list[int], slots: int, rounds: int
) -> None:
    assert pipeline.rounds_with_slots(lengths, slots) == rounds


def test_calls_are_placed_on_ideas_pieces_repairs_and_revisions() -> None:
    revision = prompts.REVIEW_INSTRUCTIONS.format(feedback="Shorter, please.")
    calls = [
        pipeline.classify_call(request_body(prompts.IDEAS_SCHEMA_NAME), 0.0),
        draft_call("linkedin", IDEA_A, 1.0),
        draft_call("x", IDEA_A, 1.1),
        draft_call("linkedin", IDEA_B, 1.2),
        draft_call("linkedin", IDEA_A, 2.0, extra="This is attempt 2."),  # a repair
        draft_call("x", IDEA_A, 3.0, extra=revision),
    ]

    assert [call.stage for call in calls] == [
        "ideas",
        "writing",
        "writing",
        "writing",
        "writing",
        "review_gate",
    ]
    assert pipeline.chain_lengths(calls, "writing") == [2, 1, 1]
    assert pipeline.model_rounds(calls, concurrency=16) == {
        "unlimited": {"ideas": 1, "writing": 2, "review_gate": 1},
        "at_concurrency": {"ideas": 1, "writing": 2, "review_gate": 1},
    }
    # One slot: the three chains (2 + 1 + 1 calls) run one after the other.
    assert pipeline.model_rounds(calls, concurrency=1)["at_concurrency"]["writing"] == 4


def test_a_request_the_run_does_not_make_is_refused() -> None:
    with pytest.raises(pipeline.BenchmarkError, match="pressroom_newsletter"):
        pipeline.classify_call(request_body("pressroom_newsletter", idea=IDEA_A), 0.0)
    with pytest.raises(pipeline.BenchmarkError, match="Idea"):
        pipeline.classify_call(request_body(prompts.draft_schema_name("x")), 0.0)


def test_median_tree_takes_medians_and_keeps_agreeing_values() -> None:
    runs = [
        {"wall_seconds": 1.0, "stages": {"ideas": 0.3}, "status": "completed"},
        {"wall_seconds": 3.0, "stages": {"ideas": 0.1}, "status": "completed"},
        {"wall_seconds": 2.0, "stages": {"ideas": 0.2}, "status": "failed"},
    ]
    assert pipeline.median_tree(runs) == {
        "wall_seconds": 2.0,
        "stages": {"ideas": 0.2},
        "status": ["completed", "completed", "failed"],
    }


def test_a_failed_run_is_reported_with_the_childs_error_code(tmp_path: Path) -> None:
    first, measured = tmp_path / "first", tmp_path / "measured"
    first.mkdir()
    measured.mkdir()

    with pytest.raises(pipeline.BenchmarkError) as caught:
        pipeline.run_child(
            measured,
            {"PRESSROOM_MODEL": "no-such-provider:x"},
            first_dir=first,
            first_base_url=None,
        )

    assert str(ErrorCode.UNKNOWN_MODEL) in str(caught.value)
    assert not (measured / pipeline.RESULT_FILE).exists()


MODEL_RUN_KEYS = {
    "latency_ms",
    "wall_seconds",
    "critical_path_seconds",
    "ratio",
    "goal_ratio",
    "meets_goal",
    "model_calls",
    "rounds",
    "stages",
    "per_step_overhead_ms",
    "steps",
    "llm_concurrency",
    "critical_path_at_concurrency_seconds",
    "cpu_seconds",
    "wait_lags_ms",
    "operations",
    "first_run_in_process",
    "individual",
    "status",
    "workflow_status",
}
BUILTIN_RUN_KEYS = {
    "wall_seconds",
    "goal_seconds",
    "meets_goal",
    "stages",
    "process_seconds",
    "import_seconds",
    "launch_seconds",
    "ideas",
    "pieces",
    "steps",
    "status",
    "individual",
}


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_script_prints_the_figures_of_completed_runs(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    command = [sys.executable, "benchmarks/pipeline.py", "--latency-ms", "10", "--repeat", "1"]
    done = subprocess.run(
        [*command, "--json-out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    figures = json.loads(out.read_text())
    assert json.loads(done.stdout) == figures
    assert figures.keys() == {
        "machine",
        "model_run",
        "model_run_default_concurrency",
        "builtin_run",
        "engine_floor",
        "runs",
    }
    assert figures["machine"].keys() >= {"cpus", "python", "platform"}
    floor = figures["engine_floor"]
    assert floor["shape"] == {"workflows": 17, "steps": 55, "model_rounds": 2}
    assert floor["critical_path_seconds"] == pytest.approx(0.02)
    assert floor["wall_seconds"] >= floor["critical_path_seconds"]
    # The floor runs the built-in run's shape: as many steps and workflows as it recorded.
    assert figures["builtin_run"]["steps"] == floor["shape"]["steps"] + floor["shape"]["workflows"]
    assert figures["model_run"]["beyond_engine_floor_seconds"] == pytest.approx(
        figures["model_run"]["wall_seconds"] - floor["wall_seconds"], abs=1e-3
    )
    assert figures["runs"] == 1
    for key in ("model_run", "model_run_default_concurrency"):
        run = figures[key]
        assert run.keys() >= MODEL_RUN_KEYS
        assert run["stages"].keys() == set(pipeline.STAGES)
        assert run["workflow_status"] == ["SUCCESS"]
        # The fake's drafts are valid at once: one ideas call, then one call per piece.
        assert run["model_calls"] == 16
        assert run["rounds"]["total"] == 2
        assert run["critical_path_seconds"] == pytest.approx(0.02)
        # A piece whose score card asks for a person waits for one; the run is done.
        assert run["status"] in {"completed", "waiting_for_review"}
    assert figures["model_run"]["llm_concurrency"] == pipeline.HEADLINE_CONCURRENCY
    assert figures["model_run_default_concurrency"]["rounds"]["total_at_concurrency"] == 3
    builtin = figures["builtin_run"]
    assert builtin.keys() >= BUILTIN_RUN_KEYS
    assert builtin["status"] == "completed"
    assert builtin["workflow_status"] == ["SUCCESS"]
    assert (builtin["ideas"], builtin["pieces"]) == (5, 15)
