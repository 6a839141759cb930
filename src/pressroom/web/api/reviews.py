"""Reviews: every decision people made on the organization's pieces (approve, reject, edit,
ask for a revision), newest first. Decisions are made on the piece
(``POST /api/v1/pieces/{id}/approve`` …); this is their history across pieces."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from pressroom.review import repository as reviews
from pressroom.review.models import Review
from pressroom.review.schemas import ReviewDecision
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_moment_cursor,
    moment_cursor,
    page_of,
)
from pressroom.web.deps import CurrentPrincipal, DbSession, owned_brand, owned_piece
from pressroom.writing.models import Piece

router = APIRouter(prefix="/reviews", tags=["reviews"])


class ReviewOut(BaseModel):
    """One decision on one version of a piece: who, what, and the feedback given."""

    id: str
    piece_id: str
    piece_version: int
    brand_id: str
    channel: str
    actor: str
    decision: ReviewDecision
    feedback: str
    created_at: datetime

    @classmethod
    def of(cls, review: Review, piece: Piece) -> ReviewOut:
        return cls(
            id=review.id,
            piece_id=review.piece_id,
            piece_version=review.piece_version,
            brand_id=piece.brand_id,
            channel=piece.channel,
            actor=review.actor,
            decision=ReviewDecision(review.decision),
            feedback=review.feedback,
            created_at=review.created_at,
        )


@router.get("", summary="List decisions on the organization's pieces, newest first")
def list_reviews(
    session: DbSession,
    principal: CurrentPrincipal,
    brand_id: str | None = None,
    piece_id: str | None = None,
    decision: ReviewDecision | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[ReviewOut]:
    if brand_id is not None:
        owned_brand(session, principal, brand_id)
    if piece_id is not None:
        owned_piece(session, principal, piece_id)
    rows = reviews.reviews_of_organization(
        session,
        organization_id=principal.organization_id,
        brand_id=brand_id,
        piece_id=piece_id,
        decision=decision.value if decision else None,
        after=decode_moment_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    return page_of(
        rows,
        limit=limit,
        item=lambda pair: ReviewOut.of(*pair),
        cursor=lambda review: moment_cursor(review.created_at, review.id),
    )
