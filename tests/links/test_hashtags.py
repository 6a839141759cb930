"""Hashtags ranked per channel: brand-approved first, then relevance to the piece, then the
channel's norm; never more than the channel allows; normalised and deterministic."""

from __future__ import annotations

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.links.hashtags import limit_for, normalise, rank_hashtags, relevance

TEXT = (
    "We cupped twelve lots of specialty coffee from Huila. Grind finer when espresso tastes "
    "sour, and weigh every dose."
)


def tags(channel: str, candidates: list[str], approved: list[str] | None = None) -> list[str]:
    ranked = rank_hashtags(
        candidates=candidates, brand_approved=approved or [], text=TEXT, channel=channel
    )
    return [r.tag for r in ranked]


def test_approved_tags_come_first_then_the_most_relevant() -> None:
    ranked = rank_hashtags(
        candidates=["#espresso", "coffeelovers", "SpecialtyCoffee", "grinder"],
        brand_approved=["#AcmeRoasters", "huila"],
        text=TEXT,
        channel="linkedin",
    )
    assert [(r.tag, r.score) for r in ranked] == [
        ("huila", 3.1),  # approved, fully in the text
        ("AcmeRoasters", 2.1),  # approved, not in the text
        ("espresso", 1.1),
        ("SpecialtyCoffee", 1.1),
        ("grinder", 0.814),  # "grind" covers 5 of 7 letters (+ 0.1 for its length)
    ]  # coffeelovers (0.6: "coffee" covers 6 of 12) is sixth: over LinkedIn's five
    assert ranked[0].reason == (
        "brand-approved; 100% of the tag is in the piece; fits the channel's length norm (≤25)"
    )
    assert ranked[1].reason.startswith("brand-approved; not found in the piece")


def test_linkedin_never_gets_more_than_five() -> None:
    many = ["coffee", "espresso", "dose", "grind", "sour", "huila", "lots", "twelve"]
    assert len(tags("linkedin", many)) == 5


def test_x_keeps_to_its_norm_of_two_though_it_has_no_hard_limit() -> None:
    assert tags("x", ["coffee", "espresso", "grind", "sour"]) == ["coffee", "espresso"]
    assert limit_for("x") == 2


def test_instagram_keeps_to_its_norm_of_ten_below_the_hard_thirty() -> None:
    words = ["coffee", "espresso", "grind", "sour", "dose", "huila", "lots", "twelve", "weigh"]
    assert len(tags("instagram-reel", [*words, "cupped", "finer", "tastes", "every"])) == 10
    assert limit_for("instagram-reel") == 10


def test_irrelevant_tags_only_fill_up_to_the_norms_fewest() -> None:
    # LinkedIn's fewest is 3: one relevant tag, so two irrelevant ones fill, alphabetically.
    assert tags("linkedin", ["zebra", "marketing", "espresso", "banana"]) == [
        "espresso",
        "banana",
        "marketing",
    ]
    # X's fewest is 1: a relevant tag is enough, no filler.
    assert tags("x", ["zebra", "espresso"]) == ["espresso"]


def test_a_tag_too_long_for_the_channel_norm_ranks_below_an_equal_shorter_one() -> None:
    long_tag = "specialtycoffeefromhuila"  # 24 letters, all in the text, longer than X's 16
    ranked = rank_hashtags(
        candidates=[long_tag, "huila"], brand_approved=[], text=TEXT, channel="x"
    )
    assert [(r.tag, r.score) for r in ranked] == [("huila", 1.1), (long_tag, 1.0)]
    assert "longer than the channel's norm (>16)" in ranked[1].reason


def test_tags_are_normalised_and_deduplicated_ignoring_case() -> None:
    assert normalise("#Cold-Brew!") == "ColdBrew"
    assert normalise("##2026") == ""
    assert normalise("café_latte") == "café_latte"
    ranked = tags("linkedin", ["#Espresso", "espresso", "ESPRESSO", " # ", "#2026"], ["espresso"])
    assert ranked[0] == "espresso"  # the brand's spelling wins
    assert [t.casefold() for t in ranked].count("espresso") == 1
    assert "2026" not in ranked
    assert "" not in ranked


def test_relevance_counts_the_letters_of_compound_tags_covered_by_words() -> None:
    words = {"specialty", "coffee", "the"}
    assert relevance("SpecialtyCoffee", words) == 1.0
    assert relevance("coffeetime", words) == 0.6
    assert relevance("tea", words) == 0.0


def test_the_same_inputs_give_the_same_ranking() -> None:
    candidates = ["sour", "dose", "grind", "espresso", "coffee", "lots"]
    first = rank_hashtags(candidates=candidates, brand_approved=[], text=TEXT, channel="linkedin")
    again = rank_hashtags(
        candidates=list(reversed(candidates)), brand_approved=[], text=TEXT, channel="linkedin"
    )
    assert first == again
    assert [r.tag for r in first] == ["coffee", "dose", "espresso", "grind", "lots"]


def test_an_unknown_channel_is_refused() -> None:
    with pytest.raises(PressroomError) as caught:
        rank_hashtags(candidates=["a1"], brand_approved=[], text="", channel="myspace")
    assert caught.value.code is ErrorCode.UNKNOWN_CHANNEL
