"""The engine's process state: what exists once the engine is up is frozen out of the garbage
collector's passes (a full pass over it would stop every engine thread for a fraction of a
second, about once per run), and handed back to the collector when the engine stops."""

from __future__ import annotations

import gc
import weakref

import pytest

from pressroom.cli.context import open_app
from pressroom.config import Settings
from pressroom.workflows import runtime

pytestmark = pytest.mark.forked


class _Node:
    """Something the collector alone can free: it refers to itself."""

    def __init__(self) -> None:
        self.itself = self


def _unreachable_cycle() -> weakref.ref[_Node]:
    return weakref.ref(_Node())


def test_launch_freezes_what_exists_and_destroy_hands_it_back(settings: Settings) -> None:
    gc.unfreeze()
    gc.disable()  # no automatic pass may free the cycle before the engine is up
    try:
        cycle = _unreachable_cycle()
        runtime.launch(open_app(settings))
    finally:
        gc.enable()
    try:
        assert gc.get_freeze_count() > 10_000  # modules, the engine and the writer, at least
        gc.collect()
        assert cycle() is not None  # frozen: not even a full pass looks at it
    finally:
        runtime.destroy()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert cycle() is None
