"""The media router a process uses, built from the settings: the external generators plugins
offer (Replicate's image and video models when a token is configured, through the built-in
plugin), then the local renderer and the offline voice as fallbacks."""

from __future__ import annotations

from pressroom.config import Settings
from pressroom.plugins.manager import media_generator_factories
from pressroom.providers.media.espeak import EspeakSpeech
from pressroom.providers.media.local import LocalBackgroundGenerator
from pressroom.providers.media.protocol import MediaGenerator
from pressroom.providers.media.replicate import (
    ReplicateConfig,
    ReplicateImageGenerator,
    ReplicateVideoGenerator,
)
from pressroom.providers.media.router import MediaRouter


def build_router(settings: Settings) -> MediaRouter:
    """Paid providers first (within each brand's tier), the local renderer last."""
    return MediaRouter(
        providers=[
            generator
            for factory in media_generator_factories().values()
            for generator in factory(settings)
        ],
        fallbacks=[
            LocalBackgroundGenerator(),
            EspeakSpeech(words_per_second=settings.words_per_second),
        ],
    )


def replicate_generators(settings: Settings) -> list[MediaGenerator]:
    """Replicate's image model, and its video model when one is named; none without a
    token."""
    token = settings.replicate_api_token
    if token is None:
        return []
    found: list[MediaGenerator] = [
        ReplicateImageGenerator(
            ReplicateConfig(
                api_token=token,
                base_url=settings.replicate_base_url,
                model=settings.replicate_image_model,
                usd_per_unit=settings.replicate_image_usd,
                unit="image",
            )
        )
    ]
    if settings.replicate_video_model:
        found.append(
            ReplicateVideoGenerator(
                ReplicateConfig(
                    api_token=token,
                    base_url=settings.replicate_base_url,
                    model=settings.replicate_video_model,
                    usd_per_unit=settings.replicate_video_usd_per_second,
                    unit="second",
                )
            )
        )
    return found
