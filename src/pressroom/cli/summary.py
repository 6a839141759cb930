"""Rendering a run summary in the terminal (or as JSON)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pressroom.runs.summary import RunSummary

STATUS_STYLE = {
    "completed": "green",
    "waiting_for_review": "yellow",
    "completed_with_errors": "yellow",
    "failed": "red",
    "running": "cyan",
}


def print_summary(summary: RunSummary, *, console: Console, as_json: bool = False) -> None:
    if as_json:
        console.print_json(summary.model_dump_json())
        return
    style = STATUS_STYLE.get(summary.status, "white")
    console.print(
        f"\n[bold]Run[/] {summary.run_id}  [{style}]{summary.status}[/]  "
        f"writer: {summary.writer}"
        + (
            f"  prompt profile v{summary.prompt_profile_version}"
            if summary.prompt_profile_version
            else ""
        )
    )
    console.print(f"\n[bold]Ideas[/] ({len(summary.ideas)})")
    for idea in summary.ideas:
        console.print(f"  {idea['slot']}. {idea['title']}  [dim]({idea['hook_type']})[/]")
    table = Table(title="Pieces", show_lines=False)
    languages = any(line.language != "en" for line in summary.pieces)
    variants = languages or any(line.tone for line in summary.pieces)
    columns = ("idea", "channel", "variant", "status", "score", "decision", "scheduled (UTC)", "id")
    for column in columns if variants else [c for c in columns if c != "variant"]:
        table.add_column(column)
    for line in summary.pieces:
        said = [line.tone or "brand voice", line.language if languages else ""]
        variant = [" ".join(filter(None, said))] if variants else []
        table.add_row(
            str(line.idea_slot),
            line.channel,
            *variant,
            line.status,
            f"{line.composite:.2f}" if line.composite is not None else "—",
            line.decision or "—",
            line.schedule_at[5:16].replace("T", " ") if line.schedule_at else "—",
            line.piece_id[:8],
        )
    console.print(table)
    per_channel = ", ".join(
        f"{channel}: " + " ".join(f"{n} {status}" for status, n in counts.items())
        for channel, counts in summary.pieces_per_channel.items()
    )
    console.print(f"[bold]Per channel[/]  {per_channel}")
    if summary.waiting_for_review:
        console.print(
            f"[yellow]{len(summary.waiting_for_review)} piece(s) wait for review[/]"
            " — see `pressroom review list`"
        )
    else:
        console.print("Nothing waits for review.")
    console.print(f"[bold]Published to the outbox[/] {len(summary.published)}")
    for path in summary.published:
        console.print(f"  {path}")
    for error in summary.errors:
        console.print(
            f"[red]error[/] [{error.get('code')}] {error.get('stage')}: "
            f"{error.get('message')} ({error.get('item')})"
        )
    media = summary.media
    if media.get("assets_ready") or media.get("assets_failed"):
        failed = int(media["assets_failed"])
        console.print(
            f"[bold]Media[/] {int(media['assets_ready'])} asset(s) rendered"
            + (f", [red]{failed} failed[/] — see `pressroom media list`" if failed else "")
        )
    costs = summary.costs
    renders = int(media.get("calls", 0))
    console.print(
        f"[bold]Cost[/] {int(costs['calls']) - renders} writer call(s), "
        f"{int(costs['input_tokens'])}+{int(costs['output_tokens'])} tokens"
        + (f", {renders} render(s) and media call(s)" if renders else "")
        + f", ${costs['usd']:.4f}"
    )
    console.print("[bold]Files[/]")
    for name, where in summary.files.items():
        console.print(f"  {name}: {where}")
