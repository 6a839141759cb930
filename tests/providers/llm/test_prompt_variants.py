"""A model writer is told the piece's tone, the profile's structure and the language, and a
translation gets the draft to translate."""

from __future__ import annotations

from pressroom.learning.strategy import Ending, Structure, WritingStrategy
from pressroom.providers.llm.prompts import piece_messages
from pressroom.writing.tones import Tone
from tests.providers.llm.builtin.builders import piece_request


def prompt_of(**overrides: object) -> str:
    return piece_messages(piece_request("linkedin", **overrides), schema=None)[1]["content"]


def test_the_brand_voice_piece_gets_no_tone_structure_or_language_lines() -> None:
    prompt = prompt_of()
    assert "Tone: write this variant" not in prompt
    assert "Structure:" not in prompt
    assert "Ending:" not in prompt
    assert "Language:" not in prompt


def test_a_tone_variant_is_told_its_tone_and_what_it_sounds_like() -> None:
    prompt = prompt_of(tone=Tone.HUMOROUS)
    assert "Tone: write this variant in a humorous tone — light and witty" in prompt


def test_the_profiles_structure_reaches_the_prompt_per_channel() -> None:
    strategy = WritingStrategy(
        structure=Structure(max_points=4),
        channel_structure={"linkedin": Structure(max_points=2, ending=Ending.QUESTION)},
    )
    prompt = prompt_of(strategy=strategy)
    assert "Structure: make at most 2 main point(s)." in prompt
    assert "Ending: close with a question to readers." in prompt
    x_prompt = piece_messages(piece_request("x", strategy=strategy), schema=None)[1]["content"]
    assert "Structure: make at most 4 main point(s)." in x_prompt
    assert "Ending:" not in x_prompt


def test_a_translation_carries_the_draft_and_names_the_language() -> None:
    source = {"channel": "linkedin", "text": "Hello", "hook_type": "question"}
    prompt = prompt_of(language="pt-BR", translate_from=source)
    assert prompt.startswith("Output schema: pressroom_linkedin")
    assert "Translate and localise this LinkedIn post" in prompt
    assert "into Portuguese (Brazil) (BCP 47: pt-BR)" in prompt
    assert 'Draft to translate (JSON):\n{"channel": "linkedin", "text": "Hello"' in prompt
    assert "Language: write in Portuguese (Brazil) (BCP 47: pt-BR)." in prompt
    assert "Source signals (JSON):" not in prompt, "the translation works from the draft"
