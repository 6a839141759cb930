"""Ideas: diverse, steered by learned hook weights, never on an avoided topic, and shaped so the
ideas stage keeps them."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.ideas.service import NEAR_DUPLICATE_JACCARD, select_ideas, similarity, topic_key
from pressroom.learning.strategy import WritingStrategy
from pressroom.platforms.drafts import HookType
from pressroom.providers.llm.builtin import BuiltinWriter
from pressroom.providers.llm.protocol import IdeaDraft, SourceSignal
from tests.providers.llm.builtin.builders import (
    RUN_DATE,
    coffee_signals,
    demo_brand,
    idea_request,
)


def test_count_ideas_with_every_field(writer: BuiltinWriter) -> None:
    ideas = writer.write_ideas(idea_request(count=4)).output
    assert len(ideas) == 4
    topics = set(demo_brand().topics)
    for idea in ideas:
        assert idea.title
        assert idea.hook
        assert idea.description
        assert 0 <= idea.audience_fit <= 1
        assert idea.topic_category in topics | {""}
        assert idea.key_phrases
        assert len(idea.source_trend_ids) == 1


def test_one_signal_per_idea_and_different_hook_types(writer: BuiltinWriter) -> None:
    ideas = writer.write_ideas(idea_request(count=4)).output
    assert len({idea.source_trend_ids[0] for idea in ideas}) == 4
    assert len({idea.hook_type for idea in ideas}) == 4


def test_most_relevant_signal_first_and_rationale_explains_it(writer: BuiltinWriter) -> None:
    first = writer.write_ideas(idea_request(count=1)).output[0]
    assert first.source_trend_ids == ["trend-prices"]
    assert "Coffee prices hit a 50-year high" in first.rationale
    assert "velocity 2.40" in first.rationale
    assert "relevance 0.90" in first.rationale
    assert "coffee prices" in first.rationale


def test_ideas_use_the_signals_key_phrases(writer: BuiltinWriter) -> None:
    ideas = writer.write_ideas(idea_request(count=4)).output
    phrases = {s.trend_id: s.key_phrases for s in coffee_signals()}
    for idea in ideas:
        source = phrases[idea.source_trend_ids[0]]
        assert set(idea.key_phrases) & set(source)
        text = f"{idea.title} {idea.hook} {idea.description}".casefold()
        assert any(phrase.casefold() in text for phrase in source)


def test_audience_fit_follows_overlap_with_brand_topics_and_audience(
    writer: BuiltinWriter,
) -> None:
    ideas = {i.source_trend_ids[0]: i for i in writer.write_ideas(idea_request(count=4)).output}
    # "coffee farmers" meets the brand's "coffee farming" topic and its audience's farmers;
    # grinders share no word with the brand's topics or audience.
    assert ideas["trend-farmers"].audience_fit > ideas["trend-grinders"].audience_fit
    assert ideas["trend-grinders"].audience_fit == 0
    assert ideas["trend-farmers"].topic_category == "coffee farming"
    assert ideas["trend-prices"].topic_category == "coffee prices"


@pytest.mark.parametrize(
    "avoided",
    ["Coffee prices hit a 50-year high", topic_key("Coffee prices hit a 50-year high")],
)
def test_no_idea_on_an_avoided_topic(writer: BuiltinWriter, avoided: str) -> None:
    ideas = writer.write_ideas(idea_request(count=5, avoid_topics=[avoided])).output
    assert len(ideas) == 5
    assert all("trend-prices" not in idea.source_trend_ids for idea in ideas)
    assert all("50-year" not in idea.title for idea in ideas)


def test_avoided_brand_topics_are_not_used_either(writer: BuiltinWriter) -> None:
    request = idea_request(signals=[], count=3, avoid_topics=["espresso", "home-brewing"])
    ideas = writer.write_ideas(request).output
    assert {idea.topic_category for idea in ideas}.isdisjoint({"espresso", "home brewing"})


def test_without_signals_ideas_come_from_brand_topics(writer: BuiltinWriter) -> None:
    ideas = writer.write_ideas(idea_request(signals=[], count=3)).output
    assert len(ideas) == 3
    assert all(idea.source_trend_ids == [] for idea in ideas)
    assert all(idea.topic_category in demo_brand().topics for idea in ideas)
    assert all("Evergreen brand topic" in idea.rationale for idea in ideas)


def test_nothing_to_write_about_is_invalid_input(writer: BuiltinWriter) -> None:
    signals = coffee_signals()[:1]
    request = idea_request(
        brand=demo_brand(topics=[]), signals=signals, avoid_topics=[signals[0].topic]
    )
    before = request.model_dump()
    with pytest.raises(PressroomError) as caught:
        writer.write_ideas(request)
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert request.model_dump() == before


def test_more_ideas_than_signals_survive_the_ideas_stage(writer: BuiltinWriter) -> None:
    # Four signals and five brand topics no signal already covers: nine distinct topics.
    ideas = writer.write_ideas(idea_request(count=9)).output
    topic_of = {s.trend_id: topic_key(s.topic) for s in coffee_signals()}
    selection = select_ideas(
        ideas, count=9, recent_topics=set(), recent_titles=[], topic_of=topic_of
    )
    assert selection.rejected == []
    assert len(selection.kept) == 9


def test_past_the_distinct_topics_further_angles_have_distinct_titles(
    writer: BuiltinWriter,
) -> None:
    ideas = writer.write_ideas(idea_request(count=10)).output
    assert len(ideas) == 10
    titles = [idea.title for idea in ideas]
    assert all(
        similarity(a, b) < NEAR_DUPLICATE_JACCARD
        for i, a in enumerate(titles)
        for b in titles[i + 1 :]
    )


def test_ideas_avoid_titles_already_kept(writer: BuiltinWriter) -> None:
    first = writer.write_ideas(idea_request(count=3)).output
    again = writer.write_ideas(idea_request(count=3, avoid_topics=[i.title for i in first]))
    topic_of = {s.trend_id: topic_key(s.topic) for s in coffee_signals()}
    selection = select_ideas(
        again.output,
        count=3,
        recent_topics=set(),
        recent_titles=[i.title for i in first],
        topic_of=topic_of,
    )
    assert len(selection.kept) == 3


def _hook_share(writer: BuiltinWriter, strategy: WritingStrategy, hook: HookType) -> float:
    counts: Counter[HookType] = Counter()
    for day in range(60):
        request = idea_request(count=3, strategy=strategy, run_date=RUN_DATE + timedelta(days=day))
        counts.update(idea.hook_type for idea in writer.write_ideas(request).output)
    return counts[hook] / sum(counts.values())


def test_a_higher_learned_weight_raises_that_hook_types_share(writer: BuiltinWriter) -> None:
    neutral = _hook_share(writer, WritingStrategy(), HookType.QUESTION)
    weights = {hook: 1.0 for hook in HookType} | {HookType.QUESTION: 6.0}
    steered = _hook_share(writer, WritingStrategy(hook_weights=weights), HookType.QUESTION)
    assert steered >= neutral + 0.1


def test_a_zero_weight_hook_type_is_not_chosen(writer: BuiltinWriter) -> None:
    weights = {hook: 1.0 for hook in HookType} | {HookType.STORY: 0.0}
    share = _hook_share(writer, WritingStrategy(hook_weights=weights), HookType.STORY)
    assert share == 0


def test_restricted_terms_never_reach_an_idea(writer: BuiltinWriter) -> None:
    signal = SourceSignal(
        trend_id="trend-detox",
        topic="Miracle detox coffee goes viral",
        summary="A guaranteed cure, say sellers. Doctors disagree.",
        key_phrases=["detox coffee", "miracle cure", "coffee marketing", "health claims"],
        velocity=3.0,
        relevance=1.0,
        confidence=1.0,
    )
    ideas = writer.write_ideas(idea_request(signals=[signal, *coffee_signals()])).output
    text = json.dumps(
        [i.model_dump(mode="json", exclude={"source_trend_ids"}) for i in ideas]
    ).casefold()
    for term in demo_brand().restricted_terms:
        assert term.casefold() not in text
    assert any("coffee marketing" in i.key_phrases for i in ideas)


def test_ideas_are_valid_contracts(writer: BuiltinWriter) -> None:
    for idea in writer.write_ideas(idea_request(count=10)).output:
        assert IdeaDraft.model_validate(idea.model_dump()) == idea
