"""Posting slots: "HH:MM" wall-clock times in a brand's time zone, turned into instants.

Two days a year a wall-clock time is not one instant. In the spring-forward gap it names no
instant: it moves to the next valid one (the end of the gap). In the fall-back overlap it
names two: the first is used.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pressroom.errors import InvalidInputError


def parse_slot(value: str) -> time:
    """``"08:30"`` → ``time(8, 30)``; anything else is ``INVALID_INPUT``."""
    hours, sep, minutes = value.partition(":")
    if sep and hours.isdigit() and minutes.isdigit():
        hour, minute = int(hours), int(minutes)
        if 0 <= hour < 24 and 0 <= minute < 60:
            return time(hour, minute)
    raise InvalidInputError(
        f"posting slot {value!r} is not HH:MM",
        hint="Write posting slots as 24-hour HH:MM, e.g. 08:30.",
    )


def _wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``day at`` in ``zone`` (see the module doc for DST)."""
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _wall(first, zone) == wall:
        return first
    # In a gap: fold=1 reads the wall time with the offset after the change, landing before
    # the gap; fold=0 with the offset before it, landing after. The gap ends at the first
    # instant between the two whose wall time is not earlier than the requested one.
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = first
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _wall(middle, zone) >= wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)
