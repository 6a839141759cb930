"""What a run produced, for people (CLI, UI) and integrators (JSON): ideas, pieces per
channel with scores, what waits for review, what was published, what it cost, where files are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.config import Settings
from pressroom.ideas.models import Idea
from pressroom.ledger import service as ledger
from pressroom.media.models import Asset
from pressroom.publishing.models import PublishJobRecord
from pressroom.runs import service as runs
from pressroom.scoring.models import ScoreCardRecord
from pressroom.writing.lifecycle import AWAITING_REVIEW
from pressroom.writing.models import Piece


class PieceLine(BaseModel):
    piece_id: str
    idea_slot: int
    channel: str
    tone: str = ""
    language: str = "en"
    status: str
    hook_type: str
    composite: float | None = None
    decision: str | None = None
    reasons: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    schedule_at: str | None = None
    outbox_path: str | None = None


class RunSummary(BaseModel):
    run_id: str
    brand_id: str
    status: str
    writer: str
    trace_id: str
    prompt_profile_version: int | None
    ideas: list[dict[str, Any]]
    pieces: list[PieceLine]
    pieces_per_channel: dict[str, dict[str, int]]
    waiting_for_review: list[str]
    published: list[str]
    errors: list[dict[str, Any]]
    timings: dict[str, float]
    costs: dict[str, float]
    media: dict[str, float] = Field(
        default_factory=dict,
        description="The run's rendered media: assets ready and failed (current versions), "
        "the renders and provider calls recorded, and what they cost.",
    )
    files: dict[str, str]


def _piece_line(
    piece: Piece,
    slot: int,
    card: ScoreCardRecord | None,
    job: PublishJobRecord | None,
    outbox: Path,
) -> PieceLine:
    return PieceLine(
        piece_id=piece.id,
        idea_slot=slot,
        channel=piece.channel,
        tone=piece.tone,
        language=piece.language,
        status=piece.status,
        hook_type=piece.hook_type,
        composite=round(card.composite, 3) if card else None,
        decision=card.decision if card else None,
        reasons=list(card.reasons) if card else [],
        problems=[str(p.get("message", p)) for p in piece.problems],
        schedule_at=job.schedule_at.isoformat() if job else None,
        outbox_path=str(outbox / job.external_id)
        if job and job.status == "published" and job.external_id
        else None,
    )


def run_summary(session: Session, *, run_id: str, settings: Settings) -> RunSummary:
    run = runs.get_run(session, run_id)
    ideas = session.scalars(select(Idea).where(Idea.run_id == run_id).order_by(Idea.slot)).all()
    slots = {idea.id: idea.slot for idea in ideas}
    pieces = session.scalars(select(Piece).where(Piece.run_id == run_id)).all()
    ids = [piece.id for piece in pieces]
    cards: dict[str, ScoreCardRecord] = {}
    for card in session.scalars(
        select(ScoreCardRecord)
        .where(ScoreCardRecord.piece_id.in_(ids))
        .order_by(ScoreCardRecord.piece_version)
    ):
        cards[card.piece_id] = card
    jobs = {
        job.piece_id: job
        for job in session.scalars(
            select(PublishJobRecord).where(PublishJobRecord.piece_id.in_(ids))
        )
    }
    lines = sorted(
        (
            _piece_line(
                p,
                slots.get(p.idea_id, 0),
                cards.get(p.id),
                jobs.get(p.id),
                settings.outbox_dir.resolve(),
            )
            for p in pieces
        ),
        key=lambda line: (line.idea_slot, line.channel, line.tone, line.language),
    )
    per_channel: dict[str, Counter[str]] = {}
    for line in lines:
        per_channel.setdefault(line.channel, Counter())[line.status] += 1
    return RunSummary(
        run_id=run.id,
        brand_id=run.brand_id,
        status=run.status,
        writer=run.writer,
        trace_id=run.trace_id,
        prompt_profile_version=run.prompt_profile_version,
        ideas=[
            {
                "slot": i.slot,
                "id": i.id,
                "title": i.title,
                "hook_type": i.hook_type,
                "topic": i.topic_category,
            }
            for i in ideas
        ],
        pieces=lines,
        pieces_per_channel={c: dict(counts) for c, counts in sorted(per_channel.items())},
        waiting_for_review=[line.piece_id for line in lines if line.status in AWAITING_REVIEW],
        published=[line.outbox_path for line in lines if line.outbox_path],
        errors=list(run.errors),
        timings=dict(run.timings),
        costs=ledger.run_totals(session, run_id=run_id),
        media=_media(session, pieces, run_id=run_id),
        files={
            "data_dir": str(settings.data_dir.resolve()),
            "database": settings.app_database_url,
            "outbox": str(settings.outbox_dir.resolve()),
            "assets": str(settings.assets_dir.resolve()),
            "logs": str(settings.log_path.resolve()),
        },
    )


def _media(session: Session, pieces: Sequence[Piece], *, run_id: str) -> dict[str, float]:
    versions = {piece.id: piece.version for piece in pieces}
    assets = session.scalars(select(Asset).where(Asset.piece_id.in_(list(versions)))).all()
    current = [a for a in assets if a.piece_version == versions[a.piece_id]]
    spent = ledger.run_totals(session, run_id=run_id, pillar="media")
    return {
        "assets_ready": sum(a.status == "ready" for a in current),
        "assets_failed": sum(a.status == "failed" for a in current),
        "calls": spent["calls"],
        "usd": spent["usd"],
    }
