"""Trend rules: register sources, ingest feeds into raw observations and de-duplicated
signals, add manual topics, rank signals for a brand.

Ingestion reads every feed first (network and files, in parallel, no database writes) and
only then stores, so a slow feed never holds the database's write lock. A source that fails
records its error and is reported; the others go on, and nothing stored before is touched.
Services never commit: the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.brands.models import Brand
from pressroom.config import Settings
from pressroom.errors import InvalidInputError, PressroomError
from pressroom.logging import get_logger
from pressroom.providers.llm.protocol import SourceSignal
from pressroom.trends import repository as repo
from pressroom.trends.dedupe import Story, StoryGroup, group_stories
from pressroom.trends.feeds import Feed, categories_of, is_url, normalize_location, read_feed
from pressroom.trends.measures import (
    BrandProfile,
    anchor_time,
    confidence,
    freshness,
    matching_segments,
    rank_score,
    relevance,
    velocity,
)
from pressroom.trends.models import TrendObservation, TrendSignal, TrendSource
from pressroom.trends.phrases import extract_key_phrases
from pressroom.trends.schemas import IngestReport, SourceOutcome
from pressroom.trends.text import content_terms, words

log = get_logger(__name__)

FEED_KIND = "rss"
MANUAL_KIND = "manual"
MANUAL_LOCATION = "manual:"
PLATFORMS = {FEED_KIND: "web", MANUAL_KIND: "manual"}
# A story only joins a signal seen within this long before it (old stories stay apart).
DEDUPE_WINDOW = timedelta(days=7)
MAX_FETCH_THREADS = 8
MAX_TOPIC_CHARS = 300
EVIDENCE_LIMIT = 5
PHRASE_ITEMS = 20  # key phrases come from a signal's latest items, not all of them

FeedResult = Feed | PressroomError


def register_sources(session: Session, *, brand: Brand, locations: list[str]) -> list[TrendSource]:
    """Add RSS/Atom sources (URLs or file paths) to a brand; already known ones are kept as
    they are. Locations are normalized (files to absolute paths) before matching."""
    normalized = list(dict.fromkeys(normalize_location(location) for location in locations))
    return [
        repo.upsert_source(
            session,
            brand_id=brand.id,
            kind=FEED_KIND,
            location=location,
            name=_source_name(location),
        )
        for location in normalized
    ]


def add_feed(
    session: Session, *, brand: Brand, url: str, actor: str, trace_id: str
) -> tuple[TrendSource, bool]:
    """Add one feed a person gave (the API, the studio), recorded in the audit log; returns
    the source and whether it is new (a feed the brand already reads is returned as it is)."""
    known = {source.location for source in list_sources(session, brand=brand)}
    (source,) = register_sources(session, brand=brand, locations=[url])
    created = source.location not in known
    if created:
        session.flush()
        audit.record(
            session,
            entity_type="trend_source",
            entity_id=source.id,
            action="created",
            actor=actor,
            trace_id=trace_id,
            after={"brand_id": brand.id, "kind": source.kind, "location": source.location},
        )
    return source, created


def list_sources(session: Session, *, brand: Brand) -> list[TrendSource]:
    """Every source of the brand (feeds and the manual-topics source)."""
    return repo.list_sources(session, brand_id=brand.id)


def feed_sources(session: Session, brand_id: str) -> list[TrendSource]:
    """The brand's feed sources (not its manual-topics source)."""
    return repo.list_sources(session, brand_id=brand_id, kind=FEED_KIND)


def ingest(
    session: Session,
    *,
    brand: Brand,
    settings: Settings,
    now: datetime,
    trace_id: str,
    sources: list[TrendSource] | None = None,
) -> IngestReport:
    """Fetch the brand's feeds (or ``sources``), keep new items verbatim, and fold them into
    de-duplicated, measured signals. Failing sources are recorded, never fatal."""
    chosen = feed_sources(session, brand.id) if sources is None else sources
    for source in chosen:
        if source.kind != FEED_KIND or source.brand_id != brand.id:
            raise InvalidInputError(
                f"source {source.location!r} is not a feed of brand {brand.slug!r}",
                hint="Pass feed sources of this brand (see register_sources).",
            )
    results = fetch_feeds([source.location for source in chosen], settings=settings)
    return store_feeds(
        session, brand=brand, sources=chosen, results=results, now=now, trace_id=trace_id
    )


def fetch_feeds(locations: Sequence[str], *, settings: Settings) -> list[FeedResult]:
    """Read feeds in parallel: each result is the parsed feed or the error it raised."""
    if not locations:
        return []
    with ThreadPoolExecutor(max_workers=min(MAX_FETCH_THREADS, len(locations))) as pool:
        return list(pool.map(lambda location: _fetch(location, settings), locations))


def _fetch(location: str, settings: Settings) -> FeedResult:
    try:
        return read_feed(location, settings=settings)
    except PressroomError as error:
        return error


def store_feeds(
    session: Session,
    *,
    brand: Brand,
    sources: Sequence[TrendSource],
    results: Sequence[FeedResult],
    now: datetime,
    trace_id: str,
) -> IngestReport:
    """Store what ``fetch_feeds`` read (one result per source, same order) and refresh the
    brand's signals."""
    outcomes = [
        _record_failure(source, result, trace_id=trace_id)
        if isinstance(result, PressroomError)
        else _store_feed(session, source=source, feed=result, now=now, trace_id=trace_id)
        for source, result in zip(sources, results, strict=True)
    ]
    session.flush()
    created, updated = refresh_signals(session, brand=brand, now=now)
    report = IngestReport(
        brand=brand.slug,
        trace_id=trace_id,
        ingested_at=now,
        sources=outcomes,
        signals_created=created,
        signals_updated=updated,
    )
    log.info(
        "trends.ingest.completed",
        trace_id=trace_id,
        brand=brand.slug,
        sources=len(outcomes),
        failed=len(report.failed),
        new_items=report.new_items,
        signals_created=len(created),
        signals_updated=len(updated),
    )
    return report


def _record_failure(source: TrendSource, error: PressroomError, *, trace_id: str) -> SourceOutcome:
    source.last_error = f"[{error.code}] {error.message}"
    log.warning(
        "trends.source.failed",
        trace_id=trace_id,
        source_id=source.id,
        location=source.location,
        code=str(error.code),
        retryable=error.retryable,
        message=error.message,
    )
    return SourceOutcome(
        source_id=source.id,
        location=source.location,
        error_code=str(error.code),
        error_message=error.message,
        error_hint=error.hint,
        retryable=error.retryable,
    )


def _store_feed(
    session: Session, *, source: TrendSource, feed: Feed, now: datetime, trace_id: str
) -> SourceOutcome:
    stored = repo.stored_entry_keys(
        session, source_id=source.id, keys={entry.entry_key for entry in feed.entries}
    )
    new = 0
    for entry in feed.entries:
        if entry.entry_key in stored:
            continue
        stored.add(entry.entry_key)
        repo.add_observation(
            session,
            values={
                "source_id": source.id,
                "entry_key": entry.entry_key,
                "title": entry.title,
                "summary": entry.summary,
                "link": entry.link,
                "published_at": entry.published_at,
                "fetched_at": now,
                "raw": entry.raw,
            },
        )
        new += 1
    source.last_fetched_at = now
    source.last_error = None
    if feed.title:
        source.name = feed.title[:200]
    log.info(
        "trends.source.fetched",
        trace_id=trace_id,
        source_id=source.id,
        location=source.location,
        items=len(feed.entries),
        new=new,
        skipped=feed.skipped_untitled,
        warning=feed.warning,
    )
    return SourceOutcome(
        source_id=source.id,
        location=source.location,
        items_read=len(feed.entries),
        new=new,
        skipped=feed.skipped_untitled,
        warning=feed.warning,
    )


def refresh_signals(
    session: Session, *, brand: Brand, now: datetime
) -> tuple[list[str], list[str]]:
    """Fold the brand's unassigned items into signals and re-measure every signal that got
    items or still has velocity. Returns (created ids, updated ids)."""
    pending = sorted(
        repo.unassigned_observations(session, brand_id=brand.id),
        key=lambda row: (sighted_at(row[0]), row[1].location, row[0].entry_key),
    )
    created: list[str] = []
    updated: list[str] = []
    if pending:
        since = sighted_at(pending[0][0]) - DEDUPE_WINDOW
        groups = group_stories(
            [Story(ref=obs.id, title=obs.title, summary=obs.summary) for obs, _ in pending],
            existing=_existing_groups(session, brand=brand, since=since),
        )
        by_id = {obs.id: (obs, source) for obs, source in pending}
        for group in groups:
            signal, is_new = _signal_for(session, brand=brand, group=group, rows=by_id)
            for ref in group.new_refs:
                by_id[ref][0].signal_id = signal.id
            (created if is_new else updated).append(signal.id)
        session.flush()
    to_measure = set(created) | set(updated) | repo.moving_signal_ids(session, brand_id=brand.id)
    _measure_signals(session, brand=brand, signal_ids=to_measure, now=now)
    return created, list(dict.fromkeys(updated))


def _existing_groups(session: Session, *, brand: Brand, since: datetime) -> list[StoryGroup]:
    signals = repo.signals_seen_since(session, brand_id=brand.id, since=since)
    members: dict[str, list[Story]] = {signal.id: [] for signal in signals}
    for obs, _ in sorted(
        repo.observations_of(session, signal_ids=members),
        key=lambda row: (sighted_at(row[0]), row[0].id),
    ):
        members[str(obs.signal_id)].append(Story(ref=obs.id, title=obs.title, summary=obs.summary))
    return [
        StoryGroup(topic_key=signal.topic_key, signal_id=signal.id, stories=members[signal.id])
        for signal in signals
    ]


def _signal_for(
    session: Session,
    *,
    brand: Brand,
    group: StoryGroup,
    rows: dict[str, tuple[TrendObservation, TrendSource]],
) -> tuple[TrendSignal, bool]:
    if group.signal_id is not None:
        return repo.signals_by_id(session, signal_ids=[group.signal_id])[0], False
    # The key may belong to an older signal, outside the de-duplication window: join it.
    known = repo.find_signal(session, brand_id=brand.id, topic_key=group.topic_key)
    if known is not None:
        return known, False
    first, source = rows[group.new_refs[0]]
    moment = sighted_at(first)
    signal = repo.add_signal(
        session,
        values={
            "brand_id": brand.id,
            "topic_key": group.topic_key,
            "topic": first.title,
            "summary": first.summary[:1000],
            "platform": PLATFORMS.get(source.kind, "web"),
            "first_seen_at": moment,
            "last_seen_at": moment,
        },
    )
    return signal, True


def _measure_signals(
    session: Session, *, brand: Brand, signal_ids: set[str], now: datetime
) -> None:
    if not signal_ids:
        return
    anchor = anchor_time(now, repo.latest_sighting(session, brand_id=brand.id))
    profile = brand_profile(brand)
    members: dict[str, list[tuple[TrendObservation, TrendSource]]] = {}
    for obs, source in repo.observations_of(session, signal_ids=signal_ids):
        members.setdefault(str(obs.signal_id), []).append((obs, source))
    for signal in repo.signals_by_id(session, signal_ids=sorted(signal_ids)):
        rows = members.get(signal.id, [])
        if rows:
            _measure(signal, rows=rows, anchor=anchor, profile=profile)


def _measure(
    signal: TrendSignal,
    *,
    rows: list[tuple[TrendObservation, TrendSource]],
    anchor: datetime,
    profile: BrandProfile,
) -> None:
    rows = sorted(rows, key=lambda row: (sighted_at(row[0]), row[0].id), reverse=True)
    times = [sighted_at(obs) for obs, _ in rows]
    text = " ".join(f"{obs.title}. {obs.summary}" for obs, _ in rows[:PHRASE_ITEMS])
    # The publisher's categories ("Café business") say what an item is about in the words
    # brands use for their topics; they count for relevance, not for key phrases.
    categories = {category for obs, _ in rows for category in categories_of(obs.raw or {})}
    terms = content_terms(" ".join([text, *sorted(categories)]))
    moved = velocity(times, anchor=anchor)
    source_names = list(dict.fromkeys(source.name or source.location for _, source in rows))
    signal.velocity = moved.score
    signal.confidence = confidence(
        sources=len({source.id for _, source in rows}), sample_size=len(rows)
    )
    signal.relevance = relevance(terms, profile=profile)
    signal.key_phrases = extract_key_phrases(text, limit=8)
    signal.audience_segments = matching_segments(terms, profile=profile)
    signal.first_seen_at = min(times)
    signal.last_seen_at = max(times)
    signal.evidence = {
        "sample_size": len(rows),
        "examples": list(dict.fromkeys(obs.title for obs, _ in rows))[:EVIDENCE_LIMIT],
        "links": list(dict.fromkeys(obs.link for obs, _ in rows if obs.link))[:EVIDENCE_LIMIT],
        "sources": source_names,
        "window": {
            "anchor": anchor.isoformat(),
            "recent_24h": moved.recent,
            "previous_24h": moved.previous,
        },
    }


def brand_profile(brand: Brand) -> BrandProfile:
    """The brand's topics and vocabulary, as relevance sees them."""
    return BrandProfile.build(
        topics=list(brand.topics),
        description=brand.description,
        audience=brand.audience,
        guidelines=brand.guidelines,
        voice_examples=list(brand.voice_examples),
    )


def sighted_at(observation: TrendObservation) -> datetime:
    """When an item happened: its publication time, unless it has none or claims a time
    after we fetched it (clocks and feeds lie); then the fetch time."""
    published = observation.published_at
    if published is None or published > observation.fetched_at:
        return observation.fetched_at
    return published


def add_manual_topic(
    session: Session, *, brand: Brand, topic: str, now: datetime, trace_id: str
) -> TrendSignal:
    """Add a topic a person wants covered; it becomes (or joins) a signal like a feed item.
    Adding the same topic again changes nothing."""
    text = " ".join(topic.split())
    if not words(text):
        raise InvalidInputError(
            "a manual topic needs words",
            hint="Describe the topic, e.g. 'pour-over at home'.",
            details={"topic": topic},
        )
    if len(text) > MAX_TOPIC_CHARS:
        raise InvalidInputError(
            f"a manual topic is at most {MAX_TOPIC_CHARS} characters",
            hint="Shorten it to the topic itself.",
        )
    source = repo.upsert_source(
        session, brand_id=brand.id, kind=MANUAL_KIND, location=MANUAL_LOCATION, name="Manual topics"
    )
    key = "manual:" + hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()[:40]
    observation = repo.add_observation(
        session,
        values={
            "source_id": source.id,
            "entry_key": key,
            "title": text,
            "summary": "",
            "link": "",
            "published_at": now,
            "fetched_at": now,
            "raw": {"topic": topic},
        },
    )
    session.flush()
    refresh_signals(session, brand=brand, now=now)
    # refresh_signals places every unassigned item of the brand, this one included.
    assert observation.signal_id is not None
    signal = repo.signals_by_id(session, signal_ids=[observation.signal_id])[0]
    log.info(
        "trends.manual_topic.added",
        trace_id=trace_id,
        brand=brand.slug,
        signal_id=signal.id,
        topic=text,
    )
    return signal


def top_signals(
    session: Session, *, brand: Brand, now: datetime, limit: int = 10, window_days: int = 7
) -> list[TrendSignal]:
    """The brand's best signals seen within ``window_days`` of the freshest one (at most
    ``now``), best first by ``measures.rank_score``: relevance, velocity, confidence and
    freshness mixed by ``measures.RANK_WEIGHTS``."""
    anchor = anchor_time(now, repo.latest_signal_time(session, brand_id=brand.id))
    candidates = repo.signals_seen_since(
        session, brand_id=brand.id, since=anchor - timedelta(days=window_days)
    )
    return sorted(candidates, key=lambda signal: _rank_key(signal, anchor))[: max(limit, 0)]


def _rank_key(signal: TrendSignal, anchor: datetime) -> tuple[float, float, str]:
    score = rank_score(
        relevance=signal.relevance,
        velocity=signal.velocity,
        confidence=signal.confidence,
        freshness=freshness(signal.last_seen_at, anchor=anchor),
    )
    return (-score, -signal.last_seen_at.timestamp(), signal.topic_key)


def to_source_signal(signal: TrendSignal) -> SourceSignal:
    """A stored signal as writers receive it."""
    evidence: dict[str, Any] = signal.evidence or {}
    return SourceSignal(
        trend_id=signal.id,
        topic=signal.topic,
        summary=signal.summary,
        key_phrases=list(signal.key_phrases),
        links=list(evidence.get("links", [])),
        velocity=signal.velocity,
        confidence=signal.confidence,
        relevance=signal.relevance,
    )


def _source_name(location: str) -> str:
    if is_url(location):
        parsed = urlparse(location)
        return f"{parsed.netloc}{parsed.path}"[:200]
    return Path(location).name[:200]
