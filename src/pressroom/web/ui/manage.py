"""The studio's management pages: a brand's settings and trend sources, its prompt profiles,
the organization's audit log and its members.

Every member may read them; each POST form carries the session's CSRF token, needs its
permission, and calls the same services as the CLI and the API. Another organization's brand
answers 404, exactly as one that does not exist."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from pressroom.accounts import service as accounts
from pressroom.accounts.roles import Permission, Role
from pressroom.accounts.service import Principal
from pressroom.audit import repository as audit
from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.brands.schemas import DEFAULT_WEIGHTS, HEX_COLOR, BrandSpec
from pressroom.contracts import utcnow
from pressroom.errors import InvalidInputError, NotFoundError
from pressroom.learning import service as learning
from pressroom.learning.models import PromptProfileRecord
from pressroom.learning.schemas import ProfileStatus, settings_diff
from pressroom.learning.strategy import WritingStrategy
from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.trends import service as trends
from pressroom.web.api.pagination import (
    decode_cursor,
    decode_moment_cursor,
    encode_cursor,
    moment_cursor,
)
from pressroom.web.api.trends import SourceIn
from pressroom.web.deps import owned, request_trace_id
from pressroom.web.ui.pages import changing, redirect_to, render, signed_in
from pressroom.web.ui.views import organization_brands

router = APIRouter(include_in_schema=False)

TextField = Annotated[str, Form(max_length=20_000)]
AUDIT_PAGE = 50
MEMBERS_PAGE = 100
POLICIES = {"manual": "Manual: a person approves every piece", "auto_approve": "Auto-approve"}
NOTICES = {
    "brand-saved": "Saved the brand's settings.",
    "brand-unchanged": "Nothing changed.",
    "source-added": "Added the feed.",
    "profile-approved": "Approved: the next runs write with this version.",
    "profile-rejected": "Rejected: runs keep the current strategy.",
    "role-changed": "Changed the member's role.",
    "member-removed": "Removed the member.",
}


# ── brands ───────────────────────────────────────────────────────────────────────────────


@dataclass
class BrandForm:
    """The brand form as typed (text, so nothing is lost on a mistake) and the problems
    found per field (``form`` for those about no field of the form)."""

    guidelines: str
    voice_examples: str
    palette: str
    channels: list[str]
    approval_policy: str
    timezone: str
    score_weights: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, brand: Brand) -> BrandForm:
        return cls(
            guidelines=brand.guidelines,
            voice_examples="\n".join(brand.voice_examples),
            palette="\n".join(brand.palette),
            channels=list(brand.channels),
            approval_policy=brand.approval_policy,
            timezone=brand.timezone,
            score_weights={
                name: repr(float(value)) for name, value in _weights(brand.score_weights).items()
            },
        )

    @property
    def colors(self) -> list[str]:
        return [color for color in _entries(self.palette) if HEX_COLOR.match(color)]

    def problem(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def spec(self, brand: Brand) -> BrandSpec | None:
        """The brand with this form's values, validated by ``BrandSpec``; ``None`` (and
        every problem noted by field) when anything is wrong."""
        data: dict[str, Any] = {
            name: getattr(brand, name) for name in BrandSpec.model_fields if hasattr(brand, name)
        }
        data.update(
            guidelines=self.guidelines.replace("\r\n", "\n").strip(),
            voice_examples=_lines(self.voice_examples),
            channels=self.channels,
            approval_policy=self.approval_policy,
            timezone=self.timezone.strip(),
        )
        data.update(self._palette(), **self._score_weights())
        try:
            spec = BrandSpec.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                name = str(error["loc"][0]) if error["loc"] else "form"
                message = str(error["msg"]).removeprefix("Value error, ")
                where = ("" if name in FORM_FIELDS else f"{name}: ") + message
                self.problem(name if name in FORM_FIELDS else "form", where)
            return None
        return None if self.errors else spec

    def _palette(self) -> dict[str, list[str]]:
        colors = _entries(self.palette)
        bad = [color for color in colors if not HEX_COLOR.match(color)]
        if bad:
            self.problem("palette", f"not hex colors like #1F5FBF: {', '.join(bad)}")
            return {}
        return {"palette": colors}

    def _score_weights(self) -> dict[str, dict[str, float]]:
        """The weights typed; none sent keeps the stored ones."""
        weights: dict[str, float] = {}
        for name, raw in self.score_weights.items():
            try:
                weights[name] = float(raw)
            except ValueError:
                self.problem("score_weights", f"{name.replace('_', ' ')}: {raw!r} is not a number")
        if not weights or "score_weights" in self.errors:
            return {}
        return {"score_weights": weights}


FORM_FIELDS = {
    "guidelines",
    "voice_examples",
    "palette",
    "channels",
    "approval_policy",
    "timezone",
    "score_weights",
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _entries(text: str) -> list[str]:
    """Palette entries, one a line or separated by commas or spaces."""
    return [entry for entry in re.split(r"[\s,]+", text) if entry]


def _weights(stored: dict[str, Any]) -> dict[str, Any]:
    """Every known score weight (the defaults for missing ones), then any others stored."""
    return {**DEFAULT_WEIGHTS, **stored}


@router.get("/brands")
def brands_page(request: Request) -> HTMLResponse:
    with signed_in(request) as (session, principal):
        listed = organization_brands(session, principal.organization_id)
        return render(request, "brands.html", principal=principal, brands=listed)


@router.get("/brands/{brand_id}")
def brand_page(request: Request, brand_id: str) -> HTMLResponse:
    with signed_in(request) as (session, principal):
        brand = owned_brand(session, principal, brand_id)
        return _brand_page(request, session, principal, brand, form=BrandForm.of(brand))


@router.post("/brands/{brand_id}")
def save_brand(
    request: Request,
    brand_id: str,
    csrf_token: Annotated[str, Form()],
    guidelines: TextField = "",
    voice_examples: TextField = "",
    palette: Annotated[str, Form(max_length=2_000)] = "",
    channels: Annotated[list[str] | None, Form()] = None,
    approval_policy: Annotated[str, Form(max_length=50)] = "",
    timezone: Annotated[str, Form(max_length=100)] = "",
    weight_names: Annotated[list[str] | None, Form()] = None,
    weights: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Validate the form through ``BrandSpec`` and save it; on a mistake, the form again
    with every problem beside its field and everything as typed."""
    with changing(request, csrf_token, Permission.MANAGE_BRANDS) as (session, principal):
        brand = owned_brand(session, principal, brand_id)
        form = BrandForm(
            guidelines=guidelines,
            voice_examples=voice_examples,
            palette=palette,
            channels=list(dict.fromkeys(channels or [])),
            approval_policy=approval_policy,
            timezone=timezone,
            score_weights=dict(zip(weight_names or [], weights or [], strict=False)),
        )
        spec = form.spec(brand)
        if spec is None:
            return _brand_page(request, session, principal, brand, form=form, status_code=422)
        values = spec.model_dump(include=FORM_FIELDS)
        changed = any(getattr(brand, name) != value for name, value in values.items())
        brands.upsert_brand(
            session,
            spec=spec,
            actor=principal.actor,
            trace_id=request_trace_id(request),
            organization_id=principal.organization_id,
        )
    return redirect_to(f"/brands/{brand_id}", done="brand-saved" if changed else "brand-unchanged")


@router.post("/brands/{brand_id}/sources")
def add_source(
    request: Request,
    brand_id: str,
    csrf_token: Annotated[str, Form()],
    url: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Add an http(s) feed, checked exactly as the API checks it (never a server path)."""
    with changing(request, csrf_token, Permission.EDIT_CONTENT) as (session, principal):
        brand = owned_brand(session, principal, brand_id)
        try:
            source = SourceIn.model_validate({"url": url})
        except ValidationError as exc:
            problem = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            private = "private network" in problem
            return _brand_page(
                request,
                session,
                principal,
                brand,
                form=BrandForm.of(brand),
                source_url=url,
                source_error=problem.capitalize() + "."
                if private
                else "Give the http(s) URL of an RSS or Atom feed.",
                status_code=422,
            )
        trends.add_feed(
            session,
            brand=brand,
            url=source.url,
            actor=principal.actor,
            trace_id=request_trace_id(request),
        )
    return redirect_to(f"/brands/{brand_id}", done="source-added")


def _brand_page(
    request: Request,
    session: Session,
    principal: Principal,
    brand: Brand,
    *,
    form: BrandForm,
    source_url: str = "",
    source_error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "brand.html",
        principal=principal,
        status_code=status_code,
        brand=brand,
        form=form,
        channels=list(CHANNEL_RULES.values()),
        policies=POLICIES,
        sources=trends.list_sources(session, brand=brand),
        voice=brands.voice_profile(brand),
        profiles=list(learning.list_profiles(session, brand_id=brand.id)),
        source_url=source_url,
        source_error=source_error,
        can_manage=principal.can(Permission.MANAGE_BRANDS),
        can_edit=principal.can(Permission.EDIT_CONTENT),
        notice=_notice(request),
    )


def owned_brand(session: Session, principal: Principal, brand_id: str) -> Brand:
    """The brand when it is the organization's; otherwise 404."""
    return owned(
        session, principal, Brand, brand_id, noun="brand", hint="The brands page lists yours."
    )


# ── prompt profiles ──────────────────────────────────────────────────────────────────────


@router.get("/brands/{brand_id}/profiles")
def profiles_page(request: Request, brand_id: str) -> HTMLResponse:
    with signed_in(request) as (session, principal):
        brand = owned_brand(session, principal, brand_id)
        records = learning.list_profiles(session, brand_id=brand.id)
        active, _ = learning.active_strategy(session, brand_id=brand.id)
        return render(
            request,
            "profiles.html",
            principal=principal,
            brand=brand,
            profiles=records,
            active=active,
        )


@router.get("/brands/{brand_id}/profiles/{version}")
def profile_page(request: Request, brand_id: str, version: int) -> HTMLResponse:
    with signed_in(request) as (session, principal):
        brand = owned_brand(session, principal, brand_id)
        record = learning.get_profile(session, brand_id=brand.id, version=version)
        return render(
            request,
            "profile.html",
            principal=principal,
            brand=brand,
            profile=record,
            diff=_diff(session, record),
            pending=record.status == ProfileStatus.APPROVAL_REQUIRED,
            can_approve=principal.can(Permission.APPROVE_PROFILES),
            notice=_notice(request),
        )


def _diff(session: Session, record: PromptProfileRecord) -> list[dict[str, str]]:
    """Setting by setting against the previous version (the neutral default for the first)."""
    previous = (
        learning.get_profile(session, brand_id=record.brand_id, version=record.previous_version)
        if record.previous_version is not None
        else None
    )
    before = previous.settings if previous else WritingStrategy().model_dump(mode="json")
    return [
        {"path": change.path, "before": _shown(change.before), "after": _shown(change.after)}
        for change in settings_diff(before, record.settings)
    ]


def _shown(value: Any) -> str:
    return "—" if value is None else json.dumps(value, ensure_ascii=False)


@router.post("/brands/{brand_id}/profiles/{version}/{decision}")
def decide_profile(
    request: Request, brand_id: str, version: int, decision: str, csrf_token: Annotated[str, Form()]
) -> Response:
    if decision not in ("approve", "reject"):
        raise NotFoundError("there is no page here")
    with changing(request, csrf_token, Permission.APPROVE_PROFILES) as (session, principal):
        learning.decide_profile(
            session,
            brand=owned_brand(session, principal, brand_id),
            version=version,
            approve=decision == "approve",
            actor=principal.actor,
            trace_id=request_trace_id(request),
        )
    done = "profile-approved" if decision == "approve" else "profile-rejected"
    return redirect_to(f"/brands/{brand_id}/profiles/{version}", done=done)


# ── the audit log ────────────────────────────────────────────────────────────────────────


@router.get("/audit")
def audit_page(request: Request, entity_type: str = "", cursor: str | None = None) -> HTMLResponse:
    if entity_type and entity_type not in audit.SCOPED_ENTITY_TYPES:
        raise InvalidInputError(
            f"unknown entity type {entity_type!r}", hint="Pick one from the filter's list."
        )
    with signed_in(request) as (session, principal):
        events = audit.organization_events(
            session,
            organization_id=principal.organization_id,
            entity_type=entity_type or None,
            before=decode_moment_cursor(cursor) if cursor else None,
            limit=AUDIT_PAGE + 1,
        )
        shown = events[:AUDIT_PAGE]
        last = shown[-1] if len(events) > AUDIT_PAGE else None
        return render(
            request,
            "audit.html",
            principal=principal,
            events=shown,
            entity_type=entity_type,
            entity_types=audit.SCOPED_ENTITY_TYPES,
            next_cursor=moment_cursor(last.created_at, last.id) if last else None,
            shown=_shown,
        )


# ── members ──────────────────────────────────────────────────────────────────────────────


@router.get("/members")
def members_page(request: Request, cursor: str | None = None) -> HTMLResponse:
    with signed_in(request) as (session, principal):
        return _members_page(request, session, principal, cursor=cursor)


@router.post("/members/invite")
def invite_member(
    request: Request,
    csrf_token: Annotated[str, Form()],
    email: Annotated[str, Form(max_length=320)],
    role: Annotated[str, Form(max_length=20)],
) -> Response:
    """Invite someone; the page answering shows the invitation's token, once (only its
    digest is kept)."""
    with changing(request, csrf_token, Permission.MANAGE_MEMBERS) as (session, principal):
        try:
            secret, invitation = accounts.invite(
                session, inviter=principal, email=email, role=role, now=utcnow()
            )
        except InvalidInputError as error:
            invite = {"email": email, "role": role, "error": error.message}
            return _members_page(request, session, principal, invite=invite, status_code=422)
        created = {"email": invitation.email, "role": invitation.role, "token": secret}
        return _members_page(request, session, principal, invitation=created)


@router.post("/members/{user_id}/role")
def change_role(
    request: Request,
    user_id: str,
    csrf_token: Annotated[str, Form()],
    role: Annotated[str, Form(max_length=20)],
) -> Response:
    with changing(request, csrf_token, Permission.MANAGE_MEMBERS) as (session, principal):
        accounts.change_role(session, changer=principal, user_id=user_id, role=role)
    return redirect_to("/members", done="role-changed")


@router.post("/members/{user_id}/remove")
def remove_member(request: Request, user_id: str, csrf_token: Annotated[str, Form()]) -> Response:
    with changing(request, csrf_token, Permission.MANAGE_MEMBERS) as (session, principal):
        accounts.remove_member(session, remover=principal, user_id=user_id)
    return redirect_to("/members", done="member-removed")


def _members_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    cursor: str | None = None,
    invitation: dict[str, str] | None = None,
    invite: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    after = str(decode_cursor(cursor, parts=1)[0]) if cursor else None
    rows = accounts.members(
        session,
        organization_id=principal.organization_id,
        after_email=after,
        limit=MEMBERS_PAGE + 1,
    )
    shown = rows[:MEMBERS_PAGE]
    more = len(rows) > MEMBERS_PAGE
    return render(
        request,
        "members.html",
        principal=principal,
        status_code=status_code,
        members=shown,
        next_cursor=encode_cursor(shown[-1][1].email) if more else None,
        roles=_grantable_roles(principal),
        can_manage=principal.can(Permission.MANAGE_MEMBERS),
        invitation=invitation,
        base_url=str(request.base_url),
        invite=invite or {"email": "", "role": Role.EDITOR.value, "error": ""},
        notice=_notice(request),
    )


def _grantable_roles(principal: Principal) -> list[str]:
    """The roles this person may give: all of them for an owner, all but owner otherwise."""
    owner = principal.can(Permission.MANAGE_ORGANIZATION)
    return [role.value for role in Role if owner or role != Role.OWNER]


# ── plumbing ─────────────────────────────────────────────────────────────────────────────


def _notice(request: Request) -> str:
    """The line confirming what the previous form did (fixed wording, never echoed)."""
    return NOTICES.get(request.query_params.get("done", ""), "")
