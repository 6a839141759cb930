"""``pressroom brand add`` with the documented example brand, then a run of it; a brand file
that breaks the format is refused with every field named and loses nothing already stored; a
brand without channels makes its run fail cleanly, recorded as failed, and runs once fixed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.cli.process import EXAMPLE_BRAND, Pressroom, Result, expect_error

pytestmark = pytest.mark.slow

EXAMPLE = json.loads(EXAMPLE_BRAND.read_text(encoding="utf-8"))
SLUG = EXAMPLE["slug"]


def stored_brand(cli: Pressroom, slug: str) -> tuple[object, ...]:
    rows = cli.rows(
        "SELECT name, timezone, ideas_per_run, approval_policy, channels FROM brands "
        "WHERE slug = ?",
        slug,
    )
    assert len(rows) == 1
    return rows[0]


def test_the_example_brand_is_added_and_runs(pressroom: Pressroom) -> None:
    added = pressroom("brand", "add", str(EXAMPLE_BRAND))
    assert added.code == 0, added.explain()
    assert added.out == f"brand {SLUG} saved (2 channel(s), 0 feed(s))"
    listed = pressroom("brand", "list")
    assert f"{SLUG} {EXAMPLE['name']} channels: linkedin, x policy: manual" in listed.out

    run = pressroom("run", "--brand", SLUG, "--json")

    assert run.code == 0, run.explain()
    summary = run.json()
    assert summary["run_id"].startswith(f"daily:{SLUG}:")
    assert summary["status"] == "waiting_for_review"  # manual approval: a person decides
    pieces = summary["pieces"]
    tones = EXAMPLE["tone_variants"]  # each idea × channel in every tone: its A/B variants
    assert len(pieces) == EXAMPLE["ideas_per_run"] * 2 * len(tones)
    assert {piece["channel"] for piece in pieces} == {"linkedin", "x"}
    assert {piece["tone"] for piece in pieces} == set(tones)
    assert sorted(summary["waiting_for_review"]) == sorted(piece["piece_id"] for piece in pieces)
    assert summary["published"] == []
    assert pressroom.count("publish_jobs") == 0


def test_an_invalid_brand_file_names_every_field_and_keeps_the_stored_brand(
    pressroom: Pressroom,
) -> None:
    assert pressroom("brand", "add", str(EXAMPLE_BRAND)).code == 0
    before = stored_brand(pressroom, SLUG)
    audit_events = pressroom.count("audit_events")
    broken = pressroom.write_brand(
        "broken.json",
        name="Ledgerline (renamed)",
        timezone="Mars/Olympus",
        ideas_per_run=9,
        chanels=["x"],
    )

    result = pressroom("brand", "add", str(broken))

    expect_error(result, "INVALID_SCHEMA")
    for field in ("timezone", "ideas_per_run", "chanels"):
        assert f"{field}:" in result.err, field
    assert "docs/BRANDS.md" in result.err
    assert stored_brand(pressroom, SLUG) == before
    assert pressroom.count("audit_events") == audit_events


@dataclass(frozen=True)
class QuietRun:
    """A brand without channels, and what its run left behind right after it failed."""

    cli: Pressroom
    added: Result
    run: Result
    runs: list[tuple[Any, ...]]
    pieces: int


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> QuietRun:
    cli = Pressroom(tmp_path_factory.mktemp("quiet"))
    added = cli("brand", "add", str(cli.write_brand("quiet.json", slug="quiet-co", channels=[])))
    run = cli("run", "--brand", "quiet-co")
    return QuietRun(
        cli, added, run, cli.rows("SELECT id, status, errors FROM runs"), cli.count("pieces")
    )


def test_a_brand_without_channels_fails_its_run_cleanly(quiet: QuietRun) -> None:
    assert quiet.added.code == 0, quiet.added.explain()
    assert "(0 channel(s)" in quiet.added.out

    expect_error(quiet.run, "BRAND_NO_CHANNELS")
    assert "Add channels" in quiet.run.err.split("hint:", 1)[1]
    assert len(quiet.runs) == 1
    run_id, status, errors = quiet.runs[0]
    assert run_id.startswith("daily:quiet-co:")
    assert status == "failed"
    assert [error["code"] for error in json.loads(errors)] == ["BRAND_NO_CHANNELS"]
    assert quiet.pieces == 0


def test_a_failed_run_is_reported_without_a_traceback(quiet: QuietRun) -> None:
    expect_error(quiet.run, "BRAND_NO_CHANNELS")
    assert "Traceback" not in quiet.run.stderr, quiet.run.explain()


def test_a_failed_run_runs_once_the_brand_is_fixed(quiet: QuietRun) -> None:
    # The hint of BRAND_NO_CHANNELS says "add channels and run again": that must work the
    # same day, not replay the stored failure of the day's run.
    cli = quiet.cli
    fixed = cli.write_brand(
        "quiet.json", slug="quiet-co", channels=["x"], ideas_per_run=3, tone_variants=[]
    )
    assert cli("brand", "add", str(fixed)).code == 0

    again = cli("run", "--brand", "quiet-co", "--json")

    assert again.code == 0, again.explain()
    assert again.json()["status"] == "waiting_for_review"
    assert cli.count("pieces") == 3


def test_a_brands_schedule_is_shown_and_changed_from_the_cli(pressroom: Pressroom) -> None:
    assert pressroom("brand", "add", str(EXAMPLE_BRAND)).code == 0
    shown = pressroom("brand", "schedule", SLUG)
    assert shown.code == 0, shown.explain()
    assert f"{SLUG}: schedule on, run 06:00, learning 03:00" in shown.out
    assert "writer builtin" in shown.out

    changed = pressroom(
        "brand", "schedule", SLUG, "--run-time", "07:30", "--off", "--writer", "openai-chat:m"
    )
    assert changed.code == 0, changed.explain()
    assert f"{SLUG}: schedule off, run 07:30, learning 03:00" in changed.out
    assert "next run" not in changed.out
    assert pressroom.rows(
        "SELECT s.enabled, s.run_time, s.learn_time, b.model FROM brand_schedules s "
        "JOIN brands b ON b.id = s.brand_id WHERE b.slug = ?",
        SLUG,
    ) == [(0, "07:30", "03:00", "openai-chat:m")]

    bad_time = pressroom("brand", "schedule", SLUG, "--learn-time", "3am")
    expect_error(bad_time, "INVALID_INPUT")
    assert "'3am' is not a time of day as HH:MM" in bad_time.err
    unknown = pressroom("brand", "schedule", "nobody")
    expect_error(unknown, "NOT_FOUND")
    assert "no brand 'nobody'" in unknown.err
    back = pressroom("brand", "schedule", SLUG, "--on", "--writer", "default")
    assert "schedule on, run 07:30" in back.out
    assert "writer builtin" in back.out


def test_a_brands_voice_profile_is_shown_and_follows_its_examples(pressroom: Pressroom) -> None:
    assert pressroom("brand", "add", str(EXAMPLE_BRAND)).code == 0
    shown = pressroom("brand", "voice", SLUG, "--json")
    assert shown.code == 0, shown.explain()
    assert shown.json()["sample_size"] == len(EXAMPLE["voice_examples"])

    punchy = ["Fresh roast! ☕ Grab it. #coffee", "Cold brew time! ☕🧊 #coffee"]
    changed = pressroom.write_brand("punchy.json", voice_examples=punchy)
    assert pressroom("brand", "add", str(changed)).code == 0
    text = pressroom("brand", "voice", SLUG)
    assert text.code == 0, text.explain()
    assert f"{SLUG}: voice profile v1" in text.out
    assert "examples: 2" in text.out
    assert "emoji: 1.5 per post (☕ 🧊)" in text.out
    assert "hashtags: 1 per post, end: #coffee" in text.out
    expect_error(pressroom("brand", "voice", "nobody"), "NOT_FOUND")


def test_a_brand_logo_is_read_from_the_brand_files_folder_and_must_exist(
    pressroom: Pressroom, tmp_path: Path
) -> None:
    folder = tmp_path / "kit"
    folder.mkdir()
    Image.new("RGBA", (64, 64), (200, 30, 30, 255)).save(folder / "logo.png")
    brand_file = folder / "brand.json"
    brand_file.write_text(json.dumps({**EXAMPLE, "logo": "logo.png"}), encoding="utf-8")

    added = pressroom("brand", "add", str(brand_file))

    assert added.code == 0, added.explain()
    [(logo,)] = pressroom.rows("SELECT logo FROM brands WHERE slug = ?", SLUG)
    assert logo == str((folder / "logo.png").resolve())

    brand_file.write_text(json.dumps({**EXAMPLE, "logo": "missing.png"}), encoding="utf-8")
    refused = pressroom("brand", "add", str(brand_file))
    expect_error(refused, "INVALID_INPUT")
    assert "missing.png" in refused.err
    assert pressroom.rows("SELECT logo FROM brands WHERE slug = ?", SLUG) == [(logo,)]
