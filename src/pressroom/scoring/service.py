"""Scoring: a deterministic, explained score card for each piece version (SPEC §3.5).

:func:`score_piece` is a pure function of the brand, the channel, the draft, the weights,
the brand's engagement history and the alignment backend (plus
:data:`~pressroom.scoring.rules.SCORER_VERSION`): the same inputs give the same card, reasons
in the same order. :func:`store_score_card` and
:func:`latest_score_card` keep cards in the database; the caller owns the transaction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from sqlalchemy.orm import Session

from pressroom.brands.schemas import DEFAULT_WEIGHTS
from pressroom.db.base import utcnow
from pressroom.db.upsert import upsert
from pressroom.errors import ErrorCode, InvalidInputError, NotFoundError, PressroomError
from pressroom.logging import get_logger
from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.providers.llm.protocol import AnyDraft, BrandContext
from pressroom.scoring import repository
from pressroom.scoring.alignment import AlignmentResult, brand_alignment
from pressroom.scoring.engagement import (
    EngagementPrediction,
    channel_label,
    predict_engagement,
    words_in,
)
from pressroom.scoring.models import ScoreCardRecord
from pressroom.scoring.readability import ReadabilityResult, readability
from pressroom.scoring.rules import SCORER_VERSION, THRESHOLDS, scorer_version
from pressroom.scoring.safety import SafetyResult, check_safety
from pressroom.scoring.schemas import (
    SUB_SCORES,
    AlignmentBackend,
    Decision,
    EngagementHistory,
    PieceScoringRequest,
    ScoreCard,
    ScoreCardPayload,
    ScoreCardResult,
    Scores,
)
from pressroom.scoring.texts import piece_text

log = get_logger(__name__)

__all__ = [
    "SCORER_VERSION",
    "latest_score_card",
    "normalise_weights",
    "score_piece",
    "score_request",
    "store_score_card",
]


def score_piece(
    *,
    brand: BrandContext,
    channel: str,
    draft: AnyDraft,
    weights: Mapping[str, float] | None = None,
    history: EngagementHistory | None = None,
    alignment_backend: AlignmentBackend = AlignmentBackend.LEXICAL,
) -> ScoreCardResult:
    """Score one draft for ``brand`` on ``channel``.

    ``weights`` default to the house defaults (``brands.schemas.DEFAULT_WEIGHTS``) and are
    normalised; unknown keys, negative or non-finite values, or all zeros are
    ``INVALID_INPUT``. An unknown channel is ``UNKNOWN_CHANNEL``; a draft of another channel
    is ``INVALID_INPUT``. ``alignment_backend`` is the configured
    ``PRESSROOM_ALIGNMENT_BACKEND`` (the caller passes it; lexical when not given).
    """
    _check_channel(channel, draft)
    normalised = normalise_weights(weights)
    backend = alignment_backend
    text = piece_text(draft)
    safety = check_safety(text=text.public, restricted_terms=brand.restricted_terms)
    alignment = brand_alignment(brand=brand, wording=text.wording, backend=backend)
    reading = readability(channel=channel, text=text.readable)
    engagement = predict_engagement(
        channel=channel, hook_type=draft.hook_type, history=history, words=words_in(text.readable)
    )
    subs = {
        "brand_alignment": alignment.score,
        "predicted_engagement": engagement.score,
        "safety": safety.score,
        "readability": reading.score,
    }
    composite = round(sum(normalised[name] * subs[name] for name in SUB_SCORES), 4)
    decision, why = _decide(safety, composite)
    return ScoreCardResult(
        channel=channel,
        hook_type=draft.hook_type,
        scores=Scores(**subs, composite=composite),
        decision=decision,
        reasons=[why, *_sub_score_reasons(channel, draft, safety, alignment, reading, engagement)],
        weights=normalised,
        details={
            "safety": safety.as_detail(),
            "brand_alignment": alignment.as_detail(),
            "readability": reading.as_detail(),
            "predicted_engagement": engagement.as_detail(),
        },
        scorer_version=scorer_version(backend),
    )


def normalise_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Sub-score weights scaled to sum to 1 (missing sub-scores weigh 0)."""
    given = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = sorted(set(given) - set(SUB_SCORES))
    if unknown:
        raise _weights_error(f"unknown score weight(s) {', '.join(unknown)}")
    bad = sorted(k for k, v in given.items() if not math.isfinite(v) or v < 0)
    if bad:
        raise _weights_error(f"score weight(s) {', '.join(bad)} must be finite and ≥ 0")
    total = sum(given.values())
    if total <= 0:
        raise _weights_error("score weights must not all be zero")
    return {name: round(given.get(name, 0.0) / total, 6) for name in SUB_SCORES}


def _weights_error(message: str) -> InvalidInputError:
    return InvalidInputError(
        message,
        hint=f"Weigh some of {', '.join(SUB_SCORES)} with numbers ≥ 0, e.g. "
        "the brand's `score_weights`.",
        details={"known": list(SUB_SCORES)},
    )


def _check_channel(channel: str, draft: AnyDraft) -> None:
    if channel not in CHANNEL_RULES:
        known = ", ".join(CHANNEL_RULES)
        raise PressroomError(
            f"Unknown channel '{channel}'. Known channels: {known}.",
            code=ErrorCode.UNKNOWN_CHANNEL,
            status=422,
            hint=f"Use one of: {known}.",
        )
    if draft.channel != channel:
        raise InvalidInputError(
            f"the draft is a {draft.channel} draft, not a {channel} one",
            hint="Score each draft on its own channel.",
        )


def _decide(safety: SafetyResult, composite: float) -> tuple[Decision, str]:
    blocking = safety.blocking
    if blocking:
        names = ", ".join(f"'{f.term}'" for f in blocking)
        return Decision.REJECT, f"Rejected: uses {names}, which the brand or policy forbids"
    if safety.score < THRESHOLDS.reject_below_safety:
        return Decision.REJECT, (
            f"Rejected: safety {safety.score:.2f} is below {THRESHOLDS.reject_below_safety:.2f}"
        )
    if safety.findings:
        count = len(safety.findings)
        problems = "problem" if count == 1 else "problems"
        return Decision.REVIEW, f"Needs review: {count} safety or policy {problems} to check"
    if composite < THRESHOLDS.approve_min_composite:
        return Decision.REVIEW, (
            f"Needs review: composite {composite:.2f} is below "
            f"{THRESHOLDS.approve_min_composite:.2f}"
        )
    return Decision.APPROVE, (
        f"Approved: composite {composite:.2f} ≥ "
        f"{THRESHOLDS.approve_min_composite:.2f} and no safety problems"
    )


def _sub_score_reasons(
    channel: str,
    draft: AnyDraft,
    safety: SafetyResult,
    alignment: AlignmentResult,
    reading: ReadabilityResult,
    engagement: EngagementPrediction,
) -> list[str]:
    safety_lines = [finding.reason() for finding in safety.findings] or [
        "No restricted terms, profanity, unverifiable claims or policy problems found"
    ]
    return [
        *safety_lines,
        *alignment.reasons(),
        reading.reason(f"a {channel_label(channel)}"),
        engagement.reason(channel=channel, hook_type=draft.hook_type),
    ]


def score_request(
    request: PieceScoringRequest,
    *,
    brand: BrandContext,
    history: EngagementHistory | None = None,
    default_weights: Mapping[str, float] | None = None,
    alignment_backend: AlignmentBackend = AlignmentBackend.LEXICAL,
) -> ScoreCard:
    """Answer a ``PieceScoringRequest`` contract with a ``ScoreCard`` on the same trace.

    The request's ``score_weights`` win over ``default_weights`` (usually the brand's).
    """
    payload = request.payload
    result = score_piece(
        brand=brand,
        channel=payload.channel,
        draft=payload.draft,
        weights=payload.score_weights if payload.score_weights is not None else default_weights,
        history=history,
        alignment_backend=alignment_backend,
    )
    card = ScoreCardPayload.from_result(
        piece_id=payload.piece_id, piece_version=payload.piece_version, result=result
    )
    return ScoreCard.wrap(card, trace_id=request.trace_id)  # type: ignore[no-any-return]


def store_score_card(
    session: Session, *, piece_id: str, piece_version: int, result: ScoreCardResult
) -> ScoreCardRecord:
    """Store the card of one piece version; storing it again replaces it in place (natural
    key: piece + version), so a retried step never adds a second card. A piece that does not
    exist is ``NOT_FOUND``."""
    if not repository.piece_exists(session, piece_id):
        raise NotFoundError(
            f"no piece {piece_id!r} to attach a score card to",
            hint="Store the piece before scoring it.",
        )
    values = {
        "piece_id": piece_id,
        "piece_version": piece_version,
        **result.scores.model_dump(),
        "decision": str(result.decision),
        "reasons": list(result.reasons),
        "weights": dict(result.weights),
        "details": result.details,
        "scorer_version": result.scorer_version,
        "updated_at": utcnow(),
    }
    row = upsert(
        session,
        ScoreCardRecord,
        keys=("piece_id", "piece_version"),
        values=values,
        update=[name for name in values if name not in ("piece_id", "piece_version")],
    )
    log.info(
        "scoring.card.stored",
        piece_id=piece_id,
        piece_version=piece_version,
        decision=row.decision,
        composite=row.composite,
    )
    return row


def latest_score_card(session: Session, *, piece_id: str) -> ScoreCardRecord | None:
    """The card of the piece's highest scored version, or ``None`` if it has none."""
    return repository.latest_card(session, piece_id)
