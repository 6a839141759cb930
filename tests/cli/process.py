"""The installed ``pressroom`` script, run as a person runs it: a separate process in its own
working folder, with its own data folder, that must end on its own."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(sys.executable).with_name("pressroom")
TIMEOUT_SECONDS = 120

EXAMPLE_BRAND = Path(__file__).parents[2] / "docs" / "examples" / "brand.json"


@dataclass(frozen=True)
class Result:
    """What one command did: exit code and both output streams."""

    command: str
    code: int
    stdout: str
    stderr: str

    @property
    def out(self) -> str:
        """Standard output with runs of whitespace folded (the console wraps long lines)."""
        return " ".join(self.stdout.split())

    @property
    def err(self) -> str:
        """Standard error, folded like :attr:`out`."""
        return " ".join(self.stderr.split())

    def json(self) -> Any:
        return json.loads(self.stdout)

    def explain(self) -> str:
        return (
            f"`{self.command}` exited {self.code}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"
        )


class Pressroom:
    """Runs ``pressroom`` in ``folder`` with ``folder/data`` as its data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data_dir = folder / "data"
        folder.mkdir(parents=True, exist_ok=True)
        # Only this test's settings: nothing from the caller's PRESSROOM_* environment.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSROOM_")}
        self.env.pop("FORCE_COLOR", None)
        self.env.update(PRESSROOM_DATA_DIR=str(self.data_dir), COLUMNS="200", USER="tester")
        # Runs render no media here (a reel's video takes seconds); media tests render on
        # request, which works whatever this setting says.
        self.env.setdefault("PRESSROOM_MEDIA_RENDER", "false")

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        """Run ``pressroom ARGS`` to its end; fail the test if it does not end by itself."""
        command = "pressroom " + " ".join(args)
        try:
            done = subprocess.run(
                [str(SCRIPT), *args],
                cwd=self.folder,
                env={**self.env, **(env or {})},
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as hung:
            pytest.fail(
                f"`{command}` did not end within {TIMEOUT_SECONDS} s\n"
                f"stdout:\n{_text(hung.stdout)}\nstderr:\n{_text(hung.stderr)}"
            )
        return Result(command, done.returncode, done.stdout, done.stderr)

    def write_brand(self, filename: str, **changes: Any) -> Path:
        """The example brand with ``changes``, saved as ``filename`` in the working folder."""
        data = json.loads(EXAMPLE_BRAND.read_text(encoding="utf-8"))
        data.update(changes)
        path = self.folder / filename
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        return path

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Query the application database directly, as an operator would with sqlite3."""
        with sqlite3.connect(self.data_dir / "pressroom.sqlite") as connection:
            return connection.execute(sql, params).fetchall()

    def count(self, table: str) -> int:
        """Rows in ``table``; 0 when no command has created the database yet."""
        if not (self.data_dir / "pressroom.sqlite").exists():
            return 0
        return int(self.rows(f"SELECT count(*) FROM {table}")[0][0])


def expect_error(result: Result, code: str) -> None:
    """The command failed cleanly: exit code 2, ``error [CODE]`` and a hint on stderr."""
    assert result.code == 2, result.explain()
    assert f"error [{code}]" in result.err, result.explain()
    assert "hint:" in result.err, result.explain()


def _text(stream: str | bytes | None) -> str:
    if isinstance(stream, bytes):
        return stream.decode(errors="replace")
    return stream or ""
