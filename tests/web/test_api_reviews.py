"""The reviews API on a live studio: the history of decisions on the organization's pieces,
newest first, by brand, piece and decision, in cursor pages; another organization's
decisions never show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.review.models import Review
from tests.factories import make_brand
from tests.publishing.factories import make_piece
from tests.web.studio import Studio

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def add_reviews(studio: Studio) -> dict[str, str]:
    """Decisions on three pieces: two of acme's brand, one of a second acme brand, and one
    on globex's brand. Returns the piece ids by name."""
    with transaction(studio.context.session_factory) as session:
        acme = session.get_one(Brand, studio.brand_ids["acme"])
        other = make_brand(session, organization_id=studio.organization_ids["acme"], slug="two")
        globex = session.get_one(Brand, studio.brand_ids["globex"])
        pieces = {
            "first": make_piece(session, brand=acme),
            "second": make_piece(session, brand=acme, channel="x"),
            "third": make_piece(session, brand=other),
            "theirs": make_piece(session, brand=globex),
        }
        made = [
            ("first", "edited", "ana", "", 0),
            ("first", "approved", "ana", "", 1),
            ("second", "rejected", "bo", "Off-brand joke", 2),
            ("third", "revision_requested", "bo", "Shorter", 3),
            ("theirs", "approved", "eve", "", 4),
        ]
        for name, decision, actor, feedback, minutes in made:
            session.add(
                Review(
                    piece_id=pieces[name].id,
                    piece_version=1,
                    actor=f"user:{actor}",
                    decision=decision,
                    feedback=feedback,
                    created_at=T0 + timedelta(minutes=minutes),
                )
            )
        return {name: piece.id for name, piece in pieces.items()} | {"other_brand": other.id}


def test_reviews_are_listed_newest_first_in_pages_without_other_tenants(studio: Studio) -> None:
    ids = add_reviews(studio)
    with studio.client("viewer", "acme") as client:
        first = client.get("/api/v1/reviews", params={"limit": 3}).json()
        second = client.get(
            "/api/v1/reviews", params={"limit": 3, "cursor": first["next_cursor"]}
        ).json()
    listed = [(r["piece_id"], r["decision"]) for r in first["items"] + second["items"]]
    assert listed == [
        (ids["third"], "revision_requested"),
        (ids["second"], "rejected"),
        (ids["first"], "approved"),
        (ids["first"], "edited"),
    ]
    assert second["next_cursor"] is None
    rejected = first["items"][1]
    assert rejected["feedback"] == "Off-brand joke"
    assert rejected["channel"] == "x"
    assert rejected["brand_id"] == studio.brand_ids["acme"]
    assert rejected["actor"] == "user:bo"


def test_reviews_filter_by_brand_piece_and_decision(studio: Studio) -> None:
    ids = add_reviews(studio)
    with studio.client("viewer", "acme") as client:

        def pieces(**params: str) -> list[str]:
            response = client.get("/api/v1/reviews", params=params)
            assert response.status_code == 200, response.text
            return [r["piece_id"] for r in response.json()["items"]]

        assert pieces(brand_id=ids["other_brand"]) == [ids["third"]]
        assert pieces(piece_id=ids["first"]) == [ids["first"], ids["first"]]
        assert pieces(decision="approved") == [ids["first"]]
        assert pieces(brand_id=studio.brand_ids["acme"], decision="rejected") == [ids["second"]]
        bad = client.get("/api/v1/reviews", params={"decision": "maybe"})
        assert bad.status_code == 422
        assert bad.json()["code"] == "INVALID_INPUT"


def test_another_organizations_piece_or_brand_is_not_found(studio: Studio) -> None:
    ids = add_reviews(studio)
    with studio.client("owner", "acme") as client:
        for params in ({"piece_id": ids["theirs"]}, {"brand_id": studio.brand_ids["globex"]}):
            hidden = client.get("/api/v1/reviews", params=params)
            assert hidden.status_code == 404, params
            assert hidden.json()["code"] == "NOT_FOUND"
    with studio.client("viewer", "globex") as client:
        theirs = client.get("/api/v1/reviews").json()["items"]
    assert [(r["piece_id"], r["actor"]) for r in theirs] == [(ids["theirs"], "user:eve")]
