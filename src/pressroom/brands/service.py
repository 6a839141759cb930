"""Brand rules: create or update a brand from its spec, look brands up, seed the demo."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.accounts.models import DEFAULT_ORGANIZATION_ID
from pressroom.audit import service as audit
from pressroom.brands.models import Brand
from pressroom.brands.schemas import BrandSpec
from pressroom.brands.voice import (
    DERIVED_KEY,
    VOICE_VERSION,
    DerivedVoice,
    derive_voice,
    derived_voice_of,
)
from pressroom.errors import (
    AlreadyExistsError,
    ErrorCode,
    InvalidInputError,
    NotFoundError,
    PressroomError,
    validation_problems,
)
from pressroom.platforms.channels import CHANNELS
from pressroom.providers.llm.protocol import BrandContext

DEMO_SLUG = "northwind-coffee"

_STORED_FIELDS = [name for name in BrandSpec.model_fields if name != "feeds"]
VOICE_INPUTS = ("voice_examples", "guidelines", "restricted_terms", "name")
"""The fields the derived voice profile is measured from: it is redone when one changes."""


def parse_spec(data: dict[str, Any]) -> BrandSpec:
    """Validate a brand spec, listing every problem with a stable code."""
    try:
        return BrandSpec.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise InvalidInputError(
            "brand is not valid: " + "; ".join(problems),
            code=ErrorCode.INVALID_SCHEMA,
            hint="Fix the listed fields; see docs/BRANDS.md for the format.",
            details={"problems": problems},
        ) from exc


def upsert_brand(
    session: Session,
    *,
    spec: BrandSpec,
    actor: str,
    trace_id: str,
    organization_id: str = DEFAULT_ORGANIZATION_ID,
) -> Brand:
    """Create the brand in ``organization_id``, or update it in place (natural key: slug,
    unique across the installation). Audited."""
    brand = session.scalars(select(Brand).where(Brand.slug == spec.slug)).one_or_none()
    if brand is not None and brand.organization_id != organization_id:
        raise AlreadyExistsError(
            f"the brand slug {spec.slug!r} is taken", hint="Choose another slug."
        )
    values = spec.model_dump(include=set(_STORED_FIELDS))
    values["voice_profile"] = _voice_profile(brand, spec)
    if brand is None:
        brand = Brand(**values, organization_id=organization_id)
        session.add(brand)
        session.flush()
        audit.record(
            session,
            entity_type="brand",
            entity_id=brand.id,
            action="created",
            actor=actor,
            trace_id=trace_id,
            after={"slug": spec.slug},
        )
        return brand
    before = {name: _audited(name, getattr(brand, name)) for name in values}
    changed = {name: value for name, value in values.items() if getattr(brand, name) != value}
    for name, value in changed.items():
        setattr(brand, name, value)
    after = {name: _audited(name, value) for name, value in changed.items()}
    shown = [name for name in after if before[name] != after[name]]
    if shown:
        audit.record(
            session,
            entity_type="brand",
            entity_id=brand.id,
            action="updated",
            actor=actor,
            trace_id=trace_id,
            before={name: before[name] for name in shown},
            after={name: after[name] for name in shown},
        )
    return brand


def _voice_profile(brand: Brand | None, spec: BrandSpec) -> dict[str, Any]:
    """The person-written voice profile of ``spec`` with the derived one under ``derived``:
    kept as stored while its inputs (``VOICE_INPUTS``) and version are unchanged, measured
    again otherwise. A ``derived`` key sent in the spec is ignored: it is never written by
    hand."""
    written = {key: value for key, value in spec.voice_profile.items() if key != DERIVED_KEY}
    stored = brand.voice_profile.get(DERIVED_KEY) if brand is not None else None
    unchanged = (
        brand is not None
        and isinstance(stored, dict)
        and stored.get("version") == VOICE_VERSION
        and all(getattr(brand, name) == getattr(spec, name) for name in VOICE_INPUTS)
    )
    if unchanged:
        return {**written, DERIVED_KEY: stored}
    derived = derive_voice(
        spec.voice_examples,
        guidelines=spec.guidelines,
        restricted_terms=spec.restricted_terms,
        brand_name=spec.name,
    )
    return {**written, DERIVED_KEY: derived.model_dump(mode="json")}


def _audited(name: str, value: Any) -> Any:
    # The derived profile follows from audited fields; the log keeps what people wrote.
    if name == "voice_profile" and isinstance(value, dict):
        return {key: item for key, item in value.items() if key != DERIVED_KEY}
    return value


def voice_profile(brand: Brand) -> DerivedVoice:
    """The brand's derived voice profile (measured now when none of this version is stored)."""
    return derived_voice_of(brand_context(brand))


def check_new_slug(session: Session, slug: str) -> None:
    """A new brand needs a slug no brand has (slugs are unique across the installation)."""
    if session.scalars(select(Brand.id).where(Brand.slug == slug)).first() is not None:
        raise AlreadyExistsError(f"the brand slug {slug!r} is taken", hint="Choose another slug.")


def check_same_slug(brand: Brand, spec: BrandSpec) -> None:
    """Replacing a brand's settings keeps its slug (the slug names it everywhere)."""
    if spec.slug != brand.slug:
        raise InvalidInputError(
            f"the slug cannot change ({brand.slug!r} → {spec.slug!r})",
            hint=f"Send slug {brand.slug!r}, or create a new brand.",
        )


def get_brand(session: Session, slug: str) -> Brand:
    brand = session.scalars(select(Brand).where(Brand.slug == slug)).one_or_none()
    if brand is None:
        raise NotFoundError(
            f"no brand {slug!r}",
            hint="List brands with `pressroom brand list`, or add one with `pressroom brand add`.",
        )
    return brand


def resolve_brand(session: Session, slug: str | None) -> Brand:
    """The brand named, or the only one there is (``INVALID_INPUT`` when that is unclear)."""
    if slug:
        return get_brand(session, slug)
    found = session.scalars(select(Brand).order_by(Brand.slug)).all()
    if len(found) == 1:
        return found[0]
    if not found:
        raise InvalidInputError(
            "there is no brand yet",
            hint="Try the demo with `pressroom run --demo`, or add yours with "
            "`pressroom brand add brand.json`.",
        )
    raise InvalidInputError(
        f"there are {len(found)} brands; say which with --brand",
        hint="Brands: " + ", ".join(brand.slug for brand in found),
    )


def require_channels(brand: Brand) -> list[str]:
    """A run needs at least one channel to write for."""
    if not brand.channels:
        raise no_channels_error(brand.slug)
    return list(brand.channels)


def no_channels_error(slug: str) -> PressroomError:
    return PressroomError(
        f"brand {slug!r} has no channels, so there is nothing to write",
        code=ErrorCode.BRAND_NO_CHANNELS,
        hint=f"Add channels to the brand ({', '.join(CHANNELS)}) and run again.",
    )


def brand_context(brand: Brand) -> BrandContext:
    """The brand as writers see it."""
    return BrandContext(
        slug=brand.slug,
        name=brand.name,
        description=brand.description,
        audience=brand.audience,
        guidelines=brand.guidelines,
        voice_examples=list(brand.voice_examples),
        voice_profile=dict(brand.voice_profile),
        topics=list(brand.topics),
        restricted_terms=list(brand.restricted_terms),
        hashtags=list(brand.hashtags),
        palette=list(brand.palette),
        website=brand.website,
        call_to_action=brand.call_to_action,
    )


def demo_spec() -> BrandSpec:
    """The bundled demo brand, reading the bundled sample trend feed."""
    folder = resources.files("pressroom.brands") / "demo"
    data = json.loads((folder / "brand.json").read_text(encoding="utf-8"))
    data["feeds"] = [str(folder / "sample-feed.xml")]
    return parse_spec(data)
