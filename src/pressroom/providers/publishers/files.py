"""Crash-safe file writing: data reaches the disk (fsync) before a rename makes it visible,
and the rename itself is made durable by syncing its folder."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path


def fsync_file(path: Path) -> None:
    """Flush ``path``'s contents to the disk."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    """Flush ``path``'s entries (creations, renames) to the disk, where the OS allows it."""
    if os.name != "posix":
        # Windows cannot open a folder for fsync; NTFS journals renames itself.
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_synced(path: Path, data: str) -> None:
    """Write ``data`` as UTF-8 to a new file and flush it to the disk. Newlines are written
    as given (no platform translation)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def copy_synced(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` and flush the copy to the disk."""
    shutil.copyfile(source, target)
    fsync_file(target)


def replace_atomically(path: Path, data: str) -> None:
    """Replace ``path`` with ``data`` so readers see the old file or the new one, never a
    mix: write a temporary sibling, flush it, then rename it over ``path``."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write_synced(temporary, data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_dir(path.parent)
