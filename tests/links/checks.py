"""Shared checks of the short-link tests: a brand with a piece, and many clicks at once."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from pressroom.brands.models import Brand
from pressroom.db.session import transaction
from pressroom.links import service
from tests.factories import make_brand
from tests.publishing.factories import make_piece

TARGET = "https://acme.example/guide?utm_source=linkedin"


def store_link(factory: sessionmaker[Session]) -> tuple[str, str, str]:
    """(brand id, piece id, code) of a short link to :data:`TARGET` for a fresh piece."""
    with transaction(factory) as session:
        brand = make_brand(session)
        piece = make_piece(session, brand=brand)
        link = service.shorten(session, brand=brand, piece_id=piece.id, url=TARGET)
        return brand.id, piece.id, link.code


def click_concurrently(
    factories: Callable[[int], sessionmaker[Session]], code: str, *, threads: int, each: int
) -> list[str]:
    """Follow ``code`` ``each`` times from each of ``threads`` threads at once (thread ``i``
    on ``factories(i)``); returns the targets they got."""
    start = threading.Barrier(threads)
    targets: list[str] = []
    lock = threading.Lock()

    def clicks(index: int) -> None:
        factory = factories(index)
        start.wait(timeout=10)
        for _ in range(each):
            with transaction(factory) as session:
                target = service.follow(session, code)
            with lock:
                targets.append(target)

    workers = [threading.Thread(target=clicks, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return targets


def brand_of(session: Session, brand_id: str) -> Brand:
    return session.get_one(Brand, brand_id)
