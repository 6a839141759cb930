"""The outbox connector: every post becomes a ready-to-post folder, and every channel a
Buffer-compatible bulk CSV regenerated from those folders.

Layout under ``root``::

    .keys/<idempotency key>.json                 which bundle a key produced
    <brand>/.<channel>.lock                      serialises writers of one channel
    <brand>/buffer-<channel>.csv                 Buffer bulk upload, rebuilt from the bundles
    <brand>/<channel>/<YYYY-MM-DD>_<HHMM>_<id>/  one bundle (brand-local posting time)
        post.txt  metadata.json  media/

A bundle is built in a ``.tmp-…`` sibling folder and becomes visible by one ``os.rename``: a
crash leaves either no bundle or a complete one. The key marker is written before that rename
and is only trusted when the folder it names exists and carries the same key, so a marker left
by a crash means "not published". See docs/PUBLISHING.md for the exactly-once argument.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import filelock
from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from pressroom.errors import InvalidInputError
from pressroom.logging import get_logger
from pressroom.providers.publishers.buffer_csv import (
    BUFFER_IMAGE_SUFFIXES,
    BufferRow,
    render_buffer_csv,
)
from pressroom.providers.publishers.files import (
    copy_synced,
    fsync_dir,
    replace_atomically,
    write_synced,
)
from pressroom.providers.publishers.protocol import (
    IDEMPOTENCY_KEY_PATTERN,
    PublishRequest,
    PublishResult,
)
from pressroom.publishing.errors import PublishError

log = get_logger(__name__)

BUNDLE_FORMAT = "pressroom.outbox.v1"
TEMP_PREFIX = ".tmp-"
KEYS_DIR = ".keys"
METADATA_KEPT = 4096
"""Bundles whose parsed ``metadata.json`` is kept in memory between CSV rebuilds."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


class BundleMetadata(BaseModel):
    """``metadata.json`` of a bundle: everything about the post except its text."""

    model_config = ConfigDict(extra="forbid")

    format: str = BUNDLE_FORMAT
    idempotency_key: str
    job_id: str
    piece_id: str
    brand_slug: str
    channel: str
    schedule_at_utc: AwareDatetime
    schedule_at_local: AwareDatetime
    timezone: str
    published_at: AwareDatetime
    hashtags: list[str]
    writer: str
    trace_id: str
    posts: list[str]
    media: list[str]
    draft: dict[str, Any]
    score: dict[str, Any] | None = None


class OutboxPublisher:
    """Publishes into a folder a person (or Buffer's bulk upload) posts from.

    ``media_base_url``: where the outbox folder is served publicly, if anywhere; with it, a
    bundle's first image becomes the CSV's ``Image URL`` (Buffer fetches images by URL only).
    """

    name = "outbox"

    def __init__(
        self,
        root: Path,
        *,
        media_base_url: str | None = None,
        lock_timeout_seconds: float = 30.0,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.root = Path(root)
        self.media_base_url = media_base_url.rstrip("/") if media_base_url else None
        self.lock_timeout_seconds = lock_timeout_seconds
        self._clock = clock

    # -- the Publisher protocol -------------------------------------------------------------

    def publish(self, request: PublishRequest) -> PublishResult:
        """Write ``request``'s bundle once and refresh its channel's Buffer CSV. A key that
        already has a complete bundle returns that bundle and writes nothing new."""
        channel_dir = self.root / request.brand_slug / request.channel
        try:
            with self._channel_lock(request.brand_slug, request.channel):
                self._remove_stale_temps(channel_dir, trace_id=request.trace_id)
                found = self._find(request.idempotency_key)
                result = found or self._write_bundle(request, channel_dir)
                self._refresh_csv_after_commit(request.brand_slug, request.channel)
        except OSError as exc:
            raise PublishError(
                f"the outbox could not write {request.idempotency_key}: {exc}",
                hint=f"Check that {self.root} is writable and has free space.",
                details={"idempotency_key": request.idempotency_key},
            ) from exc
        return result

    def lookup(self, idempotency_key: str) -> PublishResult | None:
        """The complete bundle published under ``idempotency_key``, if any. Finding one also
        brings its channel's CSV up to date (an idempotent rewrite), which closes the window
        between a bundle's rename and the CSV rewrite after a crash."""
        _check_key(idempotency_key)
        found = self._find(idempotency_key)
        if found is None:
            return None
        brand_slug, channel = found.external_id.split("/")[:2]
        try:
            with self._channel_lock(brand_slug, channel):
                self._refresh_csv_after_commit(brand_slug, channel)
        except OSError as exc:
            raise PublishError(f"the outbox at {self.root} could not be read: {exc}") from exc
        return found

    def rebuild_csv(self, brand_slug: str, channel: str) -> Path:
        """Regenerate ``buffer-<channel>.csv`` from the complete bundles; returns its path."""
        with self._channel_lock(brand_slug, channel):
            return self._refresh_csv(brand_slug, channel)

    # -- bundles ------------------------------------------------------------------------------

    def _write_bundle(self, request: PublishRequest, channel_dir: Path) -> PublishResult:
        local = request.schedule_at.astimezone(ZoneInfo(request.timezone))
        short_id = hashlib.sha256(request.idempotency_key.encode()).hexdigest()[:8]
        final = channel_dir / f"{local:%Y-%m-%d_%H%M}_{short_id}"
        if final.exists():
            return self._adopt_existing(request, final)
        temp = channel_dir / f"{TEMP_PREFIX}{final.name}-{uuid.uuid4().hex[:8]}"
        temp.mkdir(parents=True)
        media = self._copy_media(request, temp / "media")
        metadata = _metadata_for(request, local=local, media=media, published_at=self._clock())
        write_synced(temp / "post.txt", request.text)
        write_synced(temp / "metadata.json", metadata.model_dump_json(indent=2) + "\n")
        fsync_dir(temp)
        self._write_marker(request.idempotency_key, final)
        # The commit point: before it there is no bundle, after it a complete one.
        os.rename(temp, final)
        fsync_dir(channel_dir)
        log.info(
            "publishing.outbox.bundle_written",
            trace_id=request.trace_id,
            idempotency_key=request.idempotency_key,
            bundle=str(final),
        )
        return self._result(final, metadata)

    def _adopt_existing(self, request: PublishRequest, final: Path) -> PublishResult:
        """A complete bundle sits where this key's would go but no marker names it (the
        marker was removed by hand): take it if it is this key's, refuse otherwise."""
        metadata = self._metadata(final)
        if metadata is None or metadata.idempotency_key != request.idempotency_key:
            raise PublishError(
                f"{final} already holds another post",
                retryable=False,
                hint="Move that folder away, then publish again.",
                details={"idempotency_key": request.idempotency_key, "bundle": str(final)},
            )
        self._write_marker(request.idempotency_key, final)
        return self._result(final, metadata)

    def _copy_media(self, request: PublishRequest, media_dir: Path) -> list[str]:
        names: list[str] = []
        for index, source in enumerate(request.media, start=1):
            if not source.is_file():
                raise PublishError(
                    f"media file {source} does not exist",
                    retryable=False,
                    hint="Render the piece's media again, then reschedule it.",
                    details={"idempotency_key": request.idempotency_key, "media": str(source)},
                )
            media_dir.mkdir(exist_ok=True)
            named = request.media_names[index - 1] if index <= len(request.media_names) else ""
            name = f"{index:02d}-{named or source.name}"
            copy_synced(source, media_dir / name)
            names.append(f"media/{name}")
        if names:
            fsync_dir(media_dir)
        return names

    def _remove_stale_temps(self, channel_dir: Path, *, trace_id: str) -> None:
        """Temp folders are only ever left by a crashed writer: we hold the channel lock."""
        if not channel_dir.is_dir():
            return
        for entry in channel_dir.iterdir():
            if entry.name.startswith(TEMP_PREFIX) and entry.is_dir():
                shutil.rmtree(entry)
                log.info(
                    "publishing.outbox.stale_temp_removed", trace_id=trace_id, folder=str(entry)
                )

    # -- key markers ----------------------------------------------------------------------

    def _marker_path(self, idempotency_key: str) -> Path:
        return self.root / KEYS_DIR / f"{idempotency_key}.json"

    def _write_marker(self, idempotency_key: str, bundle: Path) -> None:
        marker = self._marker_path(idempotency_key)
        marker.parent.mkdir(parents=True, exist_ok=True)
        relative = bundle.relative_to(self.root).as_posix()
        replace_atomically(marker, json.dumps({"bundle": relative}) + "\n")

    def _find(self, idempotency_key: str) -> PublishResult | None:
        """The bundle the key's marker names, if that bundle is complete and is this key's."""
        marker = self._marker_path(idempotency_key)
        try:
            relative = json.loads(marker.read_text(encoding="utf-8"))["bundle"]
        except FileNotFoundError:
            return None
        except (json.JSONDecodeError, KeyError, TypeError):
            # A marker is replaced atomically, so a broken one was edited by hand: the bundle
            # folders stay the truth, and a rewrite of the marker repairs it.
            log.warning("publishing.outbox.marker_unreadable", marker=str(marker))
            return None
        parts = PurePosixPath(str(relative)).parts
        if len(parts) != 3 or any(part in {"", ".", ".."} for part in parts):
            log.warning("publishing.outbox.marker_unreadable", marker=str(marker))
            return None
        bundle = self.root.joinpath(*parts)
        metadata = self._metadata(bundle)
        if metadata is None or metadata.idempotency_key != idempotency_key:
            return None
        return self._result(bundle, metadata)

    def _metadata(self, bundle: Path) -> BundleMetadata | None:
        if bundle.name.startswith((".", TEMP_PREFIX)):
            return None
        try:
            text = (bundle / "metadata.json").read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
        try:
            return BundleMetadata.model_validate_json(text)
        except ValidationError:
            log.warning("publishing.outbox.bundle_unreadable", bundle=str(bundle))
            return None

    def _result(self, bundle: Path, metadata: BundleMetadata) -> PublishResult:
        return PublishResult(
            idempotency_key=metadata.idempotency_key,
            external_id=bundle.relative_to(self.root).as_posix(),
            url=bundle.resolve().as_uri(),
            published_at=metadata.published_at,
            location=str(bundle),
        )

    # -- Buffer CSV -----------------------------------------------------------------------

    def _bundles(self, brand_slug: str, channel: str) -> Iterator[tuple[Path, BundleMetadata]]:
        channel_dir = self.root / brand_slug / channel
        if not channel_dir.is_dir():
            return
        for entry in channel_dir.iterdir():
            metadata = self._known_metadata(entry)
            if metadata is not None:
                yield entry, metadata

    def _known_metadata(self, bundle: Path) -> BundleMetadata | None:
        """``_metadata`` for the CSV, which lists every bundle of the channel after every
        publish: a bundle is not parsed again while its ``metadata.json`` is the same file
        (inode, size and modification time), so a rebuild costs a ``stat`` per bundle. A
        hand edit changes the file, and the next rebuild reads it."""
        if bundle.name.startswith((".", TEMP_PREFIX)):
            return None
        try:
            stat = (bundle / "metadata.json").stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        known = _parsed_metadata.get(str(bundle), signature)
        if known is not None:
            return known
        metadata = self._metadata(bundle)
        if metadata is not None:
            _parsed_metadata.put(str(bundle), signature, metadata)
        return metadata

    def _refresh_csv_after_commit(self, brand_slug: str, channel: str) -> None:
        """Once a bundle is complete the post is published; the CSV is a view derived from the
        bundles. A failure to rewrite it must not turn a published post into a failed one: it
        is logged, and the next publish, lookup or ``rebuild_csv`` of the channel repairs it."""
        try:
            self._refresh_csv(brand_slug, channel)
        except OSError as exc:
            log.error(
                "publishing.outbox.csv_failed", brand=brand_slug, channel=channel, error=str(exc)
            )

    def _refresh_csv(self, brand_slug: str, channel: str) -> Path:
        """Rewrite the channel's CSV from the complete bundles, sorted by posting time. Never
        appended to, so a post appears once however often this runs."""
        bundles = sorted(
            self._bundles(brand_slug, channel),
            key=lambda item: (item[1].schedule_at_utc, item[1].idempotency_key),
        )
        rows = [self._buffer_row(bundle, metadata) for bundle, metadata in bundles]
        path = self.root / brand_slug / f"buffer-{channel}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, render_buffer_csv(rows))
        log.info("publishing.outbox.csv_written", path=str(path), rows=len(rows))
        return path

    def _buffer_row(self, bundle: Path, metadata: BundleMetadata) -> BufferRow:
        # A thread is one row, its posts separated by blank lines: Buffer's bulk upload has
        # no thread column, and a blank line is where a person splits it when pasting.
        return BufferRow(
            text="\n\n".join(metadata.posts),
            posting_time=metadata.schedule_at_local,
            image_url=self._image_url(bundle, metadata),
            tags=list(metadata.hashtags),
        )

    def _image_url(self, bundle: Path, metadata: BundleMetadata) -> str:
        if self.media_base_url is None:
            return ""
        for name in metadata.media:
            if Path(name).suffix.lower() in BUFFER_IMAGE_SUFFIXES:
                relative = (bundle.relative_to(self.root) / name).as_posix()
                return f"{self.media_base_url}/{quote(relative)}"
        return ""

    # -- locking --------------------------------------------------------------------------

    @contextmanager
    def _channel_lock(self, brand_slug: str, channel: str) -> Iterator[None]:
        brand_dir = self.root / brand_slug
        brand_dir.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(brand_dir / f".{channel}.lock", timeout=self.lock_timeout_seconds)
        try:
            lock.acquire()
        except filelock.Timeout as exc:
            raise PublishError(
                f"the outbox for {brand_slug}/{channel} stayed busy for "
                f"{self.lock_timeout_seconds:g} s",
                hint="Another process is publishing to the same folder; try again.",
            ) from exc
        try:
            yield
        finally:
            lock.release()


class _ParsedMetadata:
    """Parsed bundle metadata by folder and file signature, least recently used dropped
    first. Shared by the publishers of a process (each publish step builds its own)."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[str, tuple[tuple[int, int, int], BundleMetadata]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, folder: str, signature: tuple[int, int, int]) -> BundleMetadata | None:
        with self._lock:
            entry = self._entries.get(folder)
            if entry is None or entry[0] != signature:
                return None
            self._entries.move_to_end(folder)
            return entry[1]

    def put(self, folder: str, signature: tuple[int, int, int], metadata: BundleMetadata) -> None:
        with self._lock:
            self._entries[folder] = (signature, metadata)
            self._entries.move_to_end(folder)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)


_parsed_metadata = _ParsedMetadata(METADATA_KEPT)


def _check_key(idempotency_key: str) -> None:
    if not re.fullmatch(IDEMPOTENCY_KEY_PATTERN, idempotency_key):
        raise InvalidInputError(
            f"{idempotency_key!r} is not a valid idempotency key",
            hint="Keys are 1–100 letters, digits, '.', '_' or '-', starting with a letter "
            "or digit.",
        )


def _metadata_for(
    request: PublishRequest, *, local: datetime, media: list[str], published_at: datetime
) -> BundleMetadata:
    return BundleMetadata(
        idempotency_key=request.idempotency_key,
        job_id=request.job_id,
        piece_id=request.piece_id,
        brand_slug=request.brand_slug,
        channel=request.channel,
        schedule_at_utc=request.schedule_at.astimezone(UTC),
        schedule_at_local=local,
        timezone=request.timezone,
        published_at=published_at,
        hashtags=list(request.hashtags),
        writer=request.writer,
        trace_id=request.trace_id,
        posts=request.thread(),
        media=media,
        draft=dict(request.body),
        score=request.score,
    )
