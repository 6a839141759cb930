from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

import jsonschema
import pytest
from sqlalchemy.orm import Session

from pressroom.config import Settings
from pressroom.contracts import CONTRACTS
from pressroom.errors import ErrorCode, PressroomError
from pressroom.trends import service as trends
from pressroom.trends.schemas import TrendIngestionRequest, TrendSignalBatch, batch_from_signals
from tests.factories import make_brand

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
SAMPLE_FEED = str(resources.files("pressroom.brands") / "demo" / "sample-feed.xml")


def test_contracts_are_registered_under_seed_names() -> None:
    assert CONTRACTS["TrendIngestionRequest"] is TrendIngestionRequest
    assert CONTRACTS["TrendSignalBatch"] is TrendSignalBatch


def test_seed_ingestion_request_parses() -> None:
    request = TrendIngestionRequest.parse(
        {
            "schema_version": "1.0",
            "trace_id": "9b1f",
            "created_at": "2026-11-20T08:00:00Z",
            "payload": {
                "sources": ["https://news.example/rss"],
                "time_window_hours": 24,
                "geo": "US",
                "language": "en",
            },
        }
    )
    assert request.payload.sources == ["https://news.example/rss"]


def test_batch_from_stored_signals_round_trips_and_matches_its_schema(
    session: Session, settings: Settings
) -> None:
    brand = make_brand(session)
    trends.register_sources(session, brand=brand, locations=[SAMPLE_FEED])
    trends.ingest(session, brand=brand, settings=settings, now=NOW, trace_id="trace-1")
    signals = trends.top_signals(session, brand=brand, now=NOW, limit=5)
    batch = batch_from_signals(signals, trace_id="trace-1", created_at=NOW)
    data = batch.model_dump(mode="json")
    jsonschema.validate(data, TrendSignalBatch.model_json_schema())
    assert data["schema_version"] == "1.0"
    first = data["payload"]["signals"][0]
    assert first["trend_id"] == signals[0].id
    assert first["platform"] == "web"
    assert first["evidence"]["sample_size"] == signals[0].evidence["sample_size"]
    assert first["evidence"]["examples"] == signals[0].evidence["examples"]
    assert TrendSignalBatch.parse(batch.model_dump_json()) == batch


@pytest.mark.parametrize(
    "signal",
    [
        {
            "topic": "no id",
            "platform": "web",
            "velocity": 0.1,
            "confidence": 0.1,
            "evidence": {"sample_size": 1},
        },
        {
            "trend_id": "t",
            "topic": "x",
            "platform": "web",
            "velocity": 1.5,
            "confidence": 0.1,
            "evidence": {"sample_size": 1},
        },
        {
            "trend_id": "t",
            "topic": "x",
            "platform": "web",
            "velocity": 0.5,
            "confidence": 0.1,
            "evidence": {"sample_size": 1},
            "surprise": True,
        },
    ],
    ids=["missing-id", "velocity-above-1", "unknown-field"],
)
def test_invalid_batches_are_refused_with_invalid_schema(signal: dict[str, object]) -> None:
    envelope = {"trace_id": "t", "payload": {"signals": [signal]}}
    with pytest.raises(PressroomError) as caught:
        TrendSignalBatch.parse(envelope)
    assert caught.value.code == ErrorCode.INVALID_SCHEMA
