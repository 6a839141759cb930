"""The Buffer CSV is rebuilt from every bundle after every publish; a bundle's metadata is
parsed once, not once per later publish, and a hand edit is still picked up."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from pressroom.providers.publishers.outbox import BundleMetadata, OutboxPublisher
from tests.publishing.test_outbox import SCHEDULE_AT, bundles, make_outbox, read_csv, request

CSV = Path("northwind-coffee") / "buffer-linkedin.csv"


def publish_posts(outbox: OutboxPublisher, count: int) -> None:
    for number in range(count):
        outbox.publish(
            request(
                idempotency_key=f"pub-piece-{number}",
                schedule_at=SCHEDULE_AT + timedelta(days=number),
            )
        )


def test_each_bundle_is_parsed_once_however_many_posts_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    original = BundleMetadata.model_validate_json

    def counting(text: str | bytes, **kwargs: object) -> BundleMetadata:
        metadata = original(text, **kwargs)  # type: ignore[arg-type]
        parsed.append(metadata.idempotency_key)
        return metadata

    monkeypatch.setattr(BundleMetadata, "model_validate_json", counting)
    publish_posts(make_outbox(tmp_path), 6)

    assert len(read_csv(tmp_path / CSV)) == 1 + 6
    assert sorted(parsed) == sorted(f"pub-piece-{n}" for n in range(6))


def test_a_hand_edited_bundle_is_read_again(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path)
    publish_posts(outbox, 3)
    edited = bundles(tmp_path)[1] / "metadata.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["hashtags"] = ["handpicked"]
    stat = edited.stat()
    edited.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    # However coarse the file system's clock, the edit is a different file to a stat.
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    outbox.rebuild_csv("northwind-coffee", "linkedin")

    tags = [row[2] for row in read_csv(tmp_path / CSV)[1:]]
    assert tags == ["specialtycoffee,beans", "handpicked", "specialtycoffee,beans"]


def test_a_bundle_made_unreadable_leaves_the_csv(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path)
    publish_posts(outbox, 2)
    broken = bundles(tmp_path)[0] / "metadata.json"
    broken.write_text("{not json", encoding="utf-8")

    outbox.rebuild_csv("northwind-coffee", "linkedin")

    assert len(read_csv(tmp_path / CSV)) == 1 + 1
