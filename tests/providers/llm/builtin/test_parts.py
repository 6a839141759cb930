"""The writer's parts: seeded choices, the pattern library, reading feedback, text clean-ups
and the brand's voice."""

from __future__ import annotations

import re
import string
from collections import Counter

import pytest

from pressroom.platforms.drafts import HookType, LinkedInPostDraft, ReelScriptDraft
from pressroom.platforms.instagram_reel import INSTAGRAM_REEL
from pressroom.platforms.linkedin import LINKEDIN
from pressroom.platforms.validation import validate
from pressroom.providers.llm.builtin import patterns
from pressroom.providers.llm.builtin.dice import Dice
from pressroom.providers.llm.builtin.direction import Direction, direction_for
from pressroom.providers.llm.builtin.grammar import SignatureKind
from pressroom.providers.llm.builtin.phrases import subject_phrases
from pressroom.providers.llm.builtin.registers import (
    CONTINUING_LEADS,
    Register,
    family,
    hook_set,
)
from pressroom.providers.llm.builtin.text import (
    Restrictions,
    calm,
    clean,
    count_words,
    hashtag_form,
    word_set,
)
from pressroom.providers.llm.builtin.voice import palette_words, voice_of
from tests.providers.llm.builtin.builders import demo_brand, minimal_brand

SLOT_NAMES = (
    "topic Topic phrase Phrase category stat n we We our Our us brand audience Audience we_are "
    "We_are we_re We_re bang emphasis Emphasis principle signature Signature a_signature comes "
    "takeaway Takeaway subject Subject colour colour2 summary Summary link"
)
NO = Restrictions.of([])


def test_dice_is_stable_and_salted() -> None:
    assert Dice("a", {"b": 1}).roll("x") == Dice("a", {"b": 1}).roll("x")
    assert Dice("a").roll("x") != Dice("a").roll("y")
    assert Dice("a").roll("x") != Dice("b").roll("x")
    assert Dice("a").shuffled(list(range(10)), "s") == Dice("a").shuffled(list(range(10)), "s")


def test_weighted_order_favours_heavy_keys_and_sinks_zero_weights() -> None:
    firsts = Counter(
        Dice(seed).weighted_order({"heavy": 9.0, "light": 1.0, "off": 0.0}, "w")[0]
        for seed in range(400)
    )
    assert firsts["heavy"] > 300
    assert firsts["off"] == 0


def _all_templates() -> list[str]:
    families = [
        *patterns.HOOKS.values(),
        *patterns.SHORT_HOOKS.values(),
        *patterns.TITLES.values(),
        *patterns.CLOSERS.values(),
        *patterns.VISUALS.values(),
    ]
    singles = [
        patterns.STATISTIC_WITHOUT_FIGURE,
        patterns.POINT_LEADS,
        patterns.POINT_FOLLOWS,
        patterns.POINT_AUDIENCE,
        patterns.STEP_LEADS,
        patterns.CONTEXT_LEADS,
        patterns.NO_SUMMARY,
        patterns.WHY_IT_MATTERS,
        patterns.EMPHASIS,
        patterns.PRINCIPLE,
        patterns.TAKEAWAYS,
        patterns.FILLERS,
        patterns.CTA_FALLBACK,
        patterns.SPOKEN_CTA_TAILS,
        patterns.SPOKEN_PADS,
        (patterns.SOURCE_LINE,),
    ]
    return [
        template for family in [*families, *singles, *_register_templates()] for template in family
    ]


def _register_templates() -> list[tuple[str, ...]]:
    """Every register's body, signature and hook patterns."""
    found: list[tuple[str, ...]] = []
    for register in Register:
        body = family(register)
        found += [
            body.point_leads,
            body.point_follows,
            body.point_audience,
            body.context_leads,
            body.no_summary,
            body.why_it_matters,
            body.takeaways,
            body.principle,
            body.principle_to,
            body.fillers,
            body.next_point,
            *body.signature.values(),
        ]
        hooks = hook_set(register)
        found += [*hooks.hooks.values(), hooks.without_figure, *hooks.short.values()]
    return found


@pytest.mark.parametrize("template", _all_templates())
def test_every_pattern_fills_from_known_slots(template: str) -> None:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    assert names <= word_set(SLOT_NAMES), names - word_set(SLOT_NAMES)
    assert "!" not in template  # the professional tone lint counts them


@pytest.mark.parametrize("register", list(Register))
def test_every_hook_type_has_patterns_without_a_figure_or_count(register: Register) -> None:
    hooks = hook_set(register)
    for hook in HookType:
        usable = [
            t
            for t in (*hooks.hooks[hook], *hooks.without_figure)
            if "{stat}" not in t and "{n}" not in t
        ]
        assert usable, hook
        assert patterns.TITLES[hook]


@pytest.mark.parametrize("register", list(Register))
def test_every_register_has_every_signature_kind_and_an_opening_lead(register: Register) -> None:
    body = family(register)
    assert set(body.signature) == set(SignatureKind)
    assert any(not lead.startswith(CONTINUING_LEADS) for lead in body.point_leads)


def test_formal_patterns_use_no_contractions_and_casual_ones_do() -> None:
    formal = " ".join(t for group in _templates_of(Register.FORMAL) for t in group)
    casual = " ".join(t for group in _templates_of(Register.CASUAL) for t in group)
    assert not re.search(r"\w'(?:s|re|ve|ll|d|t|m)\b", formal.replace("{", " "))
    assert len(re.findall(r"\w'(?:s|re|ve|ll|d|t|m)\b", casual)) >= 10


def _templates_of(register: Register) -> list[tuple[str, ...]]:
    body = family(register)
    return [body.point_leads, body.point_follows, body.point_audience, body.fillers]


def _feedback(draft: LinkedInPostDraft | ReelScriptDraft) -> list[str]:
    rules = LINKEDIN if isinstance(draft, LinkedInPostDraft) else INSTAGRAM_REEL
    return validate(rules.channel, draft).feedback()


def test_reads_the_validators_own_messages() -> None:
    long_post = LinkedInPostDraft(
        hook_type=HookType.STATEMENT,
        text="word " * 320 + "\n\nmore",
        hashtags=[f"tag{c}" for c in "abcdefg"],
    )
    direction = direction_for(problems=_feedback(long_post), feedback="", restrictions=NO)
    assert direction.length < Direction().length
    assert direction.hashtag_cap == 5
    short_post = long_post.model_copy(update={"text": "too short\n\nreally", "hashtags": []})
    direction = direction_for(problems=_feedback(short_post), feedback="", restrictions=NO)
    assert direction.length > Direction().length


def test_reads_reel_timing_messages_per_part() -> None:
    reel = ReelScriptDraft(
        hook_type=HookType.QUESTION,
        hook="Too short?",
        value="word " * 200,
        cta="word " * 40,
        scenes=[],
        caption="c",
    )
    direction = direction_for(problems=_feedback(reel), feedback="", restrictions=NO)
    assert direction.hook_length > Direction().hook_length
    assert direction.cta_length < Direction().cta_length
    assert direction.length < Direction().length
    assert direction.extra_scenes > 0


def test_reads_a_persons_feedback() -> None:
    direction = direction_for(problems=[], feedback="shorter, more about farmers", restrictions=NO)
    assert direction.length < Direction().length
    assert direction.emphasis == ("farmers",)
    assert not direction.fresh_hook
    assert direction_for(problems=[], feedback="the hook is dull", restrictions=NO).fresh_hook
    assert direction_for(problems=[], feedback="longer please", restrictions=NO).length > 0.45


def test_feedback_subjects_exclude_steering_words() -> None:
    assert subject_phrases("Make it punchier and talk about the drought in Brazil") == (
        "drought",
        "Brazil",
    )


def test_clean_drops_emoji_and_invisible_characters() -> None:
    assert clean("☕ latte\u200b art 🎨\n\tnow") == "latte art now"
    assert clean("e\u0301spresso") == "éspresso"


def test_calm_keeps_two_acronyms_and_drops_exclamations() -> None:
    assert calm("WOW!!! The EU and US and UK agree!") == "WOW. The EU and Us and Uk agree."


def test_word_count_matches_the_validators() -> None:
    assert count_words("A — b 50-year #tag https://x.y/z") == 4


def test_hashtag_form() -> None:
    assert hashtag_form("Latte art ☕") == "latteart"
    assert hashtag_form("2026") == ""
    assert hashtag_form("日本のコーヒー") == "日本のコーヒー"


def test_restrictions_match_inside_words_and_scrub() -> None:
    restrictions = Restrictions.of(["Cure", "best coffee in the world"])
    assert not restrictions.allows("A secure, CURED bean")
    assert not restrictions.allows("the best  coffee in the\nworld")
    assert restrictions.scrub("It cures all. Fine.") == "It all. Fine."


def test_palette_words_name_hex_colours() -> None:
    assert palette_words(["#2B1B17", "#C8A27A", "#F4EDE4", "#4F7C6B", "forest green"]) == (
        "deep brown",
        "warm tan",
        "cream",
        "muted green",
        "forest green",
    )


def test_voice_of_the_demo_brand() -> None:
    voice = voice_of(demo_brand())
    assert voice.we == "we"
    assert voice.audience == "home brewers"
    assert "in the cup" in voice.signatures
    assert voice.website == "https://northwind-coffee.example"
    assert voice.hashtags[0] == "specialtycoffee"
    assert all("miracle" not in p.casefold() for p in voice.principles)


def test_voice_of_a_minimal_brand() -> None:
    voice = voice_of(minimal_brand())
    assert voice.audience == "our readers"
    assert voice.signatures == ()
    assert voice.palette == ()
    assert voice_of(minimal_brand(voice_profile={"person": "I"})).our == "my"
