"""The posting calendar: the organization's scheduled and published posts by week or month,
each on the day and at the time of its brand's timezone, and moving a post that has not gone
out to another time through the publishing service's ``reschedule``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.brands.models import Brand
from pressroom.contracts import utcnow
from pressroom.errors import (
    InvalidInputError,
    InvalidStateTransitionError,
    PressroomError,
)
from pressroom.ideas import repository as idea_queries
from pressroom.publishing import repository as jobs
from pressroom.publishing.models import PublishJobRecord
from pressroom.publishing.rescheduling import reschedule
from pressroom.publishing.schemas import PublishJobStatus
from pressroom.web.deps import owned, request_trace_id
from pressroom.web.ui import views
from pressroom.web.ui.pages import changing, render, signed_in

router = APIRouter(include_in_schema=False)

MAX_POSTS = 1000
"""Posts one page shows at most (a month of five brands posting thrice a day on three
channels is about 1,400; past this the page says it shows the first ones)."""
# Brand timezones reach ±14 h from UTC: a day more on each side catches every post whose
# local day is in the period.
TIMEZONE_MARGIN = timedelta(days=1)
INPUT_FORMAT = "%Y-%m-%dT%H:%M"
# Far enough from date's ends that a period and its margins never overflow.
FIRST_YEAR, LAST_YEAR = 1970, 9000


class View(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class CalendarPost:
    """One post on the calendar, at its brand's local time."""

    job_id: str
    piece_id: str
    title: str
    channel: str
    brand_name: str
    timezone: str
    status: str
    local_time: datetime
    movable: bool
    earliest: str
    """The brand's local time now, as the ``min`` of the reschedule input."""

    @property
    def input_value(self) -> str:
        """The time as a ``datetime-local`` input shows it."""
        return self.local_time.strftime(INPUT_FORMAT)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    posts: list[CalendarPost]
    in_period: bool


@dataclass(frozen=True)
class Calendar:
    """The days of one week or month (a month as whole weeks, Monday first)."""

    view: View
    start: date
    end: date
    days: list[CalendarDay]
    today: date
    truncated: bool

    @property
    def title(self) -> str:
        if self.view == View.MONTH:
            return self.start.strftime("%B %Y")
        last = self.end - timedelta(days=1)
        return f"{self.start.day} {self.start:%b} – {last.day} {last:%b %Y}"

    @property
    def previous_start(self) -> date:
        if self.view == View.MONTH:
            return (self.start - timedelta(days=1)).replace(day=1)
        return self.start - timedelta(days=7)

    @property
    def next_start(self) -> date:
        return self.end

    @property
    def post_count(self) -> int:
        return sum(len(day.posts) for day in self.days if day.in_period)


# ── pages ────────────────────────────────────────────────────────────────────────────────


@router.get("/calendar")
def calendar_page(request: Request, view: str = "week", start: str = "") -> HTMLResponse:
    with signed_in(request) as (session, principal):
        calendar = build_calendar(
            session, principal=principal, view=_view(view), start=_day(start), now=utcnow()
        )
        return _render(request, principal, calendar, notice=_notice(request))


@router.post("/calendar/posts/{job_id}/reschedule")
def reschedule_post(
    request: Request,
    job_id: str,
    csrf_token: Annotated[str, Form()],
    schedule_at: Annotated[str, Form(max_length=40)],
    view: Annotated[str, Form(max_length=10)] = "week",
    start: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Move a scheduled post to the local time given (in its brand's timezone). A time in the
    past, a time the channel already posts at, or a post already (being) published is
    refused on the calendar page itself, and nothing changes."""
    back = {"view": _view(view).value, "start": _day(start).isoformat()}
    try:
        with changing(request, csrf_token, Permission.EDIT_CONTENT) as (session, principal):
            job = _owned_job(session, principal, job_id)
            brand = session.get(Brand, job.brand_id)
            reschedule(
                session,
                job=job,
                schedule_at=_brand_time(schedule_at, brand.timezone if brand else "UTC"),
                now=utcnow(),
                actor=principal.actor,
                trace_id=request_trace_id(request) or job.trace_id,
            )
    except (InvalidInputError, InvalidStateTransitionError) as error:
        # The transaction above was rolled back: show the calendar as it still is.
        with signed_in(request) as (session, principal):
            calendar = build_calendar(
                session,
                principal=principal,
                view=View(back["view"]),
                start=date.fromisoformat(back["start"]),
                now=utcnow(),
            )
            return _render(
                request, principal, calendar, status_code=error.status, problem=_explain(error)
            )
    return RedirectResponse(f"/calendar?{urlencode({**back, 'done': 'moved'})}", status_code=303)


def _render(
    request: Request,
    principal: Principal,
    calendar: Calendar,
    *,
    status_code: int = 200,
    notice: str = "",
    problem: str = "",
) -> HTMLResponse:
    return render(
        request,
        "calendar.html",
        principal=principal,
        status_code=status_code,
        calendar=calendar,
        can_move=principal.can(Permission.EDIT_CONTENT),
        notice=notice,
        problem=problem,
    )


# ── what the calendar shows ──────────────────────────────────────────────────────────────


def build_calendar(
    session: Session, *, principal: Principal, view: View, start: date, now: datetime
) -> Calendar:
    """The period of ``view`` holding ``start``, with the organization's posts of each day
    (the day and time in the post's brand's timezone), in posting order."""
    first, end = _period(view, start)
    grid_first = first - timedelta(days=first.weekday())
    grid_end = end + timedelta(days=(7 - end.weekday()) % 7) if view == View.MONTH else end
    rows = jobs.jobs_of_organization(
        session,
        organization_id=principal.organization_id,
        scheduled_from=_midnight(grid_first) - TIMEZONE_MARGIN,
        scheduled_before=_midnight(grid_end) + TIMEZONE_MARGIN,
        limit=MAX_POSTS + 1,
    )
    brands = {
        brand.id: brand for brand in views.organization_brands(session, principal.organization_id)
    }
    titles = _idea_titles(session, [job.piece_id for job in rows[:MAX_POSTS]])
    by_day: dict[date, list[CalendarPost]] = {}
    for job in rows[:MAX_POSTS]:
        post = _post(job, brands[job.brand_id], titles.get(job.piece_id, ""), now)
        by_day.setdefault(post.local_time.date(), []).append(post)
    days = [
        CalendarDay(
            day=day,
            posts=sorted(by_day.get(day, []), key=lambda p: (p.local_time, p.channel)),
            in_period=first <= day < end,
        )
        for day in _dates(grid_first, grid_end)
    ]
    return Calendar(
        view=view,
        start=first,
        end=end,
        days=days,
        today=now.date(),
        truncated=len(rows) > MAX_POSTS,
    )


def _post(job: PublishJobRecord, brand: Brand, title: str, now: datetime) -> CalendarPost:
    zone = ZoneInfo(brand.timezone)
    return CalendarPost(
        job_id=job.id,
        piece_id=job.piece_id,
        title=title,
        channel=job.channel,
        brand_name=brand.name,
        timezone=brand.timezone,
        status=job.status,
        local_time=job.schedule_at.astimezone(zone),
        movable=job.status == PublishJobStatus.SCHEDULED and job.schedule_at > now,
        earliest=now.astimezone(zone).strftime(INPUT_FORMAT),
    )


def _idea_titles(session: Session, piece_ids: list[str]) -> dict[str, str]:
    """The title of each piece's idea, by piece id (one query)."""
    return idea_queries.titles_by_piece(session, piece_ids)


def _period(view: View, start: date) -> tuple[date, date]:
    """First day and the day after the last of the week (Monday first) or month."""
    if view == View.MONTH:
        first = start.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following
    first = start - timedelta(days=start.weekday())
    return first, first + timedelta(days=7)


def _dates(first: date, end: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((end - first).days)]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


# ── form values ──────────────────────────────────────────────────────────────────────────


def _owned_job(session: Session, principal: Principal, job_id: str) -> PublishJobRecord:
    hint = "The calendar lists yours."
    return owned(session, principal, PublishJobRecord, job_id, noun="scheduled post", hint=hint)


def _brand_time(value: str, timezone: str) -> datetime:
    """The instant a ``datetime-local`` value names on the brand's clocks. A time the clocks
    skip (the hour lost when summer time starts) is refused rather than guessed."""
    try:
        wall = datetime.strptime(value.strip()[:16], INPUT_FORMAT)
    except ValueError:
        raise InvalidInputError(
            f"{value!r} is not a date and time", hint="Pick a date and a time."
        ) from None
    zone = ZoneInfo(timezone)
    moment = wall.replace(tzinfo=zone)
    if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise InvalidInputError(
            f"{wall.day} {wall:%b %Y %H:%M} does not exist in {timezone}",
            hint="The clocks skip that hour when summer time starts; pick another time.",
        )
    return moment


def _explain(error: PressroomError) -> str:
    """What a person is told when a post cannot move (the service's reasons, in words)."""
    if isinstance(error, InvalidStateTransitionError):
        status = str(error.details.get("status", "")).replace("_", " ")
        return f"This post can no longer be moved: it is {status}. Nothing was changed."
    if "channel" in error.details:
        return (
            f"{error.details['channel']} already has a post at that time. Pick another time; "
            "nothing was changed."
        )
    if "now" in error.details:
        return "That time has already passed. Pick a time ahead of now; nothing was changed."
    hint = f" {error.hint}" if error.hint else ""
    return f"{error.message[:1].upper()}{error.message[1:]}.{hint} Nothing was changed."


def _view(value: str) -> View:
    try:
        return View(value)
    except ValueError:
        raise InvalidInputError(
            f"there is no {value!r} view", hint="Open the calendar by week or by month."
        ) from None


def _day(value: str) -> date:
    if not value:
        return utcnow().date()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInputError(
            f"{value!r} is not a date the calendar shows", hint="Give the start as YYYY-MM-DD."
        )
    return day


def _notice(request: Request) -> str:
    return "Moved the post." if request.query_params.get("done") == "moved" else ""
