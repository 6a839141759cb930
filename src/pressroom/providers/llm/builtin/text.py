"""Small text measures and clean-ups the composers share: words, sentences, content tokens,
restricted terms, hashtags and X's weighted length."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

# Composers count words exactly as the validators do.
from pressroom.platforms.text import count_words as count_words
from pressroom.platforms.x import weighted_length as x_weighted_length

_SPACES = re.compile(r"\s+")
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_TOKEN = re.compile(r"\w+")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
_WORD_TOKEN = re.compile(r"(?<![\w#])\w+(?!\w)")
_EXCLAMATIONS = re.compile(r"!+")
MAX_CAPS_WORDS = 2
_SUFFIXES = ("ings", "ing", "ers", "er", "ies", "es", "s", "ed")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (for word lists written as prose)."""
    return frozenset(text.split())


STOPWORDS = word_set(
    """a about above after again all also an and any are as at be been before being both but
    by can could did do does doing down during each few for from further had has have having
    he her here hers him his how i if in into is it its just me more most my no nor not now of
    off on once only or other our ours out over own same she should so some such than that the
    their them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours new us every across
    among within without via per"""
)


@lru_cache(maxsize=16384)
def clean(text: str) -> str:
    """NFC-normalised text on one line, without symbols that are not words (emoji, dingbats)
    and without control characters; spaces collapsed."""
    if text.isascii():
        return _SPACES.sub(" ", _ASCII_CONTROL.sub(" ", text)).strip()
    text = unicodedata.normalize("NFC", text)
    kept = "".join(
        " " if unicodedata.category(char)[0] in "CZ" or unicodedata.category(char) == "So" else char
        for char in text
    )
    return _SPACES.sub(" ", kept).strip()


def sentences(text: str) -> list[str]:
    """``text`` split into sentences (on ``.``, ``!``, ``?`` or ``…`` followed by a space)."""
    return [part.strip() for part in _SENTENCE_END.split(clean(text)) if part.strip()]


def capitalise(text: str) -> str:
    """``text`` with its first letter in upper case (the rest untouched)."""
    return text[:1].upper() + text[1:]


def end_sentence(text: str) -> str:
    """``text`` ending with sentence punctuation."""
    text = text.strip().rstrip(",;:—-").strip()
    return text if text[-1:] in ".!?…。！？" else f"{text}."


def clip_words(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` words, marked with an ellipsis when cut."""
    parts = text.split()
    if len(parts) <= limit:
        return text
    return " ".join(parts[: max(limit, 1)]).rstrip(",;:.—-") + "…"


def stem(token: str) -> str:
    """A light suffix-stripping stem, so ``farmers`` and ``farming`` meet at ``farm``."""
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


@lru_cache(maxsize=4096)
def content_tokens(text: str) -> frozenset[str]:
    """Stemmed lower-case content words of ``text`` (stopwords and URLs left out)."""
    words = _TOKEN.findall(_URL.sub(" ", text.casefold()))
    return frozenset(stem(word) for word in words if word not in STOPWORDS and len(word) > 1)


def has_number(text: str) -> bool:
    return _NUMBER.search(text) is not None


def strip_urls(text: str) -> str:
    return _SPACES.sub(" ", _URL.sub(" ", text)).strip()


def calm(text: str, *, exclamations: int = 0) -> str:
    """``text`` in a professional register: exclamation marks become full stops (but the
    first ``exclamations``, each one mark) and only the first two different all-caps words
    (acronyms) stay in capitals — source material must not make a post shout."""
    kept: set[str] = set()
    marks = iter(range(exclamations))

    def calm_mark(_: re.Match[str]) -> str:
        return "!" if next(marks, None) is not None else "."

    def calm_word(match: re.Match[str]) -> str:
        word = match.group(0)
        if not _is_all_caps(word) or word in kept:
            return word
        if len(kept) < MAX_CAPS_WORDS:
            kept.add(word)
            return word
        return word.capitalize()

    return _WORD_TOKEN.sub(calm_word, _EXCLAMATIONS.sub(calm_mark, text))


SHORT_RHYTHM, LONG_RHYTHM = 9, 18
"""Brands whose sentences average at most / at least this many words get their drafts' sentences
split / joined to their rhythm (:func:`rhythm`)."""
NAME_ENDINGS = ("ian", "ean", "ese", "ish", "can")
"""Endings of capitalised words taken for names of peoples and places ("Colombian")."""
JOIN_REACH = 1.5
"""A joined sentence may run to this many times the brand's sentence length."""
_CLAUSE_BREAK = re.compile(r"(?:,|;| —| –) ")
# A clause that leans on its neighbour ("If it runs fast, …", "…, while 1:17 …") is never
# split off it, nor is a step or an introduction joined to the sentence before it.
_SUBORDINATE = word_set(
    """if when while whereas because although though as since unless until before after once
    whether which who whom whose so where"""
)
_NOT_JOINED = ("First, ", "Next, ", "Then, ", "Finally, ")
# After a comma, only a new clause splits off ("…, and exporters expect …", "…, then keep
# what works"), never the next item of a list ("drying beds, pickers' wages …").
_CLAUSE_OPENERS = word_set(
    """and but then it it's we we're we've we'll you you're you'll they they're this that's
    there's here's i i'm i'd i've our your"""
)
_ITEM_MARK = re.compile(r"^(?:\d+\.|[•·*-])\s+")
_ITEM_NUMBER = re.compile(r"^\d+\.$")
_CAPITALISED = re.compile(r"(?<=[\w,;] )([A-Z][a-z][\w'’-]*)")


def rhythm(text: str, sentence_words: int) -> str:
    """``text`` with its sentences brought towards ``sentence_words`` words, line by line: for
    a brand of short sentences (≤ ``SHORT_RHYTHM``), long sentences are split at their clause
    breaks (commas, semicolons, colons, dashes) into sentences of three words or more; for a
    brand of long ones (≥ ``LONG_RHYTHM``), neighbouring statements are joined with a
    semicolon while the joined sentence stays within its length. Words, links and hashtags
    are kept as they are; questions and exclamations are never joined."""
    if SHORT_RHYTHM < sentence_words < LONG_RHYTHM:
        return text
    lines = text.split("\n")
    if sentence_words <= SHORT_RHYTHM:
        return "\n".join(
            _by_item(line, lambda body: _split_line(body, sentence_words)) for line in lines
        )
    names = frozenset(_CAPITALISED.findall(text))
    return "\n".join(
        _by_item(line, lambda body: _join_line(body, sentence_words, names)) for line in lines
    )


def _by_item(line: str, rewrite: Callable[[str], str]) -> str:
    """``line`` rewritten after its list mark ("2. ", "• "), which is not a sentence."""
    mark = _ITEM_MARK.match(line)
    cut = mark.end() if mark else 0
    return line[:cut] + rewrite(line[cut:])


def _split_line(line: str, target: int) -> str:
    parts = _SENTENCE_END.split(line)
    out: list[str] = []
    for sentence in parts:
        out.extend(_split_sentence(sentence, target))
    return " ".join(out) if parts != out else line


def _split_sentence(sentence: str, target: int) -> list[str]:
    if len(sentence.split()) <= target + 2 or _URL.search(sentence):
        return [sentence]
    for match in _CLAUSE_BREAK.finditer(sentence):
        head, tail = sentence[: match.start()], sentence[match.end() :]
        if _splits(head, tail, comma=match.group(0) == ", "):
            ending = sentence[-1] if sentence[-1] in ".!?…" else "."
            first = head.rstrip(".") + "."
            rest = capitalise(tail if tail[-1:] in ".!?…" else tail + ending)
            return [first, *_split_sentence(rest, target)]
    return [sentence]


def _splits(head: str, tail: str, *, comma: bool) -> bool:
    """Whether a sentence splits into ``head`` and ``tail``: three words each or more, neither
    opening with a word that ties it to the other, and after a comma only before a new
    clause."""
    first_words = (head.split()[0].casefold(), tail.split()[0].casefold()) if tail else ("", "")
    if comma and first_words[1].replace("’", "'") not in _CLAUSE_OPENERS:
        return False
    return (
        len(head.split()) >= 3
        and len(tail.split()) >= 3
        and tail[:1].isalpha()
        and not any(word in _SUBORDINATE for word in first_words)
    )


def _join_line(line: str, target: int, names: frozenset[str]) -> str:
    parts = [part for part in _SENTENCE_END.split(line) if part]
    if len(parts) < 2:
        return line
    joined = [parts[0]]
    for sentence in parts[1:]:
        last = joined[-1]
        if _joins(last, sentence, target):
            first, _, rest = sentence.partition(" ")
            joined[-1] = f"{last[:-1]}; {_lowered(first, names)} {rest}".rstrip()
        else:
            joined.append(sentence)
    return " ".join(joined)


def _joins(last: str, sentence: str, target: int) -> bool:
    """Whether two statements join: both end with a full stop, the first is still short of
    the brand's length and the two stay within its reach; never after a colon (which
    introduces what follows it), nor a step ("Next, …") or a list item's number ("2.") onto
    the sentence before."""
    size = len(last.split())
    return (
        last.endswith(".")
        and sentence.endswith(".")
        and size < target
        and size + len(sentence.split()) <= max(target + 4, round(target * JOIN_REACH))
        and ":" not in last
        and not sentence.startswith(_NOT_JOINED)
        and not (_ITEM_NUMBER.match(last) or _ITEM_NUMBER.match(sentence))
        and _URL.search(last) is None
    )


def _lowered(word: str, names: frozenset[str]) -> str:
    """A sentence's first word as it reads mid-sentence: lower-cased unless it is "I", an
    acronym or a name (a word the text capitalises mid-sentence too, or one that ends like
    "Colombian" or "Japanese")."""
    if word == "I" or word.startswith("I'") or _is_all_caps(word) or word in names:
        return word
    if word.casefold().rstrip(".,;:'’s").endswith(NAME_ENDINGS):
        return word
    return word[:1].lower() + word[1:] if word[1:2].islower() or len(word) == 1 else word


def _is_all_caps(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


@dataclass(frozen=True)
class Restrictions:
    """The brand's restricted terms. Matching is deliberately strict — case-insensitive and
    inside words too — so no form of a restricted term ever reaches a draft."""

    terms: tuple[str, ...]

    @classmethod
    def of(cls, terms: Iterable[str]) -> Restrictions:
        folded = {_SPACES.sub(" ", term.casefold()).strip() for term in terms}
        return cls(terms=tuple(sorted(term for term in folded if term)))

    def allows(self, text: str) -> bool:
        """Whether ``text`` contains none of the terms."""
        folded = _SPACES.sub(" ", text.casefold())
        return not any(term in folded for term in self.terms)

    def keep(self, texts: Iterable[str]) -> list[str]:
        """Only the texts that contain no restricted term."""
        return [text for text in texts if self.allows(text)]

    def scrub(self, text: str) -> str:
        """``text`` with every word that holds a restricted term removed (the last line of
        defence: composers drop such material before it gets this far)."""
        if self.allows(text):
            return text
        for term in self.terms:
            text = _term_pattern(term).sub("", text)
        return re.sub(r"[ \t]{2,}", " ", text).replace(" .", ".").replace(" ,", ",").strip()


@lru_cache(maxsize=1024)
def _term_pattern(term: str) -> re.Pattern[str]:
    """The words holding ``term`` (a multi-word term may span any whitespace)."""
    return re.compile(r"\S*" + r"\s+".join(map(re.escape, term.split())) + r"\S*", re.IGNORECASE)


def hashtag_form(phrase: str) -> str:
    """``phrase`` as one hashtag word (letters, digits, underscores), or ``""`` when it has no
    letter or would be too long to read."""
    tag = "".join(_TOKEN.findall(clean(phrase).casefold()))
    if not any(char.isalpha() for char in tag) or len(tag) > 30:
        return ""
    return tag


def unique_hashtags(tags: Iterable[str]) -> list[str]:
    """Tags in order, case-insensitively de-duplicated, empty ones dropped."""
    seen: dict[str, str] = {}
    for tag in tags:
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


@lru_cache(maxsize=8192)
def weighted_length(text: str) -> int:
    """An X post's length as X counts it (URLs 23, CJK and emoji 2), as the validator
    measures it; cached because thread fitting measures the same text repeatedly."""
    return x_weighted_length(text)
