"""Review rules (SPEC §3.7): the queue, one piece in full, and a person's decisions.

Every decision moves the piece through ``writing.lifecycle.transition`` (validated and
audited) and leaves a ``Review`` row. Services never commit: the caller owns the transaction,
and wakes the waiting workflow only after it has committed.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.errors import ErrorCode, InvalidInputError, NotFoundError, PressroomError
from pressroom.ideas.models import Idea
from pressroom.logging import get_logger
from pressroom.media import service as media
from pressroom.media.schemas import AssetView
from pressroom.platforms.channels import CHANNEL_RULES, DEFAULT_HOOK_TYPE, parse_draft, read_draft
from pressroom.platforms.drafts import Draft
from pressroom.platforms.report import Problem
from pressroom.platforms.rules import DEFAULT_WORDS_PER_SECOND
from pressroom.platforms.validation import validate
from pressroom.review import repository
from pressroom.review.models import Review
from pressroom.review.schemas import (
    BUILTIN_WRITER_LABEL,
    PieceDetail,
    QueueItem,
    ReviewDecision,
    ReviewOutcome,
    ReviewView,
    ScoreCardView,
    ScoreSummary,
    VersionView,
)
from pressroom.scoring.models import ScoreCardRecord
from pressroom.writing import lifecycle
from pressroom.writing.lifecycle import PieceStatus
from pressroom.writing.models import Piece, PieceVersion

log = get_logger(__name__)

MIN_PREFIX = 6
PREVIEW_CHARS = 80
ORIGINAL_KINDS = frozenset({"ai_original", "builtin_original", "ai_translation"})
EDIT_KIND = "edit"


# ── reading ──────────────────────────────────────────────────────────────────────────────


def queue(
    session: Session,
    *,
    brand_id: str | None = None,
    brand_ids: Collection[str] | None = None,
    after: tuple[datetime, str] | None = None,
    limit: int | None = None,
) -> list[QueueItem]:
    """Pieces awaiting a person (generated, edited, failed validation), oldest first: of one
    brand, of ``brand_ids``, or of all; ``after`` (created_at, piece id) and ``limit`` page
    through them."""
    rows = repository.awaiting_review(
        session,
        statuses=lifecycle.AWAITING_REVIEW,
        brand_id=brand_id,
        brand_ids=brand_ids,
        after=after,
        limit=limit,
    )
    cards = repository.latest_score_cards(session, [piece.id for piece, _ in rows])
    return [_queue_item(piece, idea, cards.get(piece.id)) for piece, idea in rows]


def queue_length(session: Session, *, brand_ids: Collection[str], cap: int = 1000) -> int:
    """How many pieces of ``brand_ids`` await a person — counted up to ``cap`` (a queue
    that long is "``cap``+" to a person, and counting on costs every page view)."""
    return repository.count_awaiting_review(
        session, statuses=lifecycle.AWAITING_REVIEW, brand_ids=brand_ids, cap=cap
    )


def show(
    session: Session, *, piece_id: str, words_per_second: float = DEFAULT_WORDS_PER_SECOND
) -> PieceDetail:
    """One piece in full: draft, text, original and versions, score card, problems, measures
    against the channel's limits, review history and where it may go next."""
    piece = resolve_piece(session, piece_id=piece_id)
    idea = repository.idea(session, piece.idea_id)
    versions = [_version_view(v) for v in repository.versions(session, piece.id)]
    card = repository.latest_score_cards(session, [piece.id]).get(piece.id)
    rules = CHANNEL_RULES.get(piece.channel)
    return PieceDetail(
        piece_id=piece.id,
        brand_id=piece.brand_id,
        run_id=piece.run_id,
        idea_id=piece.idea_id,
        idea_title=idea.title,
        idea_hook=idea.hook,
        channel=piece.channel,
        channel_name=rules.display_name if rules else piece.channel,
        tone=piece.tone,
        language=piece.language,
        source_piece_id=piece.source_piece_id,
        status=piece.status,
        version=piece.version,
        hook_type=piece.hook_type,
        writer=piece.writer,
        writer_label=writer_label(piece.writer),
        attempts=piece.attempts,
        trace_id=piece.trace_id,
        created_at=piece.created_at,
        updated_at=piece.updated_at,
        draft=dict(piece.body),
        text=piece.text,
        original=_original(versions),
        versions=versions,
        score_card=_score_card_view(card) if card else None,
        problems=stored_problems(piece),
        measures=_measures(piece, words_per_second),
        limits=measure_limits(piece.channel),
        media_state=media.state(session, piece=piece).value,
        assets=[AssetView.model_validate(a) for a in media.current_assets(session, piece=piece)],
        reviews=[_review_view(r) for r in repository.reviews(session, piece.id)],
        next_statuses=sorted(lifecycle.TRANSITIONS[PieceStatus(piece.status)]),
    )


def resolve_piece(session: Session, *, piece_id: str) -> Piece:
    """The piece with id ``piece_id``, or the only one whose id starts with it (≥6 chars)."""
    wanted = piece_id.strip()
    piece = session.get(Piece, wanted) if wanted else None
    if piece is not None:
        return piece
    if len(wanted) < MIN_PREFIX:
        raise NotFoundError(
            f"no piece {wanted!r}",
            hint=f"Give the full id or at least {MIN_PREFIX} characters of it; "
            "`pressroom review list` shows the ids.",
        )
    matches = repository.pieces_with_prefix(session, wanted)
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise NotFoundError(
            f"{wanted!r} matches more than one piece",
            hint="Give more characters of the id; `pressroom review list` shows the ids.",
            details={"candidates": [m.id for m in matches]},
        )
    raise NotFoundError(
        f"no piece {wanted!r}", hint="`pressroom review list` shows the pieces awaiting review."
    )


def require_editable(session: Session, *, piece_id: str) -> None:
    """Refuse, before anyone spends time editing, a piece whose status allows no edit."""
    piece = resolve_piece(session, piece_id=piece_id)
    _require_transition(session, piece, PieceStatus.EDITED, actor="")


def latest_revision_feedback(session: Session, *, piece_id: str) -> str:
    """The feedback of the newest revision request, for the writer regenerating the piece."""
    piece = resolve_piece(session, piece_id=piece_id)
    review = repository.latest_review(session, piece.id, decision=ReviewDecision.REVISION_REQUESTED)
    if review is None:
        raise NotFoundError(
            f"nobody has asked for a revision of piece {piece.id}",
            hint="Request one with `pressroom review revise PIECE_ID --feedback TEXT`.",
        )
    return review.feedback


def writer_label(writer: str) -> str:
    """How a writer is named to people; the built-in writer is never passed off as AI."""
    if writer == "builtin" or writer.startswith("builtin:"):
        return BUILTIN_WRITER_LABEL
    return f"AI model {writer}" if writer else "unknown writer"


def stored_problems(piece: Piece) -> list[Problem]:
    """The validation problems stored on a piece (older rows may hold plain messages)."""
    return [
        Problem.model_validate(item)
        if isinstance(item, dict)
        else Problem(code="invalid", message=str(item))
        for item in piece.problems
    ]


# ── deciding ─────────────────────────────────────────────────────────────────────────────


def approve(
    session: Session,
    *,
    piece_id: str,
    actor: str,
    trace_id: str | None,
    note: str = "",
    force: bool = False,
) -> ReviewOutcome:
    """Approve the current version. A version with validation problems is refused
    (``INVALID_INPUT``) unless ``force`` is set. ``trace_id=None`` continues the piece's trace.
    """
    piece = _piece_to_decide(session, piece_id)
    _require_transition(session, piece, PieceStatus.APPROVED, actor=actor)
    problems = stored_problems(piece)
    if problems and not force:
        raise InvalidInputError(
            f"piece {piece.id} version {piece.version} breaks {len(problems)} channel rule(s): "
            + "; ".join(p.message for p in problems),
            hint="Edit the piece to fix them, or approve anyway with --force.",
            details={"problems": [p.model_dump(mode="json") for p in problems]},
        )
    if problems:
        note = _join(note, f"approved despite {len(problems)} validation problem(s)")
    return _decide(
        session,
        piece,
        ReviewDecision.APPROVED,
        PieceStatus.APPROVED,
        actor=actor,
        trace_id=trace_id,
        feedback=note,
    )


def reject(
    session: Session, *, piece_id: str, actor: str, reason: str, trace_id: str | None
) -> ReviewOutcome:
    """Reject the piece for good; ``reason`` is required and kept on the review."""
    piece = _piece_to_decide(session, piece_id)
    reason = _required_text(reason, what="a reason", option="--reason")
    return _decide(
        session,
        piece,
        ReviewDecision.REJECTED,
        PieceStatus.REJECTED,
        actor=actor,
        trace_id=trace_id,
        feedback=reason,
    )


def request_revision(
    session: Session, *, piece_id: str, actor: str, feedback: str, trace_id: str | None
) -> ReviewOutcome:
    """Send the piece back to its writer with ``feedback`` (required), which the workflow
    reads through :func:`latest_revision_feedback` when it regenerates."""
    piece = _piece_to_decide(session, piece_id)
    feedback = _required_text(feedback, what="feedback", option="--feedback")
    return _decide(
        session,
        piece,
        ReviewDecision.REVISION_REQUESTED,
        PieceStatus.REVISION_REQUESTED,
        actor=actor,
        trace_id=trace_id,
        feedback=feedback,
    )


def edit(
    session: Session,
    *,
    piece_id: str,
    actor: str,
    trace_id: str | None,
    draft: dict[str, Any] | str,
    note: str = "",
    expected_version: int | None = None,
    words_per_second: float = DEFAULT_WORDS_PER_SECOND,
) -> ReviewOutcome:
    """Store a person's edit as a new version (kind ``edit``; earlier versions are kept) and
    make it the piece's current draft, status ``edited``.

    ``draft`` is the channel draft as a dict, or as text in the channel's text format. The
    edit is validated against the channel's rules: an invalid edit is saved but flagged (its
    problems are stored on the piece and block approval without ``force``).
    ``expected_version`` guards against overwriting a version someone else saved meanwhile.
    """
    piece = _piece_to_decide(session, piece_id)
    _require_transition(session, piece, PieceStatus.EDITED, actor=actor)
    _require_version(piece, expected_version)
    parsed = _parse_edit(piece, draft)
    if parsed.model_dump(mode="json") == _normalized(piece.body):
        raise InvalidInputError(
            f"the edit of piece {piece.id} changes nothing", hint="Change the text and save."
        )
    report = validate(piece.channel, parsed, words_per_second=words_per_second)
    # The new version lands first, so the status event that follows reads from it.
    version = _store_edit(
        session, piece, parsed, actor=actor, note=note, trace_id=trace_id or piece.trace_id
    )
    piece.problems = [p.model_dump(mode="json") for p in report.problems]
    summary = f"version {version.version}" + (
        f", {len(report.problems)} validation problem(s)" if report.problems else ""
    )
    return _decide(
        session,
        piece,
        ReviewDecision.EDITED,
        PieceStatus.EDITED,
        actor=actor,
        trace_id=trace_id,
        feedback=_join(note, summary),
    )


# ── helpers ──────────────────────────────────────────────────────────────────────────────


def _decide(
    session: Session,
    piece: Piece,
    decision: ReviewDecision,
    target: PieceStatus,
    *,
    actor: str,
    trace_id: str | None,
    feedback: str,
) -> ReviewOutcome:
    trace = trace_id or piece.trace_id
    lifecycle.transition(session, piece, target, actor=actor, trace_id=trace, note=feedback)
    session.add(
        Review(
            piece_id=piece.id,
            piece_version=piece.version,
            actor=actor,
            decision=str(decision),
            feedback=feedback,
        )
    )
    session.flush()
    log.info(
        f"review.piece.{decision}",
        piece_id=piece.id,
        version=piece.version,
        actor=actor,
        trace_id=trace,
    )
    return ReviewOutcome(
        piece_id=piece.id,
        decision=decision,
        status=piece.status,
        version=piece.version,
        problems=stored_problems(piece),
    )


def _piece_to_decide(session: Session, piece_id: str) -> Piece:
    """The piece, locked until the transaction ends (on PostgreSQL; SQLite serialises writers
    anyway), so two people deciding at once cannot both act on the same status."""
    piece = resolve_piece(session, piece_id=piece_id)
    return repository.lock_piece(session, piece.id)


def _require_transition(session: Session, piece: Piece, target: PieceStatus, *, actor: str) -> None:
    """Refuse an illegal decision before anything is touched."""
    if not lifecycle.can_transition(piece.status, target):
        # transition() raises before it changes anything, and owns the wording of the error.
        lifecycle.transition(session, piece, target, actor=actor)


def _require_version(piece: Piece, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != piece.version:
        raise PressroomError(
            f"piece {piece.id} is at version {piece.version}, not {expected_version}: "
            "someone saved a newer version meanwhile",
            code=ErrorCode.VERSION_CONFLICT,
            status=409,
            hint="Look at the current version with `pressroom review show` and edit again.",
            details={"expected": expected_version, "current": piece.version},
        )


def _parse_edit(piece: Piece, draft: dict[str, Any] | str) -> Draft:
    """Read the edit as the piece's channel draft. Fields that do not form a draft at all are
    refused: a piece's body must always be a draft the later stages can read."""
    data = _edit_fields(piece, draft)
    if data.get("channel", piece.channel) != piece.channel:
        raise InvalidInputError(
            f"piece {piece.id} is a {piece.channel} piece; the edit is for {data['channel']}",
            hint=f"Send a {piece.channel} draft.",
        )
    data["channel"] = piece.channel
    try:
        return parse_draft(data)
    except ValidationError:
        problems = validate(piece.channel, data).problems
    raise InvalidInputError(
        f"the edit is not a {piece.channel} draft: " + "; ".join(p.message for p in problems),
        hint="Keep the channel's format (docs/CHANNELS.md); `pressroom review show` shows it.",
        details={"problems": [p.model_dump(mode="json") for p in problems]},
    )


def _edit_fields(piece: Piece, draft: dict[str, Any] | str) -> dict[str, Any]:
    """The edit as draft fields, keeping what the edit format cannot express: the hook type,
    and for reels each scene's voiceover and cues (the text format shows only the visuals)."""
    if not isinstance(draft, str):
        return {"hook_type": _current_hook_type(piece), **draft}
    read = read_draft(piece.channel, draft)
    data = read.model_dump(mode="json") if isinstance(read, BaseModel) else dict(read)
    if draft.lstrip().startswith("{"):
        return data
    data["hook_type"] = _current_hook_type(piece)
    if "scenes" in data:
        data["scenes"] = _carry_scene_details(piece.body.get("scenes", []), data["scenes"])
    return data


def _carry_scene_details(
    before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    hidden = ("voiceover", "on_screen_text", "visual_cues", "audio_cues")
    carried = []
    for index, scene in enumerate(after):
        old = before[index] if index < len(before) else {}
        same_beat = old.get("beat") == scene.get("beat")
        extra = {k: old[k] for k in hidden if same_beat and k in old and not scene.get(k)}
        carried.append({**scene, **extra})
    return carried


def _current_hook_type(piece: Piece) -> str:
    return str(piece.body.get("hook_type") or piece.hook_type or DEFAULT_HOOK_TYPE)


def _normalized(body: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return parse_draft(body).model_dump(mode="json")
    except ValidationError:
        return None


def _store_edit(
    session: Session, piece: Piece, draft: Draft, *, actor: str, note: str, trace_id: str
) -> PieceVersion:
    number = max(repository.highest_version(session, piece.id), piece.version) + 1
    version = PieceVersion(
        piece_id=piece.id,
        version=number,
        kind=EDIT_KIND,
        author=actor,
        body=draft.model_dump(mode="json"),
        text=draft.render_text(),
        note=note,
    )
    session.add(version)
    before = {"version": piece.version, "text": piece.text}
    piece.body, piece.text, piece.version = version.body, version.text, number
    piece.hook_type = str(draft.hook_type)
    audit.record(
        session,
        entity_type="piece",
        entity_id=piece.id,
        action="version.edit",
        actor=actor,
        trace_id=trace_id,
        before=before,
        after={"version": number, "text": version.text},
    )
    return version


def _required_text(value: str, *, what: str, option: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidInputError(
            f"{what} is required", hint=f"Say why with {option} TEXT; the writer reads it."
        )
    return text


def _join(*parts: str) -> str:
    return "; ".join(part.strip() for part in parts if part.strip())


def _queue_item(piece: Piece, idea: Idea, card: ScoreCardRecord | None) -> QueueItem:
    return QueueItem(
        piece_id=piece.id,
        brand_id=piece.brand_id,
        channel=piece.channel,
        tone=piece.tone,
        language=piece.language,
        idea_title=idea.title,
        status=piece.status,
        version=piece.version,
        writer_label=writer_label(piece.writer),
        score=ScoreSummary(
            piece_version=card.piece_version, composite=card.composite, decision=card.decision
        )
        if card
        else None,
        problem_count=len(piece.problems),
        preview=_preview(piece.text),
        created_at=piece.created_at,
    )


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1].rstrip() + "…"


def _original(versions: list[VersionView]) -> VersionView | None:
    originals = [v for v in versions if v.kind in ORIGINAL_KINDS]
    if originals:
        return originals[0]
    return versions[0] if versions else None


def _measures(piece: Piece, words_per_second: float) -> dict[str, Any]:
    if piece.channel not in CHANNEL_RULES:
        return {}
    report = validate(piece.channel, dict(piece.body), words_per_second=words_per_second)
    return report.measures


def measure_limits(channel: str) -> dict[str, str]:
    """The channel's limit on each measure its validator reports, as people read it."""
    rules = CHANNEL_RULES.get(channel)
    if rules is None:
        return {}
    breaks = rules.min_paragraph_breaks
    limits = {
        "words": _span(rules.min_words, rules.max_words),
        "paragraphs": _span(breaks + 1 if breaks is not None else None, None),
        "hashtags": _span(None, rules.max_hashtags),
        "weighted_length": _span(None, rules.max_weighted_length, unit=" per post"),
        "posts": _span(rules.thread_min_posts, rules.thread_max_posts),
        "spoken_seconds": _span(rules.min_spoken_seconds, rules.max_spoken_seconds, unit=" s"),
        "hook_seconds": _span(*(rules.hook_seconds or (None, None)), unit=" s"),
        "cta_seconds": _span(*(rules.cta_seconds or (None, None)), unit=" s"),
        "caption_length": _span(None, rules.caption_max_chars),
        "scenes": _span(rules.min_scenes, None),
    }
    return {name: limit for name, limit in limits.items() if limit}


def _span(low: float | None, high: float | None, *, unit: str = "") -> str:
    if low is not None and high is not None:
        return f"{low:g}–{high:g}{unit}"
    if high is not None:
        return f"≤ {high:g}{unit}"
    return f"≥ {low:g}{unit}" if low is not None else ""


def _version_view(version: PieceVersion) -> VersionView:
    return VersionView(
        version=version.version,
        kind=version.kind,
        author=version.author,
        created_at=version.created_at,
        note=version.note,
        text=version.text,
        draft=dict(version.body),
    )


def _score_card_view(card: ScoreCardRecord) -> ScoreCardView:
    return ScoreCardView(
        piece_version=card.piece_version,
        composite=card.composite,
        decision=card.decision,
        brand_alignment=card.brand_alignment,
        predicted_engagement=card.predicted_engagement,
        safety=card.safety,
        readability=card.readability,
        reasons=list(card.reasons),
        weights=dict(card.weights),
        scorer_version=card.scorer_version,
        created_at=card.created_at,
    )


def _review_view(review: Review) -> ReviewView:
    return ReviewView(
        actor=review.actor,
        decision=review.decision,
        feedback=review.feedback,
        piece_version=review.piece_version,
        created_at=review.created_at,
    )
