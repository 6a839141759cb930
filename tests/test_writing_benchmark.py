"""The writing benchmark: its brand files are valid brands, its voice distance behaves as
documented, and a small run of the script prints figures of the documented shape, each in
range (never speed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from benchmarks import writing, writing_voice

from pressroom.brands.service import parse_spec
from pressroom.platforms.channels import CHANNELS

ROOT = Path(__file__).resolve().parent.parent
CHANNELS_RUN = ["linkedin", "x"]
BRANDS_RUN = ["northwind-coffee", "bastion-security", "crumb-bakery"]
IDEAS = 3


@pytest.mark.parametrize("path", sorted(writing.BRANDS_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_each_benchmark_brand_is_a_valid_brand_on_every_channel(path: Path) -> None:
    spec = parse_spec(json.loads(path.read_text(encoding="utf-8")))

    assert len(spec.voice_examples) >= 5
    for field in ("guidelines", "topics", "hashtags", "website", "call_to_action"):
        assert getattr(spec, field), field
    assert set(spec.channels) <= set(CHANNELS)


def test_the_brands_write_for_the_channels_asked_for() -> None:
    specs = writing.brand_specs(None, ["x"])

    assert len(specs) == 4
    assert {spec.slug for spec in specs.values()} >= set(BRANDS_RUN)
    assert all(spec.channels == ["x"] for spec in specs.values())


def test_voice_distance_is_zero_for_one_profile_and_capped_per_feature() -> None:
    calm = {
        "sentence_length": 12.0,
        "emoji_per_post": 0.0,
        "hashtags_per_post": 1.0,
        "formality": 0.7,
        "reading_grade": 5.0,
        "person": "we",
    }
    loud = {**calm, "emoji_per_post": 9.0, "person": "i"}

    assert writing_voice.voice_distance(calm, calm) == 0.0
    # Emoji: 9 apart on a scale of 2, capped at 1; person differs: 1; the rest 0 — of 6.
    assert writing_voice.voice_distance(calm, loud) == pytest.approx(2 / 6, abs=1e-4)
    assert writing_voice.voice_distance(calm, loud) == writing_voice.voice_distance(loud, calm)


def test_own_examples_counts_brands_nearest_their_own_and_the_smallest_margin() -> None:
    profiles = {
        "a": {"follows_own_examples": True, "own_margin": 0.12},
        "b": {"follows_own_examples": False, "own_margin": -0.03},
        "c": {"follows_own_examples": True, "own_margin": 0.05},
    }
    summary = writing_voice.own_examples(profiles)
    assert summary == {
        "brands": 3,
        "nearest_own": 2,
        "all_nearest_own": False,
        "smallest_margin": {"brand": "b", "margin": -0.03},
    }


def test_a_hook_is_the_first_sentence_of_the_first_line_normalised() -> None:
    assert writing.hook_of("\nFresh out of the oven! We baked.\nMore.") == "fresh out of the oven"


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("writing") / "figures.json"
    command = [sys.executable, "benchmarks/writing.py", "--ideas", str(IDEAS)]
    done = subprocess.run(
        [*command, "--channels", *CHANNELS_RUN, "--brands", *BRANDS_RUN, "--json-out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert json.loads(done.stdout) == report
    return report


def test_the_report_has_the_documented_sections(figures: dict[str, Any]) -> None:
    assert figures.keys() == {
        "machine",
        "date",
        "inputs",
        "ideas",
        "validity",
        "timing",
        "hooks",
        "near_duplicates",
        "failures",
        "voice",
        "wall_seconds",
    }
    inputs = figures["inputs"]
    assert inputs["channels"] == CHANNELS_RUN
    assert list(inputs["brands"]) == BRANDS_RUN
    assert inputs["ideas_per_brand"] == IDEAS
    assert inputs["signals"] > 0
    assert inputs["writer"] == "builtin"
    assert figures["machine"].keys() >= {"cpus", "python", "platform"}


def test_ideas_are_counted_honestly(figures: dict[str, Any]) -> None:
    for slug in BRANDS_RUN:
        ideas = figures["ideas"][slug]
        assert 0 < ideas["reached"] <= ideas["requested"] == IDEAS
        assert ideas["calls"] >= 1


def test_every_piece_is_valid_repaired_or_failed(figures: dict[str, Any]) -> None:
    validity = figures["validity"]
    pieces = sum(figures["ideas"][slug]["reached"] for slug in BRANDS_RUN) * len(CHANNELS_RUN)
    assert validity["all"]["pieces"] == pieces
    for part in [validity["all"], *validity["by_channel"].values()]:
        counted = part["valid_first_try"] + part["valid_after_repair"] + part["failed"]
        assert counted == part["pieces"]
        shares = ("share_valid_first_try", "share_valid_after_repair", "share_failed")
        assert sum(part[key] for key in shares) == pytest.approx(1.0, abs=1e-3)
    assert set(validity["by_channel"]) == set(CHANNELS_RUN)
    assert set(validity["by_brand"]) == set(BRANDS_RUN)


def test_times_hooks_and_near_duplicates_are_in_range(figures: dict[str, Any]) -> None:
    for channel in CHANNELS_RUN:
        timing = figures["timing"]["by_channel"][channel]
        assert 0 < timing["mean_ms"] <= timing["max_ms"]
        assert timing["median_ms"] <= timing["p95_ms"] <= timing["max_ms"]
        hooks = figures["hooks"]["by_channel"][channel]
        assert 1 <= hooks["distinct"] <= hooks["pieces"]
        near = figures["near_duplicates"]["by_channel"][channel]
        assert 0 <= near["near_duplicate_pairs"] <= near["pairs"]
    assert 0 < figures["near_duplicates"]["threshold"] <= 1


def test_voices_are_compared_pairwise_against_a_stated_threshold(figures: dict[str, Any]) -> None:
    voice = figures["voice"]
    assert len(voice["pairwise"]) == 3  # 3 brands, 3 pairs
    assert all(0 <= distance <= 1 for distance in voice["pairwise"].values())
    closest = voice["min_pairwise"]
    assert closest["distance"] == min(voice["pairwise"].values())
    assert voice["differ_measurably"] == (
        closest["distance"] > max(voice["threshold"], voice["max_split_half_distance"])
    )
    for slug in BRANDS_RUN:
        profile = voice["profiles"][slug]
        assert profile["examples"].keys() == profile["outputs"].keys()
        assert profile["nearest_examples"] in BRANDS_RUN
        assert 0 <= profile["distance_outputs_to_examples"] <= 1
        distances = profile["distances_to_examples"]
        assert set(distances) == set(BRANDS_RUN)
        others = min(d for other, d in distances.items() if other != slug)
        assert profile["own_margin"] == pytest.approx(others - distances[slug], abs=1e-3)
        assert profile["follows_own_examples"] == (profile["own_margin"] > 0)
    own = voice["own_examples"]
    assert own["brands"] == len(BRANDS_RUN)
    assert own["nearest_own"] == sum(
        voice["profiles"][slug]["follows_own_examples"] for slug in BRANDS_RUN
    )
