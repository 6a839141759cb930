"""Every query of the metrics feature."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from pressroom.db.upsert import upsert
from pressroom.metrics.models import MetricSnapshot
from pressroom.publishing.models import PublishJobRecord
from pressroom.writing.models import Piece

# SQLite allows 32,766 bound parameters per statement; stay far below on every backend.
_CHUNK = 500

SNAPSHOT_VALUES = (
    "impressions",
    "reach",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "watch_through",
    "followers_delta",
)


class PieceOutcome(NamedTuple):
    """A piece with its latest snapshot and, when it went through a publisher, its job."""

    piece: Piece
    snapshot: MetricSnapshot
    job: PublishJobRecord | None


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    unique = sorted(set(values))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


def pieces_by_id(session: Session, ids: Iterable[str]) -> dict[str, Piece]:
    """The pieces among ``ids``, keyed by id."""
    found: dict[str, Piece] = {}
    for chunk in _chunks(ids):
        found.update((p.id, p) for p in session.scalars(select(Piece).where(Piece.id.in_(chunk))))
    return found


def pieces_with_prefix(
    session: Session, prefix: str, *, brand_id: str | None = None
) -> Sequence[Piece]:
    """Up to two pieces (of one brand, or any) whose id starts with ``prefix`` (two are
    enough to see ambiguity)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    statement = select(Piece).where(Piece.id.like(f"{escaped}%", escape="\\"))
    if brand_id is not None:
        statement = statement.where(Piece.brand_id == brand_id)
    return session.scalars(statement.order_by(Piece.id).limit(2)).all()


def jobs_by_post_id(session: Session, refs: Iterable[str]) -> dict[str, list[PublishJobRecord]]:
    """Publish jobs whose own id or platform ``external_id`` is among ``refs``, per ref."""
    found: dict[str, list[PublishJobRecord]] = {}
    for chunk in _chunks(refs):
        statement = select(PublishJobRecord).where(
            or_(PublishJobRecord.id.in_(chunk), PublishJobRecord.external_id.in_(chunk))
        )
        wanted = set(chunk)
        for job in session.scalars(statement):
            for ref in {job.id, job.external_id or job.id} & wanted:
                found.setdefault(ref, []).append(job)
    return found


def snapshot_at(
    session: Session, *, piece_id: str, collected_at: datetime
) -> MetricSnapshot | None:
    """The snapshot under the natural key, if stored."""
    return session.scalars(
        select(MetricSnapshot).where(
            MetricSnapshot.piece_id == piece_id, MetricSnapshot.collected_at == collected_at
        )
    ).one_or_none()


def upsert_snapshot(session: Session, *, values: dict[str, Any]) -> MetricSnapshot:
    """Insert or update one snapshot by its natural key (piece + collected_at)."""
    return upsert(
        session,
        MetricSnapshot,
        keys=("piece_id", "collected_at"),
        values=values,
        update=(*SNAPSHOT_VALUES, "channel", "source", "updated_at"),
    )


def latest_outcomes(
    session: Session,
    *,
    brand_id: str,
    channel: str | None = None,
    as_of: datetime | None = None,
) -> Sequence[PieceOutcome]:
    """Each of the brand's pieces that has metrics, at its latest snapshot (collected no later
    than ``as_of`` when given), with its publish job when there is one."""
    latest = (
        select(MetricSnapshot.piece_id, func.max(MetricSnapshot.collected_at).label("collected_at"))
        .join(Piece, Piece.id == MetricSnapshot.piece_id)
        .where(Piece.brand_id == brand_id)
    )
    if channel is not None:
        latest = latest.where(Piece.channel == channel)
    if as_of is not None:
        latest = latest.where(MetricSnapshot.collected_at <= as_of)
    newest = latest.group_by(MetricSnapshot.piece_id).subquery()
    statement = (
        select(Piece, MetricSnapshot, PublishJobRecord)
        .join(MetricSnapshot, MetricSnapshot.piece_id == Piece.id)
        .join(
            newest,
            and_(
                newest.c.piece_id == MetricSnapshot.piece_id,
                newest.c.collected_at == MetricSnapshot.collected_at,
            ),
        )
        .outerjoin(PublishJobRecord, PublishJobRecord.piece_id == Piece.id)
        .order_by(Piece.id)
    )
    return [PieceOutcome(*row) for row in session.execute(statement)]


def latest_outcome(session: Session, *, piece_id: str) -> PieceOutcome | None:
    """One piece at its latest snapshot, or ``None`` when it has no metrics."""
    statement = (
        select(Piece, MetricSnapshot, PublishJobRecord)
        .join(MetricSnapshot, MetricSnapshot.piece_id == Piece.id)
        .outerjoin(PublishJobRecord, PublishJobRecord.piece_id == Piece.id)
        .where(Piece.id == piece_id)
        .order_by(MetricSnapshot.collected_at.desc())
        .limit(1)
    )
    row = session.execute(statement).first()
    return PieceOutcome(*row) if row else None


def brand_snapshots(
    session: Session,
    *,
    brand_id: str,
    piece_id: str | None = None,
    channel: str | None = None,
    before: tuple[datetime, str] | None = None,
    limit: int = 50,
) -> Sequence[MetricSnapshot]:
    """The snapshots of the brand's pieces (optionally of one piece or channel), newest
    collected first, older than the ``before`` (collected_at, id) cursor."""
    statement = (
        select(MetricSnapshot)
        .join(Piece, Piece.id == MetricSnapshot.piece_id)
        .where(Piece.brand_id == brand_id)
    )
    if piece_id is not None:
        statement = statement.where(MetricSnapshot.piece_id == piece_id)
    if channel is not None:
        statement = statement.where(MetricSnapshot.channel == channel)
    if before is not None:
        collected_at, snapshot_id = before
        statement = statement.where(
            or_(
                MetricSnapshot.collected_at < collected_at,
                and_(MetricSnapshot.collected_at == collected_at, MetricSnapshot.id < snapshot_id),
            )
        )
    order = (MetricSnapshot.collected_at.desc(), MetricSnapshot.id.desc())
    return session.scalars(statement.order_by(*order).limit(limit)).all()
