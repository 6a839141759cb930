"""``pressroom run --demo`` from a fresh folder: it ends on its own with exit code 0, prints
the summary, leaves the databases and the outbox in the data folder, and running it again the
same day does nothing twice."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.cli.process import Pressroom, Result

pytestmark = pytest.mark.slow

DEMO = "northwind-coffee"
CHANNELS = ("instagram-reel", "linkedin", "x")


@dataclass(frozen=True)
class DemoRuns:
    cli: Pressroom
    day: date
    first: Result
    second: Result
    pieces_after_first: set[str]
    outbox_after_first: dict[str, str]


def outbox_files(cli: Pressroom) -> dict[str, str]:
    """Every file of the outbox (bookkeeping folders aside), by path, with its content."""
    root = cli.data_dir / "outbox"
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.relative_to(root).parts[0].startswith(".")
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRuns:
    cli = Pressroom(tmp_path_factory.mktemp("demo"))
    day = date.today()
    first = cli("run", "--demo")
    pieces = {row[0] for row in cli.rows("SELECT id FROM pieces")}
    outbox = outbox_files(cli) if first.code == 0 else {}
    second = cli("run", "--demo", "--json")
    if date.today() != day:
        pytest.skip("the day changed between the two runs, so they are different runs")
    return DemoRuns(cli, day, first, second, pieces, outbox)


def summary(demo: DemoRuns) -> dict[str, Any]:
    assert demo.second.code == 0, demo.second.explain()
    data: dict[str, Any] = demo.second.json()
    return data


def test_the_demo_run_ends_with_0_and_prints_the_summary(demo: DemoRuns) -> None:
    first = demo.first
    assert first.code == 0, first.explain()
    out = first.out
    assert f"Run daily:{DEMO}:{demo.day.isoformat()} completed writer: builtin" in out
    assert "Ideas (5)" in out
    for channel in CHANNELS:
        assert f"{channel}: " in out.split("Per channel", 1)[1], channel
    assert len(re.findall(r"│ (?:0\.\d\d|1\.00) +│ (?:approve|review|reject) ", first.stdout)) == 15
    assert "Nothing waits for review." in out or "wait for review" in out
    published = re.search(r"Published to the outbox (\d+)", out)
    assert published is not None
    posts = [name for name in demo.outbox_after_first if name.endswith("/post.txt")]
    assert int(published.group(1)) == len(posts) > 0
    data_dir = demo.cli.data_dir.resolve()
    assert f"data_dir: {data_dir}" in out
    assert f"outbox: {data_dir / 'outbox'}" in out
    assert f"database: sqlite:///{data_dir / 'pressroom.sqlite'}" in out


def test_the_data_folder_holds_the_databases_and_the_outbox(demo: DemoRuns) -> None:
    data = summary(demo)
    root = demo.cli.data_dir
    assert (root / "pressroom.sqlite").is_file()
    assert (root / "dbos.sqlite").is_file()
    published = [piece for piece in data["pieces"] if piece["outbox_path"]]
    assert published
    for piece in published:
        folder = Path(piece["outbox_path"])
        assert folder.is_relative_to(root.resolve() / "outbox" / DEMO / piece["channel"])
        assert (folder / "post.txt").read_text(encoding="utf-8").strip()
    for channel in {piece["channel"] for piece in published}:
        with (root / "outbox" / DEMO / f"buffer-{channel}.csv").open(encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        assert len(rows) == sum(piece["channel"] == channel for piece in published)
        assert all(row["Text"].strip() and row["Posting Time"] for row in rows)


def test_json_gives_the_same_run_completed(demo: DemoRuns) -> None:
    data = summary(demo)
    assert data["run_id"] == f"daily:{DEMO}:{demo.day.isoformat()}"
    assert data["status"] == "completed"
    assert len(data["ideas"]) == 5
    assert len(data["pieces"]) == 15
    assert {piece["channel"] for piece in data["pieces"]} == set(CHANNELS)
    assert all(piece["composite"] is not None for piece in data["pieces"])
    assert data["waiting_for_review"] == []
    assert data["files"]["data_dir"] == str(demo.cli.data_dir.resolve())


def test_running_again_the_same_day_does_nothing_twice(demo: DemoRuns) -> None:
    summary(demo)
    assert {row[0] for row in demo.cli.rows("SELECT id FROM pieces")} == demo.pieces_after_first
    assert len(demo.pieces_after_first) == 15
    assert demo.cli.count("runs") == 1
    assert demo.cli.count("ideas") == 5
    assert outbox_files(demo.cli) == demo.outbox_after_first
