"""Keyset pages, newest first: the rows after the previous page's last (moment, id)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import InstrumentedAttribute


def older_than(
    moment: InstrumentedAttribute[datetime],
    row_id: InstrumentedAttribute[str],
    after: tuple[datetime, str],
) -> ColumnElement[bool]:
    """Rows that come after ``after`` in (``moment``, ``row_id``) descending order."""
    last_moment, last_id = after
    return or_(moment < last_moment, and_(moment == last_moment, row_id < last_id))
