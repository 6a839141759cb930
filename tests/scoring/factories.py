"""Brands, drafts and stored pieces for the scoring tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from pressroom.brands import service as brands
from pressroom.platforms.drafts import (
    HookType,
    LinkedInPostDraft,
    ReelScriptDraft,
    Scene,
    XThreadDraft,
)
from pressroom.providers.llm.protocol import BrandContext
from pressroom.writing.models import Piece
from tests.factories import make_brand, make_idea, make_run

ON_BRAND_LINKEDIN = """Your grinder matters more than your machine. If your espresso runs fast and \
tastes sour, go two steps finer before you buy anything new.

We cupped twelve lots from Huila this week. The one that surprised us tasted like red apple and \
panela, so we will roast it a touch lighter and let that sweetness come through in the cup.

Try this at home: rest a light roast five to ten days after roasting and taste how it opens up. \
We pay producers above the market price, and here is what that premium paid for this season."""

OFF_BRAND_LINKEDIN = """Leveraging synergies across enterprise verticals, our platform \
operationalises scalable paradigms for stakeholders.

I believe disruptive innovation unlocks unprecedented shareholder value across markets."""


def brand_context(**overrides: Any) -> BrandContext:
    """The demo brand as scoring sees it, with ``overrides`` applied."""
    data = brands.demo_spec().model_dump(include=set(BrandContext.model_fields))
    data.update(overrides)
    return BrandContext.model_validate(data)


def linkedin(
    text: str = ON_BRAND_LINKEDIN,
    *,
    hook_type: HookType = HookType.HOW_TO,
    hashtags: tuple[str, ...] = ("specialtycoffee", "homebrewing"),
) -> LinkedInPostDraft:
    return LinkedInPostDraft(hook_type=hook_type, text=text, hashtags=list(hashtags))


def x_thread(*posts: str, hook_type: HookType = HookType.QUESTION) -> XThreadDraft:
    return XThreadDraft(
        hook_type=hook_type,
        posts=list(posts)
        or [
            "Is your espresso sour? Go two steps finer before you buy a new machine. "
            "Try this at home.",
            "We cupped twelve lots from Huila this week. One tasted like red apple in the cup.",
        ],
    )


def reel(
    *,
    caption: str = "Two steps finer, then taste it in the cup. From our roastery.",
    hashtags: tuple[str, ...] = ("specialtycoffee",),
) -> ReelScriptDraft:
    return ReelScriptDraft(
        hook_type=HookType.HOW_TO,
        hook="Is your espresso sour?",
        value="Your grinder matters more than your machine. Go two steps finer and pull the "
        "shot again. Taste it: the sour edge turns sweet in the cup.",
        cta="Try this at home tomorrow and tell us what changed.",
        scenes=[
            Scene(
                beat="hook",
                duration_seconds=4,
                visual_prompt="A sour face",
                voiceover="Is your espresso sour?",
                on_screen_text="Sour shot?",
            ),
            Scene(
                beat="value",
                duration_seconds=14,
                visual_prompt="A grinder dial",
                voiceover="Go two steps finer.",
                on_screen_text="Two steps finer",
            ),
            Scene(
                beat="cta",
                duration_seconds=6,
                visual_prompt="A latte",
                voiceover="Try this at home.",
                on_screen_text="Try this at home",
            ),
        ],
        caption=caption,
        hashtags=list(hashtags),
    )


def make_piece(session: Session, *, channel: str = "linkedin", version: int = 1) -> Piece:
    """A stored piece (with its brand, run and idea) to hang score cards on."""
    brand = make_brand(session)
    run = make_run(
        session, brand=brand, id=f"run-{channel}-{version}", status="running", trace_id="trace-test"
    )
    idea = make_idea(session, run=run, title="Grind finer", topic_key="grind-size")
    piece = Piece(
        brand_id=brand.id,
        run_id=run.id,
        idea_id=idea.id,
        channel=channel,
        status="generated",
        version=version,
        body=linkedin().model_dump(mode="json"),
        text=linkedin().render_text(),
        hook_type="how_to",
        trace_id="trace-test",
    )
    session.add(piece)
    session.flush()
    return piece
