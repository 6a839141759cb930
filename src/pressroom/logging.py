"""Structured JSON logs. Every event is a dotted name with fields, and carries ``trace_id``
(bound once per trigger with :func:`trace` and propagated through workflow steps)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import structlog

_configured_path: Path | None = None


def configure_logging(*, level: str = "WARNING", path: Path | None = None) -> None:
    """Send JSON lines to ``path`` (or stderr) at ``level``. Safe to call more than once."""
    global _configured_path
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream: Any = path.open("a", encoding="utf-8", buffering=1)
    else:
        stream = _Stderr()
    _configured_path = path
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(sort_keys=True),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelName(level.upper()) if isinstance(level, str) else level
        ),
        logger_factory=structlog.WriteLoggerFactory(file=stream),
        cache_logger_on_first_use=False,
    )


class _Stderr:
    """Whatever ``sys.stderr`` is at the time of writing (tests swap it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def get_logger(name: str) -> Any:
    """A structured logger; call it with a dotted event name and fields."""
    return structlog.get_logger(name)


@contextmanager
def trace(trace_id: str, **fields: Any) -> Iterator[None]:
    """Bind ``trace_id`` (and extra fields) to every log event inside the block."""
    tokens = structlog.contextvars.bind_contextvars(trace_id=trace_id, **fields)
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)


configure_logging()
