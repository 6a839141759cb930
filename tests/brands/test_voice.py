"""The voice profile measured on a brand's examples: each measure on small hand-written
posts, its storage on the brand (measured again only when its inputs change), and its use by
both writers — banned phrases never reach a built-in draft, and two brands whose examples
differ get drafts that differ the same way."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from twitter_text import extract_emojis_with_indices

from pressroom.audit.models import AuditEvent
from pressroom.brands import service as brands
from pressroom.brands.voice import DERIVED_KEY, VOICE_VERSION, derive_voice
from pressroom.platforms.text import count_words
from pressroom.providers.llm.builtin import BuiltinWriter
from pressroom.providers.llm.prompts import piece_messages
from tests.factories import brand_spec, make_brand
from tests.providers.llm.builtin.builders import check, minimal_brand, piece_request

EXAMPLES = [
    "We roast on Tuesdays! ☕ Fresh beans ship on Wednesday. #coffee #freshroast",
    "Our fresh beans taste of cherry. ☕☕ We can't wait for you to try them #coffee",
    "We grind to order. Fresh beans, fair prices. 🔥",
]
GUIDELINES = (
    'Be kind. Never say "world-class" or "best-in-class". Avoid \'synergy\'. '
    "Don't use “game changer”. Never promise results."
)
PUNCHY = [
    "New roast just dropped! ☕🔥 Grab a bag. #coffee",
    "Tiny beans. Huge taste! ☕ Try it today. #coffee #fresh",
    "Cold brew season is here! 🧊☕ Don't miss it. #coldbrew",
    "We love mornings. You will too! ☕😍 #coffee",
]
FORMAL = [
    "Our roastery sources each lot directly from producers in Huila, and we publish the price "
    "paid per kilogram alongside the tasting notes so that buyers can compare the premium with "
    "the market rate.",
    "Water chemistry determines a substantial part of extraction, which is why our guidance for "
    "cafés begins with a measurement of hardness and alkalinity before any adjustment to grind "
    "size or dose.",
    "The harvest in southern Brazil was delayed by several weeks this season, and the resulting "
    "shortage of washed lots has raised green coffee prices for roasters across the continent.",
]


def test_every_measure_on_three_short_posts() -> None:
    voice = derive_voice(EXAMPLES, brand_name="Bean Co")

    assert voice.version == VOICE_VERSION
    assert voice.sample_size == 3
    # Sentences of 4, 5, 6, 8, 4 and 4 words (hashtags are not words).
    assert voice.sentence_length is not None
    assert (voice.sentence_length.mean, voice.sentence_length.spread) == (5.2, 1.5)
    assert voice.sentence_length.sentences == 6
    assert (voice.emoji.per_post, voice.emoji.posts_with, voice.emoji.top) == (
        1.33,
        1.0,
        ["☕", "🔥"],
    )
    assert voice.hashtags.per_post == 1.0
    assert (voice.hashtags.placement, voice.hashtags.top) == ("end", ["coffee", "freshroast"])
    assert voice.vocabulary.phrases == ["fresh beans"]  # in all three; its words are not repeated
    assert voice.vocabulary.words == []
    assert voice.reading_level is not None
    assert voice.reading_level.ease > 100
    assert voice.person == "we"
    assert voice.formality is not None
    assert voice.formality.signals == {
        "contractions": 0.65,  # one in 31 words
        "first_second_person": 1.0,
        "exclamations": 0.33,  # one sentence in six
        "emoji_slang": 0.67,  # 1.33 emoji per post
        "short_sentences": 1.0,  # 5.2 words ≤ 8
    }
    assert voice.formality.score == 0.27


def test_repeated_words_and_phrases_are_counted_by_stem_across_examples() -> None:
    voice = derive_voice(
        [
            "Light roast beans open up after resting. Grinders matter.",
            "Our light roast beans need patience and a good grinder.",
            "Resting coffee is patience rewarded.",
        ]
    )
    assert voice.vocabulary.phrases == ["light roast beans"]
    assert voice.vocabulary.words == ["resting", "grinders", "patience"]


def test_hashtags_inside_a_sentence_are_inline() -> None:
    voice = derive_voice(["Our #coffee is fresh.", "Try #coldbrew today #summer"])
    assert voice.hashtags.placement == "mixed"
    assert voice.hashtags.at_end == 0.33
    assert derive_voice(["Our #coffee is fresh."]).hashtags.placement == "inline"


def test_person_is_the_one_used_most_and_may_be_the_brand_name() -> None:
    assert derive_voice(["I roast. My beans, my rules. We agree."]).person == "i"
    assert derive_voice(["Bean Co roasts daily. Bean Co ships."], brand_name="Bean Co").person == (
        "brand"
    )
    assert derive_voice(["Roasting daily."]).person == ""


def test_short_emoji_posts_are_less_formal_than_long_plain_ones() -> None:
    punchy, formal = derive_voice(PUNCHY).formality, derive_voice(FORMAL).formality
    assert punchy is not None
    assert formal is not None
    assert (punchy.score, formal.score) == (0.16, 0.94)


def test_banned_phrases_are_the_restricted_terms_and_the_quoted_ones_guidelines_forbid() -> None:
    voice = derive_voice([], guidelines=GUIDELINES, restricted_terms=["cure", "CURE ", "detox"])
    assert voice.banned_phrases == [
        "cure",
        "detox",
        "world-class",
        "best-in-class",
        "synergy",
        "game changer",
    ]


def test_without_examples_the_profile_says_so_and_keeps_only_guideline_facts() -> None:
    voice = derive_voice(["  "], guidelines=GUIDELINES)
    assert voice.sample_size == 0
    assert voice.sentence_length is None
    assert voice.formality is None
    assert voice.reading_level is None
    assert voice.person == ""
    assert voice.emoji.per_post == 0
    assert voice.hashtags.placement == "none"
    assert voice.banned_phrases[0] == "world-class"
    assert voice.facts()[0] == ("examples", "none yet: add voice examples to measure the voice")


# ── storage ──────────────────────────────────────────────────────────────────────────────


def audit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_the_profile_is_stored_beside_the_written_keys_and_redone_only_when_inputs_change(
    session: Session,
) -> None:
    brand = make_brand(session, voice_examples=EXAMPLES, guidelines=GUIDELINES)
    stored = brand.voice_profile[DERIVED_KEY]
    assert stored["sample_size"] == 3
    assert brand.voice_profile["person"] == "we"  # the demo's written keys stay as written
    assert "world-class" in stored["banned_phrases"]
    events = audit_count(session)

    again = make_brand(session, voice_examples=EXAMPLES, guidelines=GUIDELINES)
    assert again.voice_profile[DERIVED_KEY] is stored  # not measured again, not touched
    assert audit_count(session) == events

    sent_back = brand_spec(
        voice_examples=EXAMPLES,
        guidelines=GUIDELINES,
        voice_profile={**brand.voice_profile, DERIVED_KEY: {"sample_size": 99}},
    )
    brands.upsert_brand(session, spec=sent_back, actor="test", trace_id="t")
    assert brand.voice_profile[DERIVED_KEY] is stored  # a derived key sent in is ignored
    assert audit_count(session) == events

    changed = make_brand(session, voice_examples=[*EXAMPLES, "Plain words only."])
    assert changed.voice_profile[DERIVED_KEY]["sample_size"] == 4
    assert changed.voice_profile[DERIVED_KEY]["banned_phrases"] == list(changed.restricted_terms)
    assert brands.voice_profile(changed).sample_size == 4
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    assert DERIVED_KEY not in str(event.after)


# ── writers ──────────────────────────────────────────────────────────────────────────────


def test_banned_phrases_never_reach_a_built_in_draft() -> None:
    writer = BuiltinWriter()
    brand = minimal_brand(
        guidelines="Never say 'arabica futures' or 'home brewers'.",
        call_to_action="Read about arabica futures",
        topics=["coffee prices"],
    )
    for channel in ("linkedin", "x", "instagram-reel"):
        request = piece_request(channel, brand=brand)
        draft = writer.write_piece(request).output
        text = draft.model_dump_json().casefold()
        assert "arabica futures" not in text, channel
        assert "home brewers" not in text, channel
        assert check(request, draft).valid, channel


def measured(examples: list[str]) -> tuple[int, int]:
    """Words and emoji of a fixed idea's LinkedIn post and reel by the built-in writer."""
    writer = BuiltinWriter()
    brand = minimal_brand(
        voice_examples=examples, call_to_action="Visit the shop", topics=["coffee", "roasting"]
    )
    words, emoji = 0, 0
    for channel in ("linkedin", "instagram-reel"):
        request = piece_request(channel, brand=brand)
        draft = writer.write_piece(request).output
        assert check(request, draft).valid
        text = draft.render_text()
        words += count_words(text)
        emoji += len(extract_emojis_with_indices(text))
    return words, emoji


def test_punchy_emoji_examples_give_shorter_drafts_with_emoji_than_long_formal_ones() -> None:
    punchy_words, punchy_emoji = measured(PUNCHY)
    formal_words, formal_emoji = measured(FORMAL)
    assert punchy_emoji >= 2
    assert formal_emoji == 0
    assert punchy_words < formal_words * 0.95


def test_model_writers_see_the_measured_voice_and_the_banned_phrases() -> None:
    brand = minimal_brand(voice_examples=EXAMPLES, guidelines=GUIDELINES)
    prompt = piece_messages(piece_request("x", brand=brand), schema=None)[1]["content"]
    assert "Voice measured on 3 example(s)" in prompt
    assert "sentence length 5.2 words (± 1.5)" in prompt
    assert "emoji 1.33 per post (☕ 🔥)" in prompt
    assert "Never use these words or phrases: world-class; best-in-class; synergy" in prompt
