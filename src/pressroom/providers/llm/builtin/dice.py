"""Deterministic choices. Every choice the built-in writer makes is drawn from a stable hash of
its inputs and a salt naming the choice — never from ``random``'s global state or the clock —
so the same request always gives the same text, on any machine and in any thread."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

_SCALE = float(2**64)


class Dice:
    """Seeded choices: ``Dice(request_data).pick(options, "hook", 2)`` always gives the same
    option for the same data and salt."""

    def __init__(self, *parts: Any) -> None:
        data = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
        self._key = hashlib.blake2b(data.encode(), digest_size=16).digest()

    def roll(self, *salt: object) -> float:
        """A number in ``[0, 1)`` fixed by the seed and ``salt``."""
        digest = hashlib.blake2b(repr(salt).encode(), key=self._key, digest_size=8).digest()
        return int.from_bytes(digest, "big") / _SCALE

    def pick(self, options: Sequence[T], *salt: object) -> T:
        """One of ``options`` (which must not be empty)."""
        return options[int(self.roll(*salt) * len(options))]

    def shuffled(self, options: Sequence[T], *salt: object) -> list[T]:
        """``options`` in a seeded order."""
        return sorted(options, key=lambda option: self.roll(*salt, repr(option)))

    def weighted_order(self, weights: Mapping[K, float], *salt: object) -> list[K]:
        """Keys in a seeded order where heavier keys tend to come first (weighted sampling
        without replacement, Efraimidis–Spirakis). Keys weighing zero or less come last."""

        def rank(key: K) -> float:
            weight = weights[key]
            if weight <= 0 or not math.isfinite(weight):
                return -1.0 - self.roll(*salt, repr(key))
            return float(self.roll(*salt, repr(key)) ** (1.0 / weight))

        return sorted(weights, key=rank, reverse=True)
