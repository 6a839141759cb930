"""The envelope every message between stages carries (seed 000 §4–5), and the registry of
contracts whose JSON Schemas ``pressroom schemas export`` writes.

A contract is ``Envelope[Payload]``: ``schema_version``, ``trace_id``, ``created_at`` and a
typed ``payload``. Feature modules declare their contracts in ``schemas.py`` and register them
with :func:`contract`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pressroom.errors import ErrorCode, PressroomError, validation_problems

SCHEMA_VERSION = "1.0"

PayloadT = TypeVar("PayloadT", bound=BaseModel)


def new_trace_id() -> str:
    """A fresh trace id (UUID4 text), propagated from trigger to outbox."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Timezone-aware current UTC time."""
    return datetime.now(UTC)


class Payload(BaseModel):
    """Base of contract payloads: strict about unknown fields."""

    model_config = ConfigDict(extra="forbid")


class Envelope(BaseModel, Generic[PayloadT]):
    """Seed 000's shared envelope around a typed payload."""

    # A serialised message always carries every envelope field, so its schema requires them.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)

    schema_version: str = Field(default=SCHEMA_VERSION, pattern=r"^\d+\.\d+$")
    trace_id: str = Field(min_length=1)
    created_at: datetime = Field(default_factory=utcnow)
    payload: PayloadT

    @classmethod
    def wrap(cls, payload: PayloadT, *, trace_id: str, created_at: datetime | None = None) -> Any:
        """Build the envelope for ``payload`` under ``trace_id``."""
        return cls(trace_id=trace_id, payload=payload, created_at=created_at or utcnow())

    @classmethod
    def parse(cls, data: dict[str, Any] | str | bytes) -> Any:
        """Validate untrusted input, raising ``INVALID_SCHEMA`` with every problem listed."""
        try:
            if isinstance(data, str | bytes):
                return cls.model_validate_json(data)
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = validation_problems(exc)
            raise PressroomError(
                f"{cls.__name__} is not valid: " + "; ".join(problems),
                code=ErrorCode.INVALID_SCHEMA,
                hint="Compare the message with the JSON Schema from `pressroom schemas export`.",
                details={"problems": problems},
            ) from exc


CONTRACTS: dict[str, type[Envelope[Any]]] = {}

ContractT = TypeVar("ContractT", bound=type[Envelope[Any]])


def contract(name: str) -> Callable[[ContractT], ContractT]:
    """Register an envelope class under its seed-000 contract name."""

    def register(cls: ContractT) -> ContractT:
        if name in CONTRACTS and CONTRACTS[name] is not cls:
            raise RuntimeError(f"contract {name} registered twice")
        CONTRACTS[name] = cls
        return cls

    return register


def all_contracts() -> dict[str, type[Envelope[Any]]]:
    """Every registered contract, after importing the feature modules that declare them."""
    import pressroom.schemas_index  # noqa: F401  (imports every feature's schemas)

    return dict(sorted(CONTRACTS.items()))
