"""Cursor pagination: a page of items and the opaque cursor of the next page.

A cursor encodes the sort key of the last item returned (a timestamp or text, and the id as
a tie-breaker), so pages stay stable while rows are added."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from pressroom.errors import InvalidInputError

ItemT = TypeVar("ItemT")
RowT = TypeVar("RowT")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[ItemT]):
    """One page: ``items`` in order, and ``next_cursor`` to pass as ``cursor`` for the next
    page (``null`` on the last)."""

    items: list[ItemT]
    next_cursor: str | None = None


def page_of(
    rows: Sequence[RowT],
    *,
    limit: int,
    item: Callable[[RowT], ItemT],
    cursor: Callable[[ItemT], str],
) -> Page[ItemT]:
    """The page of ``rows`` fetched with ``limit + 1``: the first ``limit`` as items, and the
    cursor after the last item when the extra row shows that more follow."""
    items = [item(row) for row in rows[:limit]]
    more = len(rows) > limit and bool(items)
    return Page(items=items, next_cursor=cursor(items[-1]) if more else None)


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(list(values), default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, parts: int) -> list[Any]:
    """The values a cursor carries; a clear 422 for one this API did not make."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != parts:
        raise InvalidInputError(
            "the cursor is not one this API returned",
            hint="Pass the `next_cursor` of the previous page unchanged, or no cursor.",
        )
    return values


def moment_cursor(moment: datetime, row_id: str) -> str:
    """The cursor after a row of a page sorted by a moment (a timestamp) and the row's id."""
    return encode_cursor(moment.isoformat(), row_id)


def decode_moment_cursor(cursor: str) -> tuple[datetime, str]:
    """The (moment in UTC, id) a :func:`moment_cursor` carries; a clear 422 otherwise."""
    moment, row_id = decode_cursor(cursor, parts=2)
    when = _instant(str(moment))
    if when is None or not isinstance(row_id, str):
        raise InvalidInputError(
            "the cursor is not one this API returned",
            hint="Pass the `next_cursor` of the previous page unchanged, or no cursor.",
        )
    return when, row_id


def as_utc(moment: datetime | None) -> datetime | None:
    """A query parameter's moment; one without an offset is read as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _instant(text: str) -> datetime | None:
    """The instant ``text`` names (ISO 8601 with an offset), in UTC; else None."""
    try:
        moment = datetime.fromisoformat(text)
        return moment.astimezone(UTC) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None
