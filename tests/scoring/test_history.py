"""The engagement history the metrics feature builds for scoring, and the card scored with it:
cells by channel, hook type and length, and the fitted model once there are enough pieces."""

from __future__ import annotations

import math

import pytest
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.metrics import service as metrics
from pressroom.platforms.drafts import HookType
from pressroom.scoring import rules
from pressroom.scoring import service as scoring
from pressroom.scoring.schemas import LengthBucket, ScoreCardResult
from tests.factories import make_brand
from tests.metrics.factories import make_piece, make_snapshot
from tests.scoring.factories import brand_context, linkedin

SHORT_POST = "Grind two steps finer. Taste it again. " * 2  # 14 words
LONG_POST = "We cupped twelve lots from Huila this week and tasted red apple. " * 20  # 240


def measured_post(session: Session, brand: Brand, *, text: str, hook: str, likes: int) -> None:
    """A LinkedIn post of ``brand`` measured at ``likes`` per 1000 impressions."""
    draft = linkedin(text, hook_type=HookType(hook))
    piece = make_piece(
        session,
        brand,
        channel="linkedin",
        hook_type=hook,
        body=draft.model_dump(mode="json"),
        text=draft.render_text(),
    )
    make_snapshot(session, piece, impressions=1000, likes=likes)


def test_history_cells_count_pieces_by_channel_hook_and_length(session: Session) -> None:
    brand = make_brand(session)
    measured_post(session, brand, text=SHORT_POST, hook="question", likes=10)
    measured_post(session, brand, text=SHORT_POST, hook="question", likes=30)
    measured_post(session, brand, text=LONG_POST, hook="question", likes=50)
    legacy = make_piece(session, brand, channel="x", hook_type="story", body={}, text="")
    make_snapshot(session, legacy, impressions=100, likes=1)  # body no longer parses: 0 words

    history = metrics.engagement_history(session, brand_id=brand.id)

    cells = [(c.channel, c.hook_type, c.length, c.count) for c in history.cells]
    assert cells == [
        ("linkedin", HookType.QUESTION, LengthBucket.LONG, 1),
        ("linkedin", HookType.QUESTION, LengthBucket.SHORT, 2),
        ("x", HookType.STORY, LengthBucket.SHORT, 1),
    ]
    short = history.cells[1]
    assert short.mean_rate == pytest.approx(0.02)
    floor = rules.RATE_FLOOR
    assert short.mean_log_rate == pytest.approx(
        (math.log(0.01 + floor) + math.log(0.03 + floor)) / 2
    )
    assert history.fit_count == 4 == history.overall_count


def test_a_brand_with_enough_measured_pieces_is_scored_by_its_own_fitted_model(
    session: Session,
) -> None:
    brand = make_brand(session)
    for number in range(rules.FIT_MIN_PIECES + 6):
        hook = ("statement", "story", "question")[number % 3]
        measured_post(
            session, brand, text=LONG_POST, hook=hook, likes=90 if hook == "statement" else 30
        )
    history = metrics.engagement_history(session, brand_id=brand.id)

    def card(hook: HookType) -> ScoreCardResult:
        draft = linkedin(LONG_POST, hook_type=hook)
        return scoring.score_piece(
            brand=brand_context(), channel="linkedin", draft=draft, history=history
        )

    statement, story = card(HookType.STATEMENT), card(HookType.STORY)

    assert statement.scores.predicted_engagement > story.scores.predicted_engagement
    assert "fitted on this brand's 36 measured pieces" in statement.reasons[-1]
    assert "12 of them statement hooks in LinkedIn posts" in statement.reasons[-1]
    assert statement.details["predicted_engagement"]["basis"] == "fitted"
    assert statement.details["predicted_engagement"]["length"] == "long"
    assert card(HookType.STATEMENT) == statement  # same history, same card
