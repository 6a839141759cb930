"""The writer's English: articles before bare singular phrases, headlines inside sentences,
signature phrases said in sentences, summaries run on after an introduction, and sentences
split and joined to a brand's rhythm without breaking them."""

from __future__ import annotations

import re

import pytest

from pressroom.platforms.drafts import HookType
from pressroom.providers.llm.builtin.compose import plan_piece, signature_line
from pressroom.providers.llm.builtin.grammar import (
    SignatureKind,
    is_plural,
    looks_imperative,
    lowered_start,
    quoted_headline,
    signature_kind,
    with_article,
)
from pressroom.providers.llm.builtin.material import Material, best_category
from pressroom.providers.llm.builtin.text import content_tokens, rhythm
from tests.providers.llm.builtin.builders import an_idea, demo_brand, piece_request


@pytest.mark.parametrize(
    ("phrase", "in_a_sentence"),
    [
        ("entry-level espresso machine", "the entry-level espresso machine"),
        ("blind test", "the blind test"),
        ("café business", "the café business"),
        ("best grades", "the best grades"),
        ("price of coffee", "the price of coffee"),
        ("better shots", "better shots"),
        ("green coffee prices", "green coffee prices"),
        ("home brewing", "home brewing"),
        ("third-party risk", "third-party risk"),
        ("distilled water", "distilled water"),
        ("southern Brazil", "southern Brazil"),
        ("NIS2 and DORA", "NIS2 and DORA"),
        ("the accountable executive", "the accountable executive"),
        ("fewer single-use cups", "fewer single-use cups"),
        ("2026 harvest", "2026 harvest"),
    ],
)
def test_a_bare_singular_phrase_gets_its_article(phrase: str, in_a_sentence: str) -> None:
    assert with_article(phrase) == in_a_sentence


def test_the_indefinite_article_follows_the_sound() -> None:
    assert with_article("governance obligation", definite=False) == "a governance obligation"
    assert with_article("annual review", definite=False) == "an annual review"
    assert with_article("user survey", definite=False) == "a user survey"
    assert with_article("hourly check", definite=False) == "an hourly check"


def test_plurals_by_their_head_noun() -> None:
    assert is_plural("drying beds")
    assert is_plural("NIS2 and DORA")
    assert not is_plural("shelf life")
    assert not is_plural("cost analysis")
    assert not is_plural("glass")


def test_material_slots_read_inside_a_sentence() -> None:
    # Before: "When we first looked into entry-level espresso machine, …".
    material = Material(
        topic="Dial in espresso at home: grind size matters more than the machine",
        phrases=("entry-level espresso machine", "blind test", "better shots"),
    )
    slots = material.slots()
    assert slots["phrase"] == "the entry-level espresso machine"
    assert slots["Phrase"] == "The entry-level espresso machine"
    assert material.slots(2)["phrase"] == "better shots"
    # A headline is no category: "everyday choices in Dial in espresso at home: …" is gone.
    assert slots["category"] == "topics like this"
    assert slots["topic"] == "“Dial in espresso at home: grind size matters more than the machine”"


def test_headlines_are_quoted_and_short_topics_are_not() -> None:
    assert quoted_headline("coffee prices") == "coffee prices"
    assert quoted_headline("burr grinders get cheaper") == "“Burr grinders get cheaper”"


def test_a_category_needs_the_topics_head_noun() -> None:
    # Before: a post on the price of a flat white was filed under "flat tyres".
    tokens = content_tokens("Café owners weigh menu prices flat white rent costs")
    assert best_category(tokens, ["flat tyres", "bike maintenance"]) == ""
    assert best_category(tokens, ["flat tyres", "coffee prices"]) == "coffee prices"


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("in the cup", SignatureKind.PLACE),
        ("at the workbench", SignatureKind.PLACE),
        ("from our roastery", SignatureKind.PLACE),
        ("what I'd actually do", SignatureKind.WH),
        ("see you soon", SignatureKind.SENTENCE),
        ("you asked, we baked", SignatureKind.SENTENCE),
        ("try this at home", SignatureKind.SENTENCE),
        ("fresh out of the oven", SignatureKind.SENTENCE),
        ("the accountable executive", SignatureKind.THING),
        ("governance obligation", SignatureKind.BARE),
    ],
)
def test_signature_kinds(phrase: str, kind: SignatureKind) -> None:
    assert signature_kind(phrase) is kind


SIGNATURES = [
    "in the cup",
    "try this at home",
    "from our roastery",
    "fresh out of the oven",
    "you asked, we baked",
    "see you soon",
    "in our assessments",
    "the accountable executive",
    "governance obligation",
    "what I'd actually do",
    "at the workbench",
    "see you on the road",
]


@pytest.mark.parametrize("tone", ["warm", "formal", "playful"])
@pytest.mark.parametrize("signature", SIGNATURES)
def test_a_signature_phrase_is_said_in_a_sentence_not_used_as_a_label(
    signature: str, tone: str
) -> None:
    # Before: "Governance obligation: compare before and after, and keep what works."
    profile = {"tone": tone, "signature_phrases": [signature]}
    brand = demo_brand(voice_profile=profile)
    for hook_type in (HookType.QUESTION, HookType.LIST):
        request = piece_request("linkedin", brand=brand, idea=an_idea(hook_type))
        line = signature_line(plan_piece(request, house_rate=2.5))
        assert signature.casefold() in line.casefold()
        assert not re.match(rf"{re.escape(signature)}\s*:", line, re.IGNORECASE), line
        assert line[-1] in ".!"
        if signature_kind(signature) is SignatureKind.BARE:
            assert f"a {signature}" in line


def test_a_summary_runs_on_only_when_its_first_word_is_no_name() -> None:
    assert lowered_start("Two nights of frost hit.", []) == "two nights of frost hit."
    assert lowered_start("Baristas agree.", ["A panel of baristas."]) == "baristas agree."
    assert lowered_start("Colombian lots are sweeter.", ["colombian harvest"]) is None
    assert lowered_start("Huila farms report yields.", ["Farms in Huila report"]) is None
    assert lowered_start("NIS2 applies from October.", []) is None


def test_imperative_principles() -> None:
    assert looks_imperative("Quantify risk rather than dramatise it")
    assert looks_imperative("Credit farmers and producers by region")
    assert not looks_imperative("Treats are treats")
    assert not looks_imperative("Our bakers start at four")


def test_long_rhythm_keeps_list_numbers_and_names() -> None:
    # Before: "…new gear; 1; entry-level espresso machine: …" and "; Do not overlook".
    text = "Grind finer first. 1. Grinders matter. Brazil had frost. Do not wait. Frost hit Brazil."
    joined = rhythm(text, 35)
    assert joined == (
        "Grind finer first. 1. Grinders matter; Brazil had frost; do not wait; frost hit Brazil."
    )
    assert rhythm("Cafés worry. Colombian lots are sweeter.", 30) == (
        "Cafés worry; Colombian lots are sweeter."
    )
    item = rhythm("2. Burr grinders: small changes show. They add up.", 35)
    assert item.startswith("2. Burr grinders:")


def test_long_rhythm_joins_no_step_onto_the_sentence_before() -> None:
    joined = rhythm("First, grind size. It matters. Next, water. It matters too.", 30)
    assert joined == "First, grind size; it matters. Next, water; it matters too."


def test_short_rhythm_never_splits_off_a_leaning_clause() -> None:
    # Before: "If a shot runs fast and tastes sour. Grind finer before buying new gear."
    text = "If a shot runs fast and tastes sour, grind finer before buying new gear."
    assert rhythm(text, 3) == text
    body = "The stronger brew showed more body, while the lighter one let floral notes through."
    assert rhythm(body, 3) == body
    # Before: "… for drying beds. Pickers' wages and new seedlings."
    listed = "Farmers used the premium for drying beds, pickers' wages and new seedlings."
    assert rhythm(listed, 3) == listed
    assert rhythm("Compare before and after, then keep what works.", 3) == (
        "Compare before and after. Then keep what works."
    )
    assert rhythm("Start with the grinder — that is where you notice it.", 3) == (
        "Start with the grinder. That is where you notice it."
    )
