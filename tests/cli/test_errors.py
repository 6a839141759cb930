"""Mistakes get a clean error from the installed script — `error [CODE] message`, a hint,
exit code 2, no traceback — and store nothing."""

from __future__ import annotations

import pytest

from tests.cli.process import Pressroom, expect_error

pytestmark = pytest.mark.slow


def test_run_without_a_brand_points_at_the_demo(pressroom: Pressroom) -> None:
    result = pressroom("run")

    expect_error(result, "INVALID_INPUT")
    assert "no brand yet" in result.err
    assert "pressroom run --demo" in result.err.split("hint:", 1)[1]
    assert "Traceback" not in result.stderr
    assert pressroom.count("brands") == 0
    assert pressroom.count("runs") == 0


def test_run_with_a_date_that_is_not_a_date(pressroom: Pressroom) -> None:
    result = pressroom("run", "--date", "not-a-date", "--demo")

    expect_error(result, "INVALID_INPUT")
    assert "'not-a-date' is not a date" in result.err
    assert "YYYY-MM-DD" in result.err.split("hint:", 1)[1]
    assert "Traceback" not in result.stderr
    assert pressroom.count("runs") == 0
    assert pressroom.count("pieces") == 0


def test_an_unreadable_brand_file_is_invalid_input(pressroom: Pressroom) -> None:
    broken = pressroom.folder / "brand.json"
    broken.write_text('{"slug": "half-written",', encoding="utf-8")

    for path in (broken, pressroom.folder / "missing.json"):
        result = pressroom("brand", "add", str(path))
        expect_error(result, "INVALID_INPUT")
        assert f"cannot read brand file {path}" in result.err
    assert pressroom.count("brands") == 0


def test_error_messages_are_printed_as_written(pressroom: Pressroom) -> None:
    # Messages quote what was wrong, brackets included: the slug rule must reach the
    # terminal intact, not be read as console markup.
    bad = pressroom.write_brand("bad.json", slug="Ledger Line")

    result = pressroom("brand", "add", str(bad))

    expect_error(result, "INVALID_SCHEMA")
    assert "slug: String should match pattern '^[a-z0-9][a-z0-9-]{1,62}$'" in result.err


def test_an_unknown_model_is_reported_as_unknown_model(pressroom: Pressroom) -> None:
    result = pressroom("run", "--demo", "--model", "nonsense:model")

    expect_error(result, "UNKNOWN_MODEL")
    assert "openai-chat:<model>" in result.err.split("hint:", 1)[1]
    assert "Traceback" not in result.stderr, result.explain()
    assert pressroom.count("pieces") == 0


def test_a_setting_that_does_not_parse_is_a_config_error(pressroom: Pressroom) -> None:
    result = pressroom("brand", "list", env={"PRESSROOM_LLM_MAX_RETRIES": "many"})

    expect_error(result, "CONFIG_INVALID")
    assert "PRESSROOM_LLM_MAX_RETRIES" in result.err
    assert "Traceback" not in result.stderr, result.explain()
