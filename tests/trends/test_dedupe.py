from __future__ import annotations

from pressroom.trends.dedupe import Story, StoryGroup, group_stories

FROST = Story(
    "1",
    "Frost in southern Brazil trims the arabica harvest outlook",
    "Two nights of frost in southern Brazil damaged arabica trees; cooperatives "
    "lowered their harvest estimate and exporters expect green coffee prices to rise.",
)
PRICES = Story(
    "2",
    "Green coffee prices jump as Brazil frost shrinks the arabica crop",
    "Arabica futures rose after the frost in southern Brazil cut the harvest "
    "estimate; roasters weigh raising prices.",
)
ESPRESSO = Story(
    "3",
    "Dial in espresso at home: grind size matters more than the machine",
    "Baristas pulled better shots with a good grinder on a cheap machine.",
)
CUPS = Story(
    "4",
    "Independent cafés trial reusable cup deposit schemes",
    "Neighbourhood cafés share one deposit cup; single-use cups fell 30%.",
)


def test_one_story_told_from_two_angles_is_one_group() -> None:
    groups = group_stories([FROST, PRICES, ESPRESSO, CUPS], existing=[])
    assert [[s.ref for s in g.stories] for g in groups] == [["1", "2"], ["3"], ["4"]]


def test_near_identical_titles_meet_by_topic_key() -> None:
    copy = Story("5", "Frost in Southern Brazil trims arabica harvest outlook", "")
    groups = group_stories([FROST, copy], existing=[])
    assert len(groups) == 1
    assert groups[0].new_refs == ["1", "5"]


def test_stories_join_existing_groups_and_only_touched_groups_return() -> None:
    existing = [
        StoryGroup(topic_key="frost-key", signal_id="sig-frost", stories=[FROST]),
        StoryGroup(topic_key="cups-key", signal_id="sig-cups", stories=[CUPS]),
    ]
    groups = group_stories([PRICES, ESPRESSO], existing=existing)
    assert [(g.signal_id, g.new_refs) for g in groups] == [("sig-frost", ["2"]), (None, ["3"])]


def test_unrelated_stories_of_one_trade_stay_apart() -> None:
    groups = group_stories([ESPRESSO, CUPS, FROST], existing=[])
    assert len(groups) == 3


def test_stop_word_only_titles_still_group_by_key() -> None:
    groups = group_stories([Story("a", "The"), Story("b", "the"), Story("c", "And")], existing=[])
    assert [g.new_refs for g in groups] == [["a", "b"], ["c"]]


def test_nothing_to_place_returns_nothing() -> None:
    assert group_stories([], existing=[StoryGroup(topic_key="k", stories=[FROST])]) == []
