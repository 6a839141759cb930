"""The studio's read paths at scale: p50/p95 of the API's piece list, of the review queue
page and of the dashboard, with 100,000 pieces across 50 brands, from a client loop on
loopback.

    .venv/bin/python benchmarks/api.py [--pieces 100000] [--brands 50] [--requests 300]
                                       [--postgres-url URL] [--json-out FILE]

The database is a fresh SQLite data folder (and, with ``--postgres-url`` or
``PRESSROOM_BENCH_POSTGRES_URL``, also a fresh database on that PostgreSQL server), migrated
and filled in bulk: one organization, ``--brands`` brands, runs of 5 ideas, and three pieces
(LinkedIn, X, Instagram reel) per idea, spread over the last 90 days and over the piece
states. The studio runs in its own process (uvicorn, as ``pressroom serve`` runs it, without
the workflow engine, which these pages do not use); this process is the client: one
keep-alive connection, requests one after the other, each timed from send to last byte.
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, insert, text
from sqlalchemy.engine import make_url

GOAL_API_P95_MS = 50.0
GOAL_PAGE_P95_MS = 150.0
CHANNELS = ("linkedin", "x", "instagram-reel")
STATES = ("generated", "approved", "scheduled", "published", "rejected", "failed_validation")
STATE_WEIGHTS = (20, 10, 15, 45, 5, 5)
IDEAS_PER_RUN = 5
BATCH = 5000
PASSWORD = "benchmark passphrase"
SERVER_START_SECONDS = 60


# --- Filling the database. --------------------------------------------------------------------


def fill(engine: Engine, *, pieces: int, brands: int, seed: int = 7) -> dict[str, Any]:
    """One organization with an owner, ``brands`` brands and about ``pieces`` pieces; the
    owner's session secret and what was made."""
    from tests.factories import brand_spec

    from pressroom.accounts import service as accounts
    from pressroom.brands.models import Brand
    from pressroom.db.session import make_session_factory, transaction
    from pressroom.ideas.models import Idea
    from pressroom.runs.models import Run
    from pressroom.writing.models import Piece

    rng = random.Random(seed)
    factory = make_session_factory(engine)
    now = datetime.now(UTC)
    with transaction(factory) as session:
        organization = accounts.create_organization(
            session, slug="bench", name="Bench", actor="bench"
        )
        owner = accounts.create_user(
            session, email="owner@bench.test", name="Owner", password=PASSWORD, actor="bench"
        )
        accounts.add_member(
            session, organization_id=organization.id, user_id=owner.id, role="owner", actor="bench"
        )
        secret, _ = accounts.issue_token(session, user=owner, kind="session", now=now)
        brand_rows = []
        for number in range(brands):
            spec = brand_spec(slug=f"bench-brand-{number:02d}", name=f"Bench Brand {number}")
            values = spec.model_dump(exclude={"feeds"})
            brand_rows.append(
                {**values, "id": str(uuid.uuid4()), "organization_id": organization.id}
            )
        session.execute(insert(Brand), brand_rows)
    ideas_needed = -(-pieces // len(CHANNELS))
    runs: list[dict[str, Any]] = []
    ideas: list[dict[str, Any]] = []
    made: list[dict[str, Any]] = []
    current: dict[str, dict[str, Any]] = {}  # each brand's run being filled
    for index in range(ideas_needed):
        brand = brand_rows[index % brands]
        per_brand = index // brands
        if per_brand % IDEAS_PER_RUN == 0:
            day = now - timedelta(days=(per_brand // IDEAS_PER_RUN) % 90, minutes=index % 997)
            current[brand["id"]] = _run_row(
                f"daily:{brand['slug']}:{per_brand // IDEAS_PER_RUN}", brand["id"], day
            )
            runs.append(current[brand["id"]])
        run = current[brand["id"]]
        idea_id = str(uuid.uuid4())
        ideas.append(_idea_row(idea_id, brand["id"], run["id"], per_brand, run["started_at"]))
        for offset, channel in enumerate(CHANNELS):
            if len(made) < pieces:
                state = rng.choices(STATES, weights=STATE_WEIGHTS)[0]
                at = run["started_at"] + timedelta(seconds=per_brand * 3 + offset)
                made.append(_piece_row(brand["id"], run["id"], idea_id, channel, state, at))
    for model, rows in ((Run, runs), (Idea, ideas), (Piece, made)):
        for start in range(0, len(rows), BATCH):
            with transaction(factory) as session:
                session.execute(insert(model), rows[start : start + BATCH])
    return {
        "session_secret": secret,
        "brand_ids": [row["id"] for row in brand_rows],
        "counts": {"brands": brands, "runs": len(runs), "ideas": len(ideas), "pieces": len(made)},
        "pieces_by_state": {s: sum(1 for p in made if p["status"] == s) for s in STATES},
    }


def _run_row(run_id: str, brand_id: str, at: datetime) -> dict[str, Any]:
    return {
        "id": run_id,
        "brand_id": brand_id,
        "run_date": at.date(),
        "trigger": "schedule",
        "status": "completed",
        "writer": "builtin",
        "trace_id": uuid.uuid4().hex,
        "started_at": at,
        "finished_at": at,
        "created_at": at,
        "updated_at": at,
    }


def _idea_row(idea_id: str, brand_id: str, run_id: str, slot: int, at: datetime) -> dict[str, Any]:
    return {
        "id": idea_id,
        "brand_id": brand_id,
        "run_id": run_id,
        "slot": slot % IDEAS_PER_RUN,
        "title": f"Idea {idea_id[:8]}: what a roaster learns from a cupping table",
        "hook": "Most cafés taste their coffee once. We taste it five times.",
        "hook_type": "statistic",
        "topic_key": f"topic-{idea_id[:8]}",
        "writer": "builtin",
        "trace_id": uuid.uuid4().hex,
        "created_at": at,
        "updated_at": at,
    }


def _piece_row(
    brand_id: str, run_id: str, idea_id: str, channel: str, state: str, at: datetime
) -> dict[str, Any]:
    words = "Fresh roast, slow pour: why the second cup tastes better than the first. " * 3
    return {
        "id": str(uuid.uuid4()),
        "brand_id": brand_id,
        "run_id": run_id,
        "idea_id": idea_id,
        "channel": channel,
        "status": state,
        "version": 1,
        "body": {"text": words},
        "text": words,
        "hook_type": "statistic",
        "writer": "builtin writer (no AI)",
        "attempts": 1,
        "trace_id": uuid.uuid4().hex,
        "created_at": at,
        "updated_at": at,
    }


# --- The server, in its own process. ----------------------------------------------------------


def serve_main(database_url: str, data_dir: Path, port: int) -> None:
    """Child: serve the studio on ``port`` (no workflow engine)."""
    import uvicorn

    from pressroom.app import open_app
    from pressroom.config import Settings
    from pressroom.web.app import create_app

    settings = Settings(
        data_dir=data_dir, database_url=database_url, api_rate_limit_per_minute=10**9
    )
    uvicorn.run(create_app(open_app(settings)), host="127.0.0.1", port=port, log_level="warning")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server(database_url: str, data_dir: Path) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", database_url]
    command += ["--data-dir", str(data_dir), "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSROOM_")}
    process = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                httpx.get(f"{url}/api/v1/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the studio did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(30)


# --- Measuring. -------------------------------------------------------------------------------


def timed(client: httpx.Client, path: str, *, count: int) -> dict[str, Any]:
    """p50/p95/max of ``count`` sequential GETs of ``path`` (after 10 warm-up requests)."""
    for _ in range(10):
        client.get(path).raise_for_status()
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    samples.sort()
    return {
        "path": path,
        "requests": count,
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(0.95 * (count - 1))], 2),
        "max_ms": round(samples[-1], 2),
        "bytes": len(response.content),
    }


def measure(url: str, secret: str, *, requests: int) -> dict[str, Any]:
    cookies = {"pressroom_session": secret}
    with httpx.Client(base_url=url, cookies=cookies, timeout=30) as client:
        api = {
            state: timed(client, f"/api/v1/pieces?state={state}&limit=50", count=requests)
            for state in ("generated", "published")
        }
        page = timed(client, "/review", count=requests)
        dashboard = timed(client, "/", count=requests)
    worst_api = max(figures["p95_ms"] for figures in api.values())
    return {
        "api_pieces": api,
        "review_queue_page": page,
        "dashboard_page": dashboard,
        "meets_goal": {
            "api_p95_under_50_ms": worst_api < GOAL_API_P95_MS,
            "page_p95_under_150_ms": page["p95_ms"] < GOAL_PAGE_P95_MS,
            "dashboard_p95_under_150_ms": dashboard["p95_ms"] < GOAL_PAGE_P95_MS,
        },
    }


def on_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    from pressroom.db.migrate import upgrade
    from pressroom.db.session import make_engine

    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        url = f"sqlite:///{data_dir / 'pressroom.sqlite'}"
        return _on(url, data_dir, args, upgrade, make_engine)


def on_postgres(args: argparse.Namespace, server_url: str) -> dict[str, Any]:
    from pressroom.db.migrate import upgrade
    from pressroom.db.session import make_engine

    name = f"pressroom_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as folder:
            return _on(url, Path(folder), args, upgrade, make_engine)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _on(
    url: str, data_dir: Path, args: argparse.Namespace, upgrade: Any, make: Any
) -> dict[str, Any]:
    upgrade(url)
    engine = make(url)
    started = time.monotonic()
    try:
        made = fill(engine, pieces=args.pieces, brands=args.brands)
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                connection.commit()
    finally:
        engine.dispose()
    filled = time.monotonic() - started
    with server(url, data_dir) as base:
        figures = measure(base, made["session_secret"], requests=args.requests)
    return {
        "database": engine.dialect.name,
        "fill_seconds": round(filled, 2),
        "counts": made["counts"],
        "pieces_by_state": made["pieces_by_state"],
        **figures,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pieces", type=int, default=100_000)
    parser.add_argument("--brands", type=int, default=50)
    parser.add_argument("--requests", type=int, default=300, help="Timed requests per path.")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("PRESSROOM_BENCH_POSTGRES_URL"),
        help="Also measure on a fresh database of this PostgreSQL server.",
    )
    parser.add_argument("--json-out", type=Path, default=None)
    parser.add_argument("--serve", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve_main(args.serve, args.data_dir, args.port)
        return
    # Run as a script, Python puts benchmarks/ on the path, not the root ``tests`` is under.
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    report: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
        "date": date.today().isoformat(),
        "goal": {"api_p95_ms": GOAL_API_P95_MS, "page_p95_ms": GOAL_PAGE_P95_MS},
        "sqlite": on_sqlite(args),
    }
    if args.postgres_url:
        report["postgresql"] = on_postgres(args, args.postgres_url)
    output = json.dumps(report, indent=2)
    print(output)
    if args.json_out:
        args.json_out.write_text(output + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
