"""Every query of the trends feature. Services call these; nothing else builds SQL here."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pressroom.db.upsert import upsert
from pressroom.trends.models import TrendObservation, TrendSignal, TrendSource

# SQLite allows 32766 bound parameters per statement; stay far below on every backend.
_IN_CHUNK = 500


def list_sources(session: Session, *, brand_id: str, kind: str | None = None) -> list[TrendSource]:
    """A brand's sources in the order they were added."""
    query = select(TrendSource).where(TrendSource.brand_id == brand_id)
    if kind is not None:
        query = query.where(TrendSource.kind == kind)
    return list(session.scalars(query.order_by(TrendSource.created_at, TrendSource.location)))


def upsert_source(
    session: Session, *, brand_id: str, kind: str, location: str, name: str
) -> TrendSource:
    """The source at ``location`` for the brand, created if new (natural key)."""
    return upsert(
        session,
        TrendSource,
        keys=("brand_id", "location"),
        values={"brand_id": brand_id, "kind": kind, "location": location, "name": name},
    )


def stored_entry_keys(session: Session, *, source_id: str, keys: Collection[str]) -> set[str]:
    """Which of ``keys`` the source already has."""
    wanted = list(keys)
    found: set[str] = set()
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        found.update(
            session.scalars(
                select(TrendObservation.entry_key).where(
                    TrendObservation.source_id == source_id, TrendObservation.entry_key.in_(chunk)
                )
            )
        )
    return found


def add_observation(session: Session, *, values: dict[str, Any]) -> TrendObservation:
    """Store a raw item unless the source already has it (then the stored one is kept)."""
    return upsert(session, TrendObservation, keys=("source_id", "entry_key"), values=values)


def unassigned_observations(
    session: Session, *, brand_id: str
) -> list[tuple[TrendObservation, TrendSource]]:
    """The brand's raw items not yet part of a signal, with their sources."""
    rows = session.execute(
        select(TrendObservation, TrendSource)
        .join(TrendSource, TrendObservation.source_id == TrendSource.id)
        .where(TrendSource.brand_id == brand_id, TrendObservation.signal_id.is_(None))
    )
    return [(observation, source) for observation, source in rows]


def observations_of(
    session: Session, *, signal_ids: Collection[str]
) -> list[tuple[TrendObservation, TrendSource]]:
    """Every raw item of the given signals, with its source."""
    wanted = sorted(signal_ids)
    rows: list[tuple[TrendObservation, TrendSource]] = []
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        found = session.execute(
            select(TrendObservation, TrendSource)
            .join(TrendSource, TrendObservation.source_id == TrendSource.id)
            .where(TrendObservation.signal_id.in_(chunk))
        )
        rows.extend((observation, source) for observation, source in found)
    return rows


def signals_seen_since(session: Session, *, brand_id: str, since: datetime) -> list[TrendSignal]:
    """The brand's signals last seen at or after ``since``, oldest first."""
    return list(
        session.scalars(
            select(TrendSignal)
            .where(TrendSignal.brand_id == brand_id, TrendSignal.last_seen_at >= since)
            .order_by(TrendSignal.first_seen_at, TrendSignal.topic_key)
        )
    )


def moving_signal_ids(session: Session, *, brand_id: str) -> set[str]:
    """Signals with a velocity above zero: the ones whose numbers move as time passes."""
    return set(
        session.scalars(
            select(TrendSignal.id).where(TrendSignal.brand_id == brand_id, TrendSignal.velocity > 0)
        )
    )


def find_signal(session: Session, *, brand_id: str, topic_key: str) -> TrendSignal | None:
    return session.scalars(
        select(TrendSignal).where(
            TrendSignal.brand_id == brand_id, TrendSignal.topic_key == topic_key
        )
    ).one_or_none()


def add_signal(session: Session, *, values: dict[str, Any]) -> TrendSignal:
    """The signal with this brand + topic key, created from ``values`` if new."""
    return upsert(session, TrendSignal, keys=("brand_id", "topic_key"), values=values)


def signals_by_id(session: Session, *, signal_ids: Sequence[str]) -> list[TrendSignal]:
    wanted = sorted(set(signal_ids))
    found: list[TrendSignal] = []
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        found.extend(session.scalars(select(TrendSignal).where(TrendSignal.id.in_(chunk))))
    return found


def latest_sighting(session: Session, *, brand_id: str) -> datetime | None:
    """The latest moment any of the brand's items was seen: its publication time, or the
    fetch time when it has none or claims a time after it was fetched."""
    of_brand = TrendObservation.source_id.in_(
        select(TrendSource.id).where(TrendSource.brand_id == brand_id)
    )
    published = session.scalar(
        select(func.max(TrendObservation.published_at)).where(
            of_brand, TrendObservation.published_at <= TrendObservation.fetched_at
        )
    )
    fetched = session.scalar(
        select(func.max(TrendObservation.fetched_at)).where(
            of_brand,
            or_(
                TrendObservation.published_at.is_(None),
                TrendObservation.published_at > TrendObservation.fetched_at,
            ),
        )
    )
    seen = [moment for moment in (published, fetched) if moment is not None]
    return max(seen) if seen else None


def latest_signal_time(session: Session, *, brand_id: str) -> datetime | None:
    """When the brand's most recently seen signal was last seen."""
    latest: datetime | None = session.scalar(
        select(func.max(TrendSignal.last_seen_at)).where(TrendSignal.brand_id == brand_id)
    )
    return latest
