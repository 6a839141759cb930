"""A brand's settings: when its scheduled jobs next happen, and changing them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.errors import InvalidInputError
from pressroom.schedules import service
from pressroom.schedules.schemas import SettingsChange
from tests.factories import make_brand

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def test_next_at_is_the_next_local_clock_time_in_utc() -> None:
    # 10:00 UTC is 11:00 in Berlin (winter): 06:00 has passed today, 12:30 has not.
    assert service.next_at("06:00", "Europe/Berlin", NOW) == datetime(
        2026, 11, 22, 5, 0, tzinfo=UTC
    )
    assert service.next_at("12:30", "Europe/Berlin", NOW) == datetime(
        2026, 11, 21, 11, 30, tzinfo=UTC
    )
    # Across a daylight-saving change: 06:00 in New York is 11:00 UTC before 8 March 2026
    # and 10:00 UTC after.
    march = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
    assert service.next_at("06:00", "America/New_York", march) == datetime(
        2026, 3, 9, 10, 0, tzinfo=UTC
    )


def test_a_brand_without_settings_has_the_defaults(session: Session) -> None:
    brand = make_brand(session)
    settings = service.brand_settings(session, brand, default_model="builtin", now=NOW)
    assert (settings.schedule_enabled, settings.run_time, settings.learn_time) == (
        True,
        "06:00",
        "03:00",
    )
    assert settings.writer == "builtin"
    assert settings.model is None
    assert settings.next_run_at == datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
    assert settings.next_learn_at == datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def test_a_change_keeps_what_it_leaves_out_and_is_audited(session: Session) -> None:
    brand = make_brand(session)
    first = service.change_settings(
        session,
        brand,
        SettingsChange(run_time="07:30", model="openai-chat:gpt-4o-mini"),
        actor="user:ana",
        trace_id="trace-1",
        default_model="builtin",
        now=NOW,
    )
    assert (first.run_time, first.learn_time, first.writer) == (
        "07:30",
        "03:00",
        "openai-chat:gpt-4o-mini",
    )
    second = service.change_settings(
        session,
        brand,
        SettingsChange.model_validate({"schedule_enabled": False, "model": None}),
        actor="user:ana",
        trace_id="trace-2",
        default_model="builtin",
        now=NOW,
    )
    assert second.schedule_enabled is False
    assert second.run_time == "07:30"
    assert second.model is None
    assert second.writer == "builtin"
    assert second.next_run_at is None
    assert second.next_learn_at is None
    # Saving the same values again changes nothing and records nothing.
    service.change_settings(
        session,
        brand,
        SettingsChange(schedule_enabled=False),
        actor="user:ana",
        trace_id="trace-3",
        default_model="builtin",
        now=NOW,
    )
    events = [
        e
        for e in audit.history(session, entity_type="brand", entity_id=brand.id)
        if e.action == "settings_changed"
    ]
    assert [e.trace_id for e in events] == ["trace-1", "trace-2"]
    assert events[1].before == {
        "schedule_enabled": True,
        "run_time": "07:30",
        "learn_time": "03:00",
        "model": "openai-chat:gpt-4o-mini",
    }
    assert events[1].after is not None
    assert events[1].after["schedule_enabled"] is False


@pytest.mark.parametrize("model", ["gpt-4o", "openai-chat:", "nobody:model"])
def test_an_unknown_writer_is_refused_and_nothing_changes(session: Session, model: str) -> None:
    brand = make_brand(session)
    with pytest.raises(InvalidInputError, match="unknown writer") as caught:
        service.change_settings(
            session,
            brand,
            SettingsChange(run_time="09:00", model=model),
            actor="user:ana",
            trace_id="trace-1",
            default_model="builtin",
            now=NOW,
        )
    assert "openai-chat:<model>" in (caught.value.hint or "")
    assert service.brand_settings(session, brand, default_model="builtin", now=NOW).run_time == (
        "06:00"
    )


@pytest.mark.parametrize("value", ["24:00", "7:30", "07:60", "noon", ""])
def test_times_must_be_hh_mm(value: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        SettingsChange(run_time=value)
