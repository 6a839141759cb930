"""A ``pressroom`` runner per test, in the test's own folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.process import Pressroom


@pytest.fixture
def pressroom(tmp_path: Path) -> Pressroom:
    """The installed script, run in a fresh working folder with a fresh data folder."""
    return Pressroom(tmp_path / "work")
