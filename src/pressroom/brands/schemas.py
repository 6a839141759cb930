"""A brand as people and files describe it (``pressroom brand add FILE.json``)."""

from __future__ import annotations

import re
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import langcodes
from pydantic import BaseModel, ConfigDict, Field, field_validator

from pressroom.platforms.channels import CHANNEL_RULES, CHANNELS
from pressroom.providers.llm.protocol import DEFAULT_LANGUAGE
from pressroom.writing.tones import MAX_TONES, MIN_AB_TONES, Tone

DEFAULT_SLOTS: dict[str, list[str]] = {
    name: list(channel.posting_slots) for name, channel in CHANNELS.items()
}

DEFAULT_CHANNELS: tuple[str, ...] = ("linkedin", "x", "instagram-reel")
"""Where a brand that names no channels posts."""

DEFAULT_WEIGHTS: dict[str, float] = {
    "brand_alignment": 0.3,
    "predicted_engagement": 0.25,
    "safety": 0.3,
    "readability": 0.15,
}


HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
"""A palette color: ``#RGB`` or ``#RRGGBB``."""


class BrandSpec(BaseModel):
    """Everything Pressroom needs to write for a brand."""

    model_config = ConfigDict(extra="forbid")

    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    audience: str = ""
    guidelines: str = ""
    voice_examples: list[str] = Field(default_factory=list)
    voice_profile: dict[str, Any] = Field(default_factory=dict)
    topics: list[str] = Field(default_factory=list)
    restricted_terms: list[str] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=lambda: list(DEFAULT_CHANNELS))
    palette: list[str] = Field(default_factory=list)
    fonts: list[str] = Field(default_factory=list)
    website: str = ""
    call_to_action: str = ""
    timezone: str = "UTC"
    posting_slots: dict[str, list[str]] = Field(default_factory=lambda: dict(DEFAULT_SLOTS))
    approval_policy: str = Field(default="auto_approve", pattern=r"^(manual|auto_approve)$")
    score_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    ideas_per_run: int = Field(default=5, ge=3, le=5)
    model: str | None = None
    short_links: bool = Field(
        default=False,
        description="Replace the links of new pieces by short links Pressroom serves (with a "
        "click counter) at PRESSROOM_PUBLIC_URL.",
    )
    tone_variants: list[Tone] = Field(
        default_factory=list,
        description="Tones every idea × channel is written in, as A/B variants of the idea "
        "(2–4 of humorous, serious, emotional, educational); empty: one piece each.",
    )
    languages: list[str] = Field(
        default_factory=lambda: [DEFAULT_LANGUAGE],
        description="BCP 47 tags: pieces are written in the first and translated into the "
        "others (translation needs a model provider).",
    )
    logo: str = Field(
        default="",
        description="Path of the brand's logo (PNG, JPEG or WebP; transparency kept), drawn "
        "on cover images and slides; empty: none.",
    )
    media_approval: Literal["with_piece", "manual"] = Field(
        default="with_piece",
        description="`with_piece`: approving a piece approves its media; `manual`: a person "
        "approves the rendered media too before the piece is scheduled.",
    )
    media_tier: Literal["free", "standard", "premium"] = Field(
        default="free",
        description="Budget tier for media generators: `free` renders locally; `standard` "
        "and `premium` let paid providers (when configured) render first, the local "
        "renderer staying the fallback.",
    )
    visual_style: str = Field(
        default="",
        max_length=60,
        description="A style word for media providers (e.g. `photo`, `illustration`, "
        "`abstract`): the router prefers providers made for it.",
    )
    feeds: list[str] = Field(
        default_factory=list, description="RSS/Atom URLs or file paths read on every run."
    )

    @field_validator("tone_variants")
    @classmethod
    def _ab_tones(cls, tones: list[Tone]) -> list[Tone]:
        if len(set(tones)) != len(tones):
            raise ValueError("a tone is named twice; name each tone once")
        if len(tones) == 1:
            raise ValueError(
                f"one tone is not an A/B test: name {MIN_AB_TONES}–{MAX_TONES} tones, or none "
                "(a prompt profile's tone_weights set the tone of single pieces)"
            )
        return tones

    @field_validator("languages")
    @classmethod
    def _language_tags(cls, languages: list[str]) -> list[str]:
        if not languages:
            raise ValueError(f"name at least one language, e.g. [{DEFAULT_LANGUAGE!r}]")
        bad = [tag for tag in languages if not langcodes.tag_is_valid(tag)]
        if bad:
            raise ValueError(
                f"not BCP 47 language tags: {', '.join(bad)} (e.g. en, de, pt-BR, fr-CA)"
            )
        tags = [langcodes.standardize_tag(tag) for tag in languages]
        if len(set(tags)) != len(tags):
            raise ValueError("a language is named twice; name each language once")
        return tags

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, channels: list[str]) -> list[str]:
        unknown = [c for c in channels if c not in CHANNEL_RULES]
        if unknown:
            known = ", ".join(CHANNEL_RULES)
            raise ValueError(f"unknown channel(s) {', '.join(unknown)}; known: {known}")
        return channels

    @field_validator("score_weights")
    @classmethod
    def _known_weights(cls, weights: dict[str, float]) -> dict[str, float]:
        # Checked here so a bad brand file is refused when added, not when a run scores.
        from pressroom.errors import PressroomError
        from pressroom.scoring.service import normalise_weights

        try:
            normalise_weights(weights)
        except PressroomError as error:
            raise ValueError(error.message) from error
        return weights

    @field_validator("palette")
    @classmethod
    def _hex_colors(cls, palette: list[str]) -> list[str]:
        bad = [color for color in palette if not HEX_COLOR.match(color)]
        if bad:
            raise ValueError(f"not hex colors like #1F5FBF: {', '.join(bad)}")
        return palette

    @field_validator("model")
    @classmethod
    def _model_is_named(cls, model: str | None) -> str | None:
        if model is not None and model != "builtin" and ":" not in model:
            raise ValueError(f"model {model!r} is not builtin or <provider>:<model>")
        return model

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA timezone {name!r} (e.g. Europe/Berlin)") from exc
        return name

    @field_validator("posting_slots")
    @classmethod
    def _slots_are_times(cls, slots: dict[str, list[str]]) -> dict[str, list[str]]:
        for channel, times in slots.items():
            for value in times:
                hours, _, minutes = value.partition(":")
                if not (hours.isdigit() and minutes.isdigit()) or not (
                    0 <= int(hours) < 24 and 0 <= int(minutes) < 60
                ):
                    raise ValueError(f"posting slot {value!r} for {channel} is not HH:MM")
        return slots
