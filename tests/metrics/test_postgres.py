"""The CSV import on PostgreSQL: prefixes, upserts and the latest-snapshot queries behave as
on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.db.session import transaction
from pressroom.metrics import service
from pressroom.metrics.models import MetricSnapshot
from pressroom.metrics.schemas import ImportReport
from tests.factories import make_brand
from tests.metrics.factories import make_piece
from tests.postgres import fresh_database

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 3, 10, tzinfo=UTC)


@pytest.fixture
def pg_factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    with fresh_database(postgres_url, prefix="pressroom_metrics") as factory:
        yield factory


def test_import_is_idempotent_on_postgres(
    pg_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with transaction(pg_factory) as session:
        brand = make_brand(session)
        piece = make_piece(session, brand, id="5e07aa32-0000-4000-8000-000000000002")
        brand_id, piece_id = brand.id, piece.id
    path = tmp_path / "results.csv"
    path.write_text(
        "piece_id;collected_at;impressions;likes\n"
        "5e07aa32;2026-03-02T09:00Z;1,200;30\n"
        "5e07aa32;2026-03-03T09:00+01:00;1 500;41\n"
        "5e07aa3_;2026-03-03;1;1\n",  # LIKE wildcards in a prefix are taken literally
        encoding="utf-8",
    )

    def run() -> ImportReport:
        with transaction(pg_factory) as session:
            return service.import_csv(
                session, path=path, actor="t", trace_id="t", default_collected_at=NOW
            )

    first = run()
    assert (first.imported, [line for line, _ in first.rejected]) == (2, [4])
    assert run().unchanged == 2
    with transaction(pg_factory) as session:
        rows = session.scalars(select(MetricSnapshot).order_by(MetricSnapshot.collected_at))
        assert [(r.impressions, r.collected_at.hour) for r in rows] == [(1200, 9), (1500, 8)]
        history = service.engagement_history(session, brand_id=brand_id)
        assert history.overall_count == 1
        feedback = service.performance_feedback(session, piece_id=piece_id, trace_id="t")
        assert feedback.payload.metrics.impressions == 1500
