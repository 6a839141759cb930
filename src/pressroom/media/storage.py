"""Where rendered files live: content-addressed, so the same bytes are stored once and a key
names its content for ever.

A file is stored under ``<sha256[:2]>/<sha256><suffix>``. Storing is atomic: the bytes reach
a temporary file that is flushed to the disk and only then renamed to its key (or uploaded in
one request), so a crash, a full disk or a failed upload never leaves a half-written file
under a key. The local folder is the default store; an S3-compatible bucket (the ``s3``
extra) is the optional one, read through a local cache.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import mimetypes
import os
import re
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, Final, Literal, Protocol, runtime_checkable

from pydantic import SecretStr

from pressroom.config import Settings
from pressroom.errors import (
    ConfigError,
    ErrorCode,
    InvalidInputError,
    MediaError,
    NotFoundError,
    import_extra,
)
from pressroom.providers.publishers.files import copy_synced, fsync_dir

__all__ = [
    "AssetStore",
    "LocalStore",
    "S3Store",
    "StoredFile",
    "content_key",
    "file_sha256",
    "open_store",
    "storage_error",
    "temporary_sibling",
]

S3_EXTRA: Final = "s3"
PRESIGNED_URL_SECONDS: Final = 3600
_KEY = re.compile(r"^(?P<fan>[0-9a-f]{2})/(?P<sha>[0-9a-f]{64})(?P<suffix>\.[a-z0-9]{1,16})?$")
_SUFFIX = re.compile(r"^(\.[a-z0-9]{1,16})?$")
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
_CONTENT_TYPES = {".ass": "text/x-ssa", ".srt": "application/x-subrip", ".vtt": "text/vtt"}


@dataclass(frozen=True)
class StoredFile:
    """A file in a store: its key, content hash, size and the store's name."""

    key: str
    sha256: str
    size_bytes: int
    store: str


@runtime_checkable
class AssetStore(Protocol):
    """Content-addressed file storage. Every method raises
    :class:`~pressroom.errors.MediaError` with ``STORAGE_FULL`` or ``STORAGE_UNAVAILABLE`` when
    the storage fails, and refuses keys it did not make (``INVALID_INPUT``)."""

    @property
    def name(self) -> str:
        """The store's name as recorded on assets (``local``, ``s3``)."""
        ...

    def put(self, source: Path, *, suffix: str) -> StoredFile:
        """Store ``source``'s bytes under their key (``suffix`` such as ``.png`` ends it).
        Idempotent: the same content gives the same key and is not written again."""
        ...

    def path(self, key: str) -> Path:
        """A local file holding ``key``'s bytes, to read (a cached copy for remote stores);
        ``NOT_FOUND`` when the store has no such key."""
        ...

    def exists(self, key: str) -> bool:
        """Whether ``key`` is stored."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key`` (nothing happens when it is not there)."""
        ...

    def url(self, key: str) -> str | None:
        """An address to fetch ``key`` from over HTTP (presigned for S3), or None."""
        ...


def file_sha256(path: Path) -> tuple[str, int]:
    """``path``'s SHA-256 (hex) and size in bytes, read in chunks."""
    try:
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256")
            return digest.hexdigest(), handle.tell()
    except OSError as exc:
        raise storage_error(exc, action="read the file to store", path=path) from exc


def content_key(sha256: str, suffix: str) -> str:
    """The key of content hashing to ``sha256``: ``<sha256[:2]>/<sha256><suffix>``."""
    if not _SUFFIX.match(suffix.lower()):
        raise InvalidInputError(
            f"{suffix!r} is not a file suffix",
            hint="Give a suffix such as '.png' (a dot, then up to 16 letters or digits).",
        )
    return check_key(f"{sha256[:2]}/{sha256}{suffix.lower()}")


def check_key(key: str) -> str:
    """``key`` when it is a content key; refuses anything else (such as ``../``)."""
    found = _KEY.match(key)
    if found is None or found["sha"][:2] != found["fan"]:
        raise InvalidInputError(
            f"{key[:200]!r} is not an asset key",
            hint="Asset keys look like 'ab/ab12…(64 hex digits).png'; use the key put() gave.",
        )
    return key


def temporary_sibling(path: Path) -> Path:
    """A fresh hidden name beside ``path``, for writing before an atomic rename (same
    folder, so the rename never crosses file systems)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def storage_error(exc: OSError, *, action: str, path: Path | str) -> MediaError:
    """The error for an ``OSError`` while trying to ``action``: ``STORAGE_FULL`` (retryable,
    once space is freed) for a full disk or quota, else ``STORAGE_UNAVAILABLE``."""
    reason = exc.strerror or str(exc)
    if exc.errno in _FULL:
        return MediaError(
            f"could not {action}: the disk holding {path} is full ({reason})",
            code=ErrorCode.STORAGE_FULL,
            retryable=True,
            status=507,
            hint="Free space in the data folder (old renders, logs) or move it to a larger "
            "disk, then render again; nothing half-written was kept.",
            details={"path": str(path), "errno": exc.errno},
        )
    return MediaError(
        f"could not {action} at {path}: {reason}",
        code=ErrorCode.STORAGE_UNAVAILABLE,
        status=503,
        hint="Check that the data folder exists, is writable by Pressroom and its disk works.",
        details={"path": str(path), "errno": exc.errno},
    )


class LocalStore:
    """Assets in a folder: ``<root>/<sha[:2]>/<sha><suffix>``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def name(self) -> str:
        """``local``."""
        return "local"

    def put(self, source: Path, *, suffix: str) -> StoredFile:
        """Store ``source`` (copied, flushed and renamed into place; not rewritten when the
        key is already there)."""
        sha, size = file_sha256(source)
        key = content_key(sha, suffix)
        target = self.root / key
        if not target.is_file():
            self._write(source, target)
        return StoredFile(key=key, sha256=sha, size_bytes=size, store=self.name)

    def path(self, key: str) -> Path:
        """The stored file itself."""
        target = self.root / check_key(key)
        if not target.is_file():
            raise _missing(key, self.name)
        return target

    def exists(self, key: str) -> bool:
        """Whether the file is there."""
        return (self.root / check_key(key)).is_file()

    def delete(self, key: str) -> None:
        """Remove the file (and make the removal durable)."""
        target = self.root / check_key(key)
        try:
            target.unlink(missing_ok=True)
            if target.parent.is_dir():
                fsync_dir(target.parent)
        except OSError as exc:
            raise storage_error(exc, action="delete the asset", path=target) from exc

    def url(self, key: str) -> str | None:
        """None: local files are served by the app, not fetched by URL."""
        check_key(key)
        return None

    def _write(self, source: Path, target: Path) -> None:
        temporary = temporary_sibling(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            copy_synced(source, temporary)
            os.replace(temporary, target)
            fsync_dir(target.parent)
        except OSError as exc:
            raise storage_error(exc, action="store the asset", path=target) from exc
        finally:
            temporary.unlink(missing_ok=True)


class S3Store:
    """Assets in an S3-compatible bucket (AWS, MinIO, R2…) under ``prefix``, read through a
    local cache folder. Needs the ``s3`` extra (boto3), imported when the store is made."""

    def __init__(
        self,
        *,
        bucket: str,
        cache_dir: Path,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: SecretStr | None = None,
        max_attempts: int = 4,
    ) -> None:
        boto3, exceptions = _s3_extra("boto3"), _s3_extra("botocore.exceptions")
        config = _s3_extra("botocore.config").Config(
            retries={"max_attempts": max_attempts, "mode": "standard"}
        )
        self.bucket = bucket
        self.prefix = prefix
        self.cache_dir = cache_dir
        self._errors: tuple[type[Exception], ...] = (
            exceptions.BotoCoreError,
            exceptions.ClientError,
        )
        secret = secret_access_key.get_secret_value() if secret_access_key else None
        try:
            self._client: Any = boto3.client(  # boto3 is untyped: its clients are Any
                "s3",
                endpoint_url=endpoint_url or None,
                region_name=region or None,
                aws_access_key_id=access_key_id or None,
                aws_secret_access_key=secret or None,
                config=config,
            )
        except exceptions.BotoCoreError as exc:  # half the credentials, a malformed endpoint
            raise ConfigError(
                f"the s3 asset store cannot be set up: {exc}",
                hint="Set both PRESSROOM_S3_ACCESS_KEY_ID and PRESSROOM_S3_SECRET_ACCESS_KEY "
                "(or neither, for boto3's own credential chain) and a valid "
                "PRESSROOM_S3_ENDPOINT_URL.",
            ) from exc

    @property
    def name(self) -> str:
        """``s3``."""
        return "s3"

    def put(self, source: Path, *, suffix: str) -> StoredFile:
        """Upload ``source`` in one request that S3 checks against its SHA-256 (skipped when
        the key is already in the bucket)."""
        sha, size = file_sha256(source)
        key = content_key(sha, suffix)
        if not self.exists(key):
            self._upload(source, key=key, sha=sha)
        return StoredFile(key=key, sha256=sha, size_bytes=size, store=self.name)

    def path(self, key: str) -> Path:
        """The cached copy of ``key``, downloaded once (atomically) when not cached yet."""
        cached = self.cache_dir / check_key(key)
        if cached.is_file():
            return cached
        temporary = temporary_sibling(cached)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as handle:
                self._call("download", key, "download_fileobj", Fileobj=handle)
            os.replace(temporary, cached)
        except OSError as exc:
            raise storage_error(exc, action="cache the asset", path=cached) from exc
        finally:
            temporary.unlink(missing_ok=True)
        return cached

    def exists(self, key: str) -> bool:
        """Whether the bucket holds ``key`` (a HEAD request)."""
        try:
            self._client.head_object(Bucket=self.bucket, Key=self.prefix + check_key(key))
        except self._errors as exc:
            if _is_missing_key(exc):
                return False
            raise self._error(exc, action="look up", key=key) from exc
        return True

    def delete(self, key: str) -> None:
        """Remove ``key`` from the bucket and the cache."""
        self._call("delete", key, "delete_object")
        (self.cache_dir / key).unlink(missing_ok=True)

    def url(self, key: str) -> str | None:
        """A presigned GET URL, valid for an hour."""
        params = {"Bucket": self.bucket, "Key": self.prefix + check_key(key)}
        try:
            url: str = self._client.generate_presigned_url(
                "get_object", Params=params, ExpiresIn=PRESIGNED_URL_SECONDS
            )
        except self._errors as exc:
            raise self._error(exc, action="sign a URL for", key=key) from exc
        return url

    def _upload(self, source: Path, *, key: str, sha: str) -> None:
        checksum = base64.b64encode(bytes.fromhex(sha)).decode("ascii")
        content_type = _CONTENT_TYPES.get(key[key.rfind(".") :]) or (
            mimetypes.guess_type(key)[0] or "application/octet-stream"
        )
        try:
            with source.open("rb") as body:
                self._call(
                    "upload",
                    key,
                    "put_object",
                    Body=body,
                    ContentType=content_type,
                    Metadata={"sha256": sha},
                    ChecksumSHA256=checksum,
                )
        except OSError as exc:
            raise storage_error(exc, action="read the file to upload", path=source) from exc

    def _call(self, action: str, key: str, method: str, **params: Any) -> Any:
        """``method`` of the S3 client on ``key``, its failures as storage errors."""
        target = {"Bucket": self.bucket, "Key": self.prefix + check_key(key)}
        try:
            return getattr(self._client, method)(**target, **params)
        except self._errors as exc:
            if _is_missing_key(exc):
                raise _missing(key, self.name) from exc
            raise self._error(exc, action=action, key=key) from exc

    def _error(self, exc: Exception, *, action: str, key: str) -> MediaError:
        status = _s3_status(exc)
        return MediaError(
            f"could not {action} {key} in s3://{self.bucket}/{self.prefix}: {exc}",
            code=ErrorCode.STORAGE_UNAVAILABLE,
            retryable=_passes(exc, status),
            status=503,
            hint="Check PRESSROOM_S3_BUCKET, PRESSROOM_S3_ENDPOINT_URL and the access keys, "
            "and that the bucket exists and the keys may read and write it.",
            details={"bucket": self.bucket, "key": key, "s3_status": status},
        )


def _s3_status(exc: Exception) -> int | None:
    """The HTTP status of a failed S3 call, or None when no answer came."""
    response = getattr(exc, "response", None)
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode") if response else None
    return status if isinstance(status, int) else None


def _is_missing_key(exc: Exception) -> bool:
    # A missing key answers 404 with code NoSuchKey (or a bare "404" to HEAD); a missing bucket
    # also answers 404, but with NoSuchBucket: that one is a configuration problem.
    response = getattr(exc, "response", None)
    code = str(response.get("Error", {}).get("Code", "")) if response else ""
    return code in ("404", "NoSuchKey", "NotFound")


def _passes(exc: Exception, status: int | None) -> bool:
    """Whether an S3 failure may pass on its own: server errors, throttling and dropped
    connections do; refusals (403, no bucket) and missing credentials need a person."""
    if status is not None:
        return status >= 500 or status == 429
    return type(exc).__name__ not in {"NoCredentialsError", "PartialCredentialsError"}


def _missing(key: str, store: str) -> NotFoundError:
    return NotFoundError(
        f"the {store} asset store has no file {key}",
        hint="The asset was deleted or never stored: render the piece's media again.",
        details={"key": key, "store": store},
    )


def _s3_extra(module: str) -> ModuleType:
    """Import a module of the ``s3`` extra, naming the extra when it is missing."""
    return import_extra(
        module,
        extra=S3_EXTRA,
        needed_by="the s3 asset store",
        otherwise="set PRESSROOM_ASSET_STORE=local",
    )


def open_store(
    *,
    kind: Literal["local", "s3"],
    root: Path,
    bucket: str = "",
    prefix: str = "",
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key_id: str | None = None,
    secret_access_key: SecretStr | None = None,
) -> AssetStore:
    """The asset store the settings name: the local folder ``root``, or an S3 bucket cached
    under ``root / "s3-cache"``."""
    if kind == "local":
        return LocalStore(root)
    if not bucket:
        raise ConfigError(
            "the s3 asset store needs a bucket",
            hint="Set PRESSROOM_S3_BUCKET, or PRESSROOM_ASSET_STORE=local.",
        )
    return S3Store(
        bucket=bucket,
        cache_dir=root / "s3-cache",
        prefix=prefix,
        endpoint_url=endpoint_url,
        region=region,
        access_key_id=access_key_id,
        secret_access_key=secret_access_key,
    )


def asset_store(settings: Settings) -> AssetStore:
    """The asset store of these settings (one per process and configuration)."""
    return _store(
        settings.asset_store,
        settings.assets_dir,
        settings.s3_bucket or "",
        settings.s3_prefix,
        settings.s3_endpoint_url,
        settings.s3_region,
        settings.s3_access_key_id,
        settings.s3_secret_access_key,
    )


@cache
def _store(
    kind: Literal["local", "s3"],
    root: Path,
    bucket: str,
    prefix: str,
    endpoint_url: str | None,
    region: str | None,
    access_key_id: str | None,
    secret_access_key: SecretStr | None,
) -> AssetStore:
    return open_store(
        kind=kind,
        root=root,
        bucket=bucket,
        prefix=prefix,
        endpoint_url=endpoint_url,
        region=region,
        access_key_id=access_key_id,
        secret_access_key=secret_access_key,
    )
