"""Queries over assets."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.media.models import Asset

ROLE_ORDER = {"video": 0, "cover": 1, "slide": 2, "thumbnail": 3, "subtitles": 4, "voiceover": 5}


def assets_for_piece(session: Session, *, piece_id: str) -> list[Asset]:
    """A piece's assets in posting order: videos (master shape first), cover, slides by
    position, thumbnail, subtitles."""
    rows = session.scalars(select(Asset).where(Asset.piece_id == piece_id)).all()
    return sorted(
        rows,
        key=lambda a: (ROLE_ORDER.get(a.role, 9), a.aspect != "9:16", a.position, a.aspect),
    )


def asset(session: Session, *, asset_id: str) -> Asset | None:
    return session.get(Asset, asset_id)
