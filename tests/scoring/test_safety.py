"""Each safety rule: restricted terms, profanity, claims, engagement bait, disclosure."""

from __future__ import annotations

import pytest

from pressroom.scoring.rules import FindingCode, Severity
from pressroom.scoring.safety import check_safety

RESTRICTED = ("cure", "miracle", "guaranteed", "best coffee in the world", "detox", "cheapest")


def found(text: str, restricted: tuple[str, ...] = RESTRICTED) -> list[tuple[str, str]]:
    return [
        (str(f.code), f.term) for f in check_safety(text=text, restricted_terms=restricted).findings
    ]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("A small miracle in every cup.", "miracle"),
        ("A MIRACLE in every cup.", "miracle"),
        ("Miracles happen at 6 am.", "miracle"),
        ("Our cheapest beans yet.", "cheapest"),
        ("The best  coffee\nin the world.", "best coffee in the world"),
        ("Start the day with #DetoxCoffee.", "detox"),
        ("Start the day with #detoxcoffee.", "detox"),
        ("Start the day with #coffeedetox.", "detox"),
        ("We roast the #bestcoffeeintheworld.", "best coffee in the world"),
        ("Mornings are a #Miracle.", "miracle"),
        ("Roasting the #best_coffee_in_the_world.", "best coffee in the world"),
    ],
)
def test_restricted_terms_match_whole_words_phrases_and_hashtags(text: str, term: str) -> None:
    assert found(text) == [("restricted_term", term)]


@pytest.mark.parametrize(
    "text",
    [
        "Secure your bag, procure a grinder, taste curated lots.",
        "A miraculous cup.",  # another word, not the restricted one
        "Best coffee we have roasted in the world of washed lots.",  # not the phrase itself
        "#secure #procured",  # too short to match inside a longer tag
    ],
)
def test_restricted_terms_do_not_match_inside_other_words(text: str) -> None:
    assert found(text) == []


def test_restricted_term_blocks_and_costs_safety() -> None:
    result = check_safety(text="A miracle roast.", restricted_terms=RESTRICTED)
    assert [f.severity for f in result.blocking] == [Severity.BLOCK]
    assert result.score == pytest.approx(0.4)
    assert result.findings[0].reason() == "Mentions restricted term 'miracle' (brand rule)"


def test_strong_profanity_blocks_and_mild_profanity_asks_for_review() -> None:
    result = check_safety(text="What the fuck is this shot? Damn sour.", restricted_terms=())
    assert [(str(f.code), f.term, f.severity) for f in result.findings] == [
        ("profanity", "fuck", Severity.BLOCK),
        ("mild_profanity", "damn", Severity.REVIEW),
    ]
    assert result.blocking == (result.findings[0],)


def test_profanity_inside_hashtags_but_not_inside_innocent_words() -> None:
    assert found("#HellYeah for Huila", ()) == [("mild_profanity", "hell")]
    assert found("#hello Huila. Classic bass, passion, spices, Scunthorpe.", ()) == []


@pytest.mark.parametrize(
    ("text", "code", "term"),
    [
        ("Freshness guaranteed.", "absolute_claim", "guaranteed"),
        ("100% arabica, always.", "absolute_claim", "100%"),
        ("The best roast in the world.", "absolute_claim", "best roast in the world"),
        ("The world's best espresso.", "absolute_claim", "world's best"),
        ("Perfect every time.", "absolute_claim", "perfect every time"),
        ("Studies show coffee helps.", "unsourced_claim", "studies show"),
        ("Scientists say two cups is ideal.", "unsourced_claim", "scientists say"),
        ("9 out of 10 baristas recommend it.", "unsourced_claim", "9 out of 10 baristas recommend"),
        ("This blend prevents heart disease.", "health_claim", "prevents heart disease"),
        ("Coffee boosts your immune system.", "health_claim", "boosts your immune system"),
        ("Drink it and lose weight.", "health_claim", "lose weight"),
        ("Clinically proven focus.", "health_claim", "clinically proven"),
    ],
)
def test_unverifiable_claims_are_linted(text: str, code: str, term: str) -> None:
    assert found(text, ()) == [(code, term)]


def test_authority_claims_with_a_link_are_fine() -> None:
    assert found("Studies show resting helps: https://example.org/rest-study", ()) == []
    assert found("Research shows resting helps (link in bio).", ()) == []


def test_claim_that_is_also_a_restricted_term_counts_once() -> None:
    # "guaranteed" is both a brand rule and an absolute claim: the brand rule wins.
    assert found("Freshness guaranteed.") == [("restricted_term", "guaranteed")]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Like and share if this helped!", "like and share"),
        ("Tag 3 friends who drink instant.", "tag 3 friends"),
        ("Tag a friend who needs this.", "tag a friend"),
        ("Comment YES for the recipe.", "comment yes"),
        ("Share this with 5 friends.", "share this with 5 friends"),
    ],
)
def test_engagement_bait_is_a_policy_problem(text: str, term: str) -> None:
    assert found(text, ()) == [("engagement_bait", term)]


def test_paid_relationship_without_disclosure_is_a_problem() -> None:
    result = check_safety(
        text="Sponsored by Acme Grinders: our favourite burr set.", restricted_terms=()
    )
    assert [(f.code, f.term) for f in result.findings] == [
        (FindingCode.MISSING_DISCLOSURE, "sponsored")
    ]
    assert "without a disclosure" in result.findings[0].reason()
    for text in ("Use my affiliate link.", "In collaboration with Acme.", "#partner Acme."):
        assert [code for code, _ in found(text, ())] == ["missing_disclosure"]


@pytest.mark.parametrize(
    "text",
    [
        "Sponsored by Acme Grinders. #ad",
        "Affiliate link below. #sponsored",
        "Paid partnership with Acme Grinders.",
        "In collaboration with Acme. #Werbung",
    ],
)
def test_disclosed_paid_relationships_are_fine(text: str) -> None:
    assert found(text, ()) == []


def test_words_about_paying_farmers_are_not_paid_partnerships() -> None:
    assert (
        found("We partner with farmers and pay above market. What that premium paid for.", ()) == []
    )


def test_penalties_add_up_and_findings_keep_text_order() -> None:
    result = check_safety(
        text="Tag 3 friends! Studies show it works. Guaranteed.", restricted_terms=()
    )
    assert [f.term for f in result.findings] == ["tag 3 friends", "studies show", "guaranteed"]
    assert result.score == pytest.approx(1 - 0.2 - 0.2 - 0.2)
    assert check_safety(text="Tag 3 friends. Tag 3 friends.", restricted_terms=()).score == (
        pytest.approx(0.8)
    )
