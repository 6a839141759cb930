"""Scoring tests choose their alignment backend explicitly; a backend set in the environment
of whoever runs them must not change what the lexical tests see."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _lexical_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRESSROOM_ALIGNMENT_BACKEND", raising=False)
