"""Pressroom's own providers, registered through the same hooks as any plugin. Provider
modules import lazily so an optional SDK is only needed when its provider is used."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pressroom.plugins.hookspecs import (
    MediaGeneratorFactory,
    PublisherFactory,
    WriterFactory,
    hookimpl,
)

if TYPE_CHECKING:
    from pressroom.config import Settings
    from pressroom.providers.llm.protocol import Writer
    from pressroom.providers.media.protocol import MediaGenerator


def _builtin_writer(_model: str, settings: Settings) -> Writer:
    from pressroom.providers.llm.builtin import BuiltinWriter

    return BuiltinWriter(words_per_second=settings.words_per_second)


def _openai_chat_writer(model: str, settings: Settings) -> Writer:
    from pressroom.providers.llm.openai_chat import OpenAIChatWriter

    return OpenAIChatWriter(model=model, settings=settings)


def _replicate_generators(settings: Settings) -> Sequence[MediaGenerator]:
    from pressroom.providers.media.registry import replicate_generators

    return replicate_generators(settings)


def _outbox_publisher(settings: Settings) -> Any:
    from pressroom.providers.publishers.outbox import OutboxPublisher

    return OutboxPublisher(settings.outbox_dir)


@hookimpl
def pressroom_writers() -> dict[str, WriterFactory]:
    return {"builtin": _builtin_writer, "openai-chat": _openai_chat_writer}


@hookimpl
def pressroom_publishers() -> dict[str, PublisherFactory]:
    return {"outbox": _outbox_publisher}


@hookimpl
def pressroom_media_generators() -> dict[str, MediaGeneratorFactory]:
    return {"replicate": _replicate_generators}
