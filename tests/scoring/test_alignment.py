"""Brand alignment: lexical similarity to the brand's texts plus voice-profile signals."""

from __future__ import annotations

import pytest

from pressroom.scoring.alignment import brand_alignment
from pressroom.scoring.similarity import lexical_similarity
from tests.scoring.factories import OFF_BRAND_LINKEDIN, ON_BRAND_LINKEDIN, brand_context

ON_BRAND = [
    ON_BRAND_LINKEDIN,
    "Fresh beans are not always better beans. We rest our light roasts for a week so the "
    "sweetness opens up in the cup.",
    "If your espresso tastes sour, grind finer before you buy a new machine. Try this at home.",
    "We pay producers above the market price. From our roastery, here is what that premium "
    "paid for in Huila this season.",
]
OFF_BRAND = [
    OFF_BRAND_LINKEDIN,
    "Crypto markets rallied today as Bitcoin broke resistance. Diversify your portfolio now.",
    "I think the new phone camera is amazing. My photos look great at night and the battery "
    "lasts all day.",
    "Top ten sneaker drops this weekend: limited colourways, resale prices and release times.",
]


def test_on_brand_text_scores_clearly_higher_than_off_brand_text() -> None:
    brand = brand_context()
    on = [brand_alignment(brand=brand, wording=text).score for text in ON_BRAND]
    off = [brand_alignment(brand=brand, wording=text).score for text in OFF_BRAND]
    assert min(on) >= 0.75
    assert max(off) <= 0.35
    assert min(on) - max(off) >= 0.4


def test_topical_but_generic_text_sits_between() -> None:
    brand = brand_context()
    generic = brand_alignment(
        brand=brand,
        wording="Coffee prices are rising this year because of weather in Brazil. Cafés may "
        "raise espresso prices.",
    ).score
    assert brand_alignment(brand=brand, wording=OFF_BRAND[1]).score < generic
    assert generic < brand_alignment(brand=brand, wording=ON_BRAND[1]).score


def test_signature_phrases_raise_alignment_and_are_named() -> None:
    brand = brand_context()
    plain = brand_alignment(brand=brand, wording="We rest light roasts for a week.")
    signed = brand_alignment(
        brand=brand, wording="We rest light roasts for a week. Taste the difference in the cup."
    )
    assert signed.signatures_found == ("in the cup",)
    assert signed.score > plain.score
    assert "uses 'in the cup'" in signed.reasons()[0]


def test_speaking_as_i_for_a_we_brand_lowers_alignment_and_says_so() -> None:
    brand = brand_context()
    we = brand_alignment(brand=brand, wording="We rest our light roasts for a week.")
    i = brand_alignment(brand=brand, wording="I rest my light roasts for a week.")
    assert we.person is not None
    assert we.person.score == 1.0
    assert i.person is not None
    assert i.person.score == 0.0
    assert i.score < we.score
    assert "Speaks as 'i' where the brand speaks as 'we'" in i.reasons()


def test_brand_without_voice_profile_uses_lexical_similarity_only() -> None:
    brand = brand_context(voice_profile={})
    result = brand_alignment(brand=brand, wording=ON_BRAND[1])
    assert result.person is None
    assert result.signature_phrases == ()
    assert result.score == result.similarity.score


@pytest.mark.parametrize("text", ["", "   ", "the and of to it is"])
def test_text_without_content_words_has_no_lexical_match(text: str) -> None:
    match = lexical_similarity(corpus=["We roast coffee in Berlin."], text=text)
    assert match.raw == 0.0
    assert match.shared_terms == ()


def test_brand_without_texts_has_no_lexical_match() -> None:
    assert lexical_similarity(corpus=["", " "], text="We roast coffee.").raw == 0.0


def test_shared_terms_come_from_both_texts_strongest_first() -> None:
    match = lexical_similarity(
        corpus=["Light roasts open up after resting.", "Espresso needs a finer grind."],
        text="Resting light roasts helps them open up.",
    )
    assert match.shared_terms
    assert set(match.shared_terms) <= {"light", "roasts", "light roasts", "open", "resting"}
    assert match.shared_terms[0] in {"light roasts", "roasts", "light", "open"}
