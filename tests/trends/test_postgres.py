"""Ingestion on PostgreSQL: upserts, the sighting queries and column limits behave as on
SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.brands.models import Brand
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.trends import service as trends
from pressroom.trends.models import TrendObservation, TrendSignal
from pressroom.trends.schemas import IngestReport
from tests.factories import make_brand
from tests.postgres import fresh_database
from tests.trends.builders import Item, rss

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
SAMPLE_FEED = str(resources.files("pressroom.brands") / "demo" / "sample-feed.xml")


@pytest.fixture
def pg_factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    with fresh_database(postgres_url, prefix="pressroom_trends") as factory:
        yield factory


def test_ingest_and_rank_on_postgres(
    pg_factory: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:
    odd = Item(
        "A story with a very long guid",
        "https://news.example/" + "x" * 2100,
        guid="g" * 500,
        published=NOW,
    )
    extra = tmp_path / "extra.xml"
    extra.write_bytes(rss([odd]))
    with transaction(pg_factory) as session:
        brand = make_brand(session)
        trends.register_sources(session, brand=brand, locations=[SAMPLE_FEED, str(extra)])
        brand_id = brand.id

    def run() -> IngestReport:
        with transaction(pg_factory) as session:
            brand = session.get(Brand, brand_id)
            assert brand is not None
            return trends.ingest(session, brand=brand, settings=settings, now=NOW, trace_id="t")

    first = run()
    assert [o.new for o in first.sources] == [18, 1]
    assert run().new_items == 0
    with transaction(pg_factory) as session:
        assert session.scalar(select(func.count()).select_from(TrendObservation)) == 19
        assert session.scalar(select(func.count()).select_from(TrendSignal)) == 18
        brand = session.get(Brand, brand_id)
        assert brand is not None
        top = trends.top_signals(session, brand=brand, now=NOW, limit=3)
        assert top[0].last_seen_at.tzinfo is not None
        long_one = session.scalars(
            select(TrendObservation).where(TrendObservation.title == odd.title)
        ).one()
        assert long_one.entry_key.startswith("sha256:")
        assert long_one.link == ""
