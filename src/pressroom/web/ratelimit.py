"""Token buckets: ``per_minute`` requests a minute per key, in bursts of up to
``per_minute``. In memory, per process (one studio process serves one installation)."""

from __future__ import annotations

import threading
import time


class TokenBuckets:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take one request for ``key``: 0 when it may go now, else the seconds until it may
        (nothing is taken then)."""
        rate = self.per_minute / 60
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / rate
