"""The built-in writer follows the brand's sentence length and hashtag habit, as measured on
its voice examples."""

from __future__ import annotations

import pytest

from pressroom.brands.voice import derive_voice
from pressroom.providers.llm.builtin.text import rhythm
from pressroom.providers.llm.builtin.writer import BuiltinWriter
from pressroom.scoring.texts import piece_text
from tests.providers.llm.builtin.builders import check, demo_brand, piece_request

TEXT = (
    "Arabica futures rose this year, and roasters are raising prices for the first time. "
    "We keep an eye on it. We taste every batch before it ships.\n\n#coffee"
)
SHORT_EXAMPLES = [
    "Fresh bread. Warm ovens. Come early! 🥐 #bakery #fresh",
    "New loaf today. Sourdough, of course. 🍞 #bakery",
    "Crumbs everywhere. Worth it. 😋 #bakery #treats",
]
LONG_EXAMPLES = [
    "Our advisory practice helps regulated firms interpret their obligations under the relevant "
    "frameworks, and we document every recommendation so that boards can demonstrate diligence.",
    "We recommend that every organisation review its incident response procedures annually, with "
    "particular attention to supplier dependencies and the reporting duties that follow them.",
    "Resilience is not a product but a discipline, and it is sustained by governance, evidence "
    "and the patient work of testing assumptions against realistic scenarios.",
]


def test_short_rhythm_splits_at_clause_breaks_and_keeps_every_word() -> None:
    split = rhythm(TEXT, 4)
    assert split.startswith("Arabica futures rose this year. And roasters are raising prices")
    assert split.split() != TEXT.split()
    assert [w.strip(".,").lower() for w in split.split()] == [
        w.strip(".,").lower() for w in TEXT.split()
    ]
    assert split.endswith("\n\n#coffee")


def test_long_rhythm_joins_statements_and_leaves_questions_alone() -> None:
    joined = rhythm(TEXT, 30)
    assert "first time; we keep an eye on it; we taste every batch" in joined
    asked = rhythm("Is it worth it? We think so. It is.", 30)
    assert asked == "Is it worth it? We think so; it is."
    assert rhythm(TEXT, 14) == TEXT  # a middling rhythm changes nothing


@pytest.mark.parametrize("channel", ["linkedin", "facebook", "threads"])
def test_long_sentence_brands_get_longer_sentences_than_short_sentence_brands(
    channel: str,
) -> None:
    writer = BuiltinWriter()
    means = {}
    for name, examples in (("short", SHORT_EXAMPLES), ("long", LONG_EXAMPLES)):
        brand = demo_brand(voice_examples=examples)
        derived = derive_voice(examples).model_dump(mode="json")
        brand = brand.model_copy(update={"voice_profile": {"derived": derived}})
        request = piece_request(channel, brand=brand)
        draft = writer.write_piece(request).output
        assert check(request, draft).valid
        measured = derive_voice([piece_text(draft).readable]).sentence_length
        assert measured is not None
        means[name] = measured.mean
    assert means["long"] > means["short"] + 3, means


def test_the_examples_hashtag_habit_caps_a_drafts_hashtags() -> None:
    examples = ["We roast on Mondays. #coffee", "New beans in. #coffee", "Open late today. #coffee"]
    derived = derive_voice(examples).model_dump(mode="json")
    brand = demo_brand(voice_examples=examples).model_copy(
        update={"voice_profile": {"derived": derived}}
    )
    draft = BuiltinWriter().write_piece(piece_request("linkedin", brand=brand)).output
    assert len(draft.hashtags) == 1  # type: ignore[attr-defined]
    # Without examples there is no habit: the channel's own number.
    unmeasured = demo_brand(voice_examples=[]).model_copy(update={"voice_profile": {}})
    free = BuiltinWriter().write_piece(piece_request("linkedin", brand=unmeasured)).output
    assert len(free.hashtags) > 1  # type: ignore[attr-defined]
