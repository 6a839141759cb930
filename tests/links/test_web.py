"""Short links on a live studio over real HTTP: ``/l/{code}`` redirects without sign-in and
counts each click; ``GET /api/v1/links`` lists an organization's links and no other's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.links import service
from pressroom.links.models import ShortLink
from tests.factories import make_brand
from tests.publishing.factories import make_piece
from tests.web.studio import Studio

TARGET = "https://acme.example/guide?ref=nl&utm_source=linkedin#top"
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def clicks_of(studio: Studio, code: str) -> int:
    with transaction(studio.context.session_factory) as session:
        return session.scalars(select(ShortLink.clicks).where(ShortLink.code == code)).one()


def test_a_short_link_redirects_uncached_and_counts_each_click(studio: Studio) -> None:
    with transaction(studio.context.session_factory) as session:
        brand = session.get_one(Brand, studio.brand_ids["acme"])
        code = service.shorten(session, brand=brand, piece_id=None, url=TARGET).code
    with studio.anonymous() as client:
        for _ in range(3):
            response = client.get(f"/l/{code}", follow_redirects=False)
            assert response.status_code == 302
            assert response.headers["location"] == TARGET
            assert response.headers["cache-control"] == "no-store"
    assert clicks_of(studio, code) == 3


def test_an_unknown_short_link_is_a_404_page(studio: Studio) -> None:
    with studio.anonymous() as client:
        response = client.get("/l/nope1234", follow_redirects=False)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "location" not in response.headers


def add_links(studio: Studio) -> dict[str, str]:
    """Links of acme's brand (two pieces), a second acme brand and globex's brand, one
    minute apart; returns ids by name."""
    with transaction(studio.context.session_factory) as session:
        acme = session.get_one(Brand, studio.brand_ids["acme"])
        other = make_brand(session, organization_id=studio.organization_ids["acme"], slug="two")
        globex = session.get_one(Brand, studio.brand_ids["globex"])
        piece, theirs = make_piece(session, brand=acme), make_piece(session, brand=globex)
        made = [
            ("a1", acme, piece.id),
            ("a2", acme, None),
            ("o1", other, None),
            ("g1", globex, theirs.id),
        ]
        ids: dict[str, str] = {"piece": piece.id, "their_piece": theirs.id, "other": other.id}
        for minutes, (name, brand, piece_id) in enumerate(made):
            link = service.shorten(
                session, brand=brand, piece_id=piece_id, url=f"https://x.example/{name}"
            )
            link.created_at = T0 + timedelta(minutes=minutes)
            ids[name] = link.id
        session.flush()
        service.follow(session, session.get_one(ShortLink, ids["a1"]).code)
        return ids


def test_links_are_listed_newest_first_in_pages_with_clicks(studio: Studio) -> None:
    ids = add_links(studio)
    with studio.client("viewer", "acme") as client:
        first = client.get("/api/v1/links", params={"limit": 2}).json()
        second = client.get(
            "/api/v1/links", params={"limit": 2, "cursor": first["next_cursor"]}
        ).json()
    listed = [item["id"] for item in first["items"] + second["items"]]
    assert listed == [ids["o1"], ids["a2"], ids["a1"]]
    assert second["next_cursor"] is None
    a1 = second["items"][0]
    assert (a1["target_url"], a1["clicks"], a1["piece_id"]) == (
        "https://x.example/a1",
        1,
        ids["piece"],
    )
    assert a1["short_url"] == f"http://127.0.0.1:8000/l/{a1['code']}"
    assert a1["last_clicked_at"] is not None


def test_links_are_filtered_by_brand_and_piece(studio: Studio) -> None:
    ids = add_links(studio)
    with studio.client("viewer", "acme") as client:
        by_brand = client.get("/api/v1/links", params={"brand_id": ids["other"]}).json()
        by_piece = client.get("/api/v1/links", params={"piece_id": ids["piece"]}).json()
    assert [item["id"] for item in by_brand["items"]] == [ids["o1"]]
    assert [item["id"] for item in by_piece["items"]] == [ids["a1"]]


def test_another_organizations_brand_or_piece_is_a_404_and_its_links_never_show(
    studio: Studio,
) -> None:
    ids = add_links(studio)
    with studio.client("owner", "acme") as client:
        brand = client.get("/api/v1/links", params={"brand_id": studio.brand_ids["globex"]})
        piece = client.get("/api/v1/links", params={"piece_id": ids["their_piece"]})
        everything = client.get("/api/v1/links", params={"limit": 200}).json()
    assert (brand.status_code, brand.json()["code"]) == (404, "NOT_FOUND")
    assert (piece.status_code, piece.json()["code"]) == (404, "NOT_FOUND")
    assert ids["g1"] not in {item["id"] for item in everything["items"]}
    with studio.client("viewer", "globex") as client:
        theirs = client.get("/api/v1/links").json()
    assert [item["id"] for item in theirs["items"]] == [ids["g1"]]


def test_the_links_api_needs_a_signed_in_person(studio: Studio) -> None:
    with studio.anonymous() as client:
        response = client.get("/api/v1/links")
    assert (response.status_code, response.json()["code"]) == (401, "UNAUTHENTICATED")
