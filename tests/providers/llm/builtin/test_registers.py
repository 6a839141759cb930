"""The built-in writer follows the voice profile beyond its sentence rhythm: the register
(casual, plain, formal) its examples or tone words call for, the exact sentence length its
examples measure, its emoji and exclamation habits — and stays valid on every channel."""

from __future__ import annotations

import re
import statistics
from typing import Any

import pytest

from pressroom.brands.voice import derive_voice, sentences
from pressroom.platforms.drafts import HookType
from pressroom.platforms.text import count_words
from pressroom.providers.llm.builtin.registers import Register
from pressroom.providers.llm.builtin.voice import voice_of
from pressroom.providers.llm.builtin.writer import BuiltinWriter
from pressroom.providers.llm.protocol import BrandContext
from pressroom.scoring.texts import piece_text, prose
from tests.providers.llm.builtin.builders import (
    CHANNELS,
    an_idea,
    check,
    demo_brand,
    piece_request,
)

FORMAL_EXAMPLES = [
    "Our advisory practice helps regulated firms interpret their obligations under the relevant "
    "frameworks, and we document every recommendation so that boards can demonstrate diligence.",
    "We recommend that every organisation review its incident response procedures annually, with "
    "particular attention to supplier dependencies and the reporting duties that follow them.",
    "Resilience is not a product but a discipline, and it is sustained by governance, evidence "
    "and the patient work of testing assumptions against realistic scenarios.",
]
PLAYFUL_EXAMPLES = [
    "Fresh bread! 🥐 We're up early. Come say hi! 🎉 #bakery #fresh",
    "New loaf today! 🍞 Sourdough, of course. We love it! 😋 #bakery",
    "Crumbs everywhere! 🥐 Worth it. See you soon! 🎉 #bakery #treats",
]
CONTRACTION = re.compile(
    r"\b(?:\w+(?:n't|'re|'ve|'ll|'d|'m)|(?:it|that|there|here|what|let|who)'s)\b", re.IGNORECASE
)


def _brand(examples: list[str], **profile: Any) -> BrandContext:
    derived = derive_voice(examples).model_dump(mode="json")
    return demo_brand(voice_examples=examples, voice_profile={**profile, "derived": derived})


def formal_brand() -> BrandContext:
    return _brand(FORMAL_EXAMPLES, tone="formal, measured", sentence_length="long")


def playful_brand() -> BrandContext:
    return _brand(PLAYFUL_EXAMPLES, tone="playful", sentence_length="short")


def test_the_register_comes_from_tone_words_then_measured_formality() -> None:
    assert voice_of(formal_brand()).register is Register.FORMAL
    assert voice_of(playful_brand()).register is Register.CASUAL
    assert voice_of(demo_brand()).register is Register.PLAIN
    # No tone word: the examples' formality decides.
    assert voice_of(_brand(FORMAL_EXAMPLES)).register is Register.FORMAL
    assert voice_of(_brand(PLAYFUL_EXAMPLES)).register is Register.CASUAL


def test_a_declared_length_is_made_exact_by_the_examples() -> None:
    # Before: "long" meant 22 words and "short" 12, whatever the examples measured.
    assert voice_of(formal_brand()).sentence_words == 24
    assert voice_of(playful_brand()).sentence_words == 3
    assert voice_of(demo_brand(voice_examples=[])).sentence_words == 12


def test_emoji_and_exclamation_habits_are_read_from_the_examples() -> None:
    playful = voice_of(playful_brand())
    assert playful.emoji_per_post == 2
    assert playful.exclaims
    assert playful.with_emoji("Ready?") == f"Ready? {playful.emojis[1]}"
    plain = voice_of(demo_brand())
    assert not plain.exclaims
    assert plain.with_emoji("Ready?") == "Ready?"


def _texts(brand: BrandContext, channel: str) -> list[str]:
    writer = BuiltinWriter()
    texts = []
    for hook_type in (HookType.QUESTION, HookType.STORY, HookType.LIST):
        request = piece_request(channel, brand=brand, idea=an_idea(hook_type))
        draft = writer.write_piece(request).output
        assert check(request, draft).valid, check(request, draft).feedback()
        texts.append(piece_text(draft).public)
    return texts


def _mean_sentence(texts: list[str]) -> float:
    lengths = [count_words(s) for text in texts for s in sentences(prose(text))]
    return statistics.fmean(lengths)


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_formal_brand_writes_long_sentences_without_contractions(channel: str) -> None:
    formal = _texts(formal_brand(), channel)
    assert not any(CONTRACTION.search(text) for text in formal), formal
    assert _mean_sentence(formal) > _mean_sentence(_texts(playful_brand(), channel))


@pytest.mark.parametrize("channel", ["linkedin", "x", "threads", "facebook"])
def test_a_playful_brand_sounds_like_its_examples(channel: str) -> None:
    texts = _texts(playful_brand(), channel)
    assert any(CONTRACTION.search(text) for text in texts), texts
    plain = _texts(demo_brand(), channel)
    assert _mean_sentence(texts) < _mean_sentence(plain)
    voice = derive_voice(texts)
    assert voice.emoji.per_post >= 2
    assert voice.formality is not None
    assert voice.formality.score < derive_voice(plain).formality.score  # type: ignore[union-attr]


def test_a_playful_linkedin_post_stays_inside_the_tone_lint() -> None:
    for text in _texts(playful_brand(), "linkedin"):
        assert text.count("!") <= 2
        assert 150 <= count_words(text) <= 300


@pytest.mark.parametrize("channel", ["threads", "mastodon", "bluesky", "facebook"])
@pytest.mark.parametrize("hook_type", [HookType.QUESTION, HookType.STORY, HookType.CONTRARIAN])
def test_a_short_post_names_each_point_once(channel: str, hook_type: HookType) -> None:
    # Before: "Do not overlook young arabica trees. We are also watching young arabica trees."
    request = piece_request(channel, idea=an_idea(hook_type))
    text = BuiltinWriter().write_piece(request).output.render_text().casefold()
    for phrase in ("drought in brazil", "roaster margins"):
        assert text.count(phrase) <= 1, text
