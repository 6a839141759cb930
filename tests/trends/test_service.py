from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.brands.models import Brand
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.trends import service as trends
from pressroom.trends.models import TrendObservation, TrendSignal, TrendSource
from pressroom.trends.schemas import IngestReport
from tests.factories import make_brand
from tests.trends.builders import Item, rss
from tests.trends.conftest import FeedServer, Route

Factory = sessionmaker[Session]
WriteFeed = Callable[[str, bytes], Path]

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)
SAMPLE_FEED = str(resources.files("pressroom.brands") / "demo" / "sample-feed.xml")

ESPRESSO = Item(
    "Dial in espresso at home: grind size matters more than the machine",
    "https://news.example/espresso",
    "Home brewers: grind finer before you buy a new machine.",
    "espresso-1",
    NOW - 2 * HOUR,
)
CUPS = Item(
    "Independent cafés trial reusable cup deposit schemes",
    "https://news.example/cups",
    "Neighbourhood cafés share one deposit cup.",
    "cups-1",
    NOW - 30 * HOUR,
)
HARVEST = Item(
    "Colombian harvest: cooperatives report sweeter, denser lots",
    "https://news.example/harvest",
    "Cooler nights slowed ripening.",
    "harvest-1",
    NOW - 5 * HOUR,
)


@pytest.fixture
def brand_id(session_factory: Factory) -> str:
    with transaction(session_factory) as session:
        return make_brand(session).id


def run_ingest(
    factory: Factory,
    brand_id: str,
    settings: Settings,
    *,
    now: datetime = NOW,
    trace_id: str = "trace-ingest",
) -> IngestReport:
    """One ingestion in its own committed transaction, as the workflow step runs it."""
    with transaction(factory) as session:
        brand = session.get(Brand, brand_id)
        assert brand is not None
        return trends.ingest(session, brand=brand, settings=settings, now=now, trace_id=trace_id)


def register(factory: Factory, brand_id: str, *locations: str) -> list[str]:
    with transaction(factory) as session:
        brand = session.get(Brand, brand_id)
        assert brand is not None
        return [
            s.id for s in trends.register_sources(session, brand=brand, locations=list(locations))
        ]


def counts(factory: Factory) -> tuple[int, int]:
    with factory() as session:
        observations = session.scalar(select(func.count()).select_from(TrendObservation))
        signals = session.scalar(select(func.count()).select_from(TrendSignal))
        return int(observations or 0), int(signals or 0)


def signals(factory: Factory) -> dict[str, TrendSignal]:
    with factory() as session:
        return {s.topic: s for s in session.scalars(select(TrendSignal))}


# --- sources -------------------------------------------------------------------------------


def test_register_sources_is_idempotent_and_normalizes(session: Session, tmp_path: Path) -> None:
    brand = make_brand(session)
    feed = tmp_path / "feed.xml"
    first = trends.register_sources(
        session, brand=brand, locations=["https://news.example/rss", feed.as_uri(), str(feed)]
    )
    again = trends.register_sources(session, brand=brand, locations=["https://news.example/rss"])
    assert len(first) == 2
    assert again[0].id == first[0].id
    assert first[1].location == str(feed)
    assert (first[0].kind, first[0].name) == ("rss", "news.example/rss")
    assert first[1].name == "feed.xml"
    assert len(trends.list_sources(session, brand=brand)) == 2


def test_register_refuses_unsupported_locations_and_stores_nothing(session: Session) -> None:
    brand = make_brand(session)
    with pytest.raises(PressroomError) as caught:
        trends.register_sources(
            session, brand=brand, locations=["https://ok.example/rss", "ftp://news.example/feed"]
        )
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert session.scalar(select(func.count()).select_from(TrendSource)) == 0


# --- ingestion -----------------------------------------------------------------------------


def test_ingest_keeps_raw_items_and_builds_measured_signals(
    session_factory: Factory, brand_id: str, settings: Settings, write_feed: WriteFeed
) -> None:
    path = write_feed(
        "a.xml",
        rss([ESPRESSO, CUPS, Item("", "https://news.example/untitled")], title="Coffee wire"),
    )
    register(session_factory, brand_id, str(path))
    report = run_ingest(session_factory, brand_id, settings)
    [outcome] = report.sources
    assert (outcome.items_read, outcome.new, outcome.skipped) == (2, 2, 1)
    assert outcome.error_code is None
    assert len(report.signals_created) == 2
    with session_factory() as session:
        stored = session.scalars(select(TrendObservation).order_by(TrendObservation.title)).all()
        assert [o.title for o in stored] == [ESPRESSO.title, CUPS.title]
        assert stored[0].raw["title"] == ESPRESSO.title
        assert stored[0].raw["published"]
        assert stored[0].published_at == ESPRESSO.published
        source = session.scalars(select(TrendSource)).one()
        assert (source.name, source.last_fetched_at, source.last_error) == (
            "Coffee wire",
            NOW,
            None,
        )
    espresso = signals(session_factory)[ESPRESSO.title]
    assert espresso.platform == "web"
    assert espresso.key_phrases
    assert 0 < espresso.relevance <= 1
    assert espresso.evidence["sample_size"] == 1
    assert espresso.evidence["examples"] == [ESPRESSO.title]
    assert espresso.evidence["links"] == [ESPRESSO.link]
    assert espresso.evidence["sources"] == ["Coffee wire"]
    assert espresso.first_seen_at == espresso.last_seen_at == ESPRESSO.published
    assert "home brewers" in espresso.audience_segments


def test_reingest_is_idempotent(
    session_factory: Factory, brand_id: str, settings: Settings, write_feed: WriteFeed
) -> None:
    path = write_feed("a.xml", rss([ESPRESSO, CUPS]))
    register(session_factory, brand_id, str(path))
    run_ingest(session_factory, brand_id, settings)
    before = counts(session_factory)
    measured = {
        t: (s.velocity, s.confidence, s.relevance) for t, s in signals(session_factory).items()
    }
    again = run_ingest(session_factory, brand_id, settings, now=NOW + HOUR)
    assert counts(session_factory) == before == (2, 2)
    assert again.new_items == 0
    assert (again.signals_created, again.signals_updated) == ([], [])
    assert {
        t: (s.velocity, s.confidence, s.relevance) for t, s in signals(session_factory).items()
    } == measured


def test_new_items_of_a_known_story_update_its_signal(
    session_factory: Factory, brand_id: str, settings: Settings, write_feed: WriteFeed
) -> None:
    path = write_feed("a.xml", rss([ESPRESSO]))
    register(session_factory, brand_id, str(path))
    first = run_ingest(session_factory, brand_id, settings)
    follow_up = Item(
        "Dial in espresso at home: grind size matters more than your machine",
        "https://news.example/espresso-2",
        "Part two.",
        "espresso-2",
        NOW - HOUR,
    )
    path.write_bytes(rss([ESPRESSO, follow_up]))
    second = run_ingest(session_factory, brand_id, settings, now=NOW + HOUR)
    assert second.signals_created == []
    assert second.signals_updated == first.signals_created
    assert counts(session_factory) == (2, 1)


def test_same_story_from_two_feeds_is_one_signal_with_more_confidence(
    session_factory: Factory, brand_id: str, settings: Settings, write_feed: WriteFeed
) -> None:
    retold = Item(
        "Dial In Espresso at Home — Grind Size Matters More Than the Machine!",
        "https://other.example/espresso",
        "Grind size first.",
        "o-1",
        NOW - HOUR,
    )
    a = write_feed("a.xml", rss([ESPRESSO, CUPS], title="Wire A"))
    b = write_feed("b.xml", rss([retold], title="Wire B"))
    register(session_factory, brand_id, str(a), str(b))
    report = run_ingest(session_factory, brand_id, settings)
    assert len(report.signals_created) == 2
    by_topic = signals(session_factory)
    espresso, cups = by_topic[ESPRESSO.title], by_topic[CUPS.title]
    assert espresso.evidence["sample_size"] == 2
    assert espresso.evidence["sources"] == ["Wire B", "Wire A"]
    assert espresso.confidence > cups.confidence


def test_more_recent_items_mean_higher_velocity(
    session_factory: Factory, brand_id: str, settings: Settings, write_feed: WriteFeed
) -> None:
    hot = [
        Item(
            f"Dial in espresso at home: grind size matters ({n})",
            f"https://n.example/{n}",
            ESPRESSO.summary,
            f"hot-{n}",
            NOW - (n + 1) * HOUR,
        )
        for n in range(3)
    ]
    feeds = [str(write_feed(f"{n}.xml", rss([item]))) for n, item in enumerate(hot)]
    cold = str(write_feed("cold.xml", rss([HARVEST, CUPS])))
    register(session_factory, brand_id, *feeds, cold)
    run_ingest(session_factory, brand_id, settings)
    by_topic = signals(session_factory)
    # The signal is named after its earliest item.
    espresso = by_topic[hot[-1].title]
    assert espresso.evidence["sample_size"] == 3
    assert espresso.velocity > by_topic[HARVEST.title].velocity > by_topic[CUPS.title].velocity
    assert by_topic[CUPS.title].velocity == 0.0


def test_items_without_dates_count_from_when_they_were_fetched(
    session_factory: Factory, brand_id: str, settings: Settings, write_feed: WriteFeed
) -> None:
    undated = Item("Cold brew concentrate keeps selling into the winter", "https://n.example/c")
    future = Item(
        "Roasters preview next year's lots", "https://n.example/f", published=NOW + 10 * 24 * HOUR
    )
    register(session_factory, brand_id, str(write_feed("a.xml", rss([undated, future]))))
    run_ingest(session_factory, brand_id, settings)
    by_topic = signals(session_factory)
    assert by_topic[undated.title].last_seen_at == NOW
    assert by_topic[future.title].last_seen_at == NOW
    assert by_topic[undated.title].velocity > 0


def test_failing_sources_lose_nothing_and_do_not_stop_the_others(
    session_factory: Factory,
    brand_id: str,
    settings: Settings,
    write_feed: WriteFeed,
    feed_server: FeedServer,
    closed_port_url: str,
) -> None:
    good = write_feed("good.xml", rss([ESPRESSO, CUPS]))
    register(session_factory, brand_id, str(good))
    run_ingest(session_factory, brand_id, settings)
    before = counts(session_factory)
    kept = {t: s.id for t, s in signals(session_factory).items()}

    good.write_bytes(b"<rss><channel><item><title>broken")  # the good feed breaks
    missing = feed_server.serve("/gone.xml", Route(status=404))
    fresh = feed_server.serve("/fresh.xml", Route(body=rss([HARVEST])))
    register(session_factory, brand_id, missing, closed_port_url, fresh)
    report = run_ingest(session_factory, brand_id, settings, now=NOW + HOUR)

    outcome = {o.location: o for o in report.sources}
    assert outcome[str(good)].error_code == ErrorCode.FEED_MALFORMED
    assert (outcome[missing].error_code, outcome[missing].retryable) == ("FEED_UNREACHABLE", False)
    assert (outcome[closed_port_url].error_code, outcome[closed_port_url].retryable) == (
        "FEED_UNREACHABLE",
        True,
    )
    assert outcome[fresh].new == 1
    assert outcome[str(good)].error_hint
    assert len(report.failed) == 3
    after = signals(session_factory)
    assert {t: after[t].id for t in kept} == kept
    assert HARVEST.title in after
    assert counts(session_factory) == (before[0] + 1, before[1] + 1)
    with session_factory() as session:
        errors = {s.location: s.last_error for s in session.scalars(select(TrendSource))}
        stamps = {s.location: s.last_fetched_at for s in session.scalars(select(TrendSource))}
    assert errors[str(good)] is not None
    assert errors[str(good)].startswith("[FEED_MALFORMED]")
    assert errors[fresh] is None
    assert stamps[str(good)] == NOW  # last successful read, not the failed one

    good.write_bytes(rss([ESPRESSO, CUPS]))  # fixed again
    run_ingest(session_factory, brand_id, settings, now=NOW + 2 * HOUR)
    with session_factory() as session:
        repaired = session.scalars(select(TrendSource).where(TrendSource.location == str(good)))
        assert repaired.one().last_error is None


def test_too_large_and_empty_feeds_are_reported_per_source(
    session_factory: Factory,
    brand_id: str,
    settings: Settings,
    write_feed: WriteFeed,
    huge_feed: Path,
) -> None:
    empty = write_feed("empty.xml", rss([]))
    ok = write_feed("ok.xml", rss([ESPRESSO]))
    register(session_factory, brand_id, str(huge_feed), str(empty), str(ok))
    report = run_ingest(session_factory, brand_id, settings)
    codes = [o.error_code for o in report.sources]
    assert codes == ["FEED_TOO_LARGE", "FEED_EMPTY", None]
    assert counts(session_factory) == (1, 1)


def test_ingest_over_http(
    session_factory: Factory, brand_id: str, settings: Settings, feed_server: FeedServer
) -> None:
    url = feed_server.serve("/feed.xml", Route(body=rss([ESPRESSO, HARVEST])))
    register(session_factory, brand_id, url)
    report = run_ingest(session_factory, brand_id, settings)
    assert report.sources[0].new == 2
    assert set(signals(session_factory)) == {ESPRESSO.title, HARVEST.title}


def test_ingest_refuses_sources_that_are_not_this_brands_feeds(
    session: Session, settings: Settings
) -> None:
    brand = make_brand(session)
    other = make_brand(session, slug="other-brand", name="Other")
    [foreign] = trends.register_sources(
        session, brand=other, locations=["https://news.example/rss"]
    )
    with pytest.raises(PressroomError) as caught:
        trends.ingest(
            session, brand=brand, settings=settings, now=NOW, trace_id="t", sources=[foreign]
        )
    assert caught.value.code == ErrorCode.INVALID_INPUT


def test_a_brand_without_sources_ingests_nothing(session: Session, settings: Settings) -> None:
    brand = make_brand(session)
    report = trends.ingest(session, brand=brand, settings=settings, now=NOW, trace_id="t")
    assert (report.sources, report.signals_created) == ([], [])


# --- manual topics -------------------------------------------------------------------------


def test_manual_topic_becomes_a_signal_once(session: Session) -> None:
    brand = make_brand(session)
    signal = trends.add_manual_topic(
        session, brand=brand, topic="  Pour-over   at home ", now=NOW, trace_id="t"
    )
    again = trends.add_manual_topic(
        session, brand=brand, topic="pour-over at home", now=NOW, trace_id="t"
    )
    assert again.id == signal.id
    assert (signal.topic, signal.platform) == ("Pour-over at home", "manual")
    assert signal.evidence["sample_size"] == 1
    assert signal.relevance > 0
    assert session.scalar(select(func.count()).select_from(TrendObservation)) == 1
    source = session.scalars(select(TrendSource)).one()
    assert source.kind == "manual"


@pytest.mark.parametrize("topic", ["", "   ", "!!! ...", "x" * 301])
def test_bad_manual_topics_are_refused_and_store_nothing(session: Session, topic: str) -> None:
    brand = make_brand(session)
    with pytest.raises(PressroomError) as caught:
        trends.add_manual_topic(session, brand=brand, topic=topic, now=NOW, trace_id="t")
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert session.scalar(select(func.count()).select_from(TrendSignal)) == 0


def test_manual_topics_are_not_fetched_as_feeds(
    session_factory: Factory, brand_id: str, settings: Settings
) -> None:
    with transaction(session_factory) as session:
        brand = session.get(Brand, brand_id)
        assert brand is not None
        trends.add_manual_topic(session, brand=brand, topic="Water recipes", now=NOW, trace_id="t")
    report = run_ingest(session_factory, brand_id, settings)
    assert report.sources == []


# --- ranking and the demo feed -------------------------------------------------------------


@pytest.fixture
def demo(session_factory: Factory, brand_id: str, settings: Settings) -> str:
    register(session_factory, brand_id, SAMPLE_FEED)
    return brand_id


def ranked(factory: Factory, brand_id: str, **options: object) -> list[TrendSignal]:
    with factory() as session:
        brand = session.get(Brand, brand_id)
        assert brand is not None
        return trends.top_signals(session, brand=brand, **options)  # type: ignore[arg-type]


def test_sample_feed_ranks_brand_relevant_signals_first(
    session_factory: Factory, demo: str, settings: Settings
) -> None:
    report = run_ingest(session_factory, demo, settings)
    assert report.sources[0].items_read == 18
    top = ranked(session_factory, demo, now=NOW, limit=50)
    assert len(top) == 17  # 18 items, the Brazil frost story told twice
    off_topic = {
        "Cocoa prices ease after record highs as West African weather improves",
        "Matcha demand lifts green tea imports in European cities",
        "City bakeries bet on sourdough subscriptions",
    }
    assert {s.topic for s in top[-3:]} == off_topic
    assert all(s.relevance > max(o.relevance for o in top[-3:]) for s in top[:-3])
    frost = next(s for s in top if "Brazil" in s.topic)
    assert frost.evidence["sample_size"] == 2
    assert len(ranked(session_factory, demo, now=NOW, limit=5)) == 5


def test_demo_still_ranks_when_now_is_long_after_the_feed(
    session_factory: Factory, demo: str, settings: Settings
) -> None:
    later = NOW + timedelta(days=200)
    run_ingest(session_factory, demo, settings, now=later)
    late = ranked(session_factory, demo, now=later, limit=50)
    on_time = ranked(session_factory, demo, now=NOW, limit=50)
    assert [s.id for s in late] == [s.id for s in on_time]
    assert late[0].velocity > 0


def test_window_keeps_only_signals_near_the_freshest(
    session_factory: Factory, demo: str, settings: Settings
) -> None:
    run_ingest(session_factory, demo, settings)
    recent = ranked(session_factory, demo, now=NOW, window_days=1)
    assert recent
    freshest = max(s.last_seen_at for s in recent)
    assert all(freshest - s.last_seen_at <= timedelta(days=1) for s in recent)
    assert len(recent) < len(ranked(session_factory, demo, now=NOW, limit=50))
    assert ranked(session_factory, demo, now=NOW, limit=0) == []


def test_top_signals_of_a_brand_without_signals_is_empty(session: Session) -> None:
    assert trends.top_signals(session, brand=make_brand(session), now=NOW) == []


def test_to_source_signal_carries_what_writers_need(
    session_factory: Factory, demo: str, settings: Settings
) -> None:
    run_ingest(session_factory, demo, settings)
    best = ranked(session_factory, demo, now=NOW, limit=1)[0]
    source = trends.to_source_signal(best)
    assert source.trend_id == best.id
    assert source.topic == best.topic
    assert source.key_phrases == best.key_phrases
    assert source.links == best.evidence["links"]
    assert (source.velocity, source.confidence, source.relevance) == (
        best.velocity,
        best.confidence,
        best.relevance,
    )
