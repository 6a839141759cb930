"""Workflow steps of the writing feature: write (model calls, outside any transaction), then
store and score (one transaction)."""

from __future__ import annotations

from typing import Any

from dbos import DBOS
from sqlalchemy.orm import Session

from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.errors import PressroomError
from pressroom.ideas import service as ideas
from pressroom.ideas.models import Idea
from pressroom.learning import service as learning
from pressroom.ledger import service as ledger
from pressroom.logging import get_logger, trace
from pressroom.metrics import service as metrics
from pressroom.platforms.channels import CHANNEL_RULES, parse_draft
from pressroom.providers.llm.protocol import PieceRequest
from pressroom.scoring import service as scoring
from pressroom.scoring.schemas import AlignmentBackend, EngagementHistory
from pressroom.trends import service as trends
from pressroom.trends.models import TrendSignal
from pressroom.workflows.runtime import app, unit_of_work, writer_for, writer_slots
from pressroom.writing import service as writing
from pressroom.writing.models import Piece
from pressroom.writing.schemas import Variant
from pressroom.writing.tones import Tone

log = get_logger(__name__)


def _piece_request(
    session: Session,
    *,
    idea: Idea,
    channel: str,
    trace_id: str,
    variant: Variant,
    reviewer_feedback: str = "",
) -> PieceRequest:
    brand = session.get(Brand, idea.brand_id)
    assert brand is not None
    _, strategy = learning.active_strategy(session, brand_id=brand.id)
    signals = [session.get(TrendSignal, tid) for tid in idea.source_trend_ids]
    source = session.get(Piece, variant.source_piece_id) if variant.source_piece_id else None
    return PieceRequest(
        brand=brands.brand_context(brand),
        idea=ideas.to_draft(idea),
        channel=channel,
        rules=CHANNEL_RULES[channel],
        strategy=strategy,
        sources=[trends.to_source_signal(s) for s in signals if s is not None],
        reviewer_feedback=reviewer_feedback,
        tone=Tone(variant.tone) if variant.tone else None,
        language=variant.language,
        translate_from=dict(source.body) if source is not None else None,
        words_per_second=app().settings.words_per_second,
        trace_id=trace_id,
    )


def _write(request: PieceRequest, *, model: str) -> writing.WriteOutcome:
    writer = writer_for(model)
    settings = app().settings
    try:
        with writer_slots(model, settings.llm_concurrency):
            return writing.write_with_repairs(
                writer, request, max_attempts=settings.max_repair_attempts
            )
    except PressroomError as error:
        log.warning(
            "writing.piece.writer_failed",
            channel=request.channel,
            code=error.code,
            error=error.message,
        )
        return writing.failed_outcome(request.channel, error)


def _record_costs(
    session: Session, *, outcome: writing.WriteOutcome, key: str, brand_id: str, run_id: str
) -> None:
    for attempt in outcome.attempts:
        if attempt.usage is not None:
            ledger.record_usage(
                session,
                operation_key=f"{key}:{attempt.number}",
                pillar="copywriter",
                usage=attempt.usage,
                brand_id=brand_id,
                run_id=run_id,
            )


@DBOS.step()
def write_draft(
    *,
    run_id: str,
    idea_id: str,
    channel: str,
    model: str,
    trace_id: str,
    variant: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write one idea × channel (in the ``variant``'s tone and language, or translate the
    piece it names) with up to ``max_repair_attempts`` validated tries."""
    chosen = Variant.model_validate(variant or {})
    with trace(trace_id, run_id=run_id, channel=channel):
        with unit_of_work() as session:
            idea = session.get(Idea, idea_id)
            assert idea is not None
            request = _piece_request(
                session, idea=idea, channel=channel, trace_id=trace_id, variant=chosen
            )
        outcome = _write(request, model=model)
        log.info(
            "writing.piece.written",
            channel=channel,
            tone=chosen.tone_name,
            language=chosen.language,
            valid=outcome.valid,
            attempts=len(outcome.attempts),
        )
        return outcome.model_dump(mode="json")


def _score(
    session: Session, piece: Piece, *, history: EngagementHistory | None = None
) -> dict[str, Any]:
    """Score the piece's current version; ``history``: the brand's engagement history as the
    run read it (read now when not given)."""
    brand = session.get(Brand, piece.brand_id)
    assert brand is not None
    if history is None:
        history = metrics.engagement_history(session, brand_id=brand.id)
    result = scoring.score_piece(
        brand=brands.brand_context(brand),
        channel=piece.channel,
        draft=parse_draft(piece.body),
        weights=dict(brand.score_weights) or None,
        history=history,
        alignment_backend=AlignmentBackend(app().settings.alignment_backend),
    )
    card = scoring.store_score_card(
        session, piece_id=piece.id, piece_version=piece.version, result=result
    )
    return {"decision": card.decision, "composite": card.composite}


@DBOS.step()
def store_and_score(
    *,
    run_id: str,
    idea_id: str,
    outcome: dict[str, Any],
    writer: str,
    writer_label: str,
    trace_id: str,
    history: dict[str, Any] | None = None,
    variant: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Store the piece (valid or ``failed_validation``) as the ``variant`` it was written as
    and score a valid one against the brand's engagement ``history`` as the run read it (read
    now when not given)."""
    parsed = writing.WriteOutcome.model_validate(outcome)
    chosen = Variant.model_validate(variant or {})
    read = None if history is None else EngagementHistory.model_validate(history)
    with trace(trace_id, run_id=run_id), unit_of_work() as session:
        idea = session.get(Idea, idea_id)
        assert idea is not None
        _record_costs(
            session,
            outcome=parsed,
            key=f"{run_id}:{idea_id}:{parsed.channel}{chosen.key_suffix}",
            brand_id=idea.brand_id,
            run_id=run_id,
        )
        piece = writing.store_piece(
            session,
            run_id=run_id,
            brand_id=idea.brand_id,
            idea_id=idea_id,
            outcome=parsed,
            writer_name=writer,
            writer_label=writer_label,
            trace_id=trace_id,
            public_url=app().settings.public_url,
            tone=chosen.tone_name,
            language=chosen.language,
            source_piece_id=chosen.source_piece_id,
        )
        card = _score(session, piece, history=read) if parsed.valid else {}
        return {
            "piece_id": piece.id,
            "channel": piece.channel,
            "tone": piece.tone,
            "language": piece.language,
            "status": piece.status,
            **card,
        }


@DBOS.step()
def revise_piece(*, piece_id: str, model: str, feedback: str, trace_id: str) -> dict[str, Any]:
    """Regenerate a piece with a person's feedback; store it as a new version and score it."""
    with trace(trace_id, piece_id=piece_id):
        with unit_of_work() as session:
            piece = session.get(Piece, piece_id)
            assert piece is not None
            idea = session.get(Idea, piece.idea_id)
            assert idea is not None
            request = _piece_request(
                session,
                idea=idea,
                channel=piece.channel,
                trace_id=trace_id,
                variant=Variant.of(piece),
                reviewer_feedback=feedback,
            )
            version = piece.version
        outcome = _write(request, model=model)
        writer = writer_for(model)
        with unit_of_work() as session:
            piece = session.get(Piece, piece_id)
            assert piece is not None
            if piece.version == version:  # a replayed step must not add a second revision
                _record_costs(
                    session,
                    outcome=outcome,
                    key=f"{piece.run_id}:{piece.id}:revision:{version}",
                    brand_id=piece.brand_id,
                    run_id=piece.run_id,
                )
                writing.store_revision(
                    session,
                    piece=piece,
                    outcome=outcome,
                    writer_label=writer.label,
                    feedback=feedback,
                    trace_id=trace_id,
                )
                session.flush()
                if outcome.valid:
                    _score(session, piece)
            return {"piece_id": piece.id, "status": piece.status, "version": piece.version}
