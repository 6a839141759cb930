"""Short links on real SQLite: one link per brand, piece and target; codes short and
URL-safe; every click counted, also when many arrive at once."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.db.session import make_engine, make_session_factory, transaction
from pressroom.errors import ErrorCode, NotFoundError, PressroomError
from pressroom.links import service
from pressroom.links.models import ShortLink
from pressroom.writing.models import Piece
from tests.factories import make_brand
from tests.links.checks import TARGET, brand_of, click_concurrently, store_link
from tests.publishing.factories import make_piece

CODE = re.compile(r"[A-Za-z0-9_-]{8}")


def count_links(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ShortLink)) or 0)


def test_shortening_the_same_url_for_the_same_piece_gives_the_same_link(session: Session) -> None:
    brand = make_brand(session)
    piece = make_piece(session, brand=brand)
    first = service.shorten(session, brand=brand, piece_id=piece.id, url=TARGET)
    again = service.shorten(session, brand=brand, piece_id=piece.id, url=TARGET)
    assert (again.id, again.code) == (first.id, first.code)
    assert CODE.fullmatch(first.code), first.code
    assert (first.target_url, first.brand_id, first.piece_id, first.clicks) == (
        TARGET,
        brand.id,
        piece.id,
        0,
    )
    assert count_links(session) == 1


def test_another_url_piece_or_a_brand_link_each_get_their_own_code(session: Session) -> None:
    brand = make_brand(session)
    piece, other = make_piece(session, brand=brand), make_piece(session, brand=brand)
    links = [
        service.shorten(session, brand=brand, piece_id=piece.id, url=TARGET),
        service.shorten(session, brand=brand, piece_id=piece.id, url=TARGET + "&b=2"),
        service.shorten(session, brand=brand, piece_id=other.id, url=TARGET),
        service.shorten(session, brand=brand, piece_id=None, url=TARGET),
    ]
    assert service.shorten(session, brand=brand, piece_id=None, url=TARGET).id == links[3].id
    assert len({link.code for link in links}) == 4
    assert count_links(session) == 4


@pytest.mark.parametrize("url", ["mailto:ana@a.example", "javascript:alert(1)", "/relative"])
def test_only_http_urls_can_be_shortened(session: Session, url: str) -> None:
    brand = make_brand(session)
    with pytest.raises(PressroomError) as caught:
        service.shorten(session, brand=brand, piece_id=None, url=url)
    assert caught.value.code is ErrorCode.INVALID_INPUT
    assert count_links(session) == 0


def test_a_code_already_taken_is_never_reused(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    brand = make_brand(session)
    taken = service.shorten(session, brand=brand, piece_id=None, url="https://a.example/1")
    codes = iter([taken.code, "fresh-01"])
    monkeypatch.setattr(service, "new_code", lambda: next(codes))
    link = service.shorten(session, brand=brand, piece_id=None, url="https://a.example/2")
    assert link.code == "fresh-01"


def test_following_counts_the_click_and_returns_the_target(session: Session) -> None:
    brand = make_brand(session)
    link = service.shorten(session, brand=brand, piece_id=None, url=TARGET)
    clicked = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)
    assert service.follow(session, link.code, now=clicked) == TARGET
    assert service.follow(session, link.code) == TARGET
    session.refresh(link)
    assert link.clicks == 2
    assert link.last_clicked_at is not None
    assert link.last_clicked_at > clicked


def test_an_unknown_code_is_not_found_and_counts_nothing(session: Session) -> None:
    brand = make_brand(session)
    link = service.shorten(session, brand=brand, piece_id=None, url=TARGET)
    with pytest.raises(NotFoundError) as caught:
        service.follow(session, link.code.swapcase() + "x")
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    session.refresh(link)
    assert link.clicks == 0


def test_a_deleted_piece_keeps_its_links_working(session: Session) -> None:
    brand = make_brand(session)
    piece = make_piece(session, brand=brand)
    link = service.shorten(session, brand=brand, piece_id=piece.id, url=TARGET)
    session.execute(delete(Piece).where(Piece.id == piece.id))
    session.expire_all()
    assert session.get_one(ShortLink, link.id).piece_id is None
    assert service.follow(session, link.code) == TARGET


def test_concurrent_clicks_through_one_engine_are_all_counted(
    session_factory: sessionmaker[Session],
) -> None:
    _, _, code = store_link(session_factory)
    targets = click_concurrently(lambda _: session_factory, code, threads=8, each=25)
    assert targets == [TARGET] * 200
    with transaction(session_factory) as session:
        assert session.scalars(select(ShortLink.clicks)).one() == 200


def test_concurrent_clicks_through_separate_engines_are_all_counted(
    session_factory: sessionmaker[Session],
) -> None:
    """Each thread with its own engine (as separate processes would be): no shared write
    gate, SQLite's own locking serialises the updates."""
    brand_id, _, code = store_link(session_factory)
    url = session_factory.kw["bind"].url.render_as_string(hide_password=False)
    engines = [make_engine(url) for _ in range(6)]
    try:
        factories = [make_session_factory(engine) for engine in engines]
        targets = click_concurrently(lambda i: factories[i], code, threads=6, each=20)
    finally:
        for engine in engines:
            engine.dispose()
    assert len(targets) == 120
    with transaction(session_factory) as session:
        link = session.scalars(select(ShortLink)).one()
        assert (link.clicks, link.brand_id) == (120, brand_of(session, brand_id).id)
