from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pressroom.cli import app
from pressroom.errors import ErrorCode, PressroomError
from tests.platforms.samples import linkedin_text, make_linkedin, make_reel, make_thread


@pytest.fixture
def runner(tmp_path: Path) -> CliRunner:
    """A runner whose data folder (and so log file) is the test's own."""
    return CliRunner(env={"PRESSROOM_DATA_DIR": str(tmp_path / "data")})


def write(tmp_path: Path, text: str, name: str = "draft.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_draft_exits_0_with_its_measures(runner: CliRunner, tmp_path: Path) -> None:
    path = write(
        tmp_path, make_thread("Hello https://example.com/long/path", "Bye 🎉").render_text()
    )
    result = runner.invoke(app, ["check", "--channel", "x", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["x: valid", "  weighted_length: 29, 6", "  posts: 2"]


def test_an_invalid_draft_exits_1_with_one_line_per_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "THIS IS BAD!!! 🎉🎉🎉🎉")
    result = runner.invoke(app, ["check", "--channel", "linkedin", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "linkedin: invalid (5 problems)"
    problems = [line for line in lines if line.startswith("  ✗ ")]
    assert [line.split()[1] for line in problems] == [
        "too_few_words",
        "missing_paragraph_break",
        "shouting",
        "too_many_exclamations",
        "too_many_emoji",
    ]
    assert "  ✗ too_few_words at text: The post has 3 words;" in result.stdout


def test_json_for_x_uses_weighted_length(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "short\n---\n" + "y" * 300)
    result = runner.invoke(app, ["check", "--channel", "x", "--json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert list(report) == ["valid", "weighted_length", "problems", "posts"]
    assert report["valid"] is False
    assert report["weighted_length"] == [5, 300]
    assert report["problems"] == [
        {
            "code": "post_too_long",
            "message": report["problems"][0]["message"],
            "path": "posts[1]",
            "limit": 280,
            "actual": 300,
        }
    ]


def test_json_for_linkedin_uses_length(runner: CliRunner, tmp_path: Path) -> None:
    draft = make_linkedin()
    path = write(tmp_path, draft.model_dump_json(), "draft.json")
    result = runner.invoke(app, ["check", "--channel", "linkedin", "--json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "valid": True,
        "length": len(draft.render_text()),
        "problems": [],
        "words": 200,
        "paragraphs": 2,
        "hashtags": 2,
    }


def test_json_for_a_reel_and_the_speaking_rate(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, make_reel().render_text())
    fast = runner.invoke(app, ["check", "-c", "instagram-reel", "--json", str(path)])
    assert fast.exit_code == 0, fast.output
    assert json.loads(fast.stdout)["spoken_seconds"] == 32.8
    slow = runner.invoke(
        app,
        ["check", "-c", "instagram-reel", "--json", "--words-per-second", "1", str(path)],
    )
    assert slow.exit_code == 1
    report = json.loads(slow.stdout)
    assert report["spoken_seconds"] == 82.0
    assert [p["code"] for p in report["problems"]] == [
        "spoken_too_long",
        "hook_too_long",
        "cta_too_long",
        "scene_time_mismatch",
    ]


def test_the_speaking_rate_defaults_to_the_setting(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, make_reel().render_text())
    result = runner.invoke(
        app,
        ["check", "-c", "instagram-reel", "--json", str(path)],
        env={"PRESSROOM_WORDS_PER_SECOND": "1", "PRESSROOM_DATA_DIR": str(path.parent / "data")},
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["spoken_seconds"] == 82.0


def test_reads_stdin_with_dash(runner: CliRunner) -> None:
    text = linkedin_text() + "\n\n#Coffee"
    result = runner.invoke(app, ["check", "--channel", "linkedin", "--json", "-"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["hashtags"] == 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--channel", "myspace"], ErrorCode.UNKNOWN_CHANNEL),
        (["--channel", "instagram-reel", "--words-per-second", "0"], ErrorCode.INVALID_INPUT),
    ],
)
def test_errors_raise_pressroom_errors_and_leave_the_file_alone(
    runner: CliRunner, tmp_path: Path, args: list[str], code: ErrorCode
) -> None:
    text = make_reel().render_text()
    path = write(tmp_path, text)
    result = runner.invoke(app, ["check", *args, str(path)])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == code
    assert result.stdout == ""
    assert path.read_text(encoding="utf-8") == text


def test_a_missing_file_is_invalid_input(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--channel", "x", str(tmp_path / "nope.txt")])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == ErrorCode.INVALID_INPUT
    assert "nope.txt" in result.exception.message


def test_a_file_that_is_not_utf8_is_invalid_input(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("café".encode("latin-1"))
    result = runner.invoke(app, ["check", "--channel", "x", str(path)])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == ErrorCode.INVALID_INPUT
    assert path.read_bytes() == "café".encode("latin-1")


def test_malformed_draft_text_is_invalid_input(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, '{"posts": [}')
    result = runner.invoke(app, ["check", "--channel", "x", str(path)])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == ErrorCode.INVALID_INPUT


def run_script(
    *args: str, data_dir: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``pressroom`` console script, as a user would."""
    script = Path(sys.executable).parent / "pressroom"
    return subprocess.run(
        [str(script), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PRESSROOM_DATA_DIR": str(data_dir)},
    )


def test_the_installed_script_exit_codes(tmp_path: Path) -> None:
    valid = write(tmp_path, "One short post.", "valid.txt")
    invalid = write(tmp_path, "x" * 281, "invalid.txt")
    data_dir = tmp_path / "data"

    ok = run_script("check", "--channel", "x", "--json", str(valid), data_dir=data_dir)
    assert (ok.returncode, json.loads(ok.stdout)["valid"]) == (0, True)

    bad = run_script(
        "check", "--channel", "x", "--json", "-", data_dir=data_dir, stdin=invalid.read_text()
    )
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["weighted_length"] == [281]

    error = run_script("check", "--channel", "myspace", str(valid), data_dir=data_dir)
    assert error.returncode == 2
    assert "UNKNOWN_CHANNEL" in error.stderr
    assert error.stdout == ""
    assert valid.read_text() == "One short post."
