"""The studio's settings page: the installation's providers (read-only: they come from the
environment) and each brand's schedule and writer, changed through the same service as the
API (``schedules.change_settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.contracts import utcnow
from pressroom.errors import InvalidInputError
from pressroom.schedules import service as schedules
from pressroom.schedules.schemas import BrandSettings, SettingsChange
from pressroom.web.api.settings import ProvidersOut
from pressroom.web.deps import app_context, owned_brand, request_trace_id
from pressroom.web.ui.pages import changing, redirect_to, render, signed_in
from pressroom.web.ui.views import organization_brands
from pressroom.workflows import runtime

router = APIRouter(include_in_schema=False)

NOTICES = {
    "saved": "Saved. The schedule takes effect within a minute.",
    "unchanged": "Nothing changed.",
}
FIELDS = ("schedule_enabled", "run_time", "learn_time", "model")
WRITER_EXAMPLES = ("builtin", "openai-chat:gpt-4o-mini")


@dataclass
class BrandRow:
    """One brand's settings as shown, or as typed when they were refused (with the
    problems by field)."""

    settings: BrandSettings
    schedule_enabled: bool
    run_time: str
    learn_time: str
    model: str
    errors: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: BrandSettings) -> BrandRow:
        return cls(
            settings=settings,
            schedule_enabled=settings.schedule_enabled,
            run_time=settings.run_time,
            learn_time=settings.learn_time,
            model=settings.model or "",
        )

    def next_local(self, moment: datetime | None) -> str:
        """``Sun 22 Nov 06:00`` in the brand's time zone, or ``off``."""
        if moment is None:
            return "off"
        return moment.astimezone(ZoneInfo(self.settings.timezone)).strftime("%a %d %b %H:%M")


@router.get("/settings")
def settings_page(request: Request) -> HTMLResponse:
    with signed_in(request) as (session, principal):
        return _page(request, session, principal)


@router.post("/settings/brands/{brand_id}")
def save_brand_settings(
    request: Request,
    brand_id: str,
    csrf_token: Annotated[str, Form()],
    run_time: Annotated[str, Form(max_length=20)] = "",
    learn_time: Annotated[str, Form(max_length=20)] = "",
    model: Annotated[str, Form(max_length=200)] = "",
    schedule_enabled: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Save one brand's schedule and writer; on a mistake, the page again with the
    problems beside the fields and everything as typed."""
    context = app_context(request)
    with changing(request, csrf_token, Permission.MANAGE_SETTINGS) as (session, principal):
        brand = owned_brand(session, principal, brand_id)
        typed = {
            "schedule_enabled": schedule_enabled == "on",
            "run_time": run_time.strip(),
            "learn_time": learn_time.strip(),
            "model": model.strip() or None,
        }
        now = utcnow()
        before = schedules.brand_settings(
            session, brand, default_model=context.settings.model, now=now
        )
        try:
            after = schedules.change_settings(
                session,
                brand,
                SettingsChange.model_validate(typed),
                actor=principal.actor,
                trace_id=request_trace_id(request),
                default_model=context.settings.model,
                now=now,
            )
        except (ValidationError, InvalidInputError) as exc:
            row = BrandRow(
                settings=before,
                schedule_enabled=bool(typed["schedule_enabled"]),
                run_time=run_time,
                learn_time=learn_time,
                model=model,
                errors=_problems(exc),
            )
            return _page(request, session, principal, refused=row, status_code=422)
    keeper = getattr(request.app.state, "schedule_keeper", None)
    if keeper is not None:
        keeper.wake()
    done = "unchanged" if after == before else "saved"
    return redirect_to("/settings", done=done, brand=brand.slug)


def _problems(exc: ValidationError | InvalidInputError) -> dict[str, list[str]]:
    if isinstance(exc, InvalidInputError):
        message = exc.message + (f". {exc.hint}" if exc.hint else "")
        return {"model": [message]}
    found: dict[str, list[str]] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "form"
        message = str(error["msg"]).removeprefix("Value error, ")
        found.setdefault(name if name in FIELDS else "form", []).append(message)
    return found


def _page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    refused: BrandRow | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = app_context(request)
    brands = organization_brands(session, principal.organization_id)
    stored = schedules.schedules_of(session, [brand.id for brand in brands])
    now = utcnow()
    rows = []
    for brand in brands:
        if refused is not None and refused.settings.brand_id == brand.id:
            rows.append(refused)
            continue
        rows.append(
            BrandRow.of(
                schedules.settings_of(
                    brand,
                    stored.get(brand.id),
                    default_model=context.settings.model,
                    now=now,
                )
            )
        )
    notice = NOTICES.get(request.query_params.get("done", ""), "")
    return render(
        request,
        "settings.html",
        principal=principal,
        providers=ProvidersOut.of(context.settings),
        engine_running=runtime.is_launched(),
        rows=rows,
        can_manage=principal.can(Permission.MANAGE_SETTINGS),
        writer_examples=WRITER_EXAMPLES,
        notice=notice,
        saved_brand=request.query_params.get("brand", "") if notice else "",
        status_code=status_code,
    )
