"""Hooks: classified by their wording, scored by documented parts, shortlisted with the
idea's own type first; the built-in writer weighs at least 20 per idea and the shortlist is
stored with the idea."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from pressroom.ideas import service as ideas
from pressroom.ideas.hooks import HookCandidate, candidate, classify_hook, score_hook, shortlist
from pressroom.platforms.drafts import HookType
from pressroom.providers.llm.builtin import ideas as builtin_ideas
from pressroom.providers.llm.builtin.writer import BuiltinWriter
from tests.factories import make_brand, make_run
from tests.providers.llm.builtin.builders import idea_request

Q, S, STAT, STORY, C, HOW, L = (
    HookType.QUESTION,
    HookType.STATEMENT,
    HookType.STATISTIC,
    HookType.STORY,
    HookType.CONTRARIAN,
    HookType.HOW_TO,
    HookType.LIST,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What does a drought in Brazil change for home brewers?", Q),
        ("How to dial in espresso at home, in 3 steps.", HOW),
        ("Grind size, step by step.", HOW),
        ("5 ways to keep beans fresh.", L),
        ("A short list for home brewers on grinders.", L),
        ("Arabica futures rose 40% this year.", STAT),
        ("By the numbers: what shade growing means.", STAT),
        ("Unpopular opinion: the headlines undersell cold brew.", C),
        ("Forget the noise around pods. Look at the farms instead.", C),
        ("When we first looked into shade growing, one detail stood out.", STORY),
        ("Last year our roastery changed one thing.", STORY),
        ("There is more to burr grinders than most people notice.", S),
    ],
)
def test_hooks_are_classified_by_their_wording(text: str, expected: HookType) -> None:
    assert classify_hook(text) is expected


def test_a_hook_is_scored_by_type_weight_specificity_length_and_novelty() -> None:
    phrases = ["burr grinders", "espresso"]
    best, why = score_hook(
        "Why are burr grinders getting cheaper this year?", Q, key_phrases=phrases
    )
    assert best == 1.0
    assert "names “burr grinders”" in why
    # The learned weights: a type half as strong as the strongest loses 0.15.
    weaker, _ = score_hook(
        "Why are burr grinders getting cheaper this year?",
        Q,
        key_phrases=phrases,
        weights={Q: 1.0, C: 2.0},
    )
    assert weaker == pytest.approx(0.85)
    vague, why = score_hook(
        "Why does this matter so much for all of us today?", Q, key_phrases=phrases
    )
    assert vague == pytest.approx(0.7)
    assert "names none of the idea's phrases" in why
    long_text = " ".join(["burr grinders"] + ["word"] * 20)
    long_score, why = score_hook(long_text, S, key_phrases=phrases)
    assert long_score == pytest.approx(1.0 - 0.2 * 0.6)  # 6 words over: length part 0.4
    assert "6 outside 6–16" in why
    statistic, _ = score_hook(
        "The numbers behind burr grinders this year.", STAT, key_phrases=phrases
    )
    assert statistic == pytest.approx(0.85)  # no figure: specificity at most 0.5
    banned, why = score_hook("Burr grinders: guaranteed results!", S, banned=["guaranteed"])
    assert (banned, why) == (0.0, "uses a phrase the brand bans")


def test_a_hook_like_one_already_chosen_loses_its_novelty() -> None:
    taken = ["There is more to shade growing than most people notice."]
    fresh, _ = score_hook("Burr grinders are the quiet upgrade.", S, key_phrases=["burr grinders"])
    alike, why = score_hook(
        "There is more to burr grinders than most people notice.",
        S,
        key_phrases=["burr grinders"],
        taken=taken,
    )
    assert fresh == 1.0
    assert alike < 0.9
    assert "like a hook already chosen" in why


def test_the_shortlist_puts_the_ideas_type_first_then_one_of_each_other_type() -> None:
    def made(text: str, kind: HookType, score: float) -> HookCandidate:
        return HookCandidate(text=text, hook_type=kind, score=score, rationale="r")

    candidates = [
        made("a", Q, 0.9),
        made("b", S, 0.7),
        made("c", S, 0.95),
        made("d", Q, 0.8),
        made("e", L, 0.85),
    ]
    assert [c.text for c in shortlist(candidates, hook_type=S)] == ["c", "a", "e"]
    assert [c.text for c in shortlist(candidates, hook_type=STORY)] == ["c", "a", "e"]
    assert shortlist([], hook_type=S) == []
    assert candidate("Ready for cold brew?").hook_type is Q


def test_the_built_in_writer_weighs_at_least_20_hooks_per_idea() -> None:
    counts: list[int] = []
    original = builtin_ideas.hook_candidates

    def counted(*args: object, **kwargs: object) -> list[HookCandidate]:
        found = original(*args, **kwargs)  # type: ignore[arg-type]
        counts.append(len(found))
        return found

    builtin_ideas.hook_candidates = counted  # type: ignore[assignment]
    try:
        written = BuiltinWriter().write_ideas(idea_request(count=5)).output
    finally:
        builtin_ideas.hook_candidates = original  # type: ignore[assignment]
    assert len(counts) == 5
    assert min(counts) >= builtin_ideas.MIN_HOOK_CANDIDATES == 20
    for idea in written:
        kept = idea.hook_candidates
        assert len(kept) == 3
        assert (kept[0].text, kept[0].hook_type) == (idea.hook, idea.hook_type)
        assert len({c.hook_type for c in kept}) == 3
        assert all(c.rationale for c in kept)
    assert len({idea.hook for idea in written}) == 5


def test_the_shortlist_is_stored_with_the_idea(session: Session) -> None:
    brand = make_brand(session)
    run = make_run(session, brand=brand, run_date=date(2026, 11, 21))
    drafts = BuiltinWriter().write_ideas(idea_request(count=3)).output
    stored = ideas.store_ideas(
        session,
        brand_id=brand.id,
        run_id=run.id,
        drafts=drafts,
        topic_of={},
        writer="builtin",
        trace_id="trace-hooks",
    )
    session.expire_all()
    assert [ideas.to_draft(i).hook_candidates for i in stored] == [
        d.hook_candidates for d in drafts
    ]
