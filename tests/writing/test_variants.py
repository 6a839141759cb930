"""Which tones and translations a run writes (``writing.tones``, ``writing.variants``)."""

from __future__ import annotations

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.learning.strategy import WritingStrategy
from pressroom.writing.tones import Tone, piece_tones, preferred_tone
from pressroom.writing.variants import run_variants


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ({}, None),
        ({Tone.HUMOROUS: 1.0, Tone.SERIOUS: 1.0}, None),
        ({Tone.EDUCATIONAL: 1.5}, Tone.EDUCATIONAL),
        ({Tone.EDUCATIONAL: 1.5, Tone.SERIOUS: 1.5}, None),
        ({Tone.EMOTIONAL: 0.9}, None),
        ({Tone.EMOTIONAL: 2.0, Tone.HUMOROUS: 1.2}, Tone.EMOTIONAL),
    ],
)
def test_a_profile_prefers_a_tone_only_when_one_stands_out(
    weights: dict[Tone, float], expected: Tone | None
) -> None:
    assert preferred_tone(weights) is expected


def test_the_brands_variants_win_over_the_profiles_preference() -> None:
    weights = {Tone.EDUCATIONAL: 3.0}
    assert piece_tones(variants=["humorous", "serious"], weights=weights) == [
        "humorous",
        "serious",
    ]
    assert piece_tones(variants=[], weights=weights) == ["educational"]
    assert piece_tones(variants=[], weights={}) == [""]


def test_a_model_writer_translates_into_every_further_language() -> None:
    planned = run_variants(
        tone_variants=[],
        languages=["en", "de", "fr-CA"],
        strategy=WritingStrategy(),
        writer_name="openai-chat:gpt-4o-mini",
    )
    assert planned.tones == [""]
    assert planned.translations == ["de", "fr-CA"]
    assert planned.untranslated == []


def test_the_builtin_writer_reports_each_language_it_cannot_translate_into() -> None:
    planned = run_variants(
        tone_variants=["serious", "emotional"],
        languages=["en", "de", "es"],
        strategy=WritingStrategy(),
        writer_name="builtin",
    )
    assert planned.tones == ["serious", "emotional"]
    assert planned.translations == []
    assert [(e["item"], e["code"]) for e in planned.untranslated] == [
        ("de", "LANGUAGE_NEEDS_MODEL"),
        ("es", "LANGUAGE_NEEDS_MODEL"),
    ]
    assert "translating into 'de' needs a model provider" in planned.untranslated[0]["message"]
    assert "openai-chat" in planned.untranslated[0]["hint"]


def test_the_builtin_writer_cannot_write_a_brand_whose_first_language_is_not_english() -> None:
    with pytest.raises(PressroomError) as caught:
        run_variants(
            tone_variants=[],
            languages=["de", "en"],
            strategy=WritingStrategy(),
            writer_name="builtin",
        )
    assert caught.value.code is ErrorCode.LANGUAGE_NEEDS_MODEL
    assert "writing in 'de'" in caught.value.message
