"""A brand's tone variants and languages are checked when the brand file is read."""

from __future__ import annotations

from typing import Any

import pytest

from pressroom.brands import service as brands
from pressroom.errors import ErrorCode, PressroomError
from tests.factories import brand_spec


def problems_of(**fields: Any) -> str:
    data = brand_spec().model_dump(mode="json") | fields
    with pytest.raises(PressroomError) as caught:
        brands.parse_spec(data)
    assert caught.value.code is ErrorCode.INVALID_SCHEMA
    return caught.value.message


def test_tone_variants_are_two_to_four_known_tones_each_named_once() -> None:
    assert "one tone is not an A/B test" in problems_of(tone_variants=["humorous"])
    assert "named twice" in problems_of(tone_variants=["humorous", "humorous"])
    assert "tone_variants" in problems_of(tone_variants=["humorous", "sarcastic"])
    spec = brands.parse_spec(
        brand_spec().model_dump(mode="json") | {"tone_variants": ["serious", "educational"]}
    )
    assert [tone.value for tone in spec.tone_variants] == ["serious", "educational"]


def test_languages_are_bcp47_tags_stored_in_their_standard_form() -> None:
    assert "not BCP 47 language tags: english, xx" in problems_of(languages=["english", "xx"])
    assert "at least one language" in problems_of(languages=[])
    assert "named twice" in problems_of(languages=["pt-BR", "pt-br"])
    spec = brands.parse_spec(brand_spec().model_dump(mode="json") | {"languages": ["en", "pt-br"]})
    assert spec.languages == ["en", "pt-BR"]


def test_a_brand_file_without_them_writes_one_english_piece_per_idea_and_channel() -> None:
    data = brand_spec().model_dump(mode="json")
    del data["tone_variants"], data["languages"]
    spec = brands.parse_spec(data)
    assert spec.tone_variants == []
    assert spec.languages == ["en"]
