"""Resolve a model name (``builtin``, ``openai-chat:gpt-4o-mini``) to a Writer."""

from __future__ import annotations

from pressroom.config import Settings
from pressroom.errors import ErrorCode, PressroomError
from pressroom.plugins.manager import writer_factories
from pressroom.providers.llm.protocol import Writer


def resolve_writer(model: str, settings: Settings) -> Writer:
    """The writer for ``model``: ``builtin`` or ``<provider>:<model>``."""
    provider, _, name = model.partition(":")
    factories = writer_factories()
    factory = factories.get(provider)
    if factory is None or (provider != "builtin" and not name):
        known = ", ".join(f"{p}" if p == "builtin" else f"{p}:<model>" for p in sorted(factories))
        raise PressroomError(
            f"unknown model {model!r}",
            code=ErrorCode.UNKNOWN_MODEL,
            hint=f"Use one of: {known} (e.g. openai-chat:gpt-4o-mini).",
        )
    return factory(name, settings)
