"""Imports every module that declares stage contracts, so the registry is complete."""

from pressroom.ideas import schemas as ideas
from pressroom.learning import schemas as learning
from pressroom.metrics import schemas as metrics
from pressroom.publishing import schemas as publishing
from pressroom.scoring import schemas as scoring
from pressroom.trends import schemas as trends
from pressroom.writing import schemas as writing

__all__ = ["ideas", "learning", "metrics", "publishing", "scoring", "trends", "writing"]
