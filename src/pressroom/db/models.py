"""Imports every feature's ORM models so ``Base.metadata`` is complete (for Alembic)."""

from pressroom.accounts.models import (
    ApiKey,
    AuthToken,
    Invitation,
    Membership,
    Organization,
    User,
)
from pressroom.audit.models import AuditEvent
from pressroom.brands.models import Brand
from pressroom.db.base import Base
from pressroom.ideas.models import Idea
from pressroom.learning.models import PromptProfileRecord
from pressroom.ledger.models import CostEntry
from pressroom.links.models import ShortLink
from pressroom.media.models import Asset
from pressroom.metrics.models import MetricSnapshot
from pressroom.publishing.models import PublishJobRecord
from pressroom.review.models import Review
from pressroom.runs.models import Run
from pressroom.schedules.models import BrandSchedule
from pressroom.scoring.models import ScoreCardRecord
from pressroom.trends.models import TrendObservation, TrendSignal, TrendSource
from pressroom.web.models import IdempotencyRecord
from pressroom.writing.models import Piece, PieceVersion

__all__ = [
    "ApiKey",
    "Asset",
    "AuditEvent",
    "AuthToken",
    "Base",
    "Brand",
    "BrandSchedule",
    "CostEntry",
    "Idea",
    "IdempotencyRecord",
    "Invitation",
    "Membership",
    "MetricSnapshot",
    "Organization",
    "Piece",
    "PieceVersion",
    "PromptProfileRecord",
    "PublishJobRecord",
    "Review",
    "Run",
    "ScoreCardRecord",
    "ShortLink",
    "TrendObservation",
    "TrendSignal",
    "TrendSource",
    "User",
]
