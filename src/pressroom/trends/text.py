"""Words, stems and topic keys: the one place that decides when two texts use "the same
word". Matching ignores case, accents and inflection (Snowball English stemmer); what people
see keeps the original spelling."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import snowballstemmer

# News copy is full of reporting verbs and time words that say nothing about the topic.
# fmt: off
_NEWS_FILLER = frozenset([
    "say", "says", "said", "report", "reports", "reported", "explain", "explains",
    "explained", "expect", "expects", "expected", "keep", "keeps", "kept", "make", "makes",
    "made", "use", "uses", "used", "just", "like", "actually", "really", "according",
    "day", "days", "week", "weeks", "month", "months", "year", "years", "today", "tonight",
    "yesterday", "tomorrow", "ago", "new",
])
# fmt: on


def _stop_words() -> frozenset[str]:
    text = (resources.files("pressroom.trends") / "stopwords.txt").read_text(encoding="utf-8")
    listed = (line.strip() for line in text.splitlines())
    return frozenset(word for word in listed if word and not word.startswith("#"))


STOP_WORDS: frozenset[str] = _stop_words() | _NEWS_FILLER

# A word starts with a letter and may carry digits, hyphens and apostrophes inside.
WORD_PATTERN = re.compile(r"[^\W\d_](?:[\w'-]*[^\W_])?")
TOPIC_KEY_MAX = 200

_stemmer = snowballstemmer.stemmer("english")


def fold(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of an already folded word."""
    return str(_stemmer.stemWord(word))


def words(text: str) -> list[str]:
    """Folded word tokens, in order."""
    return WORD_PATTERN.findall(fold(text))


def content_terms(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stop words, no single letters), in order."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS and len(word) > 1]


def topic_key(title: str) -> str:
    """A normalized key for a story title: its distinct content stems, sorted.

    Word order, case, accents, inflection and filler words do not change it, so
    "Brazil frost cuts harvest" and "Frost cut Brazil's harvest" share one key.
    """
    terms = sorted(set(content_terms(title)))
    if not terms:
        folded = " ".join(words(title)) or title.strip().lower()
        return "title:" + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]
    key = " ".join(terms)
    if len(key) <= TOPIC_KEY_MAX:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return key[: TOPIC_KEY_MAX - len(digest) - 1].rstrip() + " " + digest
