"""The offline voice, on the real eSpeak NG library shipped by espeakng-loader: what it writes
is read back as a WAV (format, length), and every refusal has its code."""

from __future__ import annotations

import os
import shutil
import subprocess
import wave
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pressroom.errors import ErrorCode, MediaError
from pressroom.providers.media.espeak import EspeakSpeech, Speech

SHORT = "Most teams post on a hunch."
LONG = (
    "Most teams post on a hunch. We looked at four thousand posts from small brands, and "
    "the ones that explained one idea in under thirty seconds got twice the saves."
)


@pytest.fixture(scope="module")
def tts() -> EspeakSpeech:
    return EspeakSpeech()


def read_wav(path: Path) -> tuple[int, int, int, float]:
    with wave.open(str(path)) as wav:
        return (
            wav.getnchannels(),
            wav.getsampwidth(),
            wav.getframerate(),
            wav.getnframes() / wav.getframerate(),
        )


def test_it_writes_a_mono_16_bit_wav_of_the_reported_length(
    tts: EspeakSpeech, tmp_path: Path
) -> None:
    speech = tts.synthesize(SHORT, language="en", out=tmp_path / "voice.wav")
    channels, width, rate, seconds = read_wav(speech.path)
    assert (channels, width) == (1, 2)
    assert rate == speech.sample_rate
    assert abs(seconds - speech.duration_seconds) < 1e-6
    assert 1.0 < speech.duration_seconds < 4.0
    assert sorted(os.listdir(tmp_path)) == ["voice.wav"], "no temporary file is left behind"


def test_longer_text_takes_longer_and_the_rate_follows_words_per_second(
    tts: EspeakSpeech, tmp_path: Path
) -> None:
    short = tts.synthesize(SHORT, language="en", out=tmp_path / "short.wav")
    long = tts.synthesize(LONG, language="en", out=tmp_path / "long.wav")
    assert long.duration_seconds > 3 * short.duration_seconds
    words = len(LONG.split())
    assert 0.6 < words / 2.5 / long.duration_seconds < 1.6  # about 2.5 words a second
    slow = EspeakSpeech(words_per_second=1.5).synthesize(
        LONG, language="en", out=tmp_path / "slow.wav"
    )
    assert slow.duration_seconds > 1.3 * long.duration_seconds


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Kurze Ideen gewinnen doppelt so viele Speicherungen."),
        ("de-AT", "Servus, das ist ein Test."),
        ("pt-BR", "Ideias curtas ganham o dobro de salvamentos."),
        ("ar", "مرحبا بكم في عالم المحتوى"),
        ("he", "שלום עולם"),
        ("zh-Hans-CN", "我们分析了四千条帖子"),
        ("ja", "こんにちは世界"),
    ],
)
def test_it_speaks_many_languages(
    tts: EspeakSpeech, tmp_path: Path, language: str, text: str
) -> None:
    speech = tts.synthesize(text, language=language, out=tmp_path / "voice.wav")
    assert speech.duration_seconds > 0.5
    assert read_wav(speech.path)[3] == pytest.approx(speech.duration_seconds)


def test_emoji_are_not_spoken(tts: EspeakSpeech, tmp_path: Path) -> None:
    plain = tts.synthesize("Ship it today", language="en", out=tmp_path / "plain.wav")
    decorated = tts.synthesize(
        "🚀 Ship it 👩🏽‍💻 today 🇩🇪!", language="en", out=tmp_path / "emoji.wav"
    )
    assert abs(decorated.duration_seconds - plain.duration_seconds) < 0.35


@pytest.mark.parametrize("text", ["", "   \n ", "🎉🎉 🚀"], ids=["empty", "blank", "emoji-only"])
def test_nothing_to_say_is_a_tts_failure(tts: EspeakSpeech, tmp_path: Path, text: str) -> None:
    with pytest.raises(MediaError) as caught:
        tts.synthesize(text, language="en", out=tmp_path / "voice.wav")
    assert caught.value.code == ErrorCode.MEDIA_TTS_FAILED
    assert not (tmp_path / "voice.wav").exists()


def test_an_unknown_language_is_named_with_a_way_to_list_the_known_ones(
    tts: EspeakSpeech, tmp_path: Path
) -> None:
    with pytest.raises(MediaError) as caught:
        tts.synthesize(SHORT, language="tlh", out=tmp_path / "voice.wav")
    assert caught.value.code == ErrorCode.MEDIA_TTS_FAILED
    assert "'tlh'" in caught.value.message
    assert "languages()" in str(caught.value.hint)
    assert list(tmp_path.iterdir()) == []
    assert {"en", "de", "ar", "he", "ja"} <= set(tts.languages())


def test_a_named_voice_variant_is_used(tmp_path: Path) -> None:
    default = EspeakSpeech().synthesize(SHORT, language="en", out=tmp_path / "a.wav")
    variant = EspeakSpeech(voice="en+f3").synthesize(SHORT, language="en", out=tmp_path / "b.wav")
    assert default.path.read_bytes() != variant.path.read_bytes()


def test_an_unknown_voice_name_is_a_tts_failure(tmp_path: Path) -> None:
    with pytest.raises(MediaError) as caught:
        EspeakSpeech(voice="no-such-voice").synthesize(SHORT, language="en", out=tmp_path / "v.wav")
    assert caught.value.code == ErrorCode.MEDIA_TTS_FAILED
    assert caught.value.details["espeak_error"] is not None


def test_concurrent_calls_are_serialised(tts: EspeakSpeech, tmp_path: Path) -> None:
    """The library is not thread-safe: six threads at once must each get their own speech."""
    jobs = [(SHORT, "en"), (LONG, "en"), ("Kurz und gut.", "de")] * 2
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(
            pool.map(
                lambda job: tts.synthesize(
                    job[1][0], language=job[1][1], out=tmp_path / f"{job[0]}.wav"
                ),
                enumerate(jobs),
            )
        )
    for first, again in ((0, 3), (1, 4), (2, 5)):
        # eSpeak's pitch flutter keeps its phase between calls: a few periods may differ.
        assert results[again].duration_seconds == pytest.approx(
            results[first].duration_seconds, rel=0.01
        )
        assert read_wav(results[again].path)[3] == pytest.approx(results[again].duration_seconds)
    assert results[1].duration_seconds > 3 * results[0].duration_seconds


def test_the_router_facing_attributes(tts: EspeakSpeech) -> None:
    assert tts.name == "espeak-ng"
    assert (tts.kind, tts.unit, tts.usd_per_unit) == ("speech", "second", 0.0)
    assert tts.available()
    assert Speech(path=Path("x.wav"), duration_seconds=1.0, sample_rate=22050).sample_rate == 22050


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 8 KiB filesystem (tmpfs) that a few seconds of speech cannot fit in."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_is_storage_full_and_leaves_nothing(tts: EspeakSpeech, full_disk: Path) -> None:
    with pytest.raises(MediaError) as caught:
        tts.synthesize(LONG, language="en", out=full_disk / "voice.wav")
    assert caught.value.code == ErrorCode.STORAGE_FULL
    assert caught.value.retryable
    assert list(full_disk.iterdir()) == []
