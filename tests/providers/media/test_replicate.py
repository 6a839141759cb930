"""Replicate's image and video generators over real HTTP on loopback, against the fake that
follows Replicate's predictions API: submit → poll → download, retries, timeouts, refusals
and corrupt files."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import pytest
from PIL import Image
from pydantic import SecretStr, ValidationError

from pressroom.errors import ErrorCode, PressroomError
from pressroom.providers.media.protocol import (
    ImageGenerator,
    ImageRequest,
    VideoGenerator,
    VideoRequest,
)
from pressroom.providers.media.replicate import (
    ReplicateConfig,
    ReplicateImageGenerator,
    ReplicateVideoGenerator,
)
from tests.fakes.replicate_server import (
    API_TOKEN,
    CORRUPT_PNG,
    IMAGE_MODEL,
    IMAGE_VERSION,
    VIDEO_MODEL,
    FakeReplicate,
    Job,
    Reply,
    fake_replicate_fixture,  # noqa: F401 (the fake_replicate fixture)
    png_bytes,
)

COVER = ImageRequest(
    prompt="A flat white on a wooden table",
    size=(90, 160),
    style="photo",
    brand_palette=["#1E3A5F", "#F2C14E"],
    seed=7,
)


def images(fake: FakeReplicate, **overrides: Any) -> ReplicateImageGenerator:
    return ReplicateImageGenerator(fake.config(**overrides))


def clips(fake: FakeReplicate, **overrides: Any) -> ReplicateVideoGenerator:
    values = {"model": VIDEO_MODEL, "usd_per_unit": 0.05, "unit": "second", **overrides}
    return ReplicateVideoGenerator(fake.config(**values))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def failure(generator: Any, request: Any, out: Path) -> PressroomError:
    with pytest.raises(PressroomError) as raised:
        generator.generate(request, out=out)
    return raised.value


# --- the happy paths ---------------------------------------------------------------------------


def test_an_image_is_submitted_polled_and_downloaded(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    generator = images(fake_replicate)
    out = tmp_path / "cover.png"
    result = generator.generate(COVER, out=out)

    with Image.open(out) as image:
        assert (image.format, image.size) == ("PNG", (90, 160))
    assert (result.path, result.units, result.usd) == (out, 1.0, 0.003)
    assert (result.provider, result.model) == (f"replicate:{IMAGE_MODEL}", IMAGE_MODEL)
    assert result.job_id in fake_replicate.predictions
    assert fake_replicate.predictions[result.job_id].status == "succeeded"
    assert leftovers(tmp_path) == ["cover.png"]

    [create] = fake_replicate.calls("create")
    assert create.path == f"/v1/models/{IMAGE_MODEL}/predictions"
    assert create.headers["authorization"] == f"Bearer {API_TOKEN}"
    sent = create.body["input"]
    assert sent["prompt"] == (
        "A flat white on a wooden table Style: photo. Colour palette: #1E3A5F, #F2C14E."
    )
    assert (sent["aspect_ratio"], sent["width"], sent["height"], sent["seed"]) == (
        "9:16",
        90,
        160,
        7,
    )
    assert len(fake_replicate.calls("poll")) == 2  # starting → processing → succeeded


def test_a_version_id_goes_to_the_predictions_endpoint(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.script(Job.succeeds(polls=1, as_list=False))  # output as a bare URL
    generator = images(fake_replicate, model=IMAGE_VERSION, input={"output_format": "png"})
    generator.generate(COVER, out=tmp_path / "cover.png")

    [create] = fake_replicate.calls("create")
    assert create.path == "/v1/predictions"
    assert create.body["version"] == IMAGE_VERSION
    assert create.body["input"]["output_format"] == "png"
    with Image.open(tmp_path / "cover.png") as image:
        assert image.size == (90, 160)


def test_a_video_clip_animates_the_still_and_costs_its_seconds(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    still = tmp_path / "still.png"
    still.write_bytes(png_bytes((72, 128)))
    request = VideoRequest(prompt="Steam rising", size=(72, 128), duration_seconds=2, image=still)
    out = tmp_path / "scene.mp4"
    result = clips(fake_replicate).generate(request, out=out)

    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(out))
    assert seconds == pytest.approx(2.0, abs=0.15)
    assert frames > 0
    assert (result.units, result.usd) == (2.0, 0.1)
    sent = fake_replicate.calls("create")[0].body["input"]
    assert (sent["duration"], sent["aspect_ratio"]) == (2, "9:16")
    assert sent["image"] == "data:image/png;base64," + base64.b64encode(still.read_bytes()).decode()


def test_generators_fit_their_protocols_and_need_a_token(fake_replicate: FakeReplicate) -> None:
    assert isinstance(images(fake_replicate), ImageGenerator)
    assert isinstance(clips(fake_replicate), VideoGenerator)
    assert images(fake_replicate).available()
    assert not images(fake_replicate, api_token="").available()
    assert (images(fake_replicate).tier, clips(fake_replicate).unit) == ("standard", "second")


def test_the_config_refuses_unknown_fields_and_bad_model_names() -> None:
    with pytest.raises(ValidationError):
        ReplicateConfig(api_token=SecretStr("t"), model="acme/x", usd_per_unit=0, colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        ReplicateConfig(api_token=SecretStr("t"), model="../../admin", usd_per_unit=0)


# --- refusals: not retried ---------------------------------------------------------------------


def test_a_wrong_token_is_auth_failed_at_once(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    error = failure(images(fake_replicate, api_token="r8_wrong"), COVER, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_AUTH_FAILED
    assert error.retryable is False
    assert "You did not pass a valid authentication token" in error.message
    assert error.details["status"] == 401
    assert error.hint is not None
    assert "PRESSROOM_REPLICATE_API_TOKEN" in error.hint
    assert len(fake_replicate.calls("create")) == 1
    assert leftovers(tmp_path) == []


def test_input_the_model_refuses_is_bad_request_with_replicates_words(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    odd = COVER.model_copy(update={"size": (700, 300)})  # 7:3 is no aspect ratio it takes
    error = failure(images(fake_replicate), odd, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_BAD_REQUEST
    assert error.details["status"] == 422
    assert "Input validation failed: - input.aspect_ratio" in error.message
    assert len(fake_replicate.calls("create")) == 1


def test_an_unknown_model_is_bad_request(fake_replicate: FakeReplicate, tmp_path: Path) -> None:
    error = failure(images(fake_replicate, model="acme/gone"), COVER, tmp_path / "c.png")
    assert error.code is ErrorCode.PROVIDER_BAD_REQUEST
    assert error.details["status"] == 404


# --- transient failures: retried ----------------------------------------------------------------


def test_a_429_waits_for_retry_after_then_succeeds(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.enqueue("create", Reply.rate_limited(retry_after="1"))
    images(fake_replicate, backoff_seconds=0).generate(COVER, out=tmp_path / "c.png")

    first, second = fake_replicate.calls("create")
    assert second.received_at - first.received_at >= 1.0  # Retry-After, not the 0 s backoff
    assert len(fake_replicate.predictions) == 1


def test_rate_limited_past_the_retries_is_rate_limited(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.enqueue("create", *[Reply.rate_limited(retry_after="0")] * 3)
    error = failure(images(fake_replicate), COVER, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_RATE_LIMITED
    assert error.retryable is True
    assert error.details["retry_after_seconds"] == 0.0
    assert "Request was throttled" in error.message
    assert len(fake_replicate.calls("create")) == 3  # the first try and two retries


@pytest.mark.parametrize("endpoint", ["create", "poll", "download"])
def test_server_errors_are_retried_at_every_step(
    fake_replicate: FakeReplicate, tmp_path: Path, endpoint: str
) -> None:
    fake_replicate.enqueue(endpoint, Reply.error(500), Reply.error(503, "Service unavailable"))
    result = images(fake_replicate).generate(COVER, out=tmp_path / "c.png")

    assert result.units == 1.0
    assert len(fake_replicate.predictions) == 1
    with Image.open(tmp_path / "c.png") as image:
        assert image.size == (90, 160)


def test_server_errors_past_the_retries_are_unavailable(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.enqueue("poll", *[Reply.error(502, "Bad gateway")] * 3)
    error = failure(images(fake_replicate), COVER, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_UNAVAILABLE
    assert (error.retryable, error.status) == (True, 503)
    assert "Bad gateway" in error.message


def test_a_dropped_poll_is_sent_again(fake_replicate: FakeReplicate, tmp_path: Path) -> None:
    fake_replicate.enqueue("poll", Reply.dropped())
    images(fake_replicate).generate(COVER, out=tmp_path / "c.png")
    assert len(fake_replicate.calls("poll")) == 3


def test_a_dropped_submit_is_not_sent_again_so_nothing_is_paid_twice(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.enqueue("create", Reply.dropped())
    error = failure(images(fake_replicate), COVER, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_UNAVAILABLE
    assert len(fake_replicate.calls("create")) == 1


# --- predictions that fail or never end --------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "code", "retryable"),
    [
        ("E1001: Model out of memory (OOM killed)", ErrorCode.PROVIDER_BAD_REQUEST, False),
        ("NSFW content detected. Try running it again, or try a different prompt.",
         ErrorCode.PROVIDER_BAD_REQUEST, False),
        ("Prediction interrupted; please retry (code: PA)", ErrorCode.PROVIDER_UNAVAILABLE, True),
    ],
)  # fmt: skip
def test_a_failed_prediction_carries_replicates_error(
    fake_replicate: FakeReplicate, tmp_path: Path, said: str, code: ErrorCode, retryable: bool
) -> None:
    fake_replicate.script(Job.fails(said))
    error = failure(images(fake_replicate), COVER, tmp_path / "c.png")

    assert (error.code, error.retryable) == (code, retryable)
    assert said in error.message
    assert error.details["job_id"] in fake_replicate.predictions
    assert leftovers(tmp_path) == []


def test_a_prediction_past_the_timeout_is_cancelled(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.script(Job.never_finishes())
    error = failure(images(fake_replicate, timeout_seconds=0.3), COVER, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_TIMEOUT
    assert (error.retryable, error.status) == (True, 504)
    job_id = error.details["job_id"]
    assert [c.path for c in fake_replicate.calls("cancel")] == [f"/v1/predictions/{job_id}/cancel"]
    assert fake_replicate.predictions[job_id].status == "canceled"
    assert leftovers(tmp_path) == []


# --- unusable files: rejected, nothing left behind, the run still billed ----------------------


def test_a_corrupt_image_is_malformed_output_and_leaves_no_file(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.script(Job.sends(CORRUPT_PNG))
    error = failure(images(fake_replicate), COVER, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_MALFORMED_OUTPUT
    assert "does not decode" in error.message
    assert (error.details["units"], error.details["usd"]) == (1.0, 0.003)
    assert error.details["job_id"] in fake_replicate.predictions
    assert leftovers(tmp_path) == []


def test_an_image_of_the_wrong_shape_is_refused(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.script(Job.sends(png_bytes((128, 128))))
    error = failure(images(fake_replicate), COVER, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_MALFORMED_OUTPUT
    assert "128×128 pixels is not the 90×160 shape" in error.message


def test_a_video_that_is_no_container_is_refused(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.script(Job.sends(b"<html><body>Bad gateway</body></html>" * 10))
    request = VideoRequest(prompt="Steam", size=(72, 128), duration_seconds=1)
    error = failure(clips(fake_replicate), request, tmp_path / "scene.mp4")

    assert error.code is ErrorCode.PROVIDER_MALFORMED_OUTPUT
    assert "not an MP4 or WebM file" in error.message
    assert (error.details["units"], error.details["usd"]) == (1.0, 0.05)
    assert leftovers(tmp_path) == []


def test_a_file_over_the_byte_cap_is_refused(fake_replicate: FakeReplicate, tmp_path: Path) -> None:
    fake_replicate.script(Job.sends(b"\0" * 5000))
    error = failure(images(fake_replicate, max_download_bytes=1000), COVER, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_MALFORMED_OUTPUT
    assert "over the 1000 byte cap" in error.message
    assert leftovers(tmp_path) == []


def test_a_prediction_without_output_is_malformed(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    fake_replicate.script(Job.without_output())
    error = failure(images(fake_replicate), COVER, tmp_path / "c.png")

    assert error.code is ErrorCode.PROVIDER_MALFORMED_OUTPUT
    assert "without an output file URL" in error.message


def test_a_still_that_cannot_be_sent_is_bad_request(
    fake_replicate: FakeReplicate, tmp_path: Path
) -> None:
    request = VideoRequest(
        prompt="Steam", size=(72, 128), duration_seconds=1, image=tmp_path / "missing.png"
    )
    error = failure(clips(fake_replicate), request, tmp_path / "scene.mp4")

    assert error.code is ErrorCode.PROVIDER_BAD_REQUEST
    assert fake_replicate.calls("create") == []
