"""``pressroom review``: the review queue from the terminal — list, show, approve, reject,
edit and ask for revisions. Every command calls ``pressroom.review.service``."""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import click
import typer
from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from sqlalchemy.orm import Session

from pressroom.brands import service as brands
from pressroom.cli.context import AppContext, opened_app
from pressroom.cli.media import Actor, AsJson, PieceId, media_table
from pressroom.cli.metrics import cli_actor
from pressroom.db.session import transaction
from pressroom.review import service
from pressroom.review.schemas import PieceDetail, QueueItem, ReviewDecision, ReviewOutcome

console = Console(highlight=False)

review_app = typer.Typer(
    name="review",
    help="Review pieces: list the queue, show one, approve, reject, edit or ask for a revision.",
    no_args_is_help=True,
)


# Which command leads to which status, for the "next" hint of `show`.
COMMAND_FOR_STATUS = {
    "approved": "approve",
    "rejected": "reject",
    "edited": "edit",
    "revision_requested": "revise",
}


def register(app: typer.Typer) -> None:
    """Add the ``review`` command group to ``app``."""
    app.add_typer(review_app)


def notify_workflow(context: AppContext, piece_id: str, decision: str) -> str | None:
    """Wake the workflow waiting for this piece's review, after the decision is committed,
    and wait until it has acted. Returns a line for the person, or None."""
    # Imported here: only decisions need the workflow engine, not list/show/edit.
    from pressroom.workflows import runtime
    from pressroom.workflows.review_gate import notify_decision

    with transaction(context.session_factory) as session:
        piece = service.resolve_piece(session, piece_id=piece_id)
        model, trace_id = piece.writer, piece.trace_id
    runtime.launch(context)
    settled = notify_decision(piece_id, decision, model=model, trace_id=trace_id)
    return describe_settled(settled)


def describe_settled(settled: dict[str, object] | None) -> str | None:
    """What the piece's workflow did with the decision, in words."""
    if settled is None:
        return "The decision is saved; its workflow will act on it when the engine next runs."
    action = settled.get("action")
    if action == "scheduled":
        when = datetime.fromisoformat(str(settled["schedule_at"]))
        zone = ZoneInfo(str(settled["timezone"]))
        local = when.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        line = f"Scheduled for {local} {zone.key} (publish job {str(settled['job_id'])[:8]})."
        if settled.get("published") and settled.get("location"):
            line += f" Due soon, so it is in the outbox now: {settled.get('location')}"
        elif settled.get("published"):
            line += " It is already published."
        return line
    if action == "wait":
        return "Regenerated with your feedback; it waits for review again."
    if action == "stop":
        return f"Its workflow has ended ({settled.get('status')})."
    return None


# ── commands ─────────────────────────────────────────────────────────────────────────────


@review_app.command("list")
def list_command(
    brand: Annotated[str | None, typer.Option("--brand", help="Only this brand (slug).")] = None,
    as_json: AsJson = False,
) -> None:
    """List the pieces waiting for a person, oldest first."""
    with opened_app() as context, transaction(context.session_factory) as session:
        brand_id = brands.get_brand(session, brand).id if brand else None
        items = service.queue(session, brand_id=brand_id)
    if as_json:
        typer.echo(json.dumps([item.model_dump(mode="json") for item in items], indent=2))
        return
    if not items:
        console.print("No pieces are waiting for review.")
        return
    console.print(_queue_table(items))


@review_app.command("show")
def show_command(piece_id: PieceId, as_json: AsJson = False) -> None:
    """Show one piece: text, measures against the channel's limits, score card, versions."""
    with opened_app() as context, transaction(context.session_factory) as session:
        detail = service.show(
            session, piece_id=piece_id, words_per_second=context.settings.words_per_second
        )
    if as_json:
        typer.echo(detail.model_dump_json(indent=2))
        return
    _print_detail(detail)


@review_app.command("approve")
def approve_command(
    piece_id: PieceId,
    note: Annotated[str, typer.Option("--note", help="A note kept with the approval.")] = "",
    force: Annotated[
        bool, typer.Option("--force", help="Approve even if the piece breaks channel rules.")
    ] = False,
    actor: Actor = None,
) -> None:
    """Approve the piece's current version; the waiting workflow schedules it."""
    _decide(
        lambda session: service.approve(
            session, piece_id=piece_id, actor=_actor(actor), trace_id=None, note=note, force=force
        )
    )


@review_app.command("reject")
def reject_command(
    piece_id: PieceId,
    # Checked by the service (not by click) so a missing reason is the same INVALID_INPUT
    # error with the same hint as an empty one.
    reason: Annotated[str, typer.Option("--reason", help="Why (required).")] = "",
    actor: Actor = None,
) -> None:
    """Reject the piece for good."""
    _decide(
        lambda session: service.reject(
            session, piece_id=piece_id, actor=_actor(actor), reason=reason, trace_id=None
        )
    )


@review_app.command("revise")
def revise_command(
    piece_id: PieceId,
    feedback: Annotated[
        str, typer.Option("--feedback", help="What to change (required); the writer reads it.")
    ] = "",
    actor: Actor = None,
) -> None:
    """Send the piece back to its writer with feedback; it is written again."""
    _decide(
        lambda session: service.request_revision(
            session, piece_id=piece_id, actor=_actor(actor), feedback=feedback, trace_id=None
        )
    )


@review_app.command("edit")
def edit_command(
    piece_id: PieceId,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Read the new text from FILE ('-' for standard input) instead of opening $EDITOR.",
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="A note kept with the edit.")] = "",
    actor: Actor = None,
) -> None:
    """Edit the piece's text (in $EDITOR, or from a file) and save it as a new version."""
    with opened_app() as context:
        with transaction(context.session_factory) as session:
            service.require_editable(session, piece_id=piece_id)
            detail = service.show(session, piece_id=piece_id)
        text = _read_edit(detail, file)
        if text is None:
            console.print("No changes; nothing saved.")
            return
        with transaction(context.session_factory) as session:
            outcome = service.edit(
                session,
                piece_id=detail.piece_id,
                actor=_actor(actor),
                trace_id=None,
                draft=text,
                note=note,
                expected_version=detail.version,
                words_per_second=context.settings.words_per_second,
            )
    _print_outcome(outcome)


# ── plumbing ─────────────────────────────────────────────────────────────────────────────


def _actor(given: str | None) -> str:
    return (given or "").strip() or cli_actor()


def _decide(decision: Callable[[Session], ReviewOutcome]) -> None:
    """Commit the decision, then wake the workflow waiting for it."""
    with opened_app() as context:
        with transaction(context.session_factory) as session:
            outcome = decision(session)
        _print_outcome(outcome)
        line = notify_workflow(context, outcome.piece_id, str(outcome.decision))
    if line:
        console.print(line)
    _end_engine()


def _end_engine() -> None:
    """A process that ran the engine ends at once (waiting workflows hold its threads)."""
    from pressroom.workflows import runtime

    if runtime.is_launched():
        runtime.exit_process(0)


def _read_edit(detail: PieceDetail, file: Path | None) -> str | None:
    """The edited text, or None when the person left the editor without saving a change."""
    if file is not None:
        return sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    edited = click.edit(detail.text, extension=".txt", require_save=True)
    if edited is None or edited.strip() == detail.text.strip():
        return None
    return edited


# ── rendering ────────────────────────────────────────────────────────────────────────────


def _short(piece_id: str) -> str:
    return piece_id[:8]


def _when(item: QueueItem | PieceDetail) -> str:
    return item.created_at.strftime("%Y-%m-%d %H:%M UTC")


def _queue_table(items: list[QueueItem]) -> Table:
    rows = [
        (
            _short(item.piece_id),
            item.channel,
            item.status + (f" ⚠ {item.problem_count}" if item.problem_count else ""),
            str(item.version),
            f"{item.score.composite:.2f} {item.score.decision}" if item.score else "—",
        )
        for item in items
    ]
    table = Table(title=f"Review queue ({len(items)})", title_justify="left", box=box.SIMPLE_HEAD)
    headers = ("id", "channel", "status", "v", "score")
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    for header, width in zip(headers, widths, strict=True):
        table.add_column(header, no_wrap=True, min_width=width)
    # The columns a reviewer acts on keep their width; the title and preview share the rest.
    spare = console.width - sum(widths) - 2 * (len(headers) + 2) - 2
    idea_width = max(8, min(30, spare // 3))
    table.add_column("idea", no_wrap=True, overflow="ellipsis", max_width=idea_width)
    table.add_column(
        "preview", no_wrap=True, overflow="ellipsis", max_width=max(8, spare - idea_width)
    )
    for row, item in zip(rows, items, strict=True):
        table.add_row(*row, escape(item.idea_title), escape(item.preview))
    return table


def _print_outcome(outcome: ReviewOutcome) -> None:
    verb = {
        ReviewDecision.APPROVED: "Approved",
        ReviewDecision.REJECTED: "Rejected",
        ReviewDecision.EDITED: "Saved",
        ReviewDecision.REVISION_REQUESTED: "Sent back for revision:",
    }[outcome.decision]
    console.print(
        f"{verb} piece {outcome.piece_id} (version {outcome.version}, now {outcome.status})."
    )
    if outcome.problems:
        console.print(
            f"[yellow]This version breaks {len(outcome.problems)} channel rule(s); "
            "it cannot be approved without --force:[/]"
        )
        for problem in outcome.problems:
            console.print(f"  • {escape(problem.message)}")


def _print_detail(detail: PieceDetail) -> None:
    console.print(_header(detail))
    console.print(Panel(Text(detail.text), title="Text", title_align="left"))
    console.print(_rules_table(detail))
    if detail.problems:
        console.print(f"[red]Breaks {len(detail.problems)} channel rule(s):[/]")
        for problem in detail.problems:
            where = f"{problem.path}: " if problem.path else ""
            console.print(f"  • {escape(where + problem.message)}")
    console.print(_score_panel(detail))
    if detail.assets:
        console.print(media_table(detail.assets, version=detail.version))
    if detail.media_state != "none":
        console.print(f"Media: {detail.media_state}")
    console.print(_versions_table(detail))
    changes = _changes_from_original(detail)
    if changes:
        console.print(Panel(Text(changes), title="Changes from the original", title_align="left"))
    if detail.reviews:
        console.print(_reviews_table(detail))
    console.print(_next_line(detail))


def _header(detail: PieceDetail) -> Panel:
    lines = [
        f"[bold]{escape(detail.idea_title)}[/]",
        f"status {detail.status} · version {detail.version} · written by "
        f"{escape(detail.writer_label)} · {detail.attempts} attempt(s)",
        f"hook ({detail.hook_type or '—'}): {escape(detail.idea_hook)}",
        f"created {_when(detail)} · trace {detail.trace_id}",
    ]
    return Panel(
        "\n".join(lines), title=f"{detail.channel_name} · {detail.piece_id}", title_align="left"
    )


def _rules_table(detail: PieceDetail) -> Table:
    table = Table(title="Measures and limits", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("measure", "value", "limit"):
        table.add_column(column)
    for name, value in detail.measures.items():
        limit = detail.limits.get(name, "")
        table.add_row(name.replace("_", " "), _format_value(value), limit)
    return table


def _format_value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(_format_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_format_value(v)}" for k, v in value.items())
    return str(value)


def _score_panel(detail: PieceDetail) -> Panel | Text:
    card = detail.score_card
    if card is None:
        return Text("Not scored yet.")
    table = Table.grid(padding=(0, 2))
    for name in ("brand_alignment", "predicted_engagement", "safety", "readability", "composite"):
        table.add_row(name.replace("_", " "), f"{getattr(card, name):.2f}")
    reasons = Text("\n".join(f"• {reason}" for reason in card.reasons) or "no reasons given")
    stale = (
        f" (scored version {card.piece_version}; current is {detail.version})"
        if card.piece_version != detail.version
        else ""
    )
    return Panel(
        Group(table, Text(""), reasons),
        title=f"Score card: {card.decision} {card.composite:.2f}{stale}",
        title_align="left",
    )


def _versions_table(detail: PieceDetail) -> Table:
    table = Table(title="Versions", title_justify="left")
    for column in ("v", "kind", "author", "created", ""):
        table.add_column(column)
    original = detail.original.version if detail.original else None
    for version in detail.versions:
        marks = [
            m
            for m, on in (
                ("original", version.version == original),
                ("current", version.version == detail.version),
            )
            if on
        ]
        table.add_row(
            str(version.version),
            version.kind,
            escape(version.author),
            version.created_at.strftime("%Y-%m-%d %H:%M"),
            ", ".join(marks),
        )
    return table


def _changes_from_original(detail: PieceDetail) -> str:
    if detail.original is None or detail.original.text == detail.text:
        return ""
    diff = difflib.unified_diff(
        detail.original.text.splitlines(),
        detail.text.splitlines(),
        fromfile=f"original (version {detail.original.version})",
        tofile=f"current (version {detail.version})",
        lineterm="",
    )
    return "\n".join(diff)


def _reviews_table(detail: PieceDetail) -> Table:
    table = Table(title="Reviews", title_justify="left")
    for column in ("when", "who", "decision", "v", "feedback"):
        table.add_column(column, overflow="fold")
    for review in detail.reviews:
        table.add_row(
            review.created_at.strftime("%Y-%m-%d %H:%M"),
            escape(review.actor),
            review.decision,
            str(review.piece_version),
            escape(review.feedback),
        )
    return table


def _next_line(detail: PieceDetail) -> str:
    commands = [COMMAND_FOR_STATUS[s] for s in detail.next_statuses if s in COMMAND_FOR_STATUS]
    if not commands:
        return f"No review decision is possible: the piece is {detail.status}."
    short = _short(detail.piece_id)
    return "Next: " + " · ".join(f"pressroom review {c} {short}" for c in commands)
