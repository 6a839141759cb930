"""The local renderer as a media generator: the brand's own backdrop (gradient and soft
shapes in its palette), drawn offline with Pillow. Registered as the image fallback, so a
scene always has a background when every paid provider fails or none is configured."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pressroom.media.colors import brand_theme
from pressroom.media.images import encode_png, render_background
from pressroom.providers.media.protocol import Generated, ImageRequest, Tier

LOCAL_MODEL = "pressroom-renderer"


class LocalBackgroundGenerator:
    """An ``ImageGenerator`` that draws the brand backdrop for ``request.size``; free."""

    name = "local"
    kind: Literal["image"] = "image"
    tier: Tier = "free"
    styles: frozenset[str] = frozenset()
    unit = "image"
    usd_per_unit = 0.0

    def available(self) -> bool:
        return True

    def generate(self, request: ImageRequest, *, out: Path) -> Generated:
        theme = brand_theme(request.brand_palette)
        image = render_background(size=request.size, theme=theme, seed=request.seed)
        temp = out.with_name(f".{out.name}.tmp")
        temp.write_bytes(encode_png(image))
        os.replace(temp, out)
        return Generated.priced(
            path=out, units=1, provider=self.name, model=LOCAL_MODEL, usd_per_unit=0.0
        )
