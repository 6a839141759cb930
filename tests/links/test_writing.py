"""The writing stage tags the links of every new valid piece: UTM source, medium, campaign and
the piece's id as content; links that would break a length rule stay as written."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.links import service as links
from pressroom.links.hashtags import rank_draft_hashtags
from pressroom.links.models import ShortLink
from pressroom.links.utm import urls_in
from pressroom.platforms.validation import validate
from pressroom.writing import service as writing
from pressroom.writing.models import PieceVersion
from tests.factories import make_brand, make_idea, make_run
from tests.platforms.samples import make_linkedin, make_reel, make_thread

URL = "https://northwind.example/beans?roast=light"


def _store(session: Session, draft: dict[str, object], channel: str) -> writing.Piece:
    brand = make_brand(session, slug="northwind")
    run = make_run(session, brand=brand, run_date=date(2026, 11, 21))
    idea = make_idea(session, run=run)
    outcome = writing.WriteOutcome(channel=channel, valid=True, draft=draft)
    return writing.store_piece(
        session,
        run_id=run.id,
        brand_id=brand.id,
        idea_id=idea.id,
        outcome=outcome,
        writer_name="builtin",
        writer_label="built-in writer (no AI)",
        trace_id="trace-links",
    )


def test_a_new_pieces_links_carry_its_utm_tags(session: Session) -> None:
    draft = make_thread(f"Light roasts taste of fruit. Read more: {URL}.", "Try one this week.")
    piece = _store(session, draft.model_dump(mode="json"), "x")
    [url] = urls_in(piece.body["posts"][0])
    query = parse_qs(urlsplit(url).query)
    assert query == {
        "roast": ["light"],
        "utm_source": ["x"],
        "utm_medium": ["social"],
        "utm_campaign": ["northwind-2026-11-21"],
        "utm_content": [piece.id],
    }
    assert piece.body["posts"][0].endswith(".")  # the sentence's full stop stays outside
    assert url in piece.text
    [original] = session.scalars(select(PieceVersion).where(PieceVersion.piece_id == piece.id))
    assert (original.body, original.text) == (piece.body, piece.text)


def test_links_that_would_break_a_length_rule_stay_as_written(session: Session) -> None:
    # A reel caption 40 characters under Instagram's 2,200: tagging would pass the limit.
    filler = "Beans. " * ((2200 - 40 - len(URL) - 1) // 7)
    reel = make_reel(caption=f"{filler}{URL}", hashtags=[])
    assert validate("instagram-reel", reel).valid
    piece = _store(session, reel.model_dump(mode="json"), "instagram-reel")
    assert piece.body["caption"].endswith(URL)
    assert "utm_" not in piece.text


def test_a_new_pieces_hashtags_are_ranked_without_adding_any(session: Session) -> None:
    # The demo brand approves #specialtycoffee; the writer listed it last.
    draft = make_linkedin(hashtags=["Leadership", "Weather", "specialtycoffee"])
    piece = _store(session, draft.model_dump(mode="json"), "linkedin")
    assert piece.body["hashtags"][0] == "specialtycoffee"
    assert sorted(piece.body["hashtags"]) == sorted(["Leadership", "Weather", "specialtycoffee"])
    assert piece.text.endswith("#" + " #".join(piece.body["hashtags"]))


def test_ranking_caps_at_the_channels_norm_and_keeps_a_drafts_few() -> None:
    many = {"text": "Light roasts today.", "hashtags": ["weather", "lightroasts", "espresso"]}
    ranked = rank_draft_hashtags(many, brand_approved=["espresso"], channel="threads")
    assert ranked["hashtags"] == ["espresso"]  # Threads links one tag: the approved one
    on_x = rank_draft_hashtags(many, brand_approved=["espresso"], channel="x")
    assert on_x["hashtags"] == ["espresso", "lightroasts"]  # then the one the text is about
    few = {"text": "Light roasts.", "hashtags": ["roasts"]}
    kept = rank_draft_hashtags(few, brand_approved=["espresso", "beans"], channel="linkedin")
    assert kept["hashtags"] == ["roasts"]  # no tag the writer did not choose
    assert rank_draft_hashtags({"posts": ["a"]}, brand_approved=[], channel="x") == {"posts": ["a"]}


def test_a_brand_with_short_links_gets_them_in_its_new_pieces(session: Session) -> None:
    brand = make_brand(session, slug="northwind", short_links=True)
    run = make_run(session, brand=brand, run_date=date(2026, 11, 21))
    idea = make_idea(session, run=run)
    draft = make_thread(f"Light roasts taste of fruit. Read more: {URL}.", "Try one this week.")
    piece = writing.store_piece(
        session,
        run_id=run.id,
        brand_id=brand.id,
        idea_id=idea.id,
        outcome=writing.WriteOutcome(channel="x", valid=True, draft=draft.model_dump(mode="json")),
        writer_name="builtin",
        writer_label="built-in writer (no AI)",
        trace_id="trace-links",
        public_url="https://go.northwind.example",
    )
    [link] = session.scalars(select(ShortLink).where(ShortLink.piece_id == piece.id))
    assert piece.body["posts"][0].endswith(
        f"Read more: https://go.northwind.example/l/{link.code}."
    )
    target = parse_qs(urlsplit(link.target_url).query)
    assert target["utm_content"] == [piece.id]
    assert target["roast"] == ["light"]
    assert links.follow(session, link.code) == link.target_url
