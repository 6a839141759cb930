"""Media rules: what a piece needs rendered, registering what was rendered (or why it could
not be), whether a piece's media are ready and approved, and the media approval gate."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from pressroom.audit import service as audit
from pressroom.brands.models import Brand
from pressroom.db.base import utcnow
from pressroom.db.upsert import upsert
from pressroom.errors import InvalidInputError, PressroomError
from pressroom.media import repository
from pressroom.media.models import Asset
from pressroom.media.schemas import AssetSpec, BrandLook
from pressroom.media.spec import VIDEO_SIZES, Aspect, AssetKind, AssetRole
from pressroom.platforms.channels import CHANNELS
from pressroom.writing.models import Piece

NATURAL_KEY = ("piece_id", "role", "aspect", "position")
FILE_COLUMNS = (
    "store",
    "key",
    "sha256",
    "mime",
    "size_bytes",
    "width",
    "height",
    "duration_seconds",
    "provider",
    "model",
    "cost_usd",
    "rights",
    "expires_at",
)


class MediaState(StrEnum):
    """Where a piece's media stand, for its current version."""

    NONE = "none"
    """Its channel is text only."""
    PENDING = "pending"
    """Not rendered for this version yet."""
    FAILED = "failed"
    """Rendered, but at least one asset failed: a person decides (re-render, edit, or post
    without it)."""
    READY = "ready"


def needs_media(channel: str) -> bool:
    found = CHANNELS.get(channel)
    return found is not None and found.media is not None


def plan(piece: Piece, *, aspects: Sequence[Aspect] = ()) -> list[AssetSpec]:
    """The assets ``piece`` needs: its channel's images, one slide per carousel slide, its
    video (master shape, and each of ``aspects`` as a native re-render with a cover of that
    shape) with subtitles."""
    found = CHANNELS.get(piece.channel)
    media = None if found is None else found.media
    if media is None:
        return []
    specs = [
        AssetSpec(kind=AssetKind.IMAGE, role=role, aspect=aspect) for role, aspect in media.images
    ]
    if media.slides is not None:
        count = len(piece.body.get("slides", []))
        specs += [
            AssetSpec(kind=AssetKind.IMAGE, role=AssetRole.SLIDE, aspect=media.slides, position=n)
            for n in range(1, count + 1)
        ]
    if media.video is not None:
        shapes = [media.video, *(a for a in aspects if a != media.video)]
        for aspect in shapes:
            if aspect not in VIDEO_SIZES:
                raise InvalidInputError(
                    f"videos are rendered in {', '.join(a.value for a in VIDEO_SIZES)}, "
                    f"not {aspect.value}",
                    hint="Ask for 1:1 or 16:9 (9:16 is the master).",
                )
            specs.append(AssetSpec(kind=AssetKind.VIDEO, role=AssetRole.VIDEO, aspect=aspect))
            if aspect != media.video:
                # A re-render in another shape comes with its own cover (1080×1080, 1280×720).
                specs.append(AssetSpec(kind=AssetKind.IMAGE, role=AssetRole.COVER, aspect=aspect))
        specs.append(
            AssetSpec(kind=AssetKind.SUBTITLES, role=AssetRole.SUBTITLES, aspect=media.video)
        )
    return specs


def look_of(brand: Brand) -> BrandLook:
    return BrandLook(
        name=brand.name,
        website=brand.website,
        call_to_action=brand.call_to_action,
        palette=list(brand.palette),
        fonts=list(brand.fonts),
        logo=brand.logo,
        tier=brand.media_tier,
        style=brand.visual_style,
    )


def register(
    session: Session, *, piece: Piece, spec: AssetSpec, file: dict[str, Any], meta: dict[str, Any]
) -> Asset:
    """Record a rendered, validated and stored file as the piece's asset for ``spec`` (a
    re-render replaces the earlier one). ``file`` holds the :data:`FILE_COLUMNS`."""
    values = {
        **_key_values(piece, spec),
        **{name: file.get(name) for name in FILE_COLUMNS},
        "status": "ready",
        "review_status": "pending",
        "meta": meta,
        "error": None,
    }
    values["cost_usd"] = values["cost_usd"] or 0.0
    return upsert(
        session,
        Asset,
        keys=NATURAL_KEY,
        values=values,
        update=[name for name in values if name not in (*NATURAL_KEY, "id")],
    )


def record_failure(
    session: Session, *, piece: Piece, spec: AssetSpec, error: PressroomError, meta: dict[str, Any]
) -> Asset:
    """Record why ``spec`` could not be rendered for the piece's current version. A file an
    earlier render registered stays referenced (nothing is lost), but the asset is failed."""
    values = {
        **_key_values(piece, spec),
        "status": "failed",
        "review_status": "pending",
        "meta": meta,
        "error": error.to_dict()["error"],
        "store": "",
        "key": "",
        "sha256": "",
        "mime": "",
        "size_bytes": 0,
        "provider": "",
        "model": "",
        "cost_usd": 0.0,
        "rights": "",
    }
    return upsert(
        session,
        Asset,
        keys=NATURAL_KEY,
        values=values,
        update=["piece_version", "status", "review_status", "meta", "error"],
    )


def _key_values(piece: Piece, spec: AssetSpec) -> dict[str, Any]:
    return {
        "brand_id": piece.brand_id,
        "piece_id": piece.id,
        "piece_version": piece.version,
        "kind": spec.kind.value,
        "role": spec.role.value,
        "aspect": spec.aspect.value,
        "position": spec.position,
    }


def current_assets(session: Session, *, piece: Piece) -> list[Asset]:
    """The piece's assets that belong to its plan (extra video shapes included)."""
    return repository.assets_for_piece(session, piece_id=piece.id)


def state(session: Session, *, piece: Piece) -> MediaState:
    """Ready when every planned asset is rendered for the piece's current version."""
    wanted = plan(piece)
    if not wanted:
        return MediaState.NONE
    found = {
        (a.role, a.aspect, a.position): a
        for a in repository.assets_for_piece(session, piece_id=piece.id)
        if a.piece_version == piece.version
    }
    rendered = [found.get((s.role.value, s.aspect.value, s.position)) for s in wanted]
    if any(asset is None for asset in rendered):
        return MediaState.PENDING
    if any(asset is not None and asset.status != "ready" for asset in rendered):
        return MediaState.FAILED
    return MediaState.READY


def rendered(session: Session, *, piece: Piece) -> list[Asset]:
    """The piece's assets with a file for its current version, in posting order."""
    return [
        a
        for a in repository.assets_for_piece(session, piece_id=piece.id)
        if a.piece_version == piece.version and a.status == "ready"
    ]


def approved(session: Session, *, piece: Piece) -> bool:
    """Every current asset of the piece is approved by a person."""
    assets = rendered(session, piece=piece)
    return bool(assets) and all(a.review_status == "approved" for a in assets)


def rejected(session: Session, *, piece: Piece) -> bool:
    """A person rejected some current asset of the piece (until it is rendered again)."""
    return any(a.review_status == "rejected" for a in rendered(session, piece=piece))


def decide_media(
    session: Session, *, piece: Piece, decision: str, actor: str, trace_id: str, note: str = ""
) -> list[Asset]:
    """A person's decision on the piece's current media: ``approved`` or ``rejected``."""
    if decision not in ("approved", "rejected"):
        raise InvalidInputError(
            f"media decision {decision!r} is not approved or rejected",
            hint="Approve or reject the media.",
        )
    assets = rendered(session, piece=piece)
    if not assets:
        raise InvalidInputError(
            f"piece {piece.id} has no rendered media for version {piece.version}",
            hint="Render them first: pressroom media render PIECE.",
        )
    for asset in assets:
        before = asset.review_status
        asset.review_status = decision
        asset.updated_at = utcnow()
        audit.record(
            session,
            entity_type="asset",
            entity_id=asset.id,
            action=f"media_{decision}",
            actor=actor,
            trace_id=trace_id,
            before={"review_status": before},
            after={"review_status": decision, "note": note},
        )
    session.flush()
    return assets


def approve_with_piece(session: Session, *, piece: Piece, brand: Brand, actor: str) -> None:
    """Under the ``with_piece`` policy, approving a piece approves its current media (those
    a person has not decided on: a rejection stands)."""
    if brand.media_approval != "with_piece":
        return
    for asset in rendered(session, piece=piece):
        if asset.review_status == "pending":
            asset.review_status = "approved"
    session.flush()


SUFFIXES = {"image/png": ".png", "video/mp4": ".mp4", "application/x-subrip": ".srt"}


def publish_name(*, role: str, position: int, aspect: str, mime: str) -> str:
    """The name an asset's file has in a post's bundle, downloads and exports:
    ``video-9x16.mp4``, ``cover-4x5.png``, ``slide-02-4x5.png``, ``subtitles-9x16.srt``."""
    number = f"-{position:02d}" if position else ""
    return f"{role}{number}-{aspect.replace(':', 'x')}{SUFFIXES.get(mime, '')}"


def publishable(session: Session, *, piece: Piece) -> list[tuple[str, str]]:
    """The piece's rendered media of its current version, in posting order, as (store key,
    :func:`publish_name`)."""
    return [
        (a.key, publish_name(role=a.role, position=a.position, aspect=a.aspect, mime=a.mime))
        for a in rendered(session, piece=piece)
    ]


def renderable(piece: Piece, *, aspects: Sequence[Aspect] = ()) -> list[AssetSpec]:
    """What rendering ``piece`` makes (with native video re-renders in ``aspects``);
    ``INVALID_INPUT`` for a text-only channel, for video shapes asked of a channel without
    video, and for shapes videos are not rendered in."""
    found = CHANNELS.get(piece.channel)
    media = None if found is None else found.media
    if media is None:
        visual = ", ".join(sorted(n for n, c in CHANNELS.items() if c.media is not None))
        raise InvalidInputError(
            f"piece {piece.id} is for {piece.channel}, a text-only channel: it has no media",
            hint=f"Media are rendered for the visual channels: {visual}.",
        )
    if aspects and media.video is None:
        raise InvalidInputError(
            f"{piece.channel} posts no video, so it has no video shapes to render",
            hint="Ask for no shapes: images are rendered in the channel's own shape.",
        )
    return plan(piece, aspects=aspects)
