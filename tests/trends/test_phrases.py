from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from itertools import pairwise

import feedparser
import pytest
from lemminflect import getAllLemmas  # type: ignore[import-untyped]

from pressroom.trends.phrases import MAX_PHRASE_WORDS, extract_key_phrases

STORY = (
    "Green coffee prices jump as Brazil frost shrinks the arabica crop. Arabica futures rose "
    "for a third day after the frost in southern Brazil cut the harvest estimate. Importers "
    "say specialty lots are already 12% dearer."
)
EVERY_PHRASE = 100  # a limit no test text reaches: every candidate the extractor keeps


def all_phrases(text: str) -> list[str]:
    return extract_key_phrases(text, limit=EVERY_PHRASE)


def test_phrases_are_the_content_of_the_text() -> None:
    phrases = extract_key_phrases(STORY)
    assert phrases[0] == "green coffee prices"
    assert "harvest estimate" in phrases
    assert len(phrases) <= 8
    for phrase in phrases:
        assert 1 <= len(phrase.split()) <= 3
        # Stop words and numbers split phrases; they never start or end one.
        assert phrase.split()[0] not in {"the", "a", "for", "as", "12%"}


def test_names_keep_their_capitals_and_sentence_starts_do_not() -> None:
    phrases = extract_key_phrases(STORY)
    assert any("Brazil" in phrase for phrase in phrases)
    assert not any(phrase.startswith("Green") for phrase in phrases)


def test_limit_is_respected() -> None:
    assert len(extract_key_phrases(STORY, limit=3)) == 3
    assert extract_key_phrases(STORY, limit=0) == []
    assert extract_key_phrases(STORY, limit=-1) == []
    assert extract_key_phrases(STORY, limit=3) == extract_key_phrases(STORY)[:3]
    longer = " ".join(demo_feed_texts()[:3])
    assert len(all_phrases(longer)) > 8
    assert extract_key_phrases(longer) == all_phrases(longer)[:8]


def test_overlapping_phrases_are_not_repeated() -> None:
    phrases = extract_key_phrases("Green coffee prices rose. Coffee prices are high in Oslo.")
    assert "green coffee prices" in phrases
    assert "coffee prices" not in phrases


def test_empty_and_stop_word_only_text_give_nothing() -> None:
    assert extract_key_phrases("") == []
    assert extract_key_phrases("the and of it is 2026, 12%!") == []
    assert extract_key_phrases("   \n\t ") == []


def test_same_text_same_phrases_across_processes() -> None:
    # Hash randomization changes set order between processes; the result must not change.
    code = f"from pressroom.trends.phrases import extract_key_phrases as k;print(k({STORY!r}))"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2")
    ]
    outputs = {run.communicate(timeout=60)[0] for run in runs}
    assert len(outputs) == 1
    assert outputs.pop().strip() == str(extract_key_phrases(STORY))


# --- Noun phrases, not clause fragments ------------------------------------------------------
# Sentences from the bundled demo feed: the noun phrases they name, and the fragments (a
# subject with its verb, a verb with its object) the extractor used to return.
FEED_SENTENCES = [
    pytest.param(
        "The stronger 1:15 brew showed more body, while 1:17 let the floral notes of the "
        "light roast come through.",
        {"light roast", "floral notes"},
        {"light roast come", "brew showed", "let"},
        id="light-roast-come",
    ),
    pytest.param(
        "Magnesium and calcium pull flavour out of coffee, while too much bicarbonate "
        "flattens acidity.",
        {"calcium", "magnesium", "bicarbonate", "acidity", "flavour"},
        {"calcium pull flavour", "calcium pull", "bicarbonate flattens acidity"},
        id="calcium-pull-flavour",
    ),
    pytest.param(
        "Café owners weigh menu prices as milk and rent costs climb. Independent café owners "
        "surveyed in four cities expect to raise the price of a flat white by 20 to 40 cents.",
        {"independent café owners", "menu prices", "rent costs", "flat white"},
        {"café owners weigh", "rent costs climb", "owners surveyed"},
        id="cafe-owners-weigh",
    ),
    pytest.param(
        "Arabica futures rose for a third day after the frost in southern Brazil cut the "
        "harvest estimate.",
        {"southern Brazil", "harvest estimate", "arabica futures"},
        {"southern Brazil cut", "arabica futures rose"},
        id="southern-brazil-cut",
    ),
    pytest.param(
        "Small roasters are deciding whether to absorb the cost or raise retail prices for beans.",
        {"retail prices", "small roasters"},
        {"raise retail prices", "raise", "roasters are deciding"},
        id="raise-retail-prices",
    ),
    pytest.param(
        "Mineral packets mixed into distilled water give home brewers repeatable water for "
        "filter coffee and espresso.",
        {"mineral packets", "distilled water", "home brewers", "repeatable water"},
        {"home brewers repeatable", "mineral packets mixed"},
        id="home-brewers-repeatable",
    ),
    pytest.param(
        "Pour-over ratios: baristas compare 1:15 and 1:17 for light roasts.",
        {"light roasts", "baristas", "pour-over ratios"},
        {"baristas compare"},
        id="baristas-compare",
    ),
    pytest.param(
        "Baristas in a blind test pulled better shots on an entry-level espresso machine. If "
        "a shot runs fast and tastes sour, grind finer before buying new gear.",
        {"blind test", "better shots", "entry-level espresso machine"},
        {"blind test pulled", "shot runs", "shot runs fast", "tastes sour", "fast"},
        id="blind-test-pulled",
    ),
    pytest.param(
        "Green coffee prices jump as Brazil frost shrinks the arabica crop.",
        {"green coffee prices", "Brazil frost", "arabica crop"},
        {"Brazil frost shrinks", "prices jump", "coffee prices jump"},
        id="prices-jump",
    ),
    pytest.param(
        "Matcha demand lifts green tea imports in European cities.",
        {"matcha demand", "green tea imports", "European cities"},
        {"demand lifts", "matcha demand lifts"},
        id="demand-lifts",
    ),
    pytest.param(
        "Roasteries that route exhaust heat back into the drum report a quarter less gas.",
        {"exhaust heat", "roasteries"},
        {"route exhaust heat"},
        id="relative-that",
    ),
    pytest.param(
        "Neighbourhood bakeries are selling weekly bread subscriptions to smooth out demand.",
        {"neighbourhood bakeries", "weekly bread subscriptions"},
        {"selling weekly bread", "smooth"},
        id="progressive-verb",
    ),
    pytest.param(
        "How long to rest coffee beans after roasting.",
        {"coffee beans"},
        {"rest coffee beans", "long"},
        id="infinitive",
    ),
    pytest.param(
        "Many plan to explain the change on the menu board rather than shrink cup sizes.",
        {"menu board", "cup sizes"},
        {"shrink cup sizes"},
        id="coordinated-verb",
    ),
    pytest.param(
        "Cooler nights in Huila and Nariño slowed cherry ripening. Water for home brewing.",
        {"cooler nights", "cherry ripening", "Nariño", "home brewing"},
        {"Nariño slowed cherry"},
        id="gerund-nouns",
    ),
    pytest.param(
        "Chocolate makers still expect higher bar prices. Colombian mid-year harvest.",
        # "bar" is only a verb in the lexicon; after an adjective it is read as a noun. A
        # word the lexicon does not know ("Colombian") may modify a noun.
        {"higher bar prices", "chocolate makers", "colombian mid-year harvest"},
        {"higher"},
        id="lexicon-gaps",
    ),
]


@pytest.mark.parametrize(("text", "present", "absent"), FEED_SENTENCES)
def test_phrases_are_noun_phrases(text: str, present: set[str], absent: set[str]) -> None:
    phrases = all_phrases(text)
    assert present <= set(phrases)
    assert not absent & set(phrases)


# Ambiguous words (noun or verb) read in context; each case is one rule of the module
# docstring, with a sentence where the same word stays a noun.
AMBIGUOUS = [
    pytest.param("Prices rose. Office rent rose again.", {"prices", "office rent"}, id="past"),
    pytest.param("Sales figures show a dip.", {"sales figures", "dip"}, id="plural-modifier"),
    pytest.param(
        "We roast small batches every Tuesday and ship them.",
        {"small batches", "Tuesday"},
        id="time-phrase-after-noun",
    ),
    pytest.param(
        "Heat recovery on drum roasters cuts gas use.",
        {"heat recovery", "drum roasters", "gas"},
        id="plural-then-s-form",
    ),
    pytest.param(
        "Independent cafés trial reusable cup deposit schemes.",
        {"independent cafés", "cup deposit schemes"},
        id="base-form-after-plural",
    ),
    pytest.param(
        "Ethiopian washing stations switch to water-saving pulpers.",
        {"ethiopian washing stations", "water-saving pulpers"},
        id="ing-noun-and-hyphen-modifier",
    ),
]


@pytest.mark.parametrize(("text", "expected"), AMBIGUOUS)
def test_ambiguous_words_are_read_in_context(text: str, expected: set[str]) -> None:
    assert set(all_phrases(text)) == expected


def demo_feed_texts() -> list[str]:
    feed = resources.files("pressroom.brands.demo").joinpath("sample-feed.xml").read_bytes()
    return [f"{entry.title}. {entry.summary}" for entry in feedparser.parse(feed).entries]


def can_be_noun(word: str) -> bool:
    """The lexicon's view, independent of the extractor: a noun reading, an -ing form (a
    gerund, "home brewing"), or a word the lexicon does not know."""
    if word.endswith("ing"):
        return True
    lemmas = getAllLemmas(word.lower())
    if not lemmas and "-" in word:
        return can_be_noun(word.rsplit("-", 1)[1])
    return not lemmas or "NOUN" in lemmas


def test_every_demo_phrase_ends_in_a_noun_and_holds_no_finite_verb() -> None:
    texts = demo_feed_texts()
    assert len(texts) == 18
    for text in texts:
        phrases = all_phrases(text)
        assert phrases, text
        for phrase in phrases:
            words = phrase.split()
            assert len(words) <= MAX_PHRASE_WORDS
            assert can_be_noun(words[-1]), (phrase, text)
            # A word the lexicon knows only as a verb never follows a noun (that is a subject
            # and its verb), except an -ing noun ("home brewing"). It may open a phrase as a
            # modifier ("distilled water"), or follow an adjective ("higher bar prices").
            for before, word in pairwise(words):
                if set(getAllLemmas(word.lower())) == {"VERB"} and not word.endswith("ing"):
                    assert "NOUN" not in getAllLemmas(before.lower()), (phrase, text)


def test_unicode_and_emoji() -> None:
    text = "Café owners in São Paulo weigh crème brûlée prices ☕🔥 after a 20% jump. 🚀🚀"
    phrases = all_phrases(text)
    assert {"café owners", "São Paulo", "crème brûlée prices"} <= set(phrases)
    assert not any(char in phrase for phrase in phrases for char in "☕🔥🚀")
    assert extract_key_phrases("☕🔥🚀 ✨ — … ¡¿") == []
    assert extract_key_phrases("咖啡价格上涨") == ["咖啡价格上涨"]


def test_very_long_text_keeps_the_shape_and_the_limit() -> None:
    text = " ".join(demo_feed_texts()) * 40
    # No stop word or punctuation: one enormous run of words the lexicon does not know.
    unbroken = " ".join(f"item{number}" for number in range(2000))
    for long_text in (text, unbroken):
        phrases = extract_key_phrases(long_text, limit=8)
        assert len(phrases) == 8
        assert all(1 <= len(phrase.split()) <= MAX_PHRASE_WORDS for phrase in phrases)
        assert extract_key_phrases(long_text, limit=8) == phrases


def test_lexicon_is_read_offline() -> None:
    # The part-of-speech lexicon ships inside the package: extraction in a fresh process
    # with every network connection refused must give the same phrases.
    code = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from pressroom.trends.phrases import extract_key_phrases as k\n"
        f"print(k({STORY!r}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(extract_key_phrases(STORY))
