"""Which generator makes a piece's media: the most capable one the brand's budget tier allows
and that does the wanted style, then the next, and the local renderer last.

External generators are tried first because they are what a brand pays for; any
:class:`~pressroom.errors.PressroomError` from one (timeout, refusal, corrupt file) moves on to
the next, so the local renderer, registered as the fallback, still makes the asset. Every try
is reported as an :class:`Attempt` (to ``on_attempt``, as it ends), so the caller can record
each call's cost in the ledger, failed ones included.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final, cast

from pressroom.errors import ConfigError, ErrorCode, InvalidInputError, MediaError, PressroomError
from pressroom.logging import get_logger
from pressroom.providers.media.protocol import (
    Generated,
    ImageGenerator,
    ImageRequest,
    MediaGenerator,
    MediaKind,
    MediaRequest,
    SpeechGenerator,
    SpeechRequest,
    Tier,
    VideoGenerator,
    VideoRequest,
    tier_rank,
)

__all__ = ["Attempt", "MediaRouter"]

log = get_logger(__name__)

_REQUESTS: Final[dict[MediaKind, type[MediaRequest]]] = {
    "image": ImageRequest,
    "video": VideoRequest,
    "speech": SpeechRequest,
}


@dataclass(frozen=True)
class Attempt:
    """One try of one generator: what it was, how it ended, how long it took and what it
    cost (a failed remote call can still cost: the provider charges for the run)."""

    kind: MediaKind
    provider: str
    ok: bool
    seconds: float
    code: str | None = None
    """The error code when it failed."""
    message: str | None = None
    model: str | None = None
    units: float = 0.0
    usd: float = 0.0
    job_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The attempt as JSON-ready fields (for error details and logs)."""
        return asdict(self)


@dataclass(frozen=True)
class _Entry:
    generator: MediaGenerator
    fallback: bool


class MediaRouter:
    """Generators by kind, in the order :meth:`candidates` tries them.

    ``providers`` are external or optional generators; ``fallbacks`` are the local renderers
    (always tried last, whatever the style, because they always work offline).
    """

    def __init__(
        self,
        *,
        providers: Iterable[MediaGenerator] = (),
        fallbacks: Iterable[MediaGenerator] = (),
    ) -> None:
        self._entries: list[_Entry] = []
        for generator in providers:
            self.register(generator)
        for generator in fallbacks:
            self.register(generator, fallback=True)

    def register(self, generator: MediaGenerator, *, fallback: bool = False) -> None:
        """Add ``generator``; ``fallback`` marks a local renderer, tried after every other."""
        if generator.kind not in _REQUESTS:
            raise ConfigError(
                f"media generator {generator.name!r} has unknown kind {generator.kind!r}",
                hint=f"A generator's kind is one of: {', '.join(_REQUESTS)}.",
            )
        if any(
            entry.generator.name == generator.name and entry.generator.kind == generator.kind
            for entry in self._entries
        ):
            raise ConfigError(
                f"a {generator.kind} generator named {generator.name!r} is already registered",
                hint="Give each generator of a kind its own name.",
            )
        self._entries.append(_Entry(generator, fallback))

    def candidates(
        self, kind: MediaKind, *, style: str = "", tier: Tier = "free"
    ) -> list[MediaGenerator]:
        """The available generators of ``kind`` within the ``tier`` budget that do ``style``
        (or any style), the most capable tier first (registration order within a tier), then
        the fallbacks. Fallbacks skip the style check but not the budget."""
        budget = tier_rank(tier)
        entries = [
            entry
            for entry in self._entries
            if entry.generator.kind == kind
            and tier_rank(entry.generator.tier) <= budget
            and (entry.fallback or _does_style(entry.generator, style))
            and entry.generator.available()
        ]
        # sorted() is stable, so registration order holds within a tier.
        ranked = sorted(entries, key=lambda e: (e.fallback, -tier_rank(e.generator.tier)))
        return [entry.generator for entry in ranked]

    def run(
        self,
        kind: MediaKind,
        request: MediaRequest,
        *,
        out: Path,
        tier: Tier = "free",
        style: str | None = None,
        on_attempt: Callable[[Attempt], None] | None = None,
        trace_id: str | None = None,
    ) -> Generated:
        """Make ``request`` with the first candidate that succeeds, writing ``out``.

        ``style`` defaults to the request's own. Each try is passed to ``on_attempt`` as it
        ends. When every candidate fails, the last error is raised with every attempt in its
        ``details["attempts"]``; with no candidate at all, ``MEDIA_RENDER_FAILED``.
        """
        _check_request(kind, request)
        wanted = style if style is not None else _request_style(request)
        chosen = self.candidates(kind, style=wanted, tier=tier)
        if not chosen:
            raise self._none_available(kind, style=wanted, tier=tier)
        attempts: list[Attempt] = []
        for generator in chosen:
            attempt, result, error = _try(generator, request, out=out, trace_id=trace_id)
            attempts.append(attempt)
            if on_attempt is not None:
                on_attempt(attempt)
            if result is not None:
                return result
        assert error is not None  # the loop ran, and every try that returns nothing failed
        error.details = {**error.details, "attempts": [a.to_dict() for a in attempts]}
        raise error

    def _none_available(self, kind: MediaKind, *, style: str, tier: Tier) -> MediaError:
        registered = [e.generator.name for e in self._entries if e.generator.kind == kind]
        return MediaError(
            f"no {kind} generator is available for style {style!r} within the {tier!r} budget "
            f"(registered: {', '.join(registered) or 'none'})",
            code=ErrorCode.MEDIA_RENDER_FAILED,
            hint="Register the local renderer as the fallback, or raise the brand's media tier.",
            details={"kind": kind, "style": style, "tier": tier, "registered": registered},
        )


def _does_style(generator: MediaGenerator, style: str) -> bool:
    return not style or not generator.styles or style in generator.styles


def _request_style(request: MediaRequest) -> str:
    return "" if isinstance(request, SpeechRequest) else request.style


def _check_request(kind: MediaKind, request: MediaRequest) -> None:
    expected = _REQUESTS.get(kind)
    if expected is None or not isinstance(request, expected):
        raise InvalidInputError(
            f"a {type(request).__name__} cannot be made by {kind!r} generators",
            hint="Send an ImageRequest to image, a VideoRequest to video and a SpeechRequest "
            "to speech generators.",
        )


def _try(
    generator: MediaGenerator, request: MediaRequest, *, out: Path, trace_id: str | None
) -> tuple[Attempt, Generated | None, PressroomError | None]:
    """One generator's try: the attempt, and the result or the error."""
    started = time.monotonic()
    fields = {} if trace_id is None else {"trace_id": trace_id}
    try:
        result = _invoke(generator, request, out=out)
    except PressroomError as error:
        seconds = round(time.monotonic() - started, 3)
        attempt = _failed(generator, error, seconds=seconds)
        log.warning(
            "media.provider.failed",
            **fields,
            kind=generator.kind,
            provider=generator.name,
            code=attempt.code,
            retryable=error.retryable,
            seconds=seconds,
            message=error.message,
        )
        return attempt, None, error
    attempt = Attempt(
        kind=generator.kind,
        provider=generator.name,
        ok=True,
        seconds=round(time.monotonic() - started, 3),
        model=result.model,
        units=result.units,
        usd=result.usd,
        job_id=result.job_id,
    )
    log.info("media.provider.generated", **fields, **attempt.to_dict())
    return attempt, result, None


def _failed(generator: MediaGenerator, error: PressroomError, *, seconds: float) -> Attempt:
    # A provider that ran the job before the failure (say, a corrupt download) says in the
    # error's details what the run cost, so the ledger still sees it.
    return Attempt(
        kind=generator.kind,
        provider=generator.name,
        ok=False,
        seconds=seconds,
        code=str(error.code),
        message=error.message,
        model=_text(error, "model"),
        units=_number(error, "units"),
        usd=_number(error, "usd"),
        job_id=_text(error, "job_id"),
    )


def _text(error: PressroomError, key: str) -> str | None:
    value = error.details.get(key)
    return value if isinstance(value, str) else None


def _number(error: PressroomError, key: str) -> float:
    value = error.details.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value)


def _invoke(generator: MediaGenerator, request: MediaRequest, *, out: Path) -> Generated:
    if isinstance(request, SpeechRequest):
        speech = cast(SpeechGenerator, generator).synthesize(
            request.text, language=request.language, out=out
        )
        return Generated.priced(
            path=speech.path,
            units=speech.duration_seconds,
            provider=generator.name,
            model=generator.name,
            usd_per_unit=generator.usd_per_unit,
        )
    if isinstance(request, ImageRequest):
        return cast(ImageGenerator, generator).generate(request, out=out)
    return cast(VideoGenerator, generator).generate(request, out=out)
