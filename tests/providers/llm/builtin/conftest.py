from __future__ import annotations

import pytest

from pressroom.providers.llm.builtin import BuiltinWriter


@pytest.fixture
def writer() -> BuiltinWriter:
    return BuiltinWriter()
