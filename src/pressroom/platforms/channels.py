"""The channel registry: every channel Pressroom writes for, and what is looked up by
channel name (rules, draft models, parsing a stored draft). Adding a channel is one module
that defines ``CHANNEL`` and one entry in ``_REGISTERED`` (``docs/CHANNELS.md``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import Field, TypeAdapter, ValidationError

from pressroom.errors import ErrorCode, InvalidInputError, PressroomError
from pressroom.platforms import (
    bluesky,
    facebook,
    instagram_carousel,
    instagram_feed,
    instagram_reel,
    linkedin,
    mastodon,
    threads,
    tiktok,
    x,
    youtube_short,
)
from pressroom.platforms.channel import Channel
from pressroom.platforms.drafts import Draft
from pressroom.platforms.rules import ChannelRules

_REGISTERED: tuple[Channel, ...] = (
    linkedin.CHANNEL,
    x.CHANNEL,
    instagram_reel.CHANNEL,
    tiktok.CHANNEL,
    youtube_short.CHANNEL,
    instagram_feed.CHANNEL,
    instagram_carousel.CHANNEL,
    threads.CHANNEL,
    mastodon.CHANNEL,
    bluesky.CHANNEL,
    facebook.CHANNEL,
)

CHANNELS: dict[str, Channel] = {channel.name: channel for channel in _REGISTERED}
CHANNEL_RULES: dict[str, ChannelRules] = {name: c.rules for name, c in CHANNELS.items()}
DRAFT_MODELS: dict[str, type[Draft]] = {name: c.draft for name, c in CHANNELS.items()}

if TYPE_CHECKING:
    ChannelDraft = Draft
else:
    ChannelDraft = Annotated[
        Union[tuple(DRAFT_MODELS.values())],  # noqa: UP007 (built from the registry)
        Field(discriminator="channel"),
    ]
"""A draft of any registered channel, told apart by its ``channel`` field."""

_ADAPTER: TypeAdapter[Draft] = TypeAdapter(ChannelDraft)

DEFAULT_HOOK_TYPE = "statement"
"""The hook type of a draft read from a file that does not say."""


def channel_named(name: str) -> Channel:
    """The channel called ``name``; an unknown one is a ``UNKNOWN_CHANNEL`` error."""
    found = CHANNELS.get(name)
    if found is None:
        known = ", ".join(sorted(CHANNELS))
        raise PressroomError(
            f"Unknown channel '{name}'. Known channels: {known}.",
            code=ErrorCode.UNKNOWN_CHANNEL,
            hint=f"Use one of: {known}.",
            details={"channel": name, "known_channels": sorted(CHANNELS)},
        )
    return found


def rules_for(name: str) -> ChannelRules:
    """The rules of channel ``name`` (``UNKNOWN_CHANNEL`` when there is no such channel)."""
    return channel_named(name).rules


def parse_draft(data: dict[str, Any]) -> Draft:
    """Validate a stored or received draft of any channel (raises pydantic
    ``ValidationError``)."""
    return _ADAPTER.validate_python(data)


def read_draft(channel: str, text: str) -> Draft | dict[str, Any]:
    """Read a draft file's ``text`` for ``channel``.

    JSON (text starting with ``{``) is the draft model, with or without ``"channel"``; other
    text is the channel's plain-text format (``docs/CHANNELS.md``). The hook type defaults to
    ``statement``. Returns the draft, or the raw fields when they do not form a valid draft
    (``validate`` then reports why). Unknown channel: ``UNKNOWN_CHANNEL``; malformed JSON or
    text: ``INVALID_INPUT``.
    """
    found = channel_named(channel)
    data = _read_json(text) if text.lstrip().startswith("{") else found.read_text(text)
    data.setdefault("hook_type", DEFAULT_HOOK_TYPE)
    try:
        return found.draft.model_validate(data)
    except ValidationError:
        return data


def _read_json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"The draft is not valid JSON: {error.msg} at line {error.lineno}, column "
            f"{error.colno}.",
            hint="Fix the JSON, or write the draft in the channel's plain-text format.",
        ) from error
    if not isinstance(data, dict):
        raise InvalidInputError("A JSON draft must be an object (`{...}`).")
    return data
