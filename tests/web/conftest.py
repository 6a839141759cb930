"""Fixtures of the studio's tests: a live studio per test (see ``tests/web/studio.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pressroom.config import Settings
from tests.web.studio import Studio, running_studio


@pytest.fixture
def studio(settings: Settings) -> Iterator[Studio]:
    with running_studio(settings) as running:
        yield running
