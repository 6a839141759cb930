"""What a connector is asked to publish: a job's piece turned into the text a person pastes,
with its draft, hashtags, media and score."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.errors import ErrorCode, NotFoundError, PressroomError
from pressroom.platforms.channels import DRAFT_MODELS
from pressroom.platforms.drafts import (
    InstagramCarouselDraft,
    InstagramPostDraft,
    LinkedInPostDraft,
    VideoScriptDraft,
    XThreadDraft,
)
from pressroom.providers.publishers.protocol import PublishRequest
from pressroom.publishing import repository
from pressroom.publishing.models import PublishJobRecord
from pressroom.scoring.models import ScoreCardRecord
from pressroom.writing.models import Piece

T = TypeVar("T")

THREAD_SEPARATOR = "\n\n---\n\n"
"""Between a thread's posts in the text to paste: a line ``---`` with blank lines around."""


def build_request(
    session: Session,
    *,
    job: PublishJobRecord,
    media: Sequence[Path] = (),
    media_names: Sequence[str] = (),
) -> PublishRequest:
    """Everything the connector needs to publish ``job``'s piece."""
    piece = _found(session.get(Piece, job.piece_id), f"piece {job.piece_id}")
    brand = _found(session.get(Brand, job.brand_id), f"brand {job.brand_id}")
    posts = paste_posts(piece)
    score = repository.latest_score(session, piece_id=piece.id)
    return PublishRequest(
        idempotency_key=job.idempotency_key,
        job_id=job.id,
        piece_id=piece.id,
        brand_slug=brand.slug,
        channel=job.channel,
        schedule_at=job.schedule_at,
        timezone=brand.timezone,
        text=THREAD_SEPARATOR.join(posts),
        posts=posts if len(posts) > 1 else [],
        body=dict(piece.body),
        hashtags=[str(tag) for tag in piece.body.get("hashtags", [])],
        media=list(media),
        media_names=list(media_names),
        writer=piece.writer,
        score=None if score is None else _score_fields(score),
        trace_id=job.trace_id,
    )


def paste_posts(piece: Piece) -> list[str]:
    """What a person pastes, post by post: a thread's posts, a video's or an Instagram post's
    caption (a script is for recording, not posting; a Short's caption is its whole
    description, its title is in the draft), otherwise the post with its hashtags."""
    model = DRAFT_MODELS.get(piece.channel)
    if model is None or not piece.body:
        return [piece.text]
    try:
        draft = model.model_validate(piece.body)
    except ValidationError as exc:
        raise PressroomError(
            f"piece {piece.id} has a {piece.channel} draft that is not valid: "
            f"{exc.error_count()} problem(s)",
            code=ErrorCode.INVALID_SCHEMA,
            hint="Edit the piece so its draft is valid again.",
            details={"piece_id": piece.id},
        ) from exc
    if isinstance(draft, XThreadDraft):
        return [post.strip() for post in draft.posts]
    if isinstance(draft, VideoScriptDraft | InstagramPostDraft | InstagramCarouselDraft):
        return [draft.render_caption()]
    if isinstance(draft, LinkedInPostDraft):
        return [draft.render_text()]
    return [piece.text]


def _score_fields(score: ScoreCardRecord) -> dict[str, Any]:
    return {
        "composite": score.composite,
        "decision": score.decision,
        "brand_alignment": score.brand_alignment,
        "predicted_engagement": score.predicted_engagement,
        "safety": score.safety,
        "readability": score.readability,
        "reasons": list(score.reasons),
        "piece_version": score.piece_version,
    }


def _found(value: T | None, what: str) -> T:
    if value is None:
        raise NotFoundError(f"no {what}", details={"what": what})
    return value
