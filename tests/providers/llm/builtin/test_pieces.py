"""Channel drafts: valid for every hook type, built from the source's key phrases, in the
brand's voice, and free of the brand's restricted terms."""

from __future__ import annotations

import re

import pytest

from pressroom.learning.strategy import WritingStrategy
from pressroom.platforms.drafts import HookType, LinkedInPostDraft, ReelScriptDraft, XThreadDraft
from pressroom.providers.llm.builtin import BuiltinWriter
from pressroom.providers.llm.builtin.patterns import CLOSERS
from pressroom.providers.llm.builtin.text import count_words, weighted_length
from pressroom.providers.llm.protocol import SourceSignal
from tests.providers.llm.builtin.builders import (
    CHANNELS,
    an_idea,
    check,
    coffee_signals,
    demo_brand,
    idea_request,
    minimal_brand,
    piece_request,
)

PALETTE = ["#2B1B17", "#C8A27A", "#F4EDE4", "#4F7C6B"]


@pytest.mark.parametrize("hook_type", list(HookType))
@pytest.mark.parametrize("channel", CHANNELS)
def test_every_hook_type_validates_on_every_channel(
    writer: BuiltinWriter, channel: str, hook_type: HookType
) -> None:
    request = piece_request(channel, idea=an_idea(hook_type))
    draft = writer.write_piece(request).output
    report = check(request, draft)
    assert report.valid, report.feedback()
    assert draft.hook_type == hook_type


def test_linkedin_post_shape(writer: BuiltinWriter) -> None:
    draft = writer.write_piece(piece_request("linkedin")).output
    assert isinstance(draft, LinkedInPostDraft)
    assert 150 <= count_words(draft.text) <= 300
    assert "\n\n" in draft.text
    assert 1 <= len(draft.hashtags) <= 5
    assert "!" not in draft.text


def test_x_thread_shape_and_website(writer: BuiltinWriter) -> None:
    draft = writer.write_piece(piece_request("x")).output
    assert isinstance(draft, XThreadDraft)
    assert 2 <= len(draft.posts) <= 5
    assert all(weighted_length(post) <= 280 for post in draft.posts)
    assert "northwind-coffee.example" in draft.posts[-1]
    assert draft.posts[0].endswith(f"1/{len(draft.posts)}")


def test_reel_script_shape(writer: BuiltinWriter) -> None:
    request = piece_request("instagram-reel")
    draft = writer.write_piece(request).output
    assert isinstance(draft, ReelScriptDraft)
    rate = request.words_per_second
    assert 3 <= count_words(draft.hook) / rate <= 5
    assert 5 <= count_words(draft.cta) / rate <= 10
    assert 15 <= count_words(draft.spoken_text()) / rate <= 60
    beats = [scene.beat for scene in draft.scenes]
    assert len(beats) >= 3
    assert beats[0] == "hook"
    assert beats[-1] == "cta"
    assert set(beats[1:-1]) == {"value"}
    assert draft.scenes[0].voiceover == draft.hook
    assert sum(s.duration_seconds for s in draft.scenes) == pytest.approx(
        count_words(draft.spoken_text()) / rate, abs=0.3
    )
    assert len(draft.render_caption()) <= 2200
    assert len(draft.hashtags) <= 30


def test_reel_visuals_use_the_brand_palette(writer: BuiltinWriter) -> None:
    brand = demo_brand(voice_profile={**demo_brand().voice_profile, "palette": PALETTE})
    draft = writer.write_piece(piece_request("instagram-reel", brand=brand)).output
    assert isinstance(draft, ReelScriptDraft)
    colours = {"deep brown", "warm tan", "cream", "muted green"}
    for scene in draft.scenes:
        assert any(colour in scene.visual_prompt for colour in colours), scene.visual_prompt
        assert set(scene.visual_cues["palette"]) == colours


def test_reel_scenes_follow_the_speaking_rate(writer: BuiltinWriter) -> None:
    for rate in (1.5, 2.5, 3.5):
        request = piece_request("instagram-reel", words_per_second=rate)
        draft = writer.write_piece(request).output
        assert check(request, draft).valid
        assert isinstance(draft, ReelScriptDraft)
        hook = draft.scenes[0]
        assert hook.duration_seconds == pytest.approx(count_words(hook.voiceover) / rate, abs=0.1)


@pytest.mark.parametrize("channel", CHANNELS)
def test_text_uses_the_sources_key_phrases(writer: BuiltinWriter, channel: str) -> None:
    text = writer.write_piece(piece_request(channel)).output.render_text().casefold()
    used = [p for p in ("arabica futures", "drought in brazil", "roaster margins") if p in text]
    assert len(used) >= 2


@pytest.mark.parametrize("channel", CHANNELS)
def test_text_speaks_in_the_brands_voice(writer: BuiltinWriter, channel: str) -> None:
    text = writer.write_piece(piece_request(channel)).output.render_text()
    signatures = demo_brand().voice_profile["signature_phrases"]
    assert isinstance(signatures, list)
    assert any(s.casefold() in text.casefold() for s in signatures)
    assert re.search(r"\b(we|our|us)\b", text, re.IGNORECASE)


@pytest.mark.parametrize("channel", CHANNELS)
def test_first_person_singular_brand_says_i(writer: BuiltinWriter, channel: str) -> None:
    # The guidelines are the brand's own words (in "we"): leave them out to see the templates.
    brand = demo_brand(voice_profile={"person": "I", "tone": "warm"}, guidelines="")
    request = piece_request(channel, brand=brand)
    draft = writer.write_piece(request).output
    assert check(request, draft).valid
    text = draft.render_text()
    assert not re.search(r"\b(we|our|us)\b", text, re.IGNORECASE)
    if channel == "linkedin":
        assert re.search(r"\b(I|my|me)\b", text)
        assert "I are" not in text


def test_closing_line_follows_the_tone(writer: BuiltinWriter) -> None:
    brand = demo_brand(voice_profile={"tone": "playful"})
    text = writer.write_piece(piece_request("linkedin", brand=brand)).output.render_text()
    # The demo brand's examples do not exclaim, so "{bang}" ends its sentences with a full stop.
    assert any(line.format(bang=".") in text for line in CLOSERS["playful"])


def test_guideline_principle_is_told_to_readers(writer: BuiltinWriter) -> None:
    brand = demo_brand(guidelines="Credit farmers and producers by region.")
    text = writer.write_piece(piece_request("linkedin", brand=brand)).output.render_text()
    assert "credit farmers and producers by region" in text


@pytest.mark.parametrize("channel", CHANNELS)
def test_restricted_terms_never_appear(writer: BuiltinWriter, channel: str) -> None:
    signal = SourceSignal(
        trend_id="trend-prices",
        topic="Miracle coffee: the cheapest cure for tired mornings",
        summary="Sellers promise a guaranteed detox. We measured caffeine in twelve cups.",
        key_phrases=["miracle cure", "caffeine content", "detox claims", "morning routine"],
    )
    idea = an_idea(
        title="The miracle cure myth",
        hook="Is this the miracle cure?",
        key_phrases=["miracle cure", "caffeine content", "morning routine"],
    )
    request = piece_request(channel, idea=idea, sources=[signal])
    draft = writer.write_piece(request).output
    assert check(request, draft).valid
    text = draft.model_dump_json().casefold()
    for term in demo_brand().restricted_terms:
        assert term.casefold() not in text
    assert "caffeine content" in text


def test_restricted_term_inside_brand_text_is_scrubbed(writer: BuiltinWriter) -> None:
    brand = demo_brand(call_to_action="Get the cheapest beans at northwind-coffee.example")
    draft = writer.write_piece(piece_request("x", brand=brand)).output
    assert "cheapest" not in draft.render_text().casefold()


@pytest.mark.parametrize("channel", CHANNELS)
def test_minimal_brand_still_writes_valid_drafts(writer: BuiltinWriter, channel: str) -> None:
    idea = an_idea(topic_category="", key_phrases=["chain wear"], source_trend_ids=[])
    request = piece_request(channel, brand=minimal_brand(), idea=idea, sources=[])
    draft = writer.write_piece(request).output
    assert check(request, draft).valid
    assert "chain wear" in draft.render_text().casefold()


def test_brand_hashtags_lead_and_stay_within_limits(writer: BuiltinWriter) -> None:
    draft = writer.write_piece(piece_request("linkedin")).output
    assert isinstance(draft, LinkedInPostDraft)
    assert set(draft.hashtags) <= set(demo_brand().hashtags) | {
        "arabicafutures",
        "droughtinbrazil",
        "roastermargins",
        "coffeeprices",
    }
    assert draft.hashtags[0] in demo_brand().hashtags


def test_statistic_hook_quotes_only_the_sources_figures(writer: BuiltinWriter) -> None:
    only_statistic = WritingStrategy(
        hook_weights={hook: 0.0 for hook in HookType} | {HookType.STATISTIC: 1.0}
    )
    request = idea_request(count=1, strategy=only_statistic)
    with_figure = writer.write_ideas(request).output[0]
    assert with_figure.hook_type == HookType.STATISTIC
    assert "40%" in with_figure.hook
    plain = [
        s.model_copy(update={"summary": "Prices keep climbing.", "topic": "Coffee prices climb"})
        for s in coffee_signals()
    ]
    without = writer.write_ideas(request.model_copy(update={"signals": plain})).output[0]
    assert without.hook_type == HookType.STATISTIC
    assert not re.search(r"\d", without.hook)
    draft = writer.write_piece(piece_request("linkedin", idea=without, sources=plain)).output
    assert isinstance(draft, LinkedInPostDraft)
    assert draft.text.startswith(without.hook)


@pytest.mark.parametrize("hook_type", [HookType.LIST, HookType.HOW_TO])
@pytest.mark.parametrize("channel", CHANNELS)
def test_counted_hooks_announce_as_many_points_as_follow(
    writer: BuiltinWriter, channel: str, hook_type: HookType
) -> None:
    draft = writer.write_piece(piece_request(channel, idea=an_idea(hook_type))).output
    opening = draft.render_text().split("\n\n")[0]
    announced = re.search(
        r"\b(\d+)\b (things|takeaways|ways|lessons|steps)|in (\d+) steps", opening
    )
    said = re.findall(r"(?:^|\s)(\d+)\. |\b(First|Next|Then|Finally), ", draft.render_text())
    if announced is None:  # a hook of the family that names no count ("A short list on …")
        assert said
        return
    assert len(said) == int(announced.group(1) or announced.group(3))


@pytest.mark.parametrize("hook_type", list(HookType))
def test_a_topic_with_a_colon_is_not_wrapped_in_another(
    writer: BuiltinWriter, hook_type: HookType
) -> None:
    signal = coffee_signals()[0].model_copy(
        update={"topic": "Water for home brewing: mineral packets explained"}
    )
    only = WritingStrategy(hook_weights={hook: 0.0 for hook in HookType} | {hook_type: 1.0})
    idea = writer.write_ideas(idea_request(signals=[signal], count=1, strategy=only)).output[0]
    assert idea.hook_type == hook_type
    assert idea.title.count(":") <= 1
    assert idea.hook.count(":") <= 1


def test_idea_hook_opens_the_piece_when_kept(writer: BuiltinWriter) -> None:
    draft = writer.write_piece(piece_request("linkedin")).output
    assert isinstance(draft, LinkedInPostDraft)
    assert draft.text.startswith("What do arabica futures change for home brewers?")
