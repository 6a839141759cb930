"""The content-addressed asset store: the local folder on the real file system (a full disk
included) and the S3 store against moto's S3 server over real HTTP on loopback."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from pressroom.errors import ErrorCode, PressroomError
from pressroom.media.storage import (
    AssetStore,
    LocalStore,
    S3Store,
    content_key,
    open_store,
    storage_error,
)

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "pressroom-assets"
PREFIX = "pressroom/"


def make_file(folder: Path, data: bytes, name: str = "render.png") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def every_file(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def run_python(code: str, *, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (optionally under a wrapper such as unshare)."""
    command = [*(prefix or []), sys.executable, "-c", textwrap.dedent(code)]
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)


# --- the local folder ------------------------------------------------------------------------


def test_put_stores_the_bytes_under_their_sha256(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "assets")
    data = b"\x89PNG pretend pixels" * 1000
    stored = store.put(make_file(tmp_path / "work", data), suffix=".png")

    sha = hashlib.sha256(data).hexdigest()
    assert stored.sha256 == sha
    assert stored.key == f"{sha[:2]}/{sha}.png"
    assert (stored.size_bytes, stored.store) == (len(data), "local")
    assert store.path(stored.key) == tmp_path / "assets" / sha[:2] / f"{sha}.png"
    assert store.path(stored.key).read_bytes() == data
    assert store.exists(stored.key)
    assert store.url(stored.key) is None
    assert isinstance(store, AssetStore)


def test_the_same_content_twice_is_one_file_written_once(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "assets")
    first = store.put(make_file(tmp_path / "a", b"same bytes"), suffix=".png")
    before = os.stat(store.path(first.key))
    second = store.put(make_file(tmp_path / "b", b"same bytes", name="other.png"), suffix=".png")

    assert second == first
    assert every_file(tmp_path / "assets") == [store.path(first.key)]
    after = os.stat(store.path(first.key))
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_other_content_or_suffix_gets_another_key(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "assets")
    png = store.put(make_file(tmp_path, b"one"), suffix=".png")
    other = store.put(make_file(tmp_path, b"two"), suffix=".png")
    wav = store.put(make_file(tmp_path, b"one"), suffix=".WAV")

    assert len({png.key, other.key, wav.key}) == 3
    assert wav.key.endswith(".wav")
    assert len(every_file(tmp_path / "assets")) == 3


def test_delete_removes_the_file_and_path_then_says_not_found(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "assets")
    stored = store.put(make_file(tmp_path, b"bye"), suffix=".png")
    store.delete(stored.key)
    store.delete(stored.key)  # deleting twice is fine

    assert not store.exists(stored.key)
    with pytest.raises(PressroomError) as missing:
        store.path(stored.key)
    assert missing.value.code is ErrorCode.NOT_FOUND


@pytest.mark.parametrize(
    "key",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "ab/../../outside.png",
        "ab/" + "0" * 64 + ".png",  # the folder is not the hash's first two digits
        "00/" + "0" * 64 + "/../x",
        "00/" + "0" * 63 + ".png",
        "00/" + "0" * 64 + ".p/g",
    ],
)
def test_keys_that_are_not_content_keys_are_refused(tmp_path: Path, key: str) -> None:
    store = LocalStore(tmp_path / "assets")
    for call in (store.path, store.exists, store.delete, store.url):
        with pytest.raises(PressroomError) as refused:
            call(key)
        assert refused.value.code is ErrorCode.INVALID_INPUT
    assert not (tmp_path / "assets").exists()


def test_a_suffix_that_is_not_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PressroomError) as refused:
        LocalStore(tmp_path).put(make_file(tmp_path, b"x"), suffix="/../../x")
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert content_key("ab" * 32, "") == f"ab/{'ab' * 32}"


def test_a_source_that_cannot_be_read_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(PressroomError) as failed:
        LocalStore(tmp_path / "assets").put(tmp_path / "missing.png", suffix=".png")
    assert failed.value.code is ErrorCode.STORAGE_UNAVAILABLE
    assert "missing.png" in failed.value.message


def test_enospc_is_storage_full_with_a_hint_to_free_space() -> None:
    # /dev/full answers every write with ENOSPC: a real full-disk error.
    with (
        open("/dev/full", "wb", buffering=0) as device,
        pytest.raises(OSError, match="No space left on device") as raised,
    ):
        device.write(b"x" * 4096)
    assert raised.value.errno == errno.ENOSPC

    error = storage_error(raised.value, action="store the asset", path="/data/assets/ab/x.png")
    assert error.code is ErrorCode.STORAGE_FULL
    assert (error.retryable, error.status) == (True, 507)
    assert error.hint is not None
    assert "Free space in the data folder" in error.hint


def test_a_write_failing_mid_copy_leaves_no_file_and_no_temporary(tmp_path: Path) -> None:
    # A file-size limit makes the copy fail after 64 KiB of 1 MiB: a real mid-copy failure.
    source = make_file(tmp_path / "work", os.urandom(1024 * 1024))
    root = tmp_path / "assets"
    result = run_python(
        f"""
        import json, resource, signal
        from pathlib import Path
        from pressroom.errors import PressroomError
        from pressroom.media.storage import LocalStore
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))
        try:
            LocalStore(Path({str(root)!r})).put(Path({str(source)!r}), suffix=".png")
        except PressroomError as error:
            print(json.dumps(error.to_dict()))
        """
    )
    assert result.returncode == 0, result.stderr
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "STORAGE_UNAVAILABLE"
    assert "File too large" in error["message"]
    assert every_file(root) == []


def test_a_full_disk_is_storage_full_and_leaves_nothing_behind(tmp_path: Path) -> None:
    # A 256 KiB tmpfs in a private mount namespace really fills up while copying 1 MiB.
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to mount a small tmpfs")
    source = make_file(tmp_path / "work", os.urandom(1024 * 1024))
    root = tmp_path / "assets"
    root.mkdir()
    code = f"""
        import json, os, subprocess
        from pathlib import Path
        from pressroom.errors import PressroomError
        from pressroom.media.storage import LocalStore
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", {str(root)!r}],
                       check=True)
        try:
            LocalStore(Path({str(root)!r})).put(Path({str(source)!r}), suffix=".png")
        except PressroomError as error:
            left = [str(p) for p in Path({str(root)!r}).rglob("*") if p.is_file()]
            print(json.dumps({{"error": error.to_dict()["error"], "left": left}}))
        """
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=10)
    if probe.returncode != 0:
        pytest.skip(f"user namespaces are not allowed here: {probe.stderr.decode().strip()}")
    result = run_python(code, prefix=["unshare", "-rm"])
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["error"]["code"] == "STORAGE_FULL"
    assert outcome["error"]["retryable"] is True
    assert outcome["left"] == []


# --- S3 on moto's server ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on a free loopback port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint: str) -> Iterator[Any]:
    """A plain boto3 client on the server, with a fresh bucket (emptied after the test)."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def make_s3_store(endpoint: str, cache: Path, **overrides: Any) -> S3Store:
    values: dict[str, Any] = {
        "bucket": BUCKET,
        "prefix": PREFIX,
        "endpoint_url": endpoint,
        "region": "us-east-1",
        "access_key_id": "testing",
        "secret_access_key": SecretStr("testing"),
        "cache_dir": cache,
    }
    return S3Store(**{**values, **overrides})


def test_s3_put_uploads_once_with_type_and_checksum(
    s3_endpoint: str, s3_client: Any, tmp_path: Path
) -> None:
    store = make_s3_store(s3_endpoint, tmp_path / "cache")
    data = b"\x89PNG a cover" * 500
    stored = store.put(make_file(tmp_path, data), suffix=".png")

    sha = hashlib.sha256(data).hexdigest()
    assert (stored.key, stored.sha256, stored.store) == (f"{sha[:2]}/{sha}.png", sha, "s3")
    head = s3_client.head_object(Bucket=BUCKET, Key=PREFIX + stored.key, ChecksumMode="ENABLED")
    assert head["ContentType"] == "image/png"
    assert head["Metadata"] == {"sha256": sha}
    assert head["ContentLength"] == len(data)
    assert store.exists(stored.key)

    # Mark the object, then put the same content again: the store must not upload it twice.
    s3_client.put_object(Bucket=BUCKET, Key=PREFIX + stored.key, Body=data, Metadata={"m": "1"})
    assert store.put(make_file(tmp_path, data, name="again.png"), suffix=".png") == stored
    head = s3_client.head_object(Bucket=BUCKET, Key=PREFIX + stored.key)
    assert head["Metadata"] == {"m": "1"}


def test_s3_path_downloads_once_into_the_cache(
    s3_endpoint: str, s3_client: Any, tmp_path: Path
) -> None:
    store = make_s3_store(s3_endpoint, tmp_path / "cache")
    stored = store.put(make_file(tmp_path, b"voice-over bytes"), suffix=".wav")

    local = store.path(stored.key)
    assert local == tmp_path / "cache" / stored.key
    assert local.read_bytes() == b"voice-over bytes"
    assert every_file(tmp_path / "cache") == [local]  # no temporary left
    s3_client.delete_object(Bucket=BUCKET, Key=PREFIX + stored.key)
    assert store.path(stored.key).read_bytes() == b"voice-over bytes"  # from the cache


def test_s3_url_is_a_working_presigned_link(
    s3_endpoint: str, s3_client: Any, tmp_path: Path
) -> None:
    store = make_s3_store(s3_endpoint, tmp_path / "cache")
    stored = store.put(make_file(tmp_path, b"slide 1"), suffix=".png")

    url = store.url(stored.key)
    assert url is not None
    assert "Signature" in url or "X-Amz-Signature" in url
    assert httpx.get(url).content == b"slide 1"


def test_s3_delete_removes_the_object_and_the_cached_copy(
    s3_endpoint: str, s3_client: Any, tmp_path: Path
) -> None:
    store = make_s3_store(s3_endpoint, tmp_path / "cache")
    stored = store.put(make_file(tmp_path, b"old render"), suffix=".mp4")
    cached = store.path(stored.key)
    store.delete(stored.key)

    assert not store.exists(stored.key)
    assert not cached.exists()
    assert s3_client.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    with pytest.raises(PressroomError) as missing:
        store.path(stored.key)
    assert missing.value.code is ErrorCode.NOT_FOUND
    assert every_file(tmp_path / "cache") == []


def test_s3_refuses_traversal_keys_before_calling_s3(s3_endpoint: str, tmp_path: Path) -> None:
    store = make_s3_store(s3_endpoint, tmp_path / "cache")
    for call in (store.path, store.exists, store.delete, store.url):
        with pytest.raises(PressroomError) as refused:
            call("../../secrets.txt")
        assert refused.value.code is ErrorCode.INVALID_INPUT


def test_s3_missing_bucket_is_unavailable_and_not_retryable(
    s3_endpoint: str, tmp_path: Path
) -> None:
    store = make_s3_store(s3_endpoint, tmp_path / "cache", bucket="no-such-bucket")
    with pytest.raises(PressroomError) as failed:
        store.put(make_file(tmp_path, b"x"), suffix=".png")
    assert failed.value.code is ErrorCode.STORAGE_UNAVAILABLE
    assert failed.value.retryable is False
    assert failed.value.details["s3_status"] == 404
    assert "NoSuchBucket" in failed.value.message


def test_s3_unreachable_endpoint_is_unavailable_and_retryable(tmp_path: Path) -> None:
    # A port nothing listens on: the connection is refused at once.
    store = make_s3_store("http://127.0.0.1:9", tmp_path / "cache", max_attempts=1)
    with pytest.raises(PressroomError) as failed:
        store.exists("ab/" + "ab" * 32 + ".png")
    assert failed.value.code is ErrorCode.STORAGE_UNAVAILABLE
    assert failed.value.retryable is True
    assert failed.value.details["s3_status"] is None


# --- choosing a store --------------------------------------------------------------------------


def test_open_store_gives_the_local_folder_or_an_s3_bucket(
    s3_endpoint: str, s3_client: Any, tmp_path: Path
) -> None:
    local = open_store(kind="local", root=tmp_path / "assets")
    assert isinstance(local, LocalStore)
    assert local.root == tmp_path / "assets"

    remote = open_store(
        kind="s3",
        root=tmp_path / "assets",
        bucket=BUCKET,
        prefix=PREFIX,
        endpoint_url=s3_endpoint,
        region="us-east-1",
        access_key_id="testing",
        secret_access_key=SecretStr("testing"),
    )
    assert isinstance(remote, S3Store)
    assert remote.cache_dir == tmp_path / "assets" / "s3-cache"

    with pytest.raises(PressroomError) as unset:
        open_store(kind="s3", root=tmp_path)
    assert unset.value.code is ErrorCode.CONFIG_INVALID
    assert unset.value.hint is not None
    assert "PRESSROOM_S3_BUCKET" in unset.value.hint

    with pytest.raises(PressroomError) as half:
        open_store(kind="s3", root=tmp_path, bucket=BUCKET, access_key_id="only-the-id")
    assert half.value.code is ErrorCode.CONFIG_INVALID
    assert "aws_secret_access_key" in half.value.message


def test_without_boto3_the_s3_store_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)  # what `import boto3` sees when absent
    with pytest.raises(PressroomError) as missing:
        open_store(kind="s3", root=tmp_path, bucket=BUCKET)
    error = missing.value
    assert error.code is ErrorCode.EXTRA_NOT_INSTALLED
    assert "needs the 's3' extra" in error.message
    assert error.hint is not None
    assert "pip install 'pressroom[s3]'" in error.hint
    assert error.details == {"extra": "s3", "missing_module": "boto3"}
