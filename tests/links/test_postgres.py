"""Short links on PostgreSQL: the same link for the same piece and URL, and clicks from many
connections at once all counted (the row lock orders the ``clicks + 1`` updates)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pressroom.db.session import transaction
from pressroom.links import service
from pressroom.links.models import ShortLink
from tests.links.checks import TARGET, brand_of, click_concurrently, store_link
from tests.postgres import fresh_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_factory(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    with fresh_database(postgres_url, prefix="pressroom_links") as factory:
        yield factory


def test_shorten_is_idempotent_and_concurrent_clicks_are_all_counted(
    pg_factory: sessionmaker[Session],
) -> None:
    brand_id, piece_id, code = store_link(pg_factory)
    with transaction(pg_factory) as session:
        again = service.shorten(
            session, brand=brand_of(session, brand_id), piece_id=piece_id, url=TARGET
        )
        assert again.code == code
    targets = click_concurrently(lambda _: pg_factory, code, threads=8, each=25)
    assert targets == [TARGET] * 200
    with transaction(pg_factory) as session:
        assert session.scalars(select(ShortLink.clicks)).one() == 200
