from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from pressroom.errors import ErrorCode, PressroomError
from pressroom.publishing.service import next_slot
from tests.factories import make_brand


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_first_slot_after_now_in_brand_local_time(session: Session) -> None:
    brand = make_brand(
        session, timezone="Europe/Berlin", posting_slots={"linkedin": ["12:00", "08:30"]}
    )
    # 10:00Z is 11:00 in Berlin (UTC+1 in March): 08:30 is gone, 12:00 is next.
    assert next_slot(
        brand=brand, channel="linkedin", after=utc(2026, 3, 27, 10, 0), taken=set()
    ) == utc(2026, 3, 27, 11, 0)


def test_slot_is_strictly_after(session: Session) -> None:
    brand = make_brand(session, timezone="Europe/Berlin", posting_slots={"linkedin": ["12:00"]})
    assert next_slot(
        brand=brand, channel="linkedin", after=utc(2026, 3, 27, 11, 0), taken=set()
    ) == utc(2026, 3, 28, 11, 0)


def test_taken_slots_are_skipped_rolling_over_days(session: Session) -> None:
    brand = make_brand(
        session, timezone="Europe/Berlin", posting_slots={"linkedin": ["08:30", "12:00"]}
    )
    taken = {utc(2026, 3, 27, 11, 0), utc(2026, 3, 28, 7, 30)}
    assert next_slot(
        brand=brand, channel="linkedin", after=utc(2026, 3, 27, 10, 0), taken=taken
    ) == utc(2026, 3, 28, 11, 0)


def test_late_local_slot_on_the_previous_utc_day(session: Session) -> None:
    brand = make_brand(session, timezone="America/Los_Angeles", posting_slots={"x": ["23:00"]})
    # 05:00Z on the 27th is still the 26th in Los Angeles; 23:00 PDT is 06:00Z on the 27th.
    assert next_slot(brand=brand, channel="x", after=utc(2026, 3, 27, 5, 0), taken=set()) == utc(
        2026, 3, 27, 6, 0
    )


def test_same_wall_time_moves_in_utc_across_spring_forward(session: Session) -> None:
    brand = make_brand(session, timezone="Europe/Berlin", posting_slots={"linkedin": ["08:30"]})
    after = utc(2026, 3, 28, 8, 0)
    taken = {utc(2026, 3, 28, 7, 30)}
    # Saturday 08:30 CET is 07:30Z; Sunday 29 March is summer time: 08:30 CEST is 06:30Z.
    assert next_slot(brand=brand, channel="linkedin", after=after, taken=taken) == utc(
        2026, 3, 29, 6, 30
    )


def test_slot_in_the_spring_forward_gap_moves_to_the_end_of_the_gap(session: Session) -> None:
    brand = make_brand(session, timezone="Europe/Berlin", posting_slots={"x": ["02:30"]})
    # Berlin skips 02:00–03:00 on 29 March 2026: 02:30 does not exist; 03:00 CEST = 01:00Z.
    slot = next_slot(brand=brand, channel="x", after=utc(2026, 3, 28, 12, 0), taken=set())
    assert slot == utc(2026, 3, 29, 1, 0)
    assert slot.astimezone(ZoneInfo(brand.timezone)).strftime("%H:%M %Z") == "03:00 CEST"
    # The next day the slot is a normal 02:30 CEST again.
    assert next_slot(brand=brand, channel="x", after=slot, taken=set()) == utc(2026, 3, 30, 0, 30)


def test_ambiguous_fall_back_slot_uses_the_first_occurrence(session: Session) -> None:
    brand = make_brand(session, timezone="Europe/Berlin", posting_slots={"x": ["02:30"]})
    # On 25 October 2026 Berlin lives 02:00–03:00 twice: first in CEST (00:30Z), then in
    # CET (01:30Z). The slot is the first one, and only once that day.
    first = next_slot(brand=brand, channel="x", after=utc(2026, 10, 24, 12, 0), taken=set())
    assert first == utc(2026, 10, 25, 0, 30)
    assert first.astimezone(ZoneInfo(brand.timezone)).strftime("%H:%M %Z") == "02:30 CEST"
    after_first = next_slot(brand=brand, channel="x", after=first, taken=set())
    assert after_first == utc(2026, 10, 26, 1, 30)


def test_channel_without_configured_slots_uses_the_defaults(session: Session) -> None:
    brand = make_brand(session, timezone="UTC", posting_slots={"linkedin": ["07:00"]})
    # DEFAULT_SLOTS["x"] starts at 09:00.
    assert next_slot(brand=brand, channel="x", after=utc(2026, 3, 27, 8, 0), taken=set()) == utc(
        2026, 3, 27, 9, 0
    )


def test_channel_with_no_slots_at_all_is_invalid_input(session: Session) -> None:
    brand = make_brand(session, timezone="UTC", posting_slots={"linkedin": ["07:00"]})
    with pytest.raises(PressroomError) as caught:
        next_slot(brand=brand, channel="myspace", after=utc(2026, 3, 27, 8, 0), taken=set())
    assert caught.value.code == ErrorCode.INVALID_INPUT


def test_naive_times_are_refused(session: Session) -> None:
    brand = make_brand(session)
    with pytest.raises(PressroomError) as caught:
        next_slot(brand=brand, channel="x", after=datetime(2026, 3, 27, 8, 0), taken=set())
    assert caught.value.code == ErrorCode.INVALID_INPUT
