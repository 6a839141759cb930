"""``pressroom runs``: list runs and show a run's summary again."""

from __future__ import annotations

import pytest

from tests.cli.process import Pressroom, expect_error

pytestmark = pytest.mark.slow


def test_runs_list_and_show_the_demo_run(pressroom: Pressroom) -> None:
    assert pressroom("runs", "list").out == "no runs yet — try `pressroom run --demo`"
    done = pressroom("run", "--demo", "--json")
    assert done.code == 0, done.explain()
    run_id = done.json()["run_id"]

    listed = pressroom("runs", "list", "--json")
    assert listed.code == 0, listed.explain()
    [row] = listed.json()
    assert row["run_id"] == run_id
    assert row["status"] == "completed"
    assert row["pieces"] == 15

    shown = pressroom("runs", "show", run_id, "--json")
    assert shown.code == 0, shown.explain()
    assert shown.json()["pieces"] == done.json()["pieces"]


def test_an_unknown_run_is_not_found(pressroom: Pressroom) -> None:
    expect_error(pressroom("runs", "show", "no-such-run"), "NOT_FOUND")
