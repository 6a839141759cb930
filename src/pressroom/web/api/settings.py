"""Settings: the installation's providers (read-only here: they come from the environment,
docs/CONFIGURATION.md) and each brand's schedule and writer (changeable)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request
from pydantic import BaseModel, Field

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.brands import repository as brand_queries
from pressroom.config import Settings
from pressroom.contracts import utcnow
from pressroom.plugins.manager import publisher_factories, writer_factories
from pressroom.schedules import service as schedules
from pressroom.schedules.schemas import (
    DEFAULT_LEARN_TIME,
    DEFAULT_RUN_TIME,
    BrandSettings,
    SettingsChange,
)
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_cursor,
    encode_cursor,
    page_of,
)
from pressroom.web.deps import (
    CurrentPrincipal,
    DbSession,
    TraceId,
    app_context,
    owned_brand,
    requires,
)
from pressroom.workflows import runtime

router = APIRouter(prefix="/settings", tags=["settings"])


class ProvidersOut(BaseModel):
    """Where writing and publishing go. Set in the environment (`PRESSROOM_*`); secrets are
    never shown, only whether they are set."""

    default_model: str = Field(description="The writer of brands that name none.")
    writers: list[str] = Field(description="Installed writer providers (`builtin`, …).")
    publishers: list[str] = Field(description="Installed publishing connectors.")
    openai_base_url: str
    openai_api_key_set: bool
    openai_structured_output: str
    llm_timeout_seconds: float
    llm_max_retries: int
    llm_concurrency: int
    max_repair_attempts: int

    @classmethod
    def of(cls, settings: Settings) -> ProvidersOut:
        return cls(
            default_model=settings.model,
            writers=sorted(writer_factories()),
            publishers=sorted(publisher_factories()),
            openai_base_url=settings.openai_base_url,
            openai_api_key_set=settings.openai_api_key is not None,
            openai_structured_output=settings.openai_structured_output,
            llm_timeout_seconds=settings.llm_timeout_seconds,
            llm_max_retries=settings.llm_max_retries,
            llm_concurrency=settings.llm_concurrency,
            max_repair_attempts=settings.max_repair_attempts,
        )


class ScheduleDefaults(BaseModel):
    run_time: str = DEFAULT_RUN_TIME
    learn_time: str = DEFAULT_LEARN_TIME


class SettingsOut(BaseModel):
    """The installation's providers, whether this process runs the workflow engine (and so
    keeps the schedules), and the schedule a brand has until someone changes it."""

    providers: ProvidersOut
    engine_running: bool
    schedule_defaults: ScheduleDefaults


@router.get("", summary="The installation's providers and schedule defaults")
def get_settings(request: Request, principal: CurrentPrincipal) -> SettingsOut:
    return SettingsOut(
        providers=ProvidersOut.of(app_context(request).settings),
        engine_running=runtime.is_launched(),
        schedule_defaults=ScheduleDefaults(),
    )


@router.get("/brands", summary="Each brand's schedule and writer")
def list_brand_settings(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[BrandSettings]:
    after = str(decode_cursor(cursor, parts=1)[0]) if cursor else None
    rows = brand_queries.brands_page(
        session, organization_id=principal.organization_id, after_slug=after, limit=limit + 1
    )
    stored = schedules.schedules_of(session, [brand.id for brand in rows[:limit]])
    default_model = app_context(request).settings.model
    now = utcnow()
    return page_of(
        rows,
        limit=limit,
        item=lambda brand: schedules.settings_of(
            brand, stored.get(brand.id), default_model=default_model, now=now
        ),
        cursor=lambda shown: encode_cursor(shown.brand_slug),
    )


@router.get("/brands/{brand_id}", summary="One brand's schedule and writer")
def get_brand_settings(
    brand_id: str, request: Request, session: DbSession, principal: CurrentPrincipal
) -> BrandSettings:
    brand = owned_brand(session, principal, brand_id)
    return schedules.brand_settings(
        session, brand, default_model=app_context(request).settings.model, now=utcnow()
    )


@router.patch("/brands/{brand_id}", summary="Change a brand's schedule or writer")
def change_brand_settings(
    brand_id: str,
    change: SettingsChange,
    request: Request,
    background: BackgroundTasks,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.MANAGE_SETTINGS)],
) -> BrandSettings:
    brand = owned_brand(session, principal, brand_id)
    changed = schedules.change_settings(
        session,
        brand,
        change,
        actor=principal.actor,
        trace_id=trace_id,
        default_model=app_context(request).settings.model,
        now=utcnow(),
    )
    wake_schedule_keeper(request, background)
    return changed


def wake_schedule_keeper(request: Request, background: BackgroundTasks) -> None:
    """After the response (so after the commit), have this process's schedule keeper apply
    the change now; without one here, a worker's keeper applies it within its interval."""
    keeper = getattr(request.app.state, "schedule_keeper", None)
    if keeper is not None:
        background.add_task(keeper.wake)
