from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pressroom.trends.measures import (
    BrandProfile,
    anchor_time,
    audience_segments,
    confidence,
    freshness,
    matching_segments,
    rank_score,
    relevance,
    velocity,
)
from pressroom.trends.text import content_terms, topic_key

ANCHOR = datetime(2026, 11, 20, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)

PROFILE = BrandProfile.build(
    topics=["specialty coffee", "home brewing", "espresso", "coffee prices"],
    description="An independent specialty coffee roaster.",
    audience="Home brewers, café owners and baristas who care about flavour.",
    guidelines="Warm, practical, honest.",
    voice_examples=["Your grinder matters more than your machine."],
)


def test_velocity_is_zero_without_recent_items() -> None:
    assert velocity([], anchor=ANCHOR).score == 0.0
    assert velocity([ANCHOR - 30 * HOUR, ANCHOR - 90 * HOUR], anchor=ANCHOR).score == 0.0


def test_more_recent_items_mean_higher_velocity() -> None:
    scores = [
        velocity([ANCHOR - HOUR * (i + 1) for i in range(n)], anchor=ANCHOR).score
        for n in range(1, 6)
    ]
    assert scores == sorted(scores)
    assert len(set(scores)) == len(scores)
    assert all(0 < score < 1 for score in scores)


def test_growth_beats_a_steady_stream() -> None:
    growing = velocity([ANCHOR - 2 * HOUR, ANCHOR - 3 * HOUR], anchor=ANCHOR)
    steady = velocity(
        [ANCHOR - 2 * HOUR, ANCHOR - 3 * HOUR, ANCHOR - 26 * HOUR, ANCHOR - 27 * HOUR],
        anchor=ANCHOR,
    )
    assert (growing.recent, growing.previous) == (2, 0)
    assert (steady.recent, steady.previous) == (2, 2)
    assert growing.score > steady.score
    assert steady.score == pytest.approx(2 / 5)


def test_items_dated_after_the_anchor_count_as_recent() -> None:
    assert velocity([ANCHOR + HOUR], anchor=ANCHOR).recent == 1


def test_more_sources_mean_higher_confidence() -> None:
    by_sources = [confidence(sources=n, sample_size=n) for n in range(1, 5)]
    assert by_sources == sorted(by_sources)
    assert len(set(by_sources)) == 4
    # Same number of items: spread over more sources is worth more.
    assert confidence(sources=3, sample_size=3) > confidence(sources=1, sample_size=3)


def test_bigger_samples_raise_confidence_but_one_source_stays_at_most_half() -> None:
    samples = [confidence(sources=1, sample_size=n) for n in (1, 2, 5, 50)]
    assert samples == sorted(samples)
    assert samples[-1] < 0.5
    assert confidence(sources=0, sample_size=0) == 0.0
    assert 0 < confidence(sources=5, sample_size=500) < 1


def test_freshness_halves_every_two_days() -> None:
    assert freshness(ANCHOR, anchor=ANCHOR) == 1.0
    assert freshness(ANCHOR - 48 * HOUR, anchor=ANCHOR) == pytest.approx(0.5)
    assert freshness(ANCHOR - 96 * HOUR, anchor=ANCHOR) == pytest.approx(0.25)
    assert freshness(ANCHOR + HOUR, anchor=ANCHOR) == 1.0


def test_anchor_is_now_or_the_latest_sighting_when_earlier() -> None:
    assert anchor_time(ANCHOR, None) == ANCHOR
    assert anchor_time(ANCHOR, ANCHOR - 90 * 24 * HOUR) == ANCHOR - 90 * 24 * HOUR
    assert anchor_time(ANCHOR, ANCHOR + HOUR) == ANCHOR


def test_relevance_prefers_the_brands_topics() -> None:
    on_topic = relevance(
        content_terms("Espresso at home: grind finer before buying a machine"), profile=PROFILE
    )
    related = relevance(content_terms("Cocoa prices ease after record highs"), profile=PROFILE)
    unrelated = relevance(
        content_terms("City bakeries bet on sourdough subscriptions"), profile=PROFILE
    )
    assert 1 >= on_topic > related > unrelated >= 0
    assert relevance([], profile=PROFILE) == 0.0


def test_relevance_is_the_documented_mix() -> None:
    terms = content_terms("coffee prices")
    # Topic "coffee prices" fully present; both words are the brand's own.
    assert relevance(terms, profile=PROFILE) == 1.0
    half = content_terms("cocoa prices")
    assert relevance(half, profile=PROFILE) == pytest.approx(0.5 * 0.5 + 0.5 * 0.5)


def test_relevance_without_topics_is_the_vocabulary_share() -> None:
    bare = BrandProfile.build(topics=[], description="espresso bar", audience="", guidelines="")
    assert relevance(content_terms("espresso tonic"), profile=bare) == 0.5


def test_audience_segments_come_from_the_audience_text() -> None:
    assert audience_segments(PROFILE_AUDIENCE) == ["home brewers", "café owners", "baristas"]
    assert audience_segments("") == []


PROFILE_AUDIENCE = "Home brewers, café owners and baristas who care about flavour."


def test_a_segment_matches_when_all_its_words_occur() -> None:
    brewing = content_terms("Water for home brewing: mineral packets explained")
    bakery = content_terms("Owners of bakeries sell bread subscriptions")
    assert matching_segments(brewing, profile=PROFILE) == ["home brewers"]
    assert matching_segments(bakery, profile=PROFILE) == []
    assert "café owners" in matching_segments(
        content_terms("Cafe owners raise prices"), profile=PROFILE
    )


def test_rank_score_uses_the_documented_weights() -> None:
    assert rank_score(relevance=1, velocity=0, confidence=0, freshness=0) == 0.45
    assert rank_score(relevance=1, velocity=1, confidence=1, freshness=1) == pytest.approx(1.0)


def test_topic_key_ignores_order_case_inflection_and_filler() -> None:
    assert topic_key("Brazil frost cuts harvest") == topic_key("Frost cut Brazil's harvest")
    assert topic_key("Café owners") == topic_key("cafe owner")
    assert topic_key("The") == topic_key("the")
    assert topic_key("The") != topic_key("And")
    assert len(topic_key(" ".join(f"word{n}x" for n in range(200)))) <= 200
