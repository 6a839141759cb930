"""The workflow engine's process state: DBOS configured on the application's database
(SQLite system database beside it, or the same PostgreSQL), and the app context steps use.

Steps are plain functions registered with DBOS; they reach the database through
:func:`app` so that workflow arguments stay small, serialisable ids.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from typing import Any

from dbos import DBOS, DBOSConfig, Queue
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from pressroom.app import AppContext
from pressroom.config import Settings
from pressroom.db.session import make_engine, transaction
from pressroom.errors import ConfigError, PressroomError
from pressroom.providers.llm.protocol import Writer
from pressroom.providers.llm.registry import resolve_writer

_lock = threading.Lock()
_app: AppContext | None = None
_launched = False
_render_queue: Queue | None = None
RENDER_QUEUE = "render"


def dbos_config(settings: Settings) -> DBOSConfig:
    """DBOS configuration for these settings."""
    url = settings.dbos_database_url
    config: DBOSConfig = {
        "name": "pressroom",
        "system_database_url": url,
        "application_version": settings.app_version,
        "executor_id": settings.executor_id,
        # How fast a waiting workflow sees a message or event on SQLite, where the engine
        # polls: one query per waiting workflow per interval. Pieces wait for a person for
        # days, so a worker holding a hundred of them at 10 ms would poll 10,000 times a
        # second; at 100 ms a decision still reaches its gate in a blink.
        "notification_listener_polling_interval_sec": 0.1,
        "log_level": "WARNING",
    }
    if make_url(url).get_backend_name() == "sqlite":
        # DBOS leaves SQLite in rollback-journal + full sync (~20 ms a step); WAL + NORMAL
        # brings a step to ~1.5 ms. A custom engine is how DBOS takes those pragmas.
        config["system_database_engine"] = _sqlite_system_engine(url)
    return config


def _sqlite_system_engine(url: str) -> Engine:
    return make_engine(url, pool_size=20, max_overflow=40)


def launch(app_context: AppContext) -> None:
    """Start the workflow engine in this process (once); pending workflows of this executor
    and version are recovered."""
    global _app, _launched
    with _lock:
        _app = app_context
        if _launched:
            return
        import pressroom.workflows.registry  # noqa: F401  (registers every workflow and step)

        _route_engine_logs(app_context.settings)
        DBOS(config=dbos_config(app_context.settings))
        DBOS.launch()
        _register_queues(app_context.settings)
        _launched = True
    _warm_up(app_context.settings)
    # What exists now (modules, engines, the writer) lives as long as the process. Without
    # this, every full collection scans it all again — 0.2–0.3 s in which no engine thread
    # runs, about once per run. Frozen, a collection scans only what runs create.
    gc.freeze()


def _register_queues(settings: Settings) -> None:
    """Queues are registered once the engine runs. ``render`` caps the media renders this
    process runs at once (rendering is CPU-bound); its short polling interval keeps a
    waiting piece from idling a second before its render starts."""
    global _render_queue

    def register() -> None:
        global _render_queue
        _render_queue = DBOS.register_queue(
            RENDER_QUEUE, worker_concurrency=settings.render_concurrency, polling_interval_sec=0.2
        )

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        register()
        return
    # Launched from a server's lifespan: the engine refuses its synchronous calls on a thread
    # that runs an event loop, so the queue is registered from a thread of its own.
    thread = threading.Thread(target=register, name="register-queues")
    thread.start()
    thread.join()


def render_queue() -> Queue:
    if _render_queue is None:
        raise ConfigError(
            "the workflow engine is not running in this process",
            hint="Call pressroom.workflows.runtime.launch(open_app()) first.",
        )
    return _render_queue


def _route_engine_logs(settings: Settings) -> None:
    """The engine's own log goes to ``logs/engine.log`` in the data folder, not the terminal:
    a failed run is reported once, as a Pressroom error, not as an engine traceback too.
    (DBOS adds its console handler only to a logger that has none.)"""
    engine_log = logging.getLogger("dbos")
    path = settings.log_path.parent / "engine.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    for handler in list(engine_log.handlers):
        engine_log.removeHandler(handler)
        handler.close()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s [%(levelname)s] %(name)s: %(message)s"))
    engine_log.addHandler(handler)
    engine_log.propagate = False


def _warm_up(settings: Settings) -> None:
    """Build the default writer now, so its SDK import does not land inside a run's first
    model step (an unknown model is reported when a run uses it, not here)."""
    with suppress(PressroomError):
        writer_for(settings.model)


def destroy() -> None:
    """Stop the engine (tests). Workflows blocked in a durable wait are left PENDING."""
    global _launched, _app
    with _lock:
        if _launched:
            DBOS.destroy(destroy_registry=False)
        _launched = False
        _app = None
        writer_for.cache_clear()
        gc.unfreeze()  # what the stopped engine held may be collected again


def is_launched() -> bool:
    return _launched


def app() -> AppContext:
    if _app is None:
        raise ConfigError(
            "the workflow engine is not running in this process",
            hint="Call pressroom.workflows.runtime.launch(open_app()) first.",
        )
    return _app


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One transaction on the application database, for a step."""
    with transaction(app().session_factory) as session:
        yield session


@cache
def writer_for(model: str) -> Writer:
    """One writer instance per model per process (writers are thread-safe)."""
    return resolve_writer(model, app().settings)


@cache
def writer_slots(model: str, limit: int) -> threading.BoundedSemaphore:
    """Caps the model requests in flight at once (``llm_concurrency``)."""
    return threading.BoundedSemaphore(limit)


def exit_process(code: int) -> None:
    """End a CLI process that launched the engine.

    Workflows waiting durably for a person sit blocked in ``recv`` on engine threads; a
    normal interpreter exit would wait for them. Their state is in the system database, so
    the process may end at once, exactly as after a crash: the next process resumes them.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    if _app is not None:
        _app.engine.dispose()
    os._exit(code)


def settings_summary() -> dict[str, Any]:
    settings = app().settings
    return {"data_dir": str(settings.data_dir), "database": settings.app_database_url}
