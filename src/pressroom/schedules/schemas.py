"""A change to a brand's settings as the API, the studio and the CLI send it."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

CLOCK_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
DEFAULT_RUN_TIME = "06:00"
DEFAULT_LEARN_TIME = "03:00"


class BrandSettings(BaseModel):
    """A brand's schedule (times in its time zone) and writer, with the next scheduled
    moments in UTC (null while the schedule is off)."""

    model_config = ConfigDict(frozen=True)

    brand_id: str
    brand_slug: str
    brand_name: str
    timezone: str
    schedule_enabled: bool
    run_time: str
    learn_time: str
    model: str | None = Field(description="The brand's own writer; null uses `default_model`.")
    writer: str = Field(description="The writer its runs use.")
    next_run_at: datetime | None
    next_learn_at: datetime | None


class SettingsChange(BaseModel):
    """What to change; a field left out stays as it is. ``model: null`` goes back to the
    default writer of the installation."""

    model_config = ConfigDict(extra="forbid")

    schedule_enabled: bool | None = Field(
        default=None, description="Whether the daily run and the nightly learning happen."
    )
    run_time: str | None = Field(
        default=None, description="The daily run's time, HH:MM in the brand's time zone."
    )
    learn_time: str | None = Field(
        default=None, description="The nightly learning's time, HH:MM in the brand's time zone."
    )
    model: str | None = Field(
        default=None,
        description="The brand's writer: `builtin` or `<provider>:<model>`; null for the "
        "installation's default.",
    )

    @field_validator("run_time", "learn_time")
    @classmethod
    def _clock_time(cls, value: str | None) -> str | None:
        if value is not None and not CLOCK_TIME.match(value):
            raise ValueError(f"{value!r} is not a time of day as HH:MM (00:00 to 23:59)")
        return value
