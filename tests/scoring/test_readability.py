"""Readability: Flesch figures mapped to each channel's target."""

from __future__ import annotations

import pytest

from pressroom.scoring.readability import readability

PLAIN = (
    "Your grinder matters more than your machine. If your espresso runs fast and tastes "
    "sour, go two steps finer. Then taste it again."
)
CONVOLUTED = (
    "Notwithstanding the considerable heterogeneity characterising contemporary specialty "
    "coffee procurement methodologies, organisational stakeholders must systematically "
    "operationalise comprehensive sustainability frameworks, thereby facilitating "
    "unprecedented intergenerational collaboration throughout internationally distributed "
    "agricultural value chains."
)
DENSE = (
    "Roasting profiles determine how acidity, sweetness and body develop. Experienced roasters "
    "therefore adjust temperature progression carefully for every individual origin they "
    "purchase."
)
MIDDLING = (
    "Roasting profiles shape acidity, sweetness and body. Experienced roasters adjust the "
    "temperature for every origin they buy, and they taste each batch before it ships."
)


@pytest.mark.parametrize("channel", ["linkedin", "x", "instagram-reel"])
def test_plain_text_reads_better_than_convoluted_text(channel: str) -> None:
    plain = readability(channel=channel, text=PLAIN)
    dense = readability(channel=channel, text=DENSE)
    convoluted = readability(channel=channel, text=CONVOLUTED)
    assert plain.score > dense.score > convoluted.score
    assert plain.score >= 0.8
    assert convoluted.score < 0.2
    assert plain.reading_ease > convoluted.reading_ease
    assert plain.grade < convoluted.grade


def test_measures_follow_the_flesch_formulas() -> None:
    result = readability(channel="linkedin", text="The cat sat. The dog ran.")
    assert (result.words, result.sentences, result.syllables) == (6, 2, 6)
    assert result.reading_ease == pytest.approx(206.835 - 1.015 * 3 - 84.6 * 1, abs=0.01)
    assert result.grade == pytest.approx(0.39 * 3 + 11.8 * 1 - 15.59, abs=0.01)


def test_very_simple_text_is_only_a_little_flat_for_linkedin() -> None:
    result = readability(channel="linkedin", text="The cat sat. The dog ran.")
    assert 0.8 <= result.score < 1.0


def test_a_spoken_reel_wants_plainer_text_than_linkedin() -> None:
    assert readability(channel="linkedin", text=MIDDLING).score == 1.0
    assert (
        readability(channel="instagram-reel", text=MIDDLING).score
        < readability(channel="x", text=MIDDLING).score
        < 1.0
    )


def test_text_without_words_scores_zero_and_says_so() -> None:
    result = readability(channel="x", text="🔥🔥 2026!")
    assert result.score == 0.0
    assert result.words == 0
    assert result.reason("an X thread") == "Has no words to read"


def test_reasons_name_the_channel_and_the_target() -> None:
    assert (
        readability(channel="linkedin", text=PLAIN)
        .reason("a LinkedIn post")
        .startswith("Easy to read for a LinkedIn post")
    )
    hard = readability(channel="linkedin", text=CONVOLUTED).reason("a LinkedIn post")
    assert hard.startswith("Hard to read for a LinkedIn post")
    assert "aim for grade 5–10" in hard
