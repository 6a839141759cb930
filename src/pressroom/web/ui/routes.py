"""The studio's pages: sign in and out, the dashboard, the review queue and the piece
editor. Every change is a POST form carrying the session's CSRF token and calls the same
review service functions as the CLI and the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from pressroom.accounts import service as accounts
from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.contracts import utcnow
from pressroom.db.session import transaction
from pressroom.errors import ForbiddenError, PressroomError, UnauthenticatedError
from pressroom.review import service as review
from pressroom.review.schemas import ReviewDecision, ReviewOutcome
from pressroom.web.deps import ORGANIZATION_COOKIE, SESSION_COOKIE, app_context, request_trace_id
from pressroom.web.ui import views
from pressroom.web.ui.pages import (
    changing,
    check_csrf,
    redirect_to,
    render,
    set_studio_cookie,
    signed_in,
)

router = APIRouter(include_in_schema=False)

TextField = Annotated[str, Form(max_length=20_000)]
NOTICES = {
    "approved": "Approved {n} piece(s).",
    "rejected": "Rejected the piece.",
    "revised": "Sent the piece back for revision.",
    "saved": "Saved your edit as a new version.",
    "none": "Select at least one piece first.",
}
Decision = Callable[[Session, Principal], list[ReviewOutcome]]


# ── signing in and out ───────────────────────────────────────────────────────────────────


@router.get("/login")
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), error="", email="")


@router.post("/login")
def login(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password, start a browser session (an HttpOnly, SameSite=Lax cookie) and go
    where the person was headed. The form is pre-auth; a cross-site post is refused."""
    _require_same_origin(request)
    context = app_context(request)
    try:
        with transaction(context.session_factory) as session:
            user = accounts.authenticate(session, email=email, password=password)
            secret, _ = accounts.issue_token(session, user=user, kind="session", now=utcnow())
    except UnauthenticatedError as error:
        return render(
            request,
            "login.html",
            status_code=401,
            next=_safe_next(next),
            error=error.message,
            email=email,
        )
    return _with_session(RedirectResponse(_safe_next(next), status_code=303), secret, request)


def _with_session(response: Response, secret: str, request: Request) -> Response:
    """``response`` carrying a new browser session (an HttpOnly, SameSite=Lax cookie)."""
    set_studio_cookie(response, request, SESSION_COOKIE, secret)
    return response


@router.get("/join")
def join_page(request: Request, token: str = "") -> HTMLResponse:
    return render(request, "join.html", token=token, error="", name="")


@router.post("/join")
def join(
    request: Request,
    token: Annotated[str, Form(max_length=200)],
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    """Accept an invitation: a new user for the invited address (or, when the address has an
    account, that account with its password) joins the organization and is signed in."""
    _require_same_origin(request)
    try:
        with transaction(app_context(request).session_factory) as session:
            user, _ = accounts.accept_invitation(
                session, secret=token, name=name, password=password, now=utcnow()
            )
            secret, _ = accounts.issue_token(session, user=user, kind="session", now=utcnow())
    except PressroomError as error:
        return render(
            request,
            "join.html",
            status_code=error.status,
            token=token,
            error=" — ".join(part for part in (error.message, error.hint) if part),
            name=name,
        )
    return _with_session(RedirectResponse("/", status_code=303), secret, request)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()]) -> Response:
    with signed_in(request) as (session, principal):
        check_csrf(principal, csrf_token)
        accounts.revoke_token(session, secret=request.cookies[SESSION_COOKIE], now=utcnow())
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(ORGANIZATION_COOKIE, path="/")
    return response


# ── pages ────────────────────────────────────────────────────────────────────────────────


@router.get("/")
def dashboard_page(request: Request) -> HTMLResponse:
    now = utcnow()
    with signed_in(request) as (session, principal):
        board = views.dashboard(
            session,
            organization_id=principal.organization_id,
            can_review=principal.can(Permission.REVIEW),
            today=now.date(),
            default_model=app_context(request).settings.model,
            now=now,
        )
        return render(request, "dashboard.html", principal=principal, board=board)


@router.get("/review")
def review_page(request: Request, cursor: str | None = None) -> HTMLResponse:
    with signed_in(request) as (session, principal):
        brands = views.organization_brands(session, principal.organization_id)
        page = views.review_queue(session, brands, cursor=cursor)
        return render(
            request,
            "review.html",
            principal=principal,
            items=page.items,
            total=page.total_text,
            next_cursor=page.next_cursor,
            brand_names={brand.id: brand.name for brand in brands},
            can_review=principal.can(Permission.REVIEW),
            notice=_notice(request),
        )


@router.get("/pieces/{piece_id}")
def piece_page(request: Request, piece_id: str) -> HTMLResponse:
    settings = app_context(request).settings
    with signed_in(request) as (session, principal):
        piece = views.owned_piece(session, principal, piece_id)
        detail = review.show(session, piece_id=piece.id, words_per_second=settings.words_per_second)
        return render(
            request,
            "piece.html",
            principal=principal,
            detail=detail,
            brand_name=views.brand_name(session, piece.brand_id),
            preview=views.preview(detail, words_per_second=settings.words_per_second),
            rules=views.channel_rules(detail.channel, words_per_second=settings.words_per_second),
            can_review=principal.can(Permission.REVIEW),
            can_edit=principal.can(Permission.EDIT_CONTENT),
            notice=_notice(request),
        )


# ── decisions ────────────────────────────────────────────────────────────────────────────


@router.post("/review/approve")
def approve_selected(
    request: Request,
    csrf_token: Annotated[str, Form()],
    piece_ids: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Approve every selected piece in one transaction: all of them, or none."""
    chosen = list(dict.fromkeys(piece_ids or []))
    if not chosen:
        return redirect_to("/review", done="none")

    def decide(session: Session, principal: Principal) -> list[ReviewOutcome]:
        return [
            review.approve(
                session,
                piece_id=_owned(session, principal, piece_id),
                actor=principal.actor,
                trace_id=request_trace_id(request) or None,
            )
            for piece_id in chosen
        ]

    outcomes = _decide(request, csrf_token, Permission.REVIEW, decide)
    return redirect_to("/review", done="approved", n=len(outcomes))


@router.post("/pieces/{piece_id}/approve")
def approve_piece(
    request: Request,
    piece_id: str,
    csrf_token: Annotated[str, Form()],
    note: TextField = "",
    force: Annotated[bool, Form()] = False,
) -> Response:
    def decide(session: Session, principal: Principal) -> list[ReviewOutcome]:
        return [
            review.approve(
                session,
                piece_id=_owned(session, principal, piece_id),
                actor=principal.actor,
                trace_id=request_trace_id(request) or None,
                note=note,
                force=force,
            )
        ]

    _decide(request, csrf_token, Permission.REVIEW, decide)
    return redirect_to("/review", done="approved", n=1)


@router.post("/pieces/{piece_id}/reject")
def reject_piece(
    request: Request,
    piece_id: str,
    csrf_token: Annotated[str, Form()],
    reason: TextField = "",
) -> Response:
    def decide(session: Session, principal: Principal) -> list[ReviewOutcome]:
        return [
            review.reject(
                session,
                piece_id=_owned(session, principal, piece_id),
                actor=principal.actor,
                reason=reason,
                trace_id=request_trace_id(request) or None,
            )
        ]

    _decide(request, csrf_token, Permission.REVIEW, decide)
    return redirect_to("/review", done="rejected")


@router.post("/pieces/{piece_id}/revise")
def revise_piece(
    request: Request,
    piece_id: str,
    csrf_token: Annotated[str, Form()],
    feedback: TextField = "",
) -> Response:
    def decide(session: Session, principal: Principal) -> list[ReviewOutcome]:
        return [
            review.request_revision(
                session,
                piece_id=_owned(session, principal, piece_id),
                actor=principal.actor,
                feedback=feedback,
                trace_id=request_trace_id(request) or None,
            )
        ]

    _decide(request, csrf_token, Permission.REVIEW, decide)
    return redirect_to("/review", done="revised")


@router.post("/pieces/{piece_id}/edit")
def edit_piece(
    request: Request,
    piece_id: str,
    csrf_token: Annotated[str, Form()],
    text: TextField,
    expected_version: Annotated[int, Form()],
    note: TextField = "",
) -> Response:
    """Save the text as a new version (kind ``edit``), refused when someone saved a newer
    version since the page was loaded."""
    words_per_second = app_context(request).settings.words_per_second

    def decide(session: Session, principal: Principal) -> list[ReviewOutcome]:
        return [
            review.edit(
                session,
                piece_id=_owned(session, principal, piece_id),
                actor=principal.actor,
                trace_id=request_trace_id(request) or None,
                draft=text.replace("\r\n", "\n"),
                note=note,
                expected_version=expected_version,
                words_per_second=words_per_second,
            )
        ]

    _decide(request, csrf_token, Permission.EDIT_CONTENT, decide)
    return redirect_to(f"/pieces/{piece_id}", done="saved")


# ── plumbing ─────────────────────────────────────────────────────────────────────────────


def _decide(
    request: Request, csrf_token: str, permission: Permission, decide: Decision
) -> list[ReviewOutcome]:
    """Commit the decisions, then wake the workflows waiting for them."""
    with changing(request, csrf_token, permission) as (session, principal):
        outcomes = decide(session, principal)
    _wake_workflows(request, outcomes)
    return outcomes


def _wake_workflows(request: Request, outcomes: list[ReviewOutcome]) -> None:
    """Tell each decided piece's review gate, when the workflow engine runs in this process
    (``pressroom serve``); otherwise the gate reads the decision when the engine next runs."""
    decided = [o for o in outcomes if o.decision != ReviewDecision.EDITED]
    if not decided:
        return
    # Imported here: only decisions need the workflow engine, not the pages.
    from pressroom.workflows import runtime
    from pressroom.workflows.review_gate import notify_decision

    if not runtime.is_launched():
        return
    with transaction(app_context(request).session_factory) as session:
        pieces = [review.resolve_piece(session, piece_id=o.piece_id) for o in decided]
    for outcome, piece in zip(decided, pieces, strict=True):
        notify_decision(
            piece.id, str(outcome.decision), model=piece.writer, trace_id=piece.trace_id
        )


def _owned(session: Session, principal: Principal, piece_id: str) -> str:
    return views.owned_piece(session, principal, piece_id).id


def _require_same_origin(request: Request) -> None:
    """Refuse a sign-in posted from another site (login CSRF)."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise ForbiddenError(
            "sign-in forms from other sites are refused", hint="Sign in from the studio's page."
        )


def _safe_next(target: str) -> str:
    """Only a path of this site: never another origin (open redirect)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


def _notice(request: Request) -> str:
    """The line that confirms what the previous form did (fixed wording, never echoed)."""
    template = NOTICES.get(request.query_params.get("done", ""), "")
    count = request.query_params.get("n", "1")
    return template.format(n=int(count) if count.isdigit() else 1)
