"""``pressroom media``: a piece's rendered media from the terminal — list them, render them
now, approve or reject them, and export them for posting. Every command calls
``pressroom.media.service``; a piece id may be a unique prefix, as in ``pressroom review``."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session

from pressroom.cli.context import AppContext, open_app, opened_app
from pressroom.cli.engine import run_and_exit
from pressroom.cli.metrics import cli_actor
from pressroom.db.session import transaction
from pressroom.errors import InvalidInputError, NotFoundError
from pressroom.media import service as media
from pressroom.media.models import Asset
from pressroom.media.schemas import AssetView
from pressroom.media.spec import Aspect
from pressroom.media.storage import AssetStore, asset_store, storage_error
from pressroom.review import service as review
from pressroom.writing.models import Piece

console = Console(highlight=False)
# Progress goes to standard error, so `--json` output on standard output stays parseable.
progress_console = Console(stderr=True, highlight=False)

media_app = typer.Typer(
    name="media",
    help="A piece's media: list, render, approve, reject or export its images and videos.",
    no_args_is_help=True,
)

# Shared with `pressroom review`.
PieceId = Annotated[
    str, typer.Argument(help="The piece id, or a unique prefix of it (at least 6 characters).")
]
Actor = Annotated[
    str | None,
    typer.Option("--as", help="Who decides (default: the USER environment variable, or cli)."),
]
Note = Annotated[str, typer.Option("--note", help="A note kept with the decision.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class ListedAsset(AssetView):
    """An asset as ``pressroom media list`` shows it: with the local file holding it."""

    path: str | None


class MediaListing(BaseModel):
    """A piece's assets and where its media stand for its current version."""

    piece_id: str
    channel: str
    version: int
    media_state: str
    assets: list[ListedAsset]


def register(app: typer.Typer) -> None:
    """Add the ``media`` command group to ``app``."""
    app.add_typer(media_app)


# ── commands ─────────────────────────────────────────────────────────────────────────────


@media_app.command("list")
def list_command(piece_id: PieceId, as_json: AsJson = False) -> None:
    """List the piece's assets: shape, status, review, size, provider, file or error."""
    with opened_app() as context, transaction(context.session_factory) as session:
        piece = review.resolve_piece(session, piece_id=piece_id)
        listing = listing_of(session, piece=piece, store=asset_store(context.settings))
    if as_json:
        typer.echo(listing.model_dump_json(indent=2))
        return
    _print_listing(listing)


@media_app.command("render")
def render_command(
    piece_id: PieceId,
    aspect: Annotated[
        list[Aspect] | None,
        typer.Option(
            "--aspect",
            help="Also render the video natively in this shape (1:1 or 16:9); repeatable.",
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Render the piece's media now (every planned asset, and its video in more shapes)."""
    shapes = list(aspect or [])
    context = open_app()
    with _disposed_on_error(context), transaction(context.session_factory) as session:
        piece = review.resolve_piece(session, piece_id=piece_id)
        specs = media.renderable(piece, aspects=shapes)
        found = piece.id
    run_and_exit(
        lambda app: _render(app, found, shapes, count=len(specs), as_json=as_json), app=context
    )


@media_app.command("approve")
def approve_command(piece_id: PieceId, note: Note = "", actor: Actor = None) -> None:
    """Approve the piece's current media; its waiting workflow acts on the decision."""
    _decide(piece_id, "approved", note=note, actor=actor)


@media_app.command("reject")
def reject_command(piece_id: PieceId, note: Note = "", actor: Actor = None) -> None:
    """Reject the piece's current media; it waits until they are rendered and approved."""
    _decide(piece_id, "rejected", note=note, actor=actor)


@media_app.command("export")
def export_command(
    piece_id: PieceId,
    directory: Annotated[
        Path, typer.Argument(help="The folder to copy the files into (created if missing).")
    ],
) -> None:
    """Copy the piece's current media into a folder, named as posted (slide-02-4x5.png)."""
    with opened_app() as context, transaction(context.session_factory) as session:
        piece = review.resolve_piece(session, piece_id=piece_id)
        files = media.publishable(session, piece=piece)
        found, version = piece.id, piece.version
        store = asset_store(context.settings)
        if not files:
            raise InvalidInputError(
                f"piece {found} has no rendered media for version {version}",
                hint=f"Render them first: pressroom media render {found[:8]}.",
            )
        written = [_export(store, key, directory / name) for key, name in files]
    for path in written:
        console.print(str(path))


# ── shared with `pressroom review show` ──────────────────────────────────────────────────


def media_table(
    assets: Sequence[AssetView], *, version: int, paths: dict[str, str] | None = None
) -> Table:
    """The assets as a table: what, shape, status (with the piece version of one rendered
    before ``version``), review, size, duration, provider, error and warnings; with
    ``paths`` (asset id → file) also cost and file."""
    table = Table(title=f"Media ({len(assets)})", title_justify="left", box=box.SIMPLE_HEAD)
    columns = ["asset", "shape", "status", "review", "size", "duration", "provider"]
    columns += ["cost", "file"] if paths is not None else []
    for column in [*columns, "error", "warnings"]:
        wide = column in ("file", "error", "warnings")
        table.add_column(column, overflow="fold" if wide else "ellipsis", no_wrap=not wide)
    for asset in assets:
        cells = [
            asset.role + (f" {asset.position}" if asset.position else ""),
            asset.aspect,
            asset.status + (f" (v{asset.piece_version})" if asset.piece_version != version else ""),
            asset.review_status,
            _size(asset.size_bytes) if asset.status == "ready" else "—",
            f"{asset.duration_seconds:.1f} s" if asset.duration_seconds else "—",
            asset.provider or "—",
        ]
        if paths is not None:
            cells += [f"${asset.cost_usd:.2f}", paths.get(asset.id, "—")]
        cells += [_error(asset), "; ".join(str(w) for w in asset.meta.get("warnings", []))]
        table.add_row(*(escape(cell) for cell in cells))
    return table


def listing_of(session: Session, *, piece: Piece, store: AssetStore) -> MediaListing:
    """The piece's assets with the local file of each ready one."""
    return MediaListing(
        piece_id=piece.id,
        channel=piece.channel,
        version=piece.version,
        media_state=media.state(session, piece=piece).value,
        assets=[
            ListedAsset(**AssetView.model_validate(row).model_dump(), path=_path(store, row))
            for row in media.current_assets(session, piece=piece)
        ],
    )


# ── plumbing ─────────────────────────────────────────────────────────────────────────────


@contextmanager
def _disposed_on_error(context: AppContext) -> Iterator[None]:
    """Before the engine starts, a failing command closes its database itself (once the
    engine runs, ``run_and_exit`` ends the process)."""
    try:
        yield
    except BaseException:
        context.engine.dispose()
        raise


def _render(
    app: AppContext, piece_id: str, aspects: list[Aspect], *, count: int, as_json: bool
) -> int:
    """Render on the engine's render queue (the piece's gate is woken after), then show the
    assets. Exit code 1 when an asset failed (the failure is recorded on the asset)."""
    from pressroom.workflows.render import render_on_request

    shapes = [a.value for a in aspects]
    with progress_console.status(f"Rendering {count} asset(s) of piece {piece_id[:8]}…"):
        result = render_on_request(piece_id=piece_id, aspects=shapes)
    with transaction(app.session_factory) as session:
        piece = session.get_one(Piece, piece_id)
        listing = listing_of(session, piece=piece, store=asset_store(app.settings))
    failed = [r for r in result["assets"] if r.get("status") == "failed"]
    settled = result.get("settled")
    if as_json:
        rendered = {"rendered": result["assets"], "settled": settled}
        typer.echo(json.dumps({**rendered, **listing.model_dump(mode="json")}, indent=2))
    else:
        _print_listing(listing)
        console.print(f"Rendered {len(result['assets']) - len(failed)} of {len(result['assets'])}.")
        console.print(describe_media_gate(settled))
    return 1 if failed else 0


def _decide(piece_id: str, decision: str, *, note: str, actor: str | None) -> None:
    """Record the decision (audited), then wake the piece's workflow with it."""
    context = open_app()
    with _disposed_on_error(context), transaction(context.session_factory) as session:
        piece = review.resolve_piece(session, piece_id=piece_id)
        assets = media.decide_media(
            session,
            piece=piece,
            decision=decision,
            actor=(actor or "").strip() or cli_actor(),
            trace_id=piece.trace_id,
            note=note,
        )
        found, version, writer, trace_id = piece.id, piece.version, piece.writer, piece.trace_id
    verb = "Approved" if decision == "approved" else "Rejected"
    console.print(f"{verb} {len(assets)} asset(s) of piece {found} (version {version}).")

    def notify(_: AppContext) -> int:
        from pressroom.workflows.review_gate import notify_decision

        settled = notify_decision(found, "media", model=writer, trace_id=trace_id)
        console.print(describe_media_gate(settled))
        return 0

    run_and_exit(notify, app=context)


def describe_media_gate(settled: dict[str, Any] | None) -> str:
    """What the piece's workflow did once told about its media, in words."""
    # Imported here: `pressroom review show` imports this module for its media table.
    from pressroom.cli.review import describe_settled

    if settled is not None and settled.get("action") == "wait":
        waits_for = {
            "needs_review": "its media to be approved",
            "failed": "a person: some of its media failed to render",
            "pending": "its media to be rendered",
            "rejected": "new media: a person rejected these (render again, or edit the piece)",
        }.get(str(settled.get("media", "")), "a person's review")
        return f"The piece ({settled.get('status') or 'waiting'}) waits for {waits_for}."
    return describe_settled(settled) or f"Its workflow answered: {settled}."


def _export(store: AssetStore, key: str, target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(store.path(key), target)
    except OSError as exc:
        raise storage_error(exc, action="export the file", path=target) from exc
    return target


def _path(store: AssetStore, asset: Asset) -> str | None:
    if asset.status != "ready" or not asset.key:
        return None
    try:
        return str(store.path(asset.key))
    except NotFoundError:
        # A file gone from the store shows as missing; the rest of the listing still helps.
        return None


def _print_listing(listing: MediaListing) -> None:
    console.print(
        f"Piece {listing.piece_id} · {listing.channel} · version {listing.version} · "
        f"media {listing.media_state}"
    )
    if not listing.assets:
        console.print(f"No media rendered yet: pressroom media render {listing.piece_id[:8]}")
        return
    paths = {a.id: a.path or "missing" for a in listing.assets if a.status == "ready"}
    console.print(media_table(listing.assets, version=listing.version, paths=paths))


def _error(asset: AssetView) -> str:
    if not asset.error:
        return ""
    return f"{asset.error.get('code', '')}: {asset.error.get('message', '')}"


def _size(size_bytes: int) -> str:
    if size_bytes >= 1_000_000:
        return f"{size_bytes / 1_000_000:.1f} MB"
    return f"{max(1, round(size_bytes / 1000))} KB"
