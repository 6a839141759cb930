"""Reading and changing a brand's settings: its schedule and its writer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.brands.models import Brand
from pressroom.errors import InvalidInputError
from pressroom.plugins.manager import writer_factories
from pressroom.schedules.models import BrandSchedule
from pressroom.schedules.schemas import (
    DEFAULT_LEARN_TIME,
    DEFAULT_RUN_TIME,
    BrandSettings,
    SettingsChange,
)


def next_at(clock_time: str, timezone: str, now: datetime) -> datetime:
    """The first moment after ``now`` when the clocks of ``timezone`` show ``clock_time``
    (HH:MM), in UTC."""
    zone = ZoneInfo(timezone)
    hours, minutes = (int(part) for part in clock_time.split(":"))
    local_now = now.astimezone(zone)
    day = local_now.date()
    while True:
        candidate = datetime.combine(day, time(hours, minutes), tzinfo=zone)
        if candidate > local_now:
            return candidate.astimezone(now.tzinfo)
        day += timedelta(days=1)


def schedules_of(session: Session, brand_ids: Sequence[str]) -> dict[str, BrandSchedule]:
    """The stored schedules of these brands, by brand id (brands on the defaults have none)."""
    if not brand_ids:
        return {}
    rows = session.scalars(select(BrandSchedule).where(BrandSchedule.brand_id.in_(brand_ids)))
    return {row.brand_id: row for row in rows}


def settings_of(
    brand: Brand, schedule: BrandSchedule | None, *, default_model: str, now: datetime
) -> BrandSettings:
    enabled = schedule.enabled if schedule else True
    run_time = schedule.run_time if schedule else DEFAULT_RUN_TIME
    learn_time = schedule.learn_time if schedule else DEFAULT_LEARN_TIME
    return BrandSettings(
        brand_id=brand.id,
        brand_slug=brand.slug,
        brand_name=brand.name,
        timezone=brand.timezone,
        schedule_enabled=enabled,
        run_time=run_time,
        learn_time=learn_time,
        model=brand.model,
        writer=brand.model or default_model,
        next_run_at=next_at(run_time, brand.timezone, now) if enabled else None,
        next_learn_at=next_at(learn_time, brand.timezone, now) if enabled else None,
    )


def brand_settings(
    session: Session, brand: Brand, *, default_model: str, now: datetime
) -> BrandSettings:
    schedule = schedules_of(session, [brand.id]).get(brand.id)
    return settings_of(brand, schedule, default_model=default_model, now=now)


def check_model(model: str) -> None:
    """Refuse a writer no installed provider offers (``builtin`` or ``<provider>:<model>``)."""
    provider, _, name = model.partition(":")
    providers = writer_factories()
    if provider not in providers or (provider != "builtin" and not name.strip()):
        known = ", ".join(p if p == "builtin" else f"{p}:<model>" for p in sorted(providers))
        raise InvalidInputError(
            f"unknown writer {model!r}",
            hint=f"Use one of: {known} (e.g. openai-chat:gpt-4o-mini).",
        )


def change_settings(
    session: Session,
    brand: Brand,
    change: SettingsChange,
    *,
    actor: str,
    trace_id: str,
    default_model: str,
    now: datetime,
) -> BrandSettings:
    """Apply ``change`` (only the fields it sets) and record it in the audit log when
    anything changed. The engine's schedules follow with ``sync_schedules``."""
    before = brand_settings(session, brand, default_model=default_model, now=now)
    given = change.model_fields_set
    if "model" in given and change.model is not None:
        check_model(change.model)
    schedule = schedules_of(session, [brand.id]).get(brand.id)
    if schedule is None:
        schedule = BrandSchedule(
            brand_id=brand.id,
            enabled=before.schedule_enabled,
            run_time=before.run_time,
            learn_time=before.learn_time,
        )
        session.add(schedule)
    if change.schedule_enabled is not None:
        schedule.enabled = change.schedule_enabled
    if change.run_time is not None:
        schedule.run_time = change.run_time
    if change.learn_time is not None:
        schedule.learn_time = change.learn_time
    if "model" in given:
        brand.model = change.model
    after = settings_of(brand, schedule, default_model=default_model, now=now)
    if _recorded(before) != _recorded(after):
        audit.record(
            session,
            entity_type="brand",
            entity_id=brand.id,
            action="settings_changed",
            actor=actor,
            trace_id=trace_id,
            before=_recorded(before),
            after=_recorded(after),
        )
    session.flush()
    return after


def _recorded(settings: BrandSettings) -> dict[str, object]:
    return {
        "schedule_enabled": settings.schedule_enabled,
        "run_time": settings.run_time,
        "learn_time": settings.learn_time,
        "model": settings.model,
    }
