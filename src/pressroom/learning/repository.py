"""Every query of the learning feature."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pressroom.learning.models import PromptProfileRecord


def latest_version(session: Session, *, brand_id: str) -> int:
    """The highest profile version of the brand (any status); 0 when it has none."""
    statement = select(func.max(PromptProfileRecord.version)).where(
        PromptProfileRecord.brand_id == brand_id
    )
    return session.scalar(statement) or 0


def profile(session: Session, *, brand_id: str, version: int) -> PromptProfileRecord | None:
    """One version, if it exists."""
    return session.scalars(
        select(PromptProfileRecord).where(
            PromptProfileRecord.brand_id == brand_id, PromptProfileRecord.version == version
        )
    ).one_or_none()


def profiles(
    session: Session, *, brand_id: str, status: str | None = None
) -> Sequence[PromptProfileRecord]:
    """The brand's profiles (optionally of one status), newest version first."""
    statement = select(PromptProfileRecord).where(PromptProfileRecord.brand_id == brand_id)
    if status is not None:
        statement = statement.where(PromptProfileRecord.status == status)
    return session.scalars(statement.order_by(PromptProfileRecord.version.desc())).all()


def newest(
    session: Session, *, brand_id: str, status: str | None = None
) -> PromptProfileRecord | None:
    """The brand's highest version (optionally of one status)."""
    statement = select(PromptProfileRecord).where(PromptProfileRecord.brand_id == brand_id)
    if status is not None:
        statement = statement.where(PromptProfileRecord.status == status)
    return session.scalars(statement.order_by(PromptProfileRecord.version.desc()).limit(1)).first()


def add(session: Session, record: PromptProfileRecord) -> PromptProfileRecord:
    """Stage a new version and write it, so a concurrent writer of the same version fails
    here rather than at commit."""
    session.add(record)
    session.flush()
    return record
