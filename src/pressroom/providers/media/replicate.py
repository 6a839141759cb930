"""Image and video generators on Replicate's predictions API: submit → poll → download.

A prediction is created (``POST /v1/models/{owner}/{name}/predictions``, or ``POST
/v1/predictions`` with a version id), polled (``GET /v1/predictions/{id}``) until it succeeds,
fails or runs out of time (then it is cancelled: ``POST /v1/predictions/{id}/cancel``), and its
output file is streamed to a temporary file beside ``out``, capped in size, checked (an image
must decode, a video must be an MP4/WebM container) and only then renamed to ``out``.

Rate limits (429, honouring ``Retry-After``), server errors and dropped connections are
retried with exponential backoff; creating a prediction is only sent again when the first
request cannot have reached Replicate, so a retry never pays for two predictions. Every
failure is a :class:`~pressroom.errors.PressroomError` with a ``PROVIDER_*`` code and
Replicate's own message.
"""

from __future__ import annotations

import base64
import functools
import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, TypeVar
from urllib.parse import quote, urlsplit

import httpx
from PIL import Image

from pressroom.errors import ErrorCode, PressroomError, provider_status_code
from pressroom.logging import get_logger
from pressroom.media.storage import storage_error, temporary_sibling
from pressroom.providers.media.protocol import (
    Generated,
    ImageRequest,
    ReplicateConfig,
    Tier,
    VideoRequest,
)

__all__ = [
    "PROVIDER",
    "ReplicateClient",
    "ReplicateConfig",
    "ReplicateImageGenerator",
    "ReplicateVideoGenerator",
    "image_problem",
    "provider_error",
    "video_problem",
]

log = get_logger(__name__)
T = TypeVar("T")

PROVIDER: Final = "replicate"
RUNNING: Final = frozenset({"starting", "processing"})
MAX_RETRY_WAIT_SECONDS: Final = 60.0
"""The longest a retry waits, whatever ``Retry-After`` asks (the router can move on)."""
MIN_IMAGE_SIDE: Final = 64
MAX_IMAGE_PIXELS: Final = 50_000_000
ASPECT_TOLERANCE: Final = 0.1
"""How far (relative) a generated image's aspect may be from the requested one: models round
sizes to multiples of 16 or 64, but a square for a 9:16 request is not the asked image."""
MAX_INPUT_IMAGE_BYTES: Final = 10 * 1024 * 1024
_CHUNK: Final = 256 * 1024
_PREDICTION_ID = re.compile(r"^[\w-]{1,128}$")
_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


@dataclass(frozen=True)
class Prediction:
    """What Replicate says about one prediction."""

    id: str
    status: str
    output: Any
    error: str | None


class _TransientError(Exception):
    """A failure worth retrying: ``error`` if retries run out, ``wait`` from Retry-After."""

    def __init__(self, error: PressroomError, *, wait: float | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.wait = wait


class ReplicateClient:
    """Runs predictions of one model: submit, poll, download. Thread-safe (one httpx
    client)."""

    def __init__(self, config: ReplicateConfig) -> None:
        self.config = config
        self._auth = {"Authorization": f"Bearer {config.api_token.get_secret_value()}"}
        self._http = httpx.Client(
            base_url=config.base_url,
            timeout=config.request_timeout_seconds,
            headers={"User-Agent": "pressroom-media"},
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def predict(self, model_input: dict[str, Any]) -> Prediction:
        """Submit a prediction and poll it to its end: the succeeded prediction, or an error
        (``PROVIDER_TIMEOUT`` after cancelling one that ran out of time)."""
        deadline = time.monotonic() + self.config.timeout_seconds
        prediction = self._submit(model_input)
        while prediction.status in RUNNING:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._cancel(prediction.id)
                raise self._timed_out(prediction)
            time.sleep(min(self.config.poll_interval_seconds, remaining))
            prediction = self._poll(prediction.id)
        if prediction.status != "succeeded":
            raise self._failed(prediction)
        return prediction

    def download(
        self, prediction: Prediction, *, out: Path, check: Callable[[Path], str | None]
    ) -> None:
        """Stream the prediction's (first) output file to ``out``: through a temporary file
        beside it, capped at ``max_download_bytes`` and checked before the rename (``check``
        says what is wrong with it, or None), so ``out`` is complete and valid or absent."""
        url = self._output_url(prediction)
        temporary = temporary_sibling(out)
        try:
            self._retrying(lambda: self._fetch(url, temporary), operation="download")
            problem = check(temporary)
            if problem:
                raise self._malformed(
                    f"prediction {prediction.id} sent an unusable file: {problem}"
                )
            os.replace(temporary, out)
        finally:
            temporary.unlink(missing_ok=True)

    def _submit(self, model_input: dict[str, Any]) -> Prediction:
        model, _, version = self.config.model.partition(":")
        if "/" not in model:  # a bare version id
            model, version = "", model
        path = "predictions" if version else f"models/{quote(model)}/predictions"
        body: dict[str, Any] = {"input": model_input}
        if version:
            body["version"] = version
        data = self._retrying(
            lambda: self._call("POST", path, body=body, resend=False), operation="submit"
        )
        prediction = self._prediction(data)
        log.info("media.replicate.submitted", model=self.config.model, job_id=prediction.id)
        return prediction

    def _poll(self, prediction_id: str) -> Prediction:
        path = f"predictions/{prediction_id}"
        return self._prediction(
            self._retrying(lambda: self._call("GET", path, resend=True), operation="poll")
        )

    def _cancel(self, prediction_id: str) -> None:
        # Best effort: the caller hears about the timeout; a failed cancel is only logged.
        try:
            path = f"predictions/{prediction_id}/cancel"
            reason = str(self._http.post(path, headers=self._auth).status_code)
        except httpx.HTTPError as exc:
            reason = str(exc)
        if reason != "200":
            log.warning("media.replicate.cancel_failed", job_id=prediction_id, reason=reason)

    def _retrying(self, send: Callable[[], T], *, operation: str) -> T:
        """``send()``, sent again after transient failures (``max_retries`` times at most),
        waiting what Retry-After asks or an exponential backoff."""
        attempt = 0
        while True:
            try:
                return send()
            except _TransientError as transient:
                if attempt >= self.config.max_retries:
                    raise transient.error from transient
                backoff = self.config.backoff_seconds * 2**attempt
                wait = backoff if transient.wait is None else transient.wait
                attempt += 1
                log.info(
                    "media.replicate.retry_scheduled",
                    operation=operation,
                    attempt=attempt,
                    code=str(transient.error.code),
                    wait_seconds=min(wait, MAX_RETRY_WAIT_SECONDS),
                )
                time.sleep(min(wait, MAX_RETRY_WAIT_SECONDS))

    def _call(
        self, method: str, path: str, *, body: dict[str, Any] | None = None, resend: bool
    ) -> dict[str, Any]:
        """One API request. ``resend``: the request may be sent again after a connection
        that dropped mid-way (reads); otherwise only when it cannot have arrived."""
        try:
            response = self._http.request(method, path, json=body, headers=self._auth)
        except httpx.TransportError as exc:
            raise self._transport_error(exc, resend=resend) from exc
        if not response.is_success:
            raise self._status_error(response)
        try:
            data = response.json()
        except ValueError as exc:
            raise self._malformed(f"the answer to {method} {path} is not JSON") from exc
        if not isinstance(data, dict):
            raise self._malformed(f"the answer to {method} {path} is not a JSON object")
        return data

    def _fetch(self, url: str, target: Path) -> None:
        same_origin = urlsplit(url)[:2] == urlsplit(str(self._http.base_url))[:2]
        headers = self._auth if same_origin else {}  # the token only goes to Replicate's API
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                if not response.is_success:
                    raise self._status_error(response)
                self._save(response, target)
        except httpx.TransportError as exc:
            raise self._transport_error(exc, resend=True) from exc

    def _save(self, response: httpx.Response, target: Path) -> None:
        cap = self.config.max_download_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise self._too_large(int(declared))
        written = 0
        try:
            with target.open("wb") as handle:
                for chunk in response.iter_bytes(_CHUNK):
                    written += len(chunk)
                    if written > cap:
                        raise self._too_large(written)
                    handle.write(chunk)
        except OSError as exc:
            raise storage_error(exc, action="save a generated file", path=target) from exc

    def _prediction(self, data: dict[str, Any]) -> Prediction:
        prediction_id, status = data.get("id"), data.get("status")
        if not isinstance(prediction_id, str) or not _PREDICTION_ID.match(prediction_id):
            raise self._malformed(f"the prediction has no usable id ({prediction_id!r})")
        if not isinstance(status, str):
            raise self._malformed(f"prediction {prediction_id} has no status")
        error = data.get("error")
        return Prediction(
            id=prediction_id,
            status=status,
            output=data.get("output"),
            error=None if error is None else str(error),
        )

    def _output_url(self, prediction: Prediction) -> str:
        output = prediction.output
        url = output[0] if isinstance(output, list) and output else output
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            raise self._malformed(
                f"prediction {prediction.id} succeeded without an output file URL "
                f"(output: {str(output)[:200]!r})",
                job_id=prediction.id,
            )
        return url

    # --- errors -------------------------------------------------------------------------

    def _status_error(self, response: httpx.Response) -> PressroomError | _TransientError:
        status = response.status_code
        said = _problem_detail(response)
        code = _status_code(status)
        wait = _retry_after(response) if status == 429 else None
        error = provider_error(
            self.config,
            code,
            f"answered HTTP {status} to {response.request.method} {response.request.url.path}: "
            f"{said}",
            details={"status": status, "provider_message": said, "retry_after_seconds": wait},
        )
        return _TransientError(error, wait=wait) if status == 429 or status >= 500 else error

    def _transport_error(self, exc: httpx.TransportError, *, resend: bool) -> Exception:
        timed_out = isinstance(exc, httpx.TimeoutException)
        code = ErrorCode.PROVIDER_TIMEOUT if timed_out else ErrorCode.PROVIDER_UNAVAILABLE
        error = provider_error(
            self.config,
            code,
            f"could not be reached: {type(exc).__name__}: {exc}",
            details={"status": None},
        )
        unsent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
        return _TransientError(error) if resend or unsent else error

    def _timed_out(self, prediction: Prediction) -> PressroomError:
        return provider_error(
            self.config,
            ErrorCode.PROVIDER_TIMEOUT,
            f"prediction {prediction.id} did not finish within "
            f"{self.config.timeout_seconds:g} s (still {prediction.status}; cancelled)",
            details={"job_id": prediction.id},
        )

    def _failed(self, prediction: Prediction) -> PressroomError:
        said = prediction.error or "no error message"
        return provider_error(
            self.config,
            _failure_code(said),
            f"prediction {prediction.id} {prediction.status}: {said}",
            details={"job_id": prediction.id, "provider_message": prediction.error},
        )

    def _malformed(self, message: str, *, job_id: str | None = None) -> PressroomError:
        return provider_error(
            self.config, ErrorCode.PROVIDER_MALFORMED_OUTPUT, message, details={"job_id": job_id}
        )

    def _too_large(self, size: int) -> PressroomError:
        return self._malformed(
            f"sent an output file over the {self.config.max_download_bytes} byte cap "
            f"({size} bytes or more)"
        )


def provider_error(
    config: ReplicateConfig,
    code: ErrorCode,
    message: str,
    *,
    details: dict[str, Any] | None = None,
) -> PressroomError:
    """A ``PROVIDER_*`` error about ``config``'s model, with the hint for ``code``."""
    return PressroomError(
        f"{PROVIDER}:{config.model} {message}",
        code=code,
        hint=_HINTS[code].format(base_url=config.base_url, model=config.model),
        retryable=code in _RETRYABLE,
        status=_STATUS.get(code, 502),
        details={"provider": PROVIDER, "model": config.model, **(details or {})},
    )


def _status_code(status: int) -> ErrorCode:
    return provider_status_code(status)


def _failure_code(said: str) -> ErrorCode:
    """A failed prediction's code: the same input fails again when the model ran out of memory
    on it (Replicate's E1001) or refused it (NSFW); anything else may pass next time."""
    if "E1001" in said or re.search(r"out of memory|nsfw", said, re.IGNORECASE):
        return ErrorCode.PROVIDER_BAD_REQUEST
    return ErrorCode.PROVIDER_UNAVAILABLE


def _problem_detail(response: httpx.Response) -> str:
    """Replicate's explanation: the problem+json ``detail`` (after its ``title``), else the
    start of the body."""
    response.read()
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("detail"):
        return ": ".join(str(part).strip() for part in (body.get("title"), body["detail"]) if part)
    return response.text[:300] or response.reason_phrase


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        seconds = float(value)
    except ValueError:
        return None  # an HTTP date or nothing: the backoff decides
    return max(0.0, seconds) if math.isfinite(seconds) else None


_RETRYABLE: Final = frozenset(
    {ErrorCode.PROVIDER_TIMEOUT, ErrorCode.PROVIDER_RATE_LIMITED, ErrorCode.PROVIDER_UNAVAILABLE}
)
# Upstream failures reach our API as gateway errors, never as the caller's 4xx.
_STATUS: Final = {
    ErrorCode.PROVIDER_TIMEOUT: 504,
    ErrorCode.PROVIDER_RATE_LIMITED: 503,
    ErrorCode.PROVIDER_UNAVAILABLE: 503,
}
_HINTS: Final = {
    ErrorCode.PROVIDER_TIMEOUT: "Replicate did not finish in time; the local renderer takes "
    "over. Raise the timeout for slow models (video models can take minutes).",
    ErrorCode.PROVIDER_RATE_LIMITED: "Replicate kept rate-limiting: render fewer pieces at "
    "once or try again later.",
    ErrorCode.PROVIDER_UNAVAILABLE: "Replicate at {base_url} failed or is unreachable; the "
    "next run tries again.",
    ErrorCode.PROVIDER_AUTH_FAILED: "Check PRESSROOM_REPLICATE_API_TOKEN and the account's "
    "billing at replicate.com: {base_url} refused the token.",
    ErrorCode.PROVIDER_BAD_REQUEST: "Replicate rejected the input for {model}: check the model "
    "name and its input schema on replicate.com.",
    ErrorCode.PROVIDER_MALFORMED_OUTPUT: "{model} returned an unusable file; the local "
    "renderer takes over. Try another model if it keeps happening.",
}


class _ReplicateGenerator:
    """What Replicate's image and video generators share: config, client, routing fields."""

    def __init__(self, config: ReplicateConfig) -> None:
        self.config = config
        self._client = ReplicateClient(config)

    @property
    def name(self) -> str:
        """``replicate:<model>``."""
        return f"{PROVIDER}:{self.config.model}"

    @property
    def tier(self) -> Tier:
        return self.config.tier

    @property
    def styles(self) -> frozenset[str]:
        return self.config.styles

    @property
    def unit(self) -> str:
        return self.config.unit

    @property
    def usd_per_unit(self) -> float:
        return self.config.usd_per_unit

    def available(self) -> bool:
        """True when a token is configured (whether Replicate is up shows in ``generate``)."""
        return bool(self.config.api_token.get_secret_value())

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def _run(
        self,
        model_input: dict[str, Any],
        *,
        out: Path,
        units: float,
        check: Callable[[Path], str | None],
    ) -> Generated:
        prediction = self._client.predict({**model_input, **self.config.input})
        cost = Generated.priced(
            path=out,
            units=units,
            provider=self.name,
            model=self.config.model,
            usd_per_unit=self.usd_per_unit,
            job_id=prediction.id,
        )
        try:
            self._client.download(prediction, out=out, check=check)
        except PressroomError as error:
            # The prediction ran, so it was billed: the ledger must see it.
            billed = {"job_id": prediction.id, "units": units, "usd": cost.usd}
            error.details = {**error.details, **billed}
            raise
        return cost


class ReplicateImageGenerator(_ReplicateGenerator):
    """An :class:`~pressroom.providers.media.protocol.ImageGenerator` on a Replicate image
    model (FLUX, SDXL…). Sends ``prompt`` (with the style and palette), ``aspect_ratio``,
    ``width``, ``height`` and ``seed``; models ignore the inputs they do not take."""

    kind: Literal["image"] = "image"

    def generate(self, request: ImageRequest, *, out: Path) -> Generated:
        """Generate one image into ``out`` (1 unit)."""
        width, height = request.size
        model_input: dict[str, Any] = {
            "prompt": _styled(request.prompt, style=request.style, palette=request.brand_palette),
            "aspect_ratio": _aspect_ratio(width, height),
            "width": width,
            "height": height,
        }
        if request.seed:
            model_input["seed"] = request.seed
        check = functools.partial(image_problem, wanted=(width, height))
        return self._run(model_input, out=out, units=1.0, check=check)


class ReplicateVideoGenerator(_ReplicateGenerator):
    """A :class:`~pressroom.providers.media.protocol.VideoGenerator` on a Replicate video
    model. Sends ``prompt``, ``aspect_ratio``, ``duration`` (whole seconds) and, to animate a
    still, the image as a data URL in ``image_field``. Units: the requested seconds."""

    kind: Literal["video"] = "video"

    def generate(self, request: VideoRequest, *, out: Path) -> Generated:
        """Generate one clip into ``out``."""
        width, height = request.size
        model_input: dict[str, Any] = {
            "prompt": _styled(request.prompt, style=request.style, palette=[]),
            "aspect_ratio": _aspect_ratio(width, height),
            "duration": max(1, round(request.duration_seconds)),
        }
        if request.image is not None:
            model_input[self.config.image_field] = self._data_url(request.image)
        return self._run(model_input, out=out, units=request.duration_seconds, check=video_problem)

    def _data_url(self, image: Path) -> str:
        mime = _MIME.get(image.suffix.lower())
        size = image.stat().st_size if image.is_file() else -1
        if mime is None or not 0 < size <= MAX_INPUT_IMAGE_BYTES:
            raise provider_error(
                self.config,
                ErrorCode.PROVIDER_BAD_REQUEST,
                f"cannot send {image} as the still to animate (a PNG, JPEG or WebP file of at "
                f"most {MAX_INPUT_IMAGE_BYTES} bytes is needed)",
            )
        return f"data:{mime};base64,{base64.b64encode(image.read_bytes()).decode('ascii')}"


def image_problem(path: Path, *, wanted: tuple[int, int]) -> str | None:
    """Why the file at ``path`` is not a usable image for a ``wanted`` (width, height)
    request, or None: it must decode fully (PNG, JPEG or WebP), have sides of at least
    ``MIN_IMAGE_SIDE`` pixels and about the wanted aspect."""
    try:
        with Image.open(path) as image:
            found, kind = image.size, image.format
            if found[0] * found[1] > MAX_IMAGE_PIXELS:
                return f"{found[0]}×{found[1]} pixels is too large to decode safely"
            image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return f"it does not decode ({exc})"
    if kind not in ("PNG", "JPEG", "WEBP"):
        return f"{kind} is not a PNG, JPEG or WebP image"
    if min(found) < MIN_IMAGE_SIDE:
        return f"{found[0]}×{found[1]} pixels is too small"
    aspect, asked = found[0] / found[1], wanted[0] / wanted[1]
    if abs(aspect - asked) / asked > ASPECT_TOLERANCE:
        return f"{found[0]}×{found[1]} pixels is not the {wanted[0]}×{wanted[1]} shape asked for"
    return None


def video_problem(path: Path) -> str | None:
    """Why the file at ``path`` is not an MP4/MOV or WebM container, or None. Only the
    container's signature is checked here; probing the streams is the renderer's job."""
    with path.open("rb") as handle:
        head = handle.read(12)
    size = path.stat().st_size
    if head[:4] == b"\x1a\x45\xdf\xa3":  # EBML: WebM/Matroska
        return None
    box = int.from_bytes(head[:4], "big") if len(head) == 12 else 0
    if head[4:8] == b"ftyp" and 8 <= box <= size:
        return None
    return f"its {size} bytes are not an MP4 or WebM file (starts with {head[:8].hex()})"


def _styled(prompt: str, *, style: str, palette: list[str]) -> str:
    parts = [prompt.strip()]
    if style:
        parts.append(f"Style: {style}.")
    if palette:
        parts.append(f"Colour palette: {', '.join(palette)}.")
    return " ".join(parts)


def _aspect_ratio(width: int, height: int) -> str:
    divisor = math.gcd(width, height) or 1
    return f"{width // divisor}:{height // divisor}"
