"""The doors every media generator comes through: one Protocol per kind (images, video clips,
speech), the requests they answer and what they hand back.

A generator writes one file at ``out`` and reports how many units it produced (images: 1 per
image; video and speech: seconds), so the router can price the call (``units ×
usd_per_unit``) and the caller can record it in the ledger. Generators raise
:class:`~pressroom.errors.PressroomError` on failure (``PROVIDER_*`` codes for remote ones,
``MEDIA_*`` for local ones) and never leave a partial file at ``out``. Each provider is set
up with a typed config (``extra="forbid"``) deriving from :class:`GeneratorConfig`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, JsonValue, SecretStr

Tier = Literal["free", "standard", "premium"]
"""A budget tier: what a brand allows its media to cost (``free`` < ``standard`` <
``premium``). A generator's tier is the lowest budget that may use it."""

TIERS: Final[tuple[Tier, ...]] = ("free", "standard", "premium")
"""Every tier, cheapest first."""

MediaKind = Literal["image", "video", "speech"]

REPLICATE_API: Final = "https://api.replicate.com/v1"
_REPLICATE_MODEL = r"^(?:[\w.-]+/[\w.-]+(?::[0-9a-f]{64})?|[0-9a-f]{64})$"


def tier_rank(tier: Tier) -> int:
    """``tier``'s position from the cheapest (0 for ``free``)."""
    return TIERS.index(tier)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImageRequest(_Model):
    """One still image to generate."""

    prompt: str = Field(min_length=1, description="What the image shows.")
    size: tuple[int, int] = Field(description="Wanted pixel size (width, height).")
    style: str = Field(default="", description="A style name (``photo``, ``flat``…); '' any.")
    brand_palette: list[str] = Field(
        default_factory=list, description="Brand colours as #RRGGBB, to lean the image on."
    )
    seed: int = Field(default=0, ge=0, description="Seed for reproducible output; 0 random.")


class VideoRequest(_Model):
    """One video clip (a scene) to generate."""

    prompt: str = Field(min_length=1, description="What the clip shows.")
    size: tuple[int, int] = Field(description="Wanted pixel size (width, height).")
    duration_seconds: float = Field(gt=0, le=60, description="Wanted length in seconds.")
    style: str = Field(default="", description="A style name; '' any.")
    image: Path | None = Field(default=None, description="A still to animate (first frame).")


class SpeechRequest(_Model):
    """One voice-over to speak."""

    text: str = Field(min_length=1)
    language: str = Field(description="The language to speak (a BCP 47 tag).")


@dataclass(frozen=True)
class Generated:
    """A file a generator wrote, and what it cost."""

    path: Path
    units: float
    """Units produced: 1 per image; seconds for video and speech."""
    provider: str
    """The generator's ``name``."""
    model: str
    """The model that produced it (the generator's name for local renderers)."""
    usd: float
    """What the call cost: ``units × usd_per_unit``."""
    job_id: str | None = None
    """The provider's job id when remote (to find the call in its dashboard)."""

    @classmethod
    def priced(
        cls,
        *,
        path: Path,
        units: float,
        provider: str,
        model: str,
        usd_per_unit: float,
        job_id: str | None = None,
    ) -> Generated:
        """A result whose ``usd`` is ``units × usd_per_unit`` (the one pricing rule)."""
        usd = round(units * usd_per_unit, 6)
        return cls(path=path, units=units, provider=provider, model=model, usd=usd, job_id=job_id)


@dataclass(frozen=True)
class Speech:
    """A spoken voice-over: a WAV file, its length and sample rate."""

    path: Path
    duration_seconds: float
    sample_rate: int


@runtime_checkable
class _Generator(Protocol):
    """What the router knows of any generator."""

    @property
    def name(self) -> str:
        """Stable id, e.g. ``local-images`` or ``replicate:black-forest-labs/flux-schnell``."""
        ...

    @property
    def tier(self) -> Tier:
        """The lowest budget tier that may use this generator (local ones are ``free``)."""
        ...

    @property
    def styles(self) -> frozenset[str]:
        """The styles it does well; empty: any style."""
        ...

    @property
    def unit(self) -> str:
        """What it charges by (``image``, ``second``)."""
        ...

    @property
    def usd_per_unit(self) -> float:
        """What one unit costs, in USD (0.0 for local renderers)."""
        ...

    def available(self) -> bool:
        """Whether it can run now (configured, its binary or credentials present). Cheap: no
        network call; a provider that is down fails in ``generate`` and the router moves on."""
        ...


@runtime_checkable
class ImageGenerator(_Generator, Protocol):
    """Generates still images (covers, slide backgrounds)."""

    @property
    def kind(self) -> Literal["image"]:
        """Always ``image``."""
        ...

    def generate(self, request: ImageRequest, *, out: Path) -> Generated:
        """Write the image to ``out`` (complete or not at all) and say what it cost."""
        ...


@runtime_checkable
class VideoGenerator(_Generator, Protocol):
    """Generates video clips (one scene each)."""

    @property
    def kind(self) -> Literal["video"]:
        """Always ``video``."""
        ...

    def generate(self, request: VideoRequest, *, out: Path) -> Generated:
        """Write the clip to ``out`` (complete or not at all) and say what it cost (units:
        seconds)."""
        ...


@runtime_checkable
class SpeechGenerator(_Generator, Protocol):
    """Speaks voice-overs (text to speech)."""

    @property
    def kind(self) -> Literal["speech"]:
        """Always ``speech``."""
        ...

    def synthesize(self, text: str, *, language: str, out: Path) -> Speech:
        """Speak ``text`` in ``language`` into a WAV file at ``out``."""
        ...


MediaGenerator = ImageGenerator | VideoGenerator | SpeechGenerator
MediaRequest = ImageRequest | VideoRequest | SpeechRequest


class GeneratorConfig(_Model):
    """What every generator's config says about routing and price; each provider's typed
    config (such as :class:`ReplicateConfig`) extends it."""

    tier: Tier = Field(default="standard", description="Lowest budget tier that may use it.")
    styles: frozenset[str] = Field(
        default_factory=frozenset, description="Styles it does well; empty: any."
    )
    usd_per_unit: float = Field(ge=0, description="USD per unit (per image, per second).")
    unit: str = Field(default="image", description="What it charges by.")


class ReplicateConfig(GeneratorConfig):
    """One Replicate model as a media generator."""

    api_token: SecretStr = Field(description="Replicate API token (sent as a bearer token).")
    base_url: str = Field(default=REPLICATE_API, description="Replicate's API address.")
    model: str = Field(
        pattern=_REPLICATE_MODEL,
        description="`owner/name` (its latest version), `owner/name:<version>` or a version id.",
    )
    poll_interval_seconds: float = Field(default=1.0, gt=0, le=60)
    timeout_seconds: float = Field(
        default=300.0, gt=0, description="Longest wait from submitting to the prediction's end."
    )
    request_timeout_seconds: float = Field(default=30.0, gt=0, description="Per HTTP request.")
    max_retries: int = Field(default=3, ge=0, le=10, description="Retries of one request.")
    backoff_seconds: float = Field(
        default=1.0, ge=0, description="Wait before the first retry; doubles each time."
    )
    max_download_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    image_field: str = Field(
        default="image", description="The model's input that takes a still to animate."
    )
    input: dict[str, JsonValue] = Field(
        default_factory=dict, description="Extra model inputs, sent as given (they win)."
    )
