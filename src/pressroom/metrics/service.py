"""Metrics rules: import snapshots from CSV, derive rates, benchmark a piece against its
brand, and summarise engagement history for scoring and learning."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from statistics import fmean
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.errors import InvalidInputError, NotFoundError
from pressroom.logging import get_logger
from pressroom.metrics import repository
from pressroom.metrics.csv_reader import (
    MetricRow,
    RejectedRow,
    RowRejectedError,
    parse_metrics,
    read_text,
)
from pressroom.metrics.models import MetricSnapshot
from pressroom.metrics.repository import SNAPSHOT_VALUES, PieceOutcome
from pressroom.metrics.schemas import (
    BenchmarkDelta,
    ImportReport,
    PerformanceFeedback,
    PerformanceFeedbackPayload,
    PerformanceMetrics,
)
from pressroom.platforms.channels import CHANNELS, parse_draft
from pressroom.platforms.drafts import HookType
from pressroom.publishing.models import PublishJobRecord
from pressroom.scoring.engagement import MeasuredPiece, engagement_cells, words_in
from pressroom.scoring.schemas import EngagementHistory, EngagementSegment
from pressroom.scoring.texts import piece_text, prose
from pressroom.writing.models import Piece

log = get_logger(__name__)

#: Shortest piece id prefix accepted (``pressroom review list`` shows eight characters).
MIN_PREFIX = 6

# Platform names people write in exports that mean exactly one of our channels.
CHANNEL_ALIASES = {alias: name for name, c in CHANNELS.items() for alias in c.aliases}

Matched = tuple[MetricRow, Piece]

_HOOK_TYPES = frozenset(hook.value for hook in HookType)


def engagement_rate(
    *, impressions: int, likes: int, comments: int, shares: int, saves: int
) -> float | None:
    """(likes + comments + shares + saves) / impressions; ``None`` without impressions."""
    if impressions <= 0:
        return None
    return (likes + comments + shares + saves) / impressions


def snapshot_engagement_rate(snapshot: MetricSnapshot) -> float | None:
    """The engagement rate of one stored snapshot."""
    return engagement_rate(
        impressions=snapshot.impressions,
        likes=snapshot.likes,
        comments=snapshot.comments,
        shares=snapshot.shares,
        saves=snapshot.saves,
    )


def import_csv(
    session: Session,
    *,
    path: Path,
    actor: str,
    trace_id: str,
    default_collected_at: datetime,
    brand_id: str | None = None,
    only_brand: bool = False,
) -> ImportReport:
    """Store the snapshots of a metrics CSV (format: docs/METRICS.md).

    Upserts by piece + collected_at, so importing a file again adds nothing and updates
    changed values. Bad rows are rejected one by one (``ImportReport.rejected``) and the good
    rows stored; a file that cannot be read, or lacks required columns, raises
    ``CSV_UNREADABLE`` / ``CSV_MISSING_COLUMNS`` and stores nothing. With ``brand_id``, rows
    of other brands' pieces are rejected; ``only_brand`` (for callers who may see nothing
    else, as over the API) rejects them as unknown, and id prefixes match only the brand's
    pieces, so a row learns nothing of other brands.
    """
    text = read_text(path)
    return import_text(
        session,
        text=text,
        name=path.name,
        source_id=hashlib.sha256(path.read_bytes()).hexdigest(),
        actor=actor,
        trace_id=trace_id,
        default_collected_at=default_collected_at,
        brand_id=brand_id,
        only_brand=only_brand,
    )


def import_text(
    session: Session,
    *,
    text: str,
    name: str,
    source_id: str | None = None,
    actor: str,
    trace_id: str,
    default_collected_at: datetime,
    brand_id: str | None = None,
    only_brand: bool = False,
) -> ImportReport:
    """:func:`import_csv` for CSV ``text`` already in hand (``name`` says where from). The
    import is audited under ``source_id`` (default: the text's SHA-256)."""
    if default_collected_at.tzinfo is None:
        raise InvalidInputError("default_collected_at must carry a timezone")
    parsed = parse_metrics(text, name=name, default_collected_at=default_collected_at)
    matched, unmatched = _match_pieces(
        session, parsed.rows, brand_id=brand_id, only_brand=only_brand and brand_id is not None
    )
    kept, duplicates = _without_duplicates(matched)
    report = _store(session, kept)
    report.rejected = sorted([*parsed.rejected, *unmatched, *duplicates])
    report.ignored_columns = parsed.ignored_columns
    summary = report.model_dump(mode="json", exclude={"rejected"})
    summary.update(file=name, rejected=len(report.rejected))
    audit.record(
        session,
        entity_type="metrics_import",
        entity_id=source_id or hashlib.sha256(text.encode()).hexdigest(),
        action="imported",
        actor=actor,
        trace_id=trace_id,
        after=summary,
    )
    log.info("metrics.import.completed", trace_id=trace_id, **summary)
    return report


def _match_pieces(
    session: Session, rows: Sequence[MetricRow], *, brand_id: str | None, only_brand: bool
) -> tuple[list[Matched], list[RejectedRow]]:
    pieces = repository.pieces_by_id(session, (row.piece_ref for row in rows if row.piece_ref))
    jobs = repository.jobs_by_post_id(session, (row.post_ref for row in rows if row.post_ref))
    job_pieces = {job.piece_id for found in jobs.values() for job in found} - pieces.keys()
    pieces.update(repository.pieces_by_id(session, job_pieces))
    matched: list[Matched] = []
    rejected: list[RejectedRow] = []
    for row in rows:
        try:
            piece = _piece_for(session, row, pieces, jobs, brand_id if only_brand else None)
            _check_piece(row, piece, brand_id=brand_id, only_brand=only_brand)
        except RowRejectedError as problem:
            rejected.append(RejectedRow(row.line, str(problem)))
            continue
        matched.append((row, piece))
    return matched, rejected


def _piece_for(
    session: Session,
    row: MetricRow,
    pieces: dict[str, Piece],
    jobs: dict[str, list[PublishJobRecord]],
    prefix_brand_id: str | None,
) -> Piece:
    by_piece = (
        _piece_by_ref(session, row.piece_ref, pieces, prefix_brand_id) if row.piece_ref else None
    )
    by_post = _piece_by_post(row, jobs, pieces) if row.post_ref else None
    if by_piece and by_post and by_piece.id != by_post.id:
        raise RowRejectedError(
            f"piece_id {row.piece_ref!r} and post_id {row.post_ref!r} name different pieces"
        )
    piece = by_piece or by_post
    assert piece is not None  # the reader rejects rows without either reference
    return piece


def _piece_by_ref(
    session: Session, ref: str, pieces: dict[str, Piece], brand_id: str | None
) -> Piece:
    if ref in pieces:
        return pieces[ref]
    found = (
        repository.pieces_with_prefix(session, ref, brand_id=brand_id)
        if len(ref) >= MIN_PREFIX
        else []
    )
    if not found:
        raise RowRejectedError(f"unknown piece_id {ref!r}")
    if len(found) > 1:
        raise RowRejectedError(f"piece_id {ref!r} matches several pieces; give more characters")
    return found[0]


def _piece_by_post(
    row: MetricRow, jobs: dict[str, list[PublishJobRecord]], pieces: dict[str, Piece]
) -> Piece:
    candidates = jobs.get(row.post_ref, [])
    channel = _channel(row.channel)
    if channel and len(candidates) > 1:
        candidates = [job for job in candidates if job.channel == channel]
    if not candidates:
        raise RowRejectedError(f"unknown post_id {row.post_ref!r} (no publish job has it)")
    if len(candidates) > 1:
        raise RowRejectedError(
            f"post_id {row.post_ref!r} matches several posts; add a channel column or use piece_id"
        )
    return pieces[candidates[0].piece_id]


def _channel(value: str) -> str:
    key = value.strip().lower().replace(" ", "_")
    return CHANNEL_ALIASES.get(key, key)


def _check_piece(row: MetricRow, piece: Piece, *, brand_id: str | None, only_brand: bool) -> None:
    if brand_id is not None and piece.brand_id != brand_id:
        if only_brand:
            name = "piece_id" if row.piece_ref else "post_id"
            raise RowRejectedError(f"unknown {name} {row.piece_ref or row.post_ref!r}")
        raise RowRejectedError(f"piece {piece.id} belongs to another brand")
    if row.channel and _channel(row.channel) != piece.channel:
        raise RowRejectedError(
            f"channel {row.channel!r} does not match the piece's channel {piece.channel!r}"
        )


def _without_duplicates(matched: list[Matched]) -> tuple[list[Matched], list[RejectedRow]]:
    """Rows for the same piece and moment: an exact repeat is dropped (the first row counts);
    rows that disagree are all rejected, as there is no telling which one is right."""
    groups: dict[tuple[str, datetime], list[Matched]] = defaultdict(list)
    for row, piece in matched:
        groups[(piece.id, row.collected_at)].append((row, piece))
    kept: list[Matched] = []
    rejected: list[RejectedRow] = []
    for group in groups.values():
        first = group[0][0]
        if all(row.values() == first.values() for row, _ in group):
            kept.append(group[0])
            rejected.extend(
                RejectedRow(row.line, f"repeats line {first.line} (same piece and collected_at)")
                for row, _ in group[1:]
            )
            continue
        for row, _ in group:
            others = ", ".join(str(other.line) for other, _ in group if other is not row)
            rejected.append(
                RejectedRow(
                    row.line,
                    f"conflicts with line(s) {others}: "
                    "same piece and collected_at, different values",
                )
            )
    return kept, rejected


def _store(session: Session, kept: Iterable[Matched]) -> ImportReport:
    report = ImportReport()
    for row, piece in kept:
        values = _snapshot_values(row, piece)
        stored = repository.snapshot_at(session, piece_id=piece.id, collected_at=row.collected_at)
        if stored is None:
            report.imported += 1
        elif any(getattr(stored, name) != values[name] for name in (*SNAPSHOT_VALUES, "channel")):
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        repository.upsert_snapshot(session, values=values)
    return report


def _snapshot_values(row: MetricRow, piece: Piece) -> dict[str, Any]:
    return {
        "piece_id": piece.id,
        "channel": piece.channel,
        "collected_at": row.collected_at,
        "impressions": row.impressions,
        "reach": row.reach,
        "likes": row.likes,
        "comments": row.comments,
        "shares": row.shares,
        "saves": row.saves,
        "clicks": row.clicks,
        "watch_through": row.watch_through,
        "followers_delta": row.followers_delta,
        "source": "csv",
        "updated_at": utcnow(),
    }


def latest_outcomes(
    session: Session, *, brand_id: str, as_of: datetime | None = None
) -> Sequence[PieceOutcome]:
    """Each of the brand's measured pieces at its latest snapshot (collected no later than
    ``as_of`` when given), with its publish job when it has one."""
    return repository.latest_outcomes(session, brand_id=brand_id, as_of=as_of)


def engagement_history(session: Session, *, brand_id: str) -> EngagementHistory:
    """The brand's engagement so far: the mean engagement rate per (channel, hook type) and
    overall, and the cells scoring's fitted model reads (per channel, hook type and length),
    each piece counted once at its latest snapshot. Pieces without impressions have no rate
    and are left out; pieces without a known hook type count only overall."""
    rates: dict[tuple[str, HookType], list[float]] = defaultdict(list)
    overall: list[float] = []
    measured: list[MeasuredPiece] = []
    for outcome in repository.latest_outcomes(session, brand_id=brand_id):
        rate = snapshot_engagement_rate(outcome.snapshot)
        if rate is None:
            continue
        overall.append(rate)
        piece = outcome.piece
        if piece.hook_type in _HOOK_TYPES:
            hook = HookType(piece.hook_type)
            rates[(piece.channel, hook)].append(rate)
            measured.append(MeasuredPiece(piece.channel, hook, _words(piece), rate))
    segments = [
        EngagementSegment(
            channel=channel, hook_type=hook, mean_rate=fmean(values), count=len(values)
        )
        for (channel, hook), values in sorted(rates.items())
    ]
    return EngagementHistory(
        overall_rate=fmean(overall) if overall else 0.0,
        overall_count=len(overall),
        segments=segments,
        cells=engagement_cells(measured),
    )


def _words(piece: Piece) -> int:
    """The words of the piece's read or spoken text, counted as scoring counts a draft's."""
    try:
        draft = parse_draft(piece.body)
    except ValidationError:  # a body stored before its format changed: read its plain text
        return words_in(prose(piece.text))
    return words_in(piece_text(draft).readable)


def performance_feedback(session: Session, *, piece_id: str, trace_id: str) -> PerformanceFeedback:
    """The ``PerformanceFeedback`` contract of a piece at its latest snapshot, benchmarked
    against the brand's other pieces on the same channel. ``NOT_FOUND`` when the piece does
    not exist or has no metrics yet."""
    outcome = repository.latest_outcome(session, piece_id=piece_id)
    if outcome is None:
        if session.get(Piece, piece_id) is None:
            raise NotFoundError(f"no piece {piece_id!r}")
        raise NotFoundError(
            f"piece {piece_id} has no metrics yet",
            hint="Import them with `pressroom metrics import FILE.csv`.",
        )
    peers = repository.latest_outcomes(
        session, brand_id=outcome.piece.brand_id, channel=outcome.piece.channel
    )
    brand = session.get_one(Brand, outcome.piece.brand_id)
    payload = feedback_payload(outcome, peers=peers, brand_slug=brand.slug)
    return PerformanceFeedback(trace_id=trace_id, payload=payload)


def brand_feedback(
    session: Session, *, brand: Brand, as_of: datetime | None = None
) -> list[PerformanceFeedbackPayload]:
    """``PerformanceFeedback`` payloads of every measured piece of the brand (latest snapshot
    no later than ``as_of``), each benchmarked against the others on its channel."""
    outcomes = repository.latest_outcomes(session, brand_id=brand.id, as_of=as_of)
    by_channel: dict[str, list[PieceOutcome]] = defaultdict(list)
    for outcome in outcomes:
        by_channel[outcome.piece.channel].append(outcome)
    return [
        feedback_payload(outcome, peers=by_channel[outcome.piece.channel], brand_slug=brand.slug)
        for outcome in outcomes
    ]


def feedback_payload(
    outcome: PieceOutcome, *, peers: Sequence[PieceOutcome], brand_slug: str
) -> PerformanceFeedbackPayload:
    """One piece's feedback; ``peers`` are the channel's outcomes (the piece itself is left
    out of its own benchmark)."""
    piece, snapshot, job = outcome
    others = [peer for peer in peers if peer.piece.id != piece.id]
    return PerformanceFeedbackPayload(
        platform_post_id=job.external_id if job else None,
        piece_id=piece.id,
        concept_id=piece.idea_id,
        brand=brand_slug,
        channel=piece.channel,
        hook_type=piece.hook_type,
        collected_at=snapshot.collected_at,
        metrics=performance_metrics(snapshot),
        benchmark_delta=_benchmark_delta(snapshot, others),
    )


def performance_metrics(snapshot: MetricSnapshot) -> PerformanceMetrics:
    """A snapshot's counts with the rates derived from them."""
    return PerformanceMetrics(
        impressions=snapshot.impressions,
        reach=snapshot.reach,
        likes=snapshot.likes,
        comments=snapshot.comments,
        shares=snapshot.shares,
        saves=snapshot.saves,
        clicks=snapshot.clicks,
        followers_delta=snapshot.followers_delta,
        engagement_rate=snapshot_engagement_rate(snapshot),
        click_through_rate=snapshot.clicks / snapshot.impressions
        if snapshot.impressions > 0
        else None,
        watch_through_rate=snapshot.watch_through,
    )


def _benchmark_delta(snapshot: MetricSnapshot, peers: Sequence[PieceOutcome]) -> BenchmarkDelta:
    own_rate = snapshot_engagement_rate(snapshot)
    rates = [r for p in peers if (r := snapshot_engagement_rate(p.snapshot)) is not None]
    watched = [p.snapshot.watch_through for p in peers if p.snapshot.watch_through is not None]
    return BenchmarkDelta(
        engagement_rate=own_rate - fmean(rates) if own_rate is not None and rates else None,
        watch_through_rate=snapshot.watch_through - fmean(watched)
        if snapshot.watch_through is not None and watched
        else None,
        baseline_pieces=len(peers),
    )
