from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.providers.publishers import outbox as outbox_module
from pressroom.providers.publishers.outbox import OutboxPublisher
from pressroom.providers.publishers.protocol import Publisher, PublishRequest

PUBLISHED_AT = datetime(2026, 3, 27, 9, 0, 5, tzinfo=UTC)
# Saturday 28 March 2026, 12:00 in Berlin (UTC+1).
SCHEDULE_AT = datetime(2026, 3, 28, 11, 0, tzinfo=UTC)


def make_outbox(root: Path, **kwargs: Any) -> OutboxPublisher:
    return OutboxPublisher(root, clock=lambda: PUBLISHED_AT, **kwargs)


def request(**overrides: Any) -> PublishRequest:
    data: dict[str, Any] = {
        "idempotency_key": "pub-piece-1",
        "job_id": "job-1",
        "piece_id": "piece-1",
        "brand_slug": "northwind-coffee",
        "channel": "linkedin",
        "schedule_at": SCHEDULE_AT,
        "timezone": "Europe/Berlin",
        "text": 'Fresh beans, "rested" well.\n\nTry it, then tell us.\n\n#specialtycoffee #beans',
        "body": {
            "channel": "linkedin",
            "hook_type": "story",
            "text": "Fresh beans",
            "hashtags": ["specialtycoffee", "beans"],
        },
        "hashtags": ["specialtycoffee", "beans"],
        "writer": "builtin (offline)",
        "score": {"composite": 0.82, "decision": "approve"},
        "trace_id": "trace-1",
    }
    data.update(overrides)
    return PublishRequest(**data)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def bundles(root: Path, brand: str = "northwind-coffee", channel: str = "linkedin") -> list[Path]:
    folder = root / brand / channel
    return (
        sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []
    )


def test_outbox_is_a_publisher(tmp_path: Path) -> None:
    assert isinstance(make_outbox(tmp_path), Publisher)
    assert make_outbox(tmp_path).name == "outbox"


def test_bundle_layout_and_content(tmp_path: Path) -> None:
    result = make_outbox(tmp_path).publish(request())
    [bundle] = bundles(tmp_path)
    assert bundle.name.startswith("2026-03-28_1200_")  # brand-local posting time
    assert sorted(p.name for p in bundle.iterdir()) == ["metadata.json", "post.txt"]
    assert (bundle / "post.txt").read_bytes().decode() == request().text
    metadata = json.loads((bundle / "metadata.json").read_text())
    assert metadata["piece_id"] == "piece-1"
    assert metadata["job_id"] == "job-1"
    assert metadata["idempotency_key"] == "pub-piece-1"
    assert metadata["channel"] == "linkedin"
    assert metadata["schedule_at_utc"] == "2026-03-28T11:00:00Z"
    assert metadata["schedule_at_local"] == "2026-03-28T12:00:00+01:00"
    assert metadata["timezone"] == "Europe/Berlin"
    assert metadata["hashtags"] == ["specialtycoffee", "beans"]
    assert metadata["writer"] == "builtin (offline)"
    assert metadata["trace_id"] == "trace-1"
    assert metadata["draft"]["text"] == "Fresh beans"
    assert metadata["score"] == {"composite": 0.82, "decision": "approve"}
    assert result.external_id == f"northwind-coffee/linkedin/{bundle.name}"
    assert result.location == str(bundle)
    assert result.url == bundle.resolve().as_uri()
    assert result.published_at == PUBLISHED_AT
    assert result.idempotency_key == "pub-piece-1"


def test_thread_text_and_media(tmp_path: Path) -> None:
    image = tmp_path / "cover.png"
    image.write_bytes(b"\x89PNG fake image bytes")
    thread = request(
        channel="x",
        posts=["First post.", "Second, with a comma."],
        text="First post.\n\n---\n\nSecond, with a comma.",
        media=[image],
        hashtags=[],
    )
    make_outbox(tmp_path / "out").publish(thread)
    [bundle] = bundles(tmp_path / "out", channel="x")
    lines = (bundle / "post.txt").read_text().splitlines()
    assert "---" in lines
    assert (bundle / "media" / "01-cover.png").read_bytes() == image.read_bytes()
    metadata = json.loads((bundle / "metadata.json").read_text())
    assert metadata["media"] == ["media/01-cover.png"]
    assert metadata["posts"] == ["First post.", "Second, with a comma."]


def test_buffer_csv_header_format_and_escaping(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path)
    outbox.publish(request())
    path = tmp_path / "northwind-coffee" / "buffer-linkedin.csv"
    raw = path.read_bytes().decode("utf-8")
    assert raw.startswith("Text,Image URL,Tags,Posting Time\r\n")
    rows = read_csv(path)
    assert rows[0] == ["Text", "Image URL", "Tags", "Posting Time"]
    assert rows[1] == [request().text, "", "specialtycoffee,beans", "2026-03-28 12:00"]
    # RFC 4180: the text is quoted, inner quotes doubled, newlines kept inside the field.
    assert '"Fresh beans, ""rested"" well.\n\nTry it' in raw
    assert ',"specialtycoffee,beans",2026-03-28 12:00\r\n' in raw


def test_buffer_csv_is_sorted_by_posting_time_and_threads_are_one_row(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path)
    late = request(
        idempotency_key="pub-late",
        channel="x",
        hashtags=[],
        schedule_at=datetime(2026, 3, 30, 16, 30, tzinfo=UTC),
        posts=["One.", "Two."],
        text="One.\n\n---\n\nTwo.",
    )
    early = request(
        idempotency_key="pub-early",
        channel="x",
        hashtags=[],
        schedule_at=datetime(2026, 3, 29, 7, 0, tzinfo=UTC),
        text="Single post.",
    )
    outbox.publish(late)
    outbox.publish(early)
    rows = read_csv(tmp_path / "northwind-coffee" / "buffer-x.csv")
    # 29 March is summer time in Berlin (UTC+2).
    assert rows[1:] == [
        ["Single post.", "", "", "2026-03-29 09:00"],
        ["One.\n\nTwo.", "", "", "2026-03-30 18:30"],
    ]


def test_image_url_needs_a_public_base_and_an_image(tmp_path: Path) -> None:
    image = tmp_path / "cover.png"
    image.write_bytes(b"png")
    video = tmp_path / "reel.mp4"
    video.write_bytes(b"mp4")
    outbox = make_outbox(tmp_path / "out", media_base_url="https://cdn.example/outbox/")
    outbox.publish(request(media=[video, image]))
    outbox.publish(request(idempotency_key="pub-video", media=[video]))
    [bundle, _] = sorted(
        bundles(tmp_path / "out"), key=lambda b: "pub-video" in (b / "metadata.json").read_text()
    )
    rows = read_csv(tmp_path / "out" / "northwind-coffee" / "buffer-linkedin.csv")
    urls = sorted(row[1] for row in rows[1:])
    assert urls == [
        "",
        f"https://cdn.example/outbox/northwind-coffee/linkedin/{bundle.name}/media/02-cover.png",
    ]
    without_base = make_outbox(tmp_path / "plain")
    without_base.publish(request(media=[image]))
    assert read_csv(tmp_path / "plain" / "northwind-coffee" / "buffer-linkedin.csv")[1][1] == ""


def test_publishing_the_same_key_twice_writes_one_bundle_and_one_row(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path)
    first = outbox.publish(request())
    again = make_outbox(tmp_path).publish(request(text="changed text, same key"))
    assert again == first
    assert len(bundles(tmp_path)) == 1
    assert len(read_csv(tmp_path / "northwind-coffee" / "buffer-linkedin.csv")) == 2
    assert (Path(first.location or "") / "post.txt").read_text() == request().text


def test_a_key_makes_one_bundle_even_if_its_posting_time_changed(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path)
    first = outbox.publish(request())
    again = outbox.publish(request(schedule_at=datetime(2026, 4, 2, 7, 0, tzinfo=UTC)))
    assert again == first
    assert len(bundles(tmp_path)) == 1
    assert read_csv(tmp_path / "northwind-coffee" / "buffer-linkedin.csv")[1][3] == (
        "2026-03-28 12:00"
    )


def test_lookup(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path)
    assert outbox.lookup("pub-piece-1") is None
    result = outbox.publish(request())
    assert make_outbox(tmp_path).lookup("pub-piece-1") == result
    assert outbox.lookup("pub-other") is None


@pytest.mark.parametrize("key", ["../etc/passwd", "", "a/b", ".hidden"])
def test_lookup_refuses_keys_that_are_not_keys(tmp_path: Path, key: str) -> None:
    with pytest.raises(PressroomError) as caught:
        make_outbox(tmp_path).lookup(key)
    assert caught.value.code == ErrorCode.INVALID_INPUT


def test_marker_pointing_outside_the_outbox_is_not_trusted(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path / "out")
    outbox.publish(request())
    marker = tmp_path / "out" / ".keys" / "pub-piece-1.json"
    elsewhere = tmp_path / "elsewhere" / "a" / "b"
    elsewhere.mkdir(parents=True)
    (elsewhere / "metadata.json").write_text("{}")
    marker.write_text(json.dumps({"bundle": "../elsewhere/a/b"}))
    assert outbox.lookup("pub-piece-1") is None
    marker.write_text("not json")
    assert outbox.lookup("pub-piece-1") is None
    # Publishing again finds the complete bundle where the key's folder goes: still one.
    outbox.publish(request())
    assert len(bundles(tmp_path / "out")) == 1
    assert outbox.lookup("pub-piece-1") is not None


def test_stale_temp_folder_is_ignored_then_removed(tmp_path: Path) -> None:
    channel_dir = tmp_path / "northwind-coffee" / "linkedin"
    stale = channel_dir / ".tmp-2026-03-28_1200_deadbeef-0123abcd"
    stale.mkdir(parents=True)
    (stale / "post.txt").write_text("half a post")
    outbox = make_outbox(tmp_path)
    assert outbox.lookup("pub-piece-1") is None
    outbox.publish(request())
    assert not stale.exists()
    assert len(bundles(tmp_path)) == 1
    assert len(read_csv(tmp_path / "northwind-coffee" / "buffer-linkedin.csv")) == 2


def test_crash_before_the_rename_leaves_no_bundle_and_a_rerun_writes_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_rename = os.rename

    def crash(src: str, dst: str) -> None:
        raise SystemExit("power cut")

    monkeypatch.setattr(outbox_module.os, "rename", crash)
    with pytest.raises(SystemExit):
        make_outbox(tmp_path).publish(request())
    # The marker was written, the temp folder too, but no bundle is complete.
    assert (tmp_path / ".keys" / "pub-piece-1.json").exists()
    assert bundles(tmp_path) == []
    assert make_outbox(tmp_path).lookup("pub-piece-1") is None
    monkeypatch.setattr(outbox_module.os, "rename", real_rename)
    result = make_outbox(tmp_path).publish(request())
    assert [p.name for p in (tmp_path / "northwind-coffee" / "linkedin").iterdir()] == [
        Path(result.location or "").name
    ]
    assert len(read_csv(tmp_path / "northwind-coffee" / "buffer-linkedin.csv")) == 2


def test_crash_between_the_rename_and_the_csv_is_repaired_by_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = OutboxPublisher._refresh_csv

    def crash(self: OutboxPublisher, brand_slug: str, channel: str) -> Path:
        raise SystemExit("power cut")

    monkeypatch.setattr(OutboxPublisher, "_refresh_csv", crash)
    with pytest.raises(SystemExit):
        make_outbox(tmp_path).publish(request())
    csv_path = tmp_path / "northwind-coffee" / "buffer-linkedin.csv"
    assert len(bundles(tmp_path)) == 1
    assert not csv_path.exists()
    monkeypatch.setattr(OutboxPublisher, "_refresh_csv", original)
    assert make_outbox(tmp_path).lookup("pub-piece-1") is not None
    assert len(read_csv(csv_path)) == 2


def test_a_csv_that_cannot_be_written_does_not_unpublish_the_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, data: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outbox_module, "replace_atomically", disk_full)
    outbox = make_outbox(tmp_path)
    with pytest.raises(PressroomError) as caught:
        outbox.publish(request())  # the key marker cannot be written either: nothing done
    assert caught.value.code == ErrorCode.PUBLISH_FAILED
    assert caught.value.retryable
    assert bundles(tmp_path) == []
    monkeypatch.undo()

    calls: list[str] = []
    real = outbox_module.replace_atomically

    def csv_fails(path: Path, data: str) -> None:
        calls.append(path.name)
        if path.suffix == ".csv":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(outbox_module, "replace_atomically", csv_fails)
    result = outbox.publish(request())
    assert result.idempotency_key == "pub-piece-1"
    assert "buffer-linkedin.csv" in calls
    monkeypatch.undo()
    csv_path = outbox.rebuild_csv("northwind-coffee", "linkedin")
    assert len(read_csv(csv_path)) == 2


def test_missing_media_is_a_terminal_publish_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(PressroomError) as caught:
        make_outbox(tmp_path).publish(request(media=[tmp_path / "missing.png"]))
    assert caught.value.code == ErrorCode.PUBLISH_FAILED
    assert not caught.value.retryable
    assert bundles(tmp_path) == []
    assert make_outbox(tmp_path).lookup("pub-piece-1") is None


def test_unwritable_outbox_is_a_retryable_publish_error(tmp_path: Path) -> None:
    root = tmp_path / "outbox"
    root.write_text("a file where the folder should be")
    with pytest.raises(PressroomError) as caught:
        make_outbox(root).publish(request())
    assert caught.value.code == ErrorCode.PUBLISH_FAILED
    assert caught.value.retryable
    assert root.read_text() == "a file where the folder should be"


def test_folder_of_another_post_is_never_overwritten(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path)
    result = outbox.publish(request())
    bundle = Path(result.location or "")
    metadata = json.loads((bundle / "metadata.json").read_text())
    metadata["idempotency_key"] = "pub-someone-else"
    (bundle / "metadata.json").write_text(json.dumps(metadata))
    (tmp_path / ".keys" / "pub-piece-1.json").unlink()
    with pytest.raises(PressroomError) as caught:
        outbox.publish(request())
    assert caught.value.code == ErrorCode.PUBLISH_FAILED
    assert not caught.value.retryable
    assert json.loads((bundle / "metadata.json").read_text())["idempotency_key"] == (
        "pub-someone-else"
    )


def test_unreadable_bundle_is_left_out_of_the_csv(tmp_path: Path) -> None:
    outbox = make_outbox(tmp_path)
    outbox.publish(request())
    broken = tmp_path / "northwind-coffee" / "linkedin" / "2026-01-01_0900_hand-made"
    broken.mkdir()
    (broken / "metadata.json").write_text("{not json")
    outbox.publish(request(idempotency_key="pub-piece-2"))
    rows = read_csv(tmp_path / "northwind-coffee" / "buffer-linkedin.csv")
    assert len(rows) == 3
    assert broken.exists()


def test_busy_outbox_is_a_retryable_publish_error(tmp_path: Path) -> None:
    import filelock

    (tmp_path / "northwind-coffee").mkdir()
    holder = filelock.FileLock(tmp_path / "northwind-coffee" / ".linkedin.lock")
    with holder, pytest.raises(PressroomError) as caught:
        OutboxPublisher(tmp_path, lock_timeout_seconds=0.05).publish(request())
    assert caught.value.code == ErrorCode.PUBLISH_FAILED
    assert caught.value.retryable
    assert bundles(tmp_path) == []


def test_written_csv_round_trips_through_io(tmp_path: Path) -> None:
    make_outbox(tmp_path).publish(request())
    text = (tmp_path / "northwind-coffee" / "buffer-linkedin.csv").read_text(encoding="utf-8")
    [row] = csv.DictReader(io.StringIO(text, newline=""))
    assert row["Posting Time"] == ("2026-03-28 12:00")
