"""The media router: which generators it tries (tier, style, availability; the local
renderer last), the fallback when Replicate fails in each way it can (over real HTTP against
the fake), and every attempt reported with its cost."""

from __future__ import annotations

import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
from PIL import Image
from structlog.testing import capture_logs

from pressroom.errors import ErrorCode, MediaError, PressroomError
from pressroom.providers.media.protocol import (
    Generated,
    ImageGenerator,
    ImageRequest,
    Speech,
    SpeechGenerator,
    SpeechRequest,
    Tier,
    VideoRequest,
)
from pressroom.providers.media.replicate import ReplicateImageGenerator
from pressroom.providers.media.router import Attempt, MediaRouter
from tests.fakes.replicate_server import (
    CORRUPT_PNG,
    IMAGE_MODEL,
    FakeReplicate,
    Job,
    Reply,
    fake_replicate_fixture,  # noqa: F401 (the fake_replicate fixture)
)

LOCAL_COLOUR = (30, 90, 160)
COVER = ImageRequest(prompt="A flat white", size=(90, 160), style="photo")


@dataclass
class PaintedImages:
    """A local image renderer for tests: a flat PNG of the requested size in ``colour``."""

    name: str = "painted"
    tier: Tier = "free"
    styles: frozenset[str] = frozenset()
    usd_per_unit: float = 0.0
    colour: tuple[int, int, int] = LOCAL_COLOUR
    up: bool = True
    kind: Literal["image"] = "image"
    unit: str = "image"

    def available(self) -> bool:
        return self.up

    def generate(self, request: ImageRequest, *, out: Path) -> Generated:
        Image.new("RGB", request.size, self.colour).save(out, format="PNG")
        return Generated.priced(
            path=out, units=1, provider=self.name, model="paint", usd_per_unit=self.usd_per_unit
        )


@dataclass
class Refusing(PaintedImages):
    """An image generator that always fails with ``error``, noting where it was asked to write."""

    error: PressroomError | None = None
    calls: list[Path] = field(default_factory=list)

    def generate(self, request: ImageRequest, *, out: Path) -> Generated:
        self.calls.append(out)
        assert self.error is not None
        raise self.error


@dataclass
class SilentVoice:
    """A speech generator writing silence as long as the words take at 2.5 words a second."""

    name: str = "silent-voice"
    tier: Tier = "free"
    styles: frozenset[str] = frozenset()
    usd_per_unit: float = 0.01
    kind: Literal["speech"] = "speech"
    unit: str = "second"

    def available(self) -> bool:
        return True

    def synthesize(self, text: str, *, language: str, out: Path) -> Speech:
        rate = 16_000
        frames = int(len(text.split()) / 2.5 * rate)
        with wave.open(str(out), "wb") as sound:
            sound.setnchannels(1)
            sound.setsampwidth(2)
            sound.setframerate(rate)
            sound.writeframes(b"\0\0" * frames)
        return Speech(path=out, duration_seconds=frames / rate, sample_rate=rate)


def replicate(fake: FakeReplicate, **overrides: Any) -> ReplicateImageGenerator:
    styles = frozenset({"photo", "illustration"})
    values = {"backoff_seconds": 0.0, "max_retries": 1, "styles": styles, **overrides}
    return ReplicateImageGenerator(fake.config(**values))


def names(generators: list[Any]) -> list[str]:
    return [generator.name for generator in generators]


def pixel(path: Path) -> tuple[int, ...]:
    with Image.open(path) as image:
        return tuple(image.convert("RGB").getpixel((5, 5)))  # type: ignore[arg-type]


# --- choosing candidates -------------------------------------------------------------------------


def tiered_router() -> MediaRouter:
    return MediaRouter(
        providers=[
            PaintedImages("standard-any", tier="standard"),
            PaintedImages("free-remote", tier="free", styles=frozenset({"flat"})),
            PaintedImages("premium-photo", tier="premium", styles=frozenset({"photo"})),
            PaintedImages("premium-down", tier="premium", up=False),
        ],
        fallbacks=[PaintedImages("local", styles=frozenset({"brand"}))],
    )


@pytest.mark.parametrize(
    ("tier", "style", "expected"),
    [
        ("premium", "", ["premium-photo", "standard-any", "free-remote", "local"]),
        ("premium", "photo", ["premium-photo", "standard-any", "local"]),
        ("standard", "photo", ["standard-any", "local"]),
        ("standard", "flat", ["standard-any", "free-remote", "local"]),
        ("free", "photo", ["local"]),
        ("free", "", ["free-remote", "local"]),
    ],
)
def test_candidates_follow_the_budget_the_style_and_availability(
    tier: Tier, style: str, expected: list[str]
) -> None:
    assert names(tiered_router().candidates("image", style=style, tier=tier)) == expected


def test_candidates_are_only_of_the_asked_kind() -> None:
    router = MediaRouter(fallbacks=[PaintedImages("local"), SilentVoice()])
    assert names(router.candidates("speech")) == ["silent-voice"]
    assert router.candidates("video") == []
    assert isinstance(router.candidates("image")[0], ImageGenerator)
    assert isinstance(router.candidates("speech")[0], SpeechGenerator)


def test_a_second_generator_with_the_same_name_is_refused() -> None:
    router = MediaRouter(providers=[PaintedImages("twin")])
    with pytest.raises(PressroomError) as refused:
        router.register(PaintedImages("twin"), fallback=True)
    assert refused.value.code is ErrorCode.CONFIG_INVALID


# --- running -----------------------------------------------------------------------------------


def test_replicate_makes_the_image_when_it_works_and_the_cost_is_reported(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    router = MediaRouter(providers=[replicate(fake_replicate)], fallbacks=[PaintedImages("local")])
    attempts: list[Attempt] = []
    out = tmp_path / "cover.png"
    result = router.run("image", COVER, out=out, tier="standard", on_attempt=attempts.append)

    assert (result.provider, result.usd, result.units) == (f"replicate:{IMAGE_MODEL}", 0.003, 1)
    assert pixel(out) != LOCAL_COLOUR
    [attempt] = attempts
    assert (attempt.provider, attempt.ok, attempt.code) == (result.provider, True, None)
    assert (attempt.usd, attempt.model, attempt.job_id) == (0.003, IMAGE_MODEL, result.job_id)


def test_the_free_tier_never_calls_a_paid_provider(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    router = MediaRouter(providers=[replicate(fake_replicate)], fallbacks=[PaintedImages("local")])
    result = router.run("image", COVER, out=tmp_path / "cover.png", tier="free")

    assert result.provider == "local"
    assert fake_replicate.requests == []


def break_replicate(fake: FakeReplicate, how: str) -> dict[str, Any]:
    """Make the fake fail ``how``; the generator settings that go with it."""
    if how == "auth":
        return {"api_token": "r8_revoked"}
    if how == "timeout":
        fake.script(Job.never_finishes())
        return {"timeout_seconds": 0.2}
    if how == "failed":
        fake.script(Job.fails("E6716: Timeout starting prediction"))
    elif how == "corrupt":
        fake.script(Job.sends(CORRUPT_PNG))
    elif how == "rate_limited":
        fake.enqueue("create", *[Reply.rate_limited(retry_after="0")] * 2)
    elif how == "down":
        fake.enqueue("create", *[Reply.error(503, "Service unavailable")] * 2)
    elif how == "bad_input":
        fake.enqueue("create", Reply.error(422, "- input.prompt: prompt is required"))
    return {}


@pytest.mark.parametrize(
    ("how", "code", "billed"),
    [
        ("auth", ErrorCode.PROVIDER_AUTH_FAILED, 0.0),
        ("timeout", ErrorCode.PROVIDER_TIMEOUT, 0.0),
        ("failed", ErrorCode.PROVIDER_UNAVAILABLE, 0.0),
        ("corrupt", ErrorCode.PROVIDER_MALFORMED_OUTPUT, 0.003),
        ("rate_limited", ErrorCode.PROVIDER_RATE_LIMITED, 0.0),
        ("down", ErrorCode.PROVIDER_UNAVAILABLE, 0.0),
        ("bad_input", ErrorCode.PROVIDER_BAD_REQUEST, 0.0),
    ],
)
def test_when_replicate_fails_the_local_renderer_makes_the_image(
    fake_replicate: FakeReplicate, tmp_path: Path, how: str, code: ErrorCode, billed: float
) -> None:
    remote = replicate(fake_replicate, **break_replicate(fake_replicate, how))
    router = MediaRouter(providers=[remote], fallbacks=[PaintedImages("local")])
    attempts: list[Attempt] = []
    out = tmp_path / "cover.png"
    with capture_logs() as logs:
        result = router.run(
            "image", COVER, out=out, tier="premium", on_attempt=attempts.append, trace_id="t-1"
        )

    assert (result.provider, result.usd) == ("local", 0.0)
    assert pixel(out) == LOCAL_COLOUR
    with Image.open(out) as image:
        assert image.size == (90, 160)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cover.png"]  # no remote leftovers
    failed, succeeded = attempts
    assert (failed.provider, failed.ok, failed.code) == (remote.name, False, str(code))
    assert failed.usd == billed
    assert (succeeded.provider, succeeded.ok) == ("local", True)
    [logged] = [e for e in logs if e["event"] == "media.provider.failed"]
    assert (logged["trace_id"], logged["provider"], logged["code"]) == ("t-1", remote.name, code)


def test_when_every_candidate_fails_the_last_error_lists_every_attempt(tmp_path: Path) -> None:
    gone = MediaError("the model is gone", code=ErrorCode.PROVIDER_BAD_REQUEST)
    first = Refusing("remote", tier="standard", error=gone)
    no_font = MediaError("no font for Tamil", code=ErrorCode.MEDIA_FONT_MISSING)
    last = Refusing("local", error=no_font)
    router = MediaRouter(providers=[first], fallbacks=[last])
    reported: list[Attempt] = []

    with pytest.raises(PressroomError) as raised:
        router.run(
            "image", COVER, out=tmp_path / "c.png", tier="standard", on_attempt=reported.append
        )

    error = raised.value
    assert error.code is ErrorCode.MEDIA_FONT_MISSING
    listed = error.details["attempts"]
    assert [(a["provider"], a["ok"], a["code"]) for a in listed] == [
        ("remote", False, "PROVIDER_BAD_REQUEST"),
        ("local", False, "MEDIA_FONT_MISSING"),
    ]
    assert listed == [a.to_dict() for a in reported]
    assert first.calls == last.calls == [tmp_path / "c.png"]


def test_no_candidate_at_all_is_a_clear_error(tmp_path: Path) -> None:
    router = MediaRouter(providers=[PaintedImages("premium-only", tier="premium")])
    with pytest.raises(PressroomError) as raised:
        router.run("image", COVER, out=tmp_path / "c.png", tier="free")

    error = raised.value
    assert error.code is ErrorCode.MEDIA_RENDER_FAILED
    assert "no image generator is available for style 'photo' within the 'free' budget" in (
        error.message
    )
    assert error.details["registered"] == ["premium-only"]


def test_speech_is_priced_by_its_seconds(tmp_path: Path) -> None:
    router = MediaRouter(fallbacks=[SilentVoice()])
    out = tmp_path / "voice.wav"
    request = SpeechRequest(text="one two three four five", language="en")
    result = router.run("speech", request, out=out)

    with wave.open(str(out)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert seconds == pytest.approx(2.0)
    assert (result.units, result.usd, result.provider) == (seconds, 0.02, "silent-voice")


def test_a_request_of_another_kind_is_refused(tmp_path: Path) -> None:
    router = MediaRouter(fallbacks=[PaintedImages("local")])
    clip = VideoRequest(prompt="Steam", size=(72, 128), duration_seconds=1)
    with pytest.raises(PressroomError) as refused:
        router.run("image", clip, out=tmp_path / "c.png")
    assert refused.value.code is ErrorCode.INVALID_INPUT
