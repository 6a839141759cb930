"""Small typed factories per feature."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.brands.schemas import BrandSpec


def brand_spec(**overrides: Any) -> BrandSpec:
    """The demo brand's spec with ``overrides`` applied."""
    data = brands.demo_spec().model_dump()
    data.update(overrides)
    return BrandSpec.model_validate(data)


def make_brand(session: Session, **overrides: Any) -> Brand:
    """Store a brand (the demo brand unless overridden) and return it."""
    brand = brands.upsert_brand(
        session, spec=brand_spec(**overrides), actor="test", trace_id="trace-test"
    )
    session.flush()
    return brand
