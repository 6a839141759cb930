"""Writing rules: the validate → repair loop (at most ``max_attempts`` tries, then recorded as
``failed_validation``, never dropped) and storing pieces with their versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.brands.models import Brand
from pressroom.errors import ErrorCode, PressroomError
from pressroom.links import hashtags, utm
from pressroom.links import service as links
from pressroom.platforms.channels import parse_draft
from pressroom.platforms.validation import validate
from pressroom.providers.llm.protocol import PieceRequest, Usage, Writer
from pressroom.runs.models import Run
from pressroom.writing import lifecycle
from pressroom.writing.lifecycle import PieceStatus
from pressroom.writing.models import Piece, PieceVersion

# Errors that mean "the writer answered, but not with a usable draft": fed back as repairs.
REPAIRABLE = frozenset({ErrorCode.PROVIDER_MALFORMED_OUTPUT, ErrorCode.PROVIDER_SCHEMA_MISMATCH})


class Attempt(BaseModel):
    """One try at a draft: what was wrong with it, and what it cost."""

    number: int
    problems: list[dict[str, Any]] = Field(default_factory=list)
    error_code: str | None = None
    usage: Usage | None = None


class WriteOutcome(BaseModel):
    """The result of the validate → repair loop for one idea × channel."""

    channel: str
    valid: bool
    draft: dict[str, Any] | None = None
    attempts: list[Attempt] = Field(default_factory=list)

    @property
    def problems(self) -> list[dict[str, Any]]:
        return self.attempts[-1].problems if self.attempts else []


def write_with_repairs(writer: Writer, request: PieceRequest, *, max_attempts: int) -> WriteOutcome:
    """Ask ``writer`` for a draft; validate it; on problems, ask again with the validator's
    feedback (and the previous draft), at most ``max_attempts`` times in all.

    Malformed or schema-invalid model output counts as a failed attempt and is fed back too.
    Transport errors (timeouts, rate limits, outages) propagate: the workflow step retries.
    """
    outcome = WriteOutcome(channel=request.channel, valid=False)
    feedback: list[str] = []
    previous: dict[str, Any] | None = None
    for number in range(1, max_attempts + 1):
        attempt_request = request.model_copy(
            update={"attempt": number, "problems": feedback, "previous": previous}
        )
        try:
            result = writer.write_piece(attempt_request)
        except PressroomError as error:
            if error.code not in REPAIRABLE:
                raise
            problems = [str(p) for p in error.details.get("problems", [])] or [error.message]
            outcome.attempts.append(
                Attempt(
                    number=number,
                    error_code=str(error.code),
                    problems=[{"code": str(error.code), "message": m} for m in problems],
                    # The model answered (unusably): its tokens still cost money.
                    usage=Usage.model_validate(error.details["usage"])
                    if error.details.get("usage")
                    else None,
                )
            )
            feedback = [f"Your previous answer was not usable: {m}" for m in problems]
            continue
        draft = result.output
        report = validate(request.channel, draft, words_per_second=request.words_per_second)
        outcome.attempts.append(
            Attempt(
                number=number,
                usage=result.usage,
                problems=[problem.model_dump(mode="json") for problem in report.problems],
            )
        )
        outcome.draft = draft.model_dump(mode="json")
        if report.valid:
            outcome.valid = True
            return outcome
        feedback = report.feedback()
        previous = outcome.draft
    return outcome


def failed_outcome(channel: str, error: PressroomError) -> WriteOutcome:
    """An outcome for a writer that could not answer at all (after retries)."""
    return WriteOutcome(
        channel=channel,
        valid=False,
        attempts=[
            Attempt(
                number=1,
                error_code=str(error.code),
                problems=[{"code": str(error.code), "message": error.message}],
            )
        ],
    )


def render(draft: dict[str, Any]) -> str:
    try:
        return parse_draft(draft).render_text()
    except ValueError:
        return ""


def find_piece(
    session: Session, *, idea_id: str, channel: str, tone: str = "", language: str = "en"
) -> Piece | None:
    return session.scalars(
        select(Piece).where(
            Piece.idea_id == idea_id,
            Piece.channel == channel,
            Piece.tone == tone,
            Piece.language == language,
        )
    ).one_or_none()


def store_piece(
    session: Session,
    *,
    run_id: str,
    brand_id: str,
    idea_id: str,
    outcome: WriteOutcome,
    writer_name: str,
    writer_label: str,
    trace_id: str,
    public_url: str | None = None,
    tone: str = "",
    language: str = "en",
    source_piece_id: str | None = None,
) -> Piece:
    """Store the piece and its original version (idempotent by idea + channel + tone +
    language); its links are tagged (and shortened at ``public_url`` when the brand asks) as
    it is stored. A translation names the piece it was translated from
    (``source_piece_id``).

    A piece that never validated is kept as ``failed_validation`` with its problems.
    """
    existing = find_piece(
        session, idea_id=idea_id, channel=outcome.channel, tone=tone, language=language
    )
    if existing is not None:
        return existing
    draft = outcome.draft or {}
    status = PieceStatus.GENERATED if outcome.valid else PieceStatus.FAILED_VALIDATION
    piece = Piece(
        brand_id=brand_id,
        run_id=run_id,
        idea_id=idea_id,
        channel=outcome.channel,
        tone=tone,
        language=language,
        source_piece_id=source_piece_id,
        status=status.value,
        version=1,
        body=draft,
        text=render(draft),
        hook_type=str(draft.get("hook_type", "")),
        writer=writer_name,
        attempts=len(outcome.attempts),
        problems=outcome.problems,
        trace_id=trace_id,
    )
    session.add(piece)
    session.flush()
    if outcome.valid:
        _tag_links(session, piece, public_url=public_url)
    kind = "builtin_original" if writer_name == "builtin" else "ai_original"
    if source_piece_id is not None:
        kind = "ai_translation"
    session.add(
        PieceVersion(
            piece_id=piece.id,
            version=1,
            kind=kind,
            author=writer_label,
            body=piece.body,
            text=piece.text,
            note=f"{len(outcome.attempts)} attempt(s)",
        )
    )
    audit.record(
        session,
        entity_type="piece",
        entity_id=piece.id,
        action=f"status.{status}",
        actor=writer_label,
        trace_id=trace_id,
        before=None,
        after={"status": status.value, "version": 1, "attempts": piece.attempts},
    )
    return piece


def _tag_links(session: Session, piece: Piece, *, public_url: str | None) -> None:
    """Rank the hashtags of a new valid piece for its channel, put UTM tags on its links
    (content = its id) and, for a brand with ``short_links``, replace each link by a short
    link served at ``public_url`` (docs/LINKS.md). A change that would break one of the
    channel's rules is not made: the piece stays as written."""
    brand = session.get(Brand, piece.brand_id)
    run = session.get(Run, piece.run_id)
    if brand is None or run is None:
        return
    tags = utm.tags_for(
        channel=piece.channel, brand_slug=brand.slug, run_date=run.run_date, piece_id=piece.id
    )
    steps: list[Callable[[dict[str, Any]], dict[str, Any]]] = [
        lambda body: hashtags.rank_draft_hashtags(
            body, brand_approved=list(brand.hashtags), channel=piece.channel
        ),
        lambda body: utm.tag_draft(body, tags),
    ]
    if brand.short_links and public_url:
        steps.append(
            lambda body: utm.rewrite_draft_urls(
                body,
                lambda url: links.short_url(
                    public_url, links.shorten(session, brand=brand, piece_id=piece.id, url=url).code
                ),
            )
        )
    for step in steps:
        changed = step(piece.body)
        if changed != piece.body and validate(piece.channel, changed).valid:
            piece.body = changed
    piece.text = render(piece.body)


def store_revision(
    session: Session,
    *,
    piece: Piece,
    outcome: WriteOutcome,
    writer_label: str,
    feedback: str,
    trace_id: str,
) -> Piece:
    """Store a regenerated version after a person asked for a revision."""
    draft = outcome.draft or piece.body
    piece.version += 1
    piece.body = draft
    piece.text = render(draft)
    piece.hook_type = str(draft.get("hook_type", piece.hook_type))
    piece.attempts = len(outcome.attempts)
    piece.problems = outcome.problems
    session.add(
        PieceVersion(
            piece_id=piece.id,
            version=piece.version,
            kind="revision",
            author=writer_label,
            body=draft,
            text=piece.text,
            note=f"revision requested: {feedback}",
        )
    )
    target = PieceStatus.GENERATED if outcome.valid else PieceStatus.FAILED_VALIDATION
    lifecycle.transition(
        session,
        piece,
        target,
        actor=writer_label,
        trace_id=trace_id,
        note="regenerated with the reviewer's feedback",
    )
    return piece
