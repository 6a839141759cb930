"""Rows the review feature works on: a run, an idea and a piece with its original version and
a score card, built with the ORM models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.contracts import new_trace_id
from pressroom.ideas.models import Idea
from pressroom.platforms.channels import parse_draft
from pressroom.runs.models import Run
from pressroom.scoring.models import ScoreCardRecord
from pressroom.writing.models import Piece, PieceVersion
from tests import factories as shared
from tests.factories import make_brand

BASE_TIME = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)

PARAGRAPH = (
    "We cupped twelve lots from Huila this week and one of them tasted like red apple and "
    "panela. We will roast it a touch lighter so that sweetness comes through in the cup. "
    "Grind two steps finer if your espresso runs fast and tastes sour before you buy anything. "
    "Then taste it again and compare."
)


def linkedin_draft(*, paragraphs: int = 4, hashtags: int = 2, **overrides: Any) -> dict[str, Any]:
    """A LinkedIn draft that keeps the channel's rules (55 words per paragraph)."""
    data: dict[str, Any] = {
        "channel": "linkedin",
        "hook_type": "story",
        "text": "\n\n".join([PARAGRAPH] * paragraphs),
        "hashtags": ["specialtycoffee", "homebrewing", "roasting", "coffee", "cafe", "beans"][
            :hashtags
        ],
    }
    data.update(overrides)
    return data


def x_draft(*posts: str) -> dict[str, Any]:
    """An X thread draft."""
    return {
        "channel": "x",
        "hook_type": "question",
        "posts": list(posts) or ["Is your espresso sour?", "Grind two steps finer first."],
    }


def reel_draft() -> dict[str, Any]:
    """A reel script that keeps the channel's rules at 2.5 words per second."""
    return {
        "channel": "instagram-reel",
        "hook_type": "how_to",
        "hook": "Your espresso tastes sour and here is the fix today",
        "value": " ".join(["Grind finer, weigh your dose and time every shot you pull."] * 5),
        "cta": "Try this at home tomorrow morning and tell us how your next shot tastes "
        "in the comments below please",
        "scenes": [
            {
                "beat": "hook",
                "duration_seconds": 4,
                "visual_prompt": "A sour face",
                "voiceover": "Your espresso tastes sour",
            },
            {
                "beat": "value",
                "duration_seconds": 21.6,
                "visual_prompt": "A grinder dial",
                "voiceover": "Grind finer",
            },
            {
                "beat": "cta",
                "duration_seconds": 8,
                "visual_prompt": "A latte",
                "voiceover": "Try this at home",
            },
        ],
        "caption": "Sour espresso? Grind finer first.",
        "hashtags": ["specialtycoffee"],
    }


def make_run(session: Session, *, brand: Brand, run_id: str | None = None) -> Run:
    trace_id = new_trace_id()
    return shared.make_run(
        session,
        brand=brand,
        id=run_id or f"run-{trace_id}",
        status="waiting_for_review",
        trace_id=trace_id,
        started_at=BASE_TIME,
    )


def make_idea(session: Session, *, run: Run, slot: int = 1, title: str = "Sour espresso") -> Idea:
    return shared.make_idea(session, run=run, slot=slot, title=title, topic_key=f"topic-{slot}")


def make_score_card(
    session: Session,
    *,
    piece: Piece,
    composite: float = 0.82,
    decision: str = "review",
    reasons: list[str] | None = None,
    version: int | None = None,
) -> ScoreCardRecord:
    card = ScoreCardRecord(
        piece_id=piece.id,
        piece_version=version or piece.version,
        brand_alignment=0.9,
        predicted_engagement=0.7,
        safety=0.95,
        readability=0.8,
        composite=composite,
        decision=decision,
        reasons=reasons or ["Strong brand tone match", "Low policy risk"],
        weights={"safety": 0.3},
        scorer_version="test-1",
    )
    session.add(card)
    session.flush()
    return card


def make_piece(
    session: Session,
    *,
    brand: Brand | None = None,
    idea: Idea | None = None,
    channel: str = "linkedin",
    status: str = "generated",
    draft: dict[str, Any] | None = None,
    writer: str = "builtin",
    problems: list[dict[str, Any]] | None = None,
    age_minutes: int = 0,
    scored: bool = True,
    piece_id: str | None = None,
    tone: str = "",
    language: str = "en",
) -> Piece:
    """A piece (with its run and idea unless given), its original version and a score card.

    ``age_minutes`` sets how long ago it was written, so tests can order the queue.
    """
    if idea is None:
        run = make_run(session, brand=brand or make_brand(session))
        idea = make_idea(session, run=run)
    body = draft if draft is not None else _default_draft(channel)
    created = BASE_TIME - timedelta(minutes=age_minutes)
    piece = Piece(
        **({"id": piece_id} if piece_id else {}),
        brand_id=idea.brand_id,
        run_id=idea.run_id,
        idea_id=idea.id,
        channel=channel,
        tone=tone,
        language=language,
        status=status,
        version=1,
        body=body,
        text=_render(body),
        hook_type=body.get("hook_type", ""),
        writer=writer,
        attempts=1,
        problems=problems or [],
        trace_id=idea.trace_id,
        created_at=created,
        updated_at=created,
    )
    session.add(piece)
    session.flush()
    author = "built-in writer" if writer == "builtin" else f"AI model {writer}"
    session.add(
        PieceVersion(
            piece_id=piece.id,
            version=1,
            kind="builtin_original" if writer == "builtin" else "ai_original",
            author=author,
            body=body,
            text=piece.text,
            created_at=created,
        )
    )
    if scored:
        make_score_card(session, piece=piece)
    session.flush()
    return piece


def _default_draft(channel: str) -> dict[str, Any]:
    if channel == "x":
        return x_draft()
    return reel_draft() if channel == "instagram-reel" else linkedin_draft()


def _render(body: dict[str, Any]) -> str:
    try:
        return parse_draft(body).render_text()
    except ValueError:
        return ""
