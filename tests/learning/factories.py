"""Measured posts for learning tests: a published piece with its publish job and one
snapshot whose engagement rate is exactly the one asked for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.writing.models import Piece
from tests.metrics.factories import T0, make_piece, make_publish_job, make_snapshot

NOW = T0 + timedelta(days=20)


def make_measured_post(
    session: Session,
    brand: Brand,
    *,
    channel: str,
    hook_type: str,
    rate: float,
    impressions: int = 10_000,
    published_at: datetime | None = T0,
    collected_at: datetime | None = None,
) -> Piece:
    """A published piece whose latest snapshot has ``rate`` engagement (all of it likes)."""
    piece = make_piece(session, brand, channel=channel, hook_type=hook_type)
    make_publish_job(session, piece, published_at=published_at)
    make_snapshot(
        session,
        piece,
        collected_at=collected_at or (published_at or T0) + timedelta(days=2),
        impressions=impressions,
        likes=round(rate * impressions),
    )
    return piece


def make_posts(
    session: Session, brand: Brand, *, channel: str, hook_type: str, rates: Iterable[float]
) -> list[Piece]:
    return [
        make_measured_post(session, brand, channel=channel, hook_type=hook_type, rate=rate)
        for rate in rates
    ]


QUESTION_ON_X = (0.058, 0.061, 0.064, 0.059, 0.066, 0.057, 0.062, 0.063)  # mean 6.125%
STATEMENT_ON_X = (0.029, 0.031, 0.033, 0.028, 0.030, 0.032, 0.027, 0.030)  # mean 3.0%
# LinkedIn: hook types make no difference.
LINKEDIN_STORY = (0.020, 0.031, 0.025, 0.018, 0.027)
LINKEDIN_STATISTIC = (0.024, 0.019, 0.029, 0.022, 0.026)


def make_question_wins_on_x(session: Session, brand: Brand) -> None:
    """Question hooks clearly beat statement hooks on X; LinkedIn shows no pattern."""
    make_posts(session, brand, channel="x", hook_type="question", rates=QUESTION_ON_X)
    make_posts(session, brand, channel="x", hook_type="statement", rates=STATEMENT_ON_X)
    make_posts(session, brand, channel="linkedin", hook_type="story", rates=LINKEDIN_STORY)
    make_posts(session, brand, channel="linkedin", hook_type="statistic", rates=LINKEDIN_STATISTIC)
