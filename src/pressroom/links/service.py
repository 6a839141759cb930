"""Short links Pressroom serves itself (``/l/{code}``), counting every click, and the UTM
tagging of a piece's text. Services never commit: the caller owns the transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pressroom.brands.models import Brand
from pressroom.db.base import utcnow
from pressroom.db.upsert import upsert
from pressroom.errors import ErrorCode, InvalidInputError, NotFoundError, PressroomError
from pressroom.links import repository
from pressroom.links.models import ShortLink
from pressroom.links.schemas import ShortLinkOut
from pressroom.links.utm import is_web_url

CODE_BYTES = 6
"""Random bytes per code: 8 URL-safe characters, 48 bits — short in a post, and far too
many to find links by guessing (a million links leave one guess in 280 million a hit)."""
CODE_ATTEMPTS = 5
ROUTE_PREFIX = "/l/"


def new_code() -> str:
    """A fresh random code: ``[A-Za-z0-9_-]``, :data:`CODE_BYTES` bytes of ``secrets``."""
    return secrets.token_urlsafe(CODE_BYTES)


def link_key(*, brand_id: str, piece_id: str | None, url: str) -> str:
    """The natural key of a short link: one per brand, piece (or none) and target."""
    return hashlib.sha256(f"{brand_id}\n{piece_id or ''}\n{url}".encode()).hexdigest()


def short_url(public_url: str, code: str) -> str:
    """The address people click: the studio's public URL, ``/l/`` and the code."""
    return f"{public_url.rstrip('/')}{ROUTE_PREFIX}{code}"


def shorten(session: Session, *, brand: Brand, piece_id: str | None, url: str) -> ShortLink:
    """The short link to ``url`` for ``brand``'s piece ``piece_id`` (``None``: for the brand),
    made on first call; later calls with the same piece and URL return the same link.

    Only http(s) URLs: anything else is ``INVALID_INPUT``."""
    if not is_web_url(url):
        raise InvalidInputError(
            f"only http(s) URLs can be shortened, not {url[:100]!r}",
            hint="Give an absolute URL starting with https:// (or http://).",
        )
    key = link_key(brand_id=brand.id, piece_id=piece_id, url=url)
    values = {"brand_id": brand.id, "piece_id": piece_id, "target_url": url, "link_key": key}
    for _ in range(CODE_ATTEMPTS):
        code = new_code()
        if repository.code_taken(session, code):
            continue
        try:
            # A concurrent writer may take the same code first (the unique code refuses it):
            # the savepoint keeps the caller's transaction, and the next code is tried.
            with session.begin_nested():
                return upsert(session, ShortLink, keys=["link_key"], values=values | {"code": code})
        except IntegrityError:
            continue
    raise PressroomError(
        f"no free short-link code after {CODE_ATTEMPTS} attempts",
        code=ErrorCode.INTERNAL,
        retryable=True,
        status=500,
    )


def follow(session: Session, code: str, *, now: datetime | None = None) -> str:
    """The target of the short link ``code``, counting the click (atomically, in the
    database). An unknown code is ``NOT_FOUND``."""
    target = repository.count_click(session, code=code, now=now or utcnow())
    if target is None:
        raise NotFoundError(
            f"no short link {code[:40]!r}", hint="Check the link; it may have been mistyped."
        )
    return target


def describe(link: ShortLink, *, public_url: str) -> ShortLinkOut:
    """A short link as the API shows it, with its public address."""
    return ShortLinkOut(
        id=link.id,
        code=link.code,
        short_url=short_url(public_url, link.code),
        target_url=link.target_url,
        brand_id=link.brand_id,
        piece_id=link.piece_id,
        clicks=link.clicks,
        last_clicked_at=link.last_clicked_at,
        created_at=link.created_at,
    )
