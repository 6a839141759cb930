"""The offline voice: eSpeak NG (``espeakng-loader`` ships the library and its data; GPL-3.0)
driven through ctypes in synchronous mode, one synthesis at a time per process. Robotic but
instant, dependency-free and in 100+ languages: the default and the fallback."""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import threading
import wave
from pathlib import Path
from typing import Final, Literal

import espeakng_loader
import regex  # type: ignore[import-untyped]  # \p{...} Unicode properties

from pressroom.errors import ErrorCode, MediaError
from pressroom.providers.media.protocol import Speech

__all__ = ["EspeakSpeech", "Speech"]

SAMPLE_WIDTH_BYTES = 2
"""eSpeak produces signed 16-bit mono samples."""
MIN_WORDS_PER_MINUTE = 80
MAX_WORDS_PER_MINUTE = 450

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000  # report a bad data folder instead of exiting the process
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1
_EE_OK = 0
_RANDOM_SEED = 1

# Emoji, skin-tone modifiers, flags, variation selectors, joiners and keycaps: not speakable.
_EMOJI = regex.compile(
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\uFE0E\uFE0F\u200D\u20E3]"
)
_SPEAKABLE = regex.compile(r"[\p{L}\p{N}]")


class _Voice(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    )


_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Engine:
    """The process's one eSpeak instance: the library is not thread-safe and keeps global
    state, so it is initialised once and every use holds ``lock``."""

    lock = threading.Lock()
    _instance: _Engine | None = None

    def __init__(self) -> None:
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.chunks: list[bytes] = []
        self._callback = _SynthCallback(self._collect)  # kept referenced: C holds the pointer
        self._declare()
        rate = self.lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS,
            0,
            espeakng_loader.get_data_path().encode(),
            _INITIALIZE_DONT_EXIT,
        )
        if rate <= 0:
            raise _tts_error(f"eSpeak NG could not start (code {rate})", code=rate)
        self.sample_rate = int(rate)
        self.lib.espeak_SetSynthCallback(self._callback)
        self.languages = self._list_languages()

    @classmethod
    def get(cls) -> _Engine:
        """The initialised engine (call with ``lock`` held)."""
        if cls._instance is None:
            try:
                cls._instance = cls()
            except OSError as exc:
                raise _tts_error(f"the eSpeak NG library cannot be loaded: {exc}") from exc
        return cls._instance

    def _declare(self) -> None:
        lib = self.lib
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int)
        lib.espeak_SetSynthCallback.argtypes = (_SynthCallback,)
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        lib.espeak_ListVoices.argtypes = (ctypes.c_void_p,)
        lib.espeak_SetVoiceByName.argtypes = (ctypes.c_char_p,)
        lib.espeak_SetVoiceByProperties.argtypes = (ctypes.POINTER(_Voice),)
        lib.espeak_SetParameter.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int)
        lib.espeak_ng_SetRandSeed.argtypes = (ctypes.c_long,)
        lib.espeak_ng_SetRandSeed.restype = None
        lib.espeak_Synth.argtypes = (
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        )
        for name in (
            "espeak_SetVoiceByName",
            "espeak_SetVoiceByProperties",
            "espeak_SetParameter",
            "espeak_Synth",
        ):
            getattr(lib, name).restype = ctypes.c_int

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if count > 0 and wav:
            self.chunks.append(ctypes.string_at(wav, count * SAMPLE_WIDTH_BYTES))
        return 0  # 0 = go on synthesizing

    def _list_languages(self) -> frozenset[str]:
        languages: set[str] = set()
        voices = self.lib.espeak_ListVoices(None)
        index = 0
        while voices[index]:
            languages.update(_voice_languages(voices[index].contents))
            index += 1
        return frozenset(languages)

    def speak(self, text: str, *, voice: bytes, by_name: bool, words_per_minute: int) -> bytes:
        """Synthesize ``text`` with ``voice`` (a language, or a voice name when ``by_name``)
        and return the raw samples."""
        if by_name:
            _check(self.lib.espeak_SetVoiceByName(voice), "selecting the voice")
        else:
            spec = _Voice(languages=ctypes.cast(ctypes.c_char_p(voice), ctypes.c_void_p))
            _check(self.lib.espeak_SetVoiceByProperties(ctypes.byref(spec)), "selecting the voice")
        _check(self.lib.espeak_SetParameter(_RATE, words_per_minute, 0), "setting the rate")
        # A fixed seed for the noise eSpeak adds. The pitch flutter's phase still carries over
        # from the previous call (a static in the library), so a repeated text is identical in
        # a fresh process and within a millisecond or two of it afterwards.
        self.lib.espeak_ng_SetRandSeed(_RANDOM_SEED)
        encoded = text.encode("utf-8")
        self.chunks = []
        status = self.lib.espeak_Synth(
            encoded, len(encoded) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        _check(status, "synthesizing")
        return b"".join(self.chunks)


def _voice_languages(voice: _Voice) -> list[str]:
    """A voice's ``languages`` field: (priority byte, NUL-terminated name) pairs, ending at a
    zero priority byte."""
    names: list[str] = []
    address = voice.languages or 0
    while address and ctypes.string_at(address, 1) != b"\0":
        name = ctypes.string_at(address + 1)
        names.append(name.decode("ascii", "replace").lower())
        address += len(name) + 2
    return names


def _check(status: int, doing: str) -> None:
    if status != _EE_OK:
        raise _tts_error(f"eSpeak NG failed while {doing} (error code {status})", code=status)


def _tts_error(message: str, *, code: int | None = None, **details: object) -> MediaError:
    return MediaError(
        message,
        code=ErrorCode.MEDIA_TTS_FAILED,
        hint="Check the voiceover text and language, or configure another voice provider.",
        details={"provider": EspeakSpeech.name, "espeak_error": code, **details},
    )


class EspeakSpeech:
    """Offline text-to-speech with eSpeak NG: free, instant, robotic, 100+ languages."""

    name = "espeak-ng"
    kind: Final[Literal["speech"]] = "speech"
    tier: Final[Literal["free"]] = "free"
    styles: Final[frozenset[str]] = frozenset()
    usd_per_unit = 0.0
    unit = "second"

    def __init__(self, *, words_per_second: float = 2.5, voice: str | None = None) -> None:
        if words_per_second <= 0:
            raise ValueError("words_per_second must be positive")
        self.words_per_second = words_per_second
        self.voice = voice

    def available(self) -> bool:
        """Whether the bundled library loads and starts on this machine."""
        try:
            with _Engine.lock:
                _Engine.get()
        except MediaError:
            return False
        return True

    def languages(self) -> list[str]:
        """Every language code eSpeak NG speaks (lower-case, e.g. ``en-us``, ``de``, ``cmn``)."""
        with _Engine.lock:
            return sorted(_Engine.get().languages)

    def synthesize(self, text: str, *, language: str, out: Path) -> Speech:
        """Speak ``text`` in ``language`` (a BCP 47 tag) into a mono 16-bit WAV at ``out``.

        Emoji are not spoken. Raises ``MediaError(MEDIA_TTS_FAILED)`` for text with nothing to
        say, an unsupported language or an eSpeak failure, and ``STORAGE_FULL`` when the disk
        is full; ``out`` is written whole or not at all."""
        spoken = " ".join(_EMOJI.sub(" ", text).split())
        if not _SPEAKABLE.search(spoken):
            raise _tts_error("The voiceover has nothing to speak (it is empty or only emoji)")
        wpm = round(
            min(MAX_WORDS_PER_MINUTE, max(MIN_WORDS_PER_MINUTE, self.words_per_second * 60))
        )
        with _Engine.lock:
            engine = _Engine.get()
            voice = self.voice or _espeak_language(language, engine.languages)
            samples = engine.speak(
                spoken, voice=voice.encode(), by_name=self.voice is not None, words_per_minute=wpm
            )
            rate = engine.sample_rate
        if not samples:
            raise _tts_error("eSpeak NG produced no audio for the voiceover", language=language)
        _write_wav(samples, sample_rate=rate, out=out)
        return Speech(
            path=out,
            duration_seconds=len(samples) / SAMPLE_WIDTH_BYTES / rate,
            sample_rate=rate,
        )


def _espeak_language(language: str, supported: frozenset[str]) -> str:
    """The eSpeak language for a BCP 47 tag: the full tag (``pt-br``), then language and
    region without a script (``zh-hant-tw`` → ``zh-tw``), then the language alone."""
    parts = language.strip().replace("_", "-").lower().split("-")
    regions = [part for part in parts[1:] if len(part) in (2, 3)]
    candidates = ["-".join(parts), *(f"{parts[0]}-{region}" for region in regions), parts[0]]
    for candidate in candidates:
        if candidate in supported:
            return candidate
    raise MediaError(
        f"eSpeak NG has no voice for the language {language!r}",
        code=ErrorCode.MEDIA_TTS_FAILED,
        hint="EspeakSpeech().languages() lists the supported language codes; use one of them "
        "or configure another voice provider for this language.",
        details={"provider": EspeakSpeech.name, "language": language},
    )


def _write_wav(samples: bytes, *, sample_rate: int, out: Path) -> None:
    """Write the WAV beside ``out`` and move it into place, so ``out`` is never partial."""
    partial = out.with_name(f".{out.name}.{secrets.token_hex(6)}.partial")
    try:
        with wave.open(str(partial), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(SAMPLE_WIDTH_BYTES)
            wav.setframerate(sample_rate)
            wav.writeframes(samples)
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise MediaError(
                f"The disk is full: cannot write the voiceover {out.name}",
                code=ErrorCode.STORAGE_FULL,
                hint="Free some disk space, then render again.",
                retryable=True,
                details={"path": str(out)},
            ) from exc
        raise _tts_error(f"The voiceover cannot be written to {out}: {exc}") from exc
