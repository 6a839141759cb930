"""Hook specifications. A plugin module implements any of these with ``@hookimpl``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pressroom.config import Settings
    from pressroom.providers.llm.protocol import Writer
    from pressroom.providers.media.protocol import MediaGenerator

hookspec = pluggy.HookspecMarker("pressroom")
hookimpl = pluggy.HookimplMarker("pressroom")

WriterFactory = Callable[[str, "Settings"], "Writer"]
PublisherFactory = Callable[["Settings"], Any]
MediaGeneratorFactory = Callable[["Settings"], "Sequence[MediaGenerator]"]


@hookspec
def pressroom_writers() -> dict[str, WriterFactory]:  # type: ignore[empty-body]
    """Writers by provider prefix (``builtin``, ``openai-chat``, …). A factory gets the model
    name after the colon (empty for ``builtin``) and the settings."""


@hookspec
def pressroom_publishers() -> dict[str, PublisherFactory]:  # type: ignore[empty-body]
    """Publishing connectors by name (``outbox``, …)."""


@hookspec
def pressroom_media_generators() -> dict[str, MediaGeneratorFactory]:  # type: ignore[empty-body]
    """External media generators by provider name (``replicate``, …). A factory gets the
    settings and returns the generators it offers (none when unconfigured). The local
    renderers are not plugins: they are always the router's fallbacks."""
