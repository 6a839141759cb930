"""A brand's voice measured on its example posts: the *derived* voice profile.

``derive_voice`` reads the brand's voice examples (plus its guidelines and restricted terms)
and returns a :class:`DerivedVoice` — deterministic, versioned, and explainable in one line
per field:

- **Sentence length**: mean and spread (population standard deviation) of words per sentence,
  hashtags, links and mentions left out.
- **Emoji**: emoji per post, the share of posts with any, the most used (emoji are found
  exactly as the LinkedIn validator finds them, with ``twitter_text``).
- **Hashtags**: hashtags per post, where they sit (``end`` when only hashtags follow them,
  otherwise ``inline``; ``mixed`` when both happen), the most used.
- **Vocabulary**: the content words and 2–3 word phrases the examples *repeat*. A word or
  phrase is a habit when at least two examples use it (with a single example: when it occurs
  twice); they rank by how many examples use them, then how often, then first appearance.
  Stop words (``trends/stopwords.txt``) are the background of ordinary English that is never
  distinctive; words are matched by their Snowball stem, so "roast" and "roasting" meet.
- **Reading level**: Flesch–Kincaid grade and Flesch reading ease of all examples together,
  measured as the readability score measures drafts (``scoring/readability.py``).
- **Formality** 0–1: one minus the mean of five informality signals, each in [0, 1] —
  contractions (5 per 100 words is fully informal), first and second person pronouns (10 per
  100 words), exclaiming sentences (half of them), emoji and slang (2 per post), and short
  sentences (a mean of 8 words or fewer is fully informal, 25 or more fully formal).
- **Person**: ``we``, ``i`` or ``brand`` (the brand's name), whichever the examples use most.
- **Banned phrases**: the restricted terms, then every quoted phrase the guidelines forbid
  after *never*, *avoid*, *don't use/say* or *do not use/say* ("Never say 'world-class'").
  Unquoted instructions ("never promise results") are advice, not phrases, and are left out.

With no examples the profile says so (``sample_size`` 0) and carries only the banned phrases.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from twitter_text import extract_emojis_with_indices

from pressroom.platforms.text import count_words
from pressroom.providers.llm.protocol import BrandContext
from pressroom.scoring.readability import readability
from pressroom.scoring.rules import PERSON_PRONOUNS
from pressroom.scoring.texts import HASHTAG, prose
from pressroom.trends.text import STOP_WORDS, WORD_PATTERN, fold, stem

VOICE_VERSION = 1
"""Bumped whenever a measure changes, so stored profiles of an older version are redone."""

DERIVED_KEY = "derived"
"""Where the derived profile is stored inside ``brand.voice_profile``."""

TOP = 5
TOP_WORDS = 8
SLANG = frozenset(
    """gonna wanna gotta kinda sorta lol omg btw tbh yeah yep nope hey awesome cool super
    vibes vibe y'all legit totally""".split()  # noqa: SIM905 - a word list read as prose
)
# The built-in writer's sentence rule (``.``, ``!``, ``?`` or ``…`` before a space); not
# imported from it because the built-in writer reads this module.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_CONTRACTION = re.compile(
    r"\b(?:\w+(?:n't|'re|'ve|'ll|'d|'m)|(?:it|that|there|here|what|let|who|he|she)'s)\b"
)
_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<!\w)'([^']+)'(?!\w)")
_BAN = re.compile(
    r"\b(?:never|avoid|don['’]t\s+(?:use|say|write)|do\s+not\s+(?:use|say|write))\b([^.!?\n]*)",
    re.IGNORECASE,
)
MAX_BANNED_WORDS = 8  # a longer quote is an example sentence, not a phrase


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SentenceLength(_Part):
    """Words per sentence."""

    mean: float
    spread: float
    sentences: int


class EmojiHabit(_Part):
    per_post: float = 0.0
    posts_with: float = 0.0
    top: list[str] = []


class HashtagHabit(_Part):
    per_post: float = 0.0
    placement: Literal["none", "end", "inline", "mixed"] = "none"
    at_end: float = 0.0
    top: list[str] = []


class Vocabulary(_Part):
    words: list[str] = []
    phrases: list[str] = []


class ReadingLevel(_Part):
    grade: float
    ease: float


class Formality(_Part):
    """0 = chatty, 1 = formal; ``signals`` are the five informality parts behind it."""

    score: float
    signals: dict[str, float]


class DerivedVoice(_Part):
    """A brand's voice as its example posts show it (see the module docstring)."""

    version: int = VOICE_VERSION
    sample_size: int = 0
    sentence_length: SentenceLength | None = None
    emoji: EmojiHabit = EmojiHabit()
    hashtags: HashtagHabit = HashtagHabit()
    vocabulary: Vocabulary = Vocabulary()
    reading_level: ReadingLevel | None = None
    formality: Formality | None = None
    person: Literal["we", "i", "brand", ""] = ""
    banned_phrases: list[str] = []

    def facts(self) -> list[tuple[str, str]]:
        """The profile as short labelled lines, for people and prompts."""
        if self.sample_size == 0:
            lines = [("examples", "none yet: add voice examples to measure the voice")]
        else:
            lines = [("examples", str(self.sample_size)), *self._measured()]
        if self.banned_phrases:
            lines.append(("banned phrases", ", ".join(self.banned_phrases)))
        return lines

    def _measured(self) -> list[tuple[str, str]]:
        lines: list[tuple[str, str]] = []
        if self.sentence_length is not None:
            length = self.sentence_length
            lines.append(("sentence length", f"{length.mean:g} words (± {length.spread:g})"))
        emoji = f"{self.emoji.per_post:g} per post"
        lines.append(
            ("emoji", emoji + (f" ({' '.join(self.emoji.top)})" if self.emoji.top else ""))
        )
        tags = self.hashtags
        used = f", {tags.placement}: " + " ".join(f"#{tag}" for tag in tags.top) if tags.top else ""
        lines.append(("hashtags", f"{tags.per_post:g} per post{used}"))
        if self.vocabulary.words or self.vocabulary.phrases:
            lines.append(
                ("vocabulary", ", ".join([*self.vocabulary.phrases, *self.vocabulary.words]))
            )
        if self.reading_level is not None:
            level = self.reading_level
            lines.append(("reading level", f"grade {level.grade:g}, reading ease {level.ease:g}"))
        if self.formality is not None:
            lines.append(("formality", f"{self.formality.score:g} (0 chatty – 1 formal)"))
        if self.person:
            lines.append(("person", self.person))
        return lines


def derive_voice(
    examples: Sequence[str],
    *,
    guidelines: str = "",
    restricted_terms: Iterable[str] = (),
    brand_name: str = "",
) -> DerivedVoice:
    """Measure the voice of ``examples`` (see the module docstring for every measure)."""
    posts = [example for example in examples if example.strip()]
    banned = banned_phrases(guidelines, restricted_terms)
    if not posts:
        return DerivedVoice(banned_phrases=banned)
    texts = [prose(post) for post in posts]
    lengths = [count_words(s) for text in texts for s in sentences(text)]
    emoji = emoji_habit(posts)
    return DerivedVoice(
        sample_size=len(posts),
        sentence_length=_sentence_length(lengths),
        emoji=emoji,
        hashtags=hashtag_habit(posts),
        vocabulary=vocabulary(texts),
        reading_level=_reading_level(texts),
        formality=formality(texts, lengths=lengths, emoji_per_post=emoji.per_post),
        person=person(texts, brand_name=brand_name),
        banned_phrases=banned,
    )


def derived_voice_of(brand: BrandContext) -> DerivedVoice:
    """The brand's stored derived profile when it is of this version, otherwise measured now
    (a brand stored before voice training, or a context built by hand)."""
    stored = brand.voice_profile.get(DERIVED_KEY)
    if isinstance(stored, dict) and stored.get("version") == VOICE_VERSION:
        try:
            return DerivedVoice.model_validate(stored)
        except ValidationError:
            pass  # a hand-edited profile that no longer parses is measured again
    return _derive_cached(
        tuple(brand.voice_examples),
        brand.guidelines,
        tuple(brand.restricted_terms),
        brand.name,
    )


@lru_cache(maxsize=256)
def _derive_cached(
    examples: tuple[str, ...], guidelines: str, restricted: tuple[str, ...], name: str
) -> DerivedVoice:
    # Writers read the voice once per piece; a brand's inputs rarely change within a run.
    return derive_voice(
        examples, guidelines=guidelines, restricted_terms=restricted, brand_name=name
    )


def sentences(text: str) -> list[str]:
    """``text`` split into sentences, emoji and extra spaces left out."""
    kept = "".join(" " if unicodedata.category(char) == "So" else char for char in text)
    return [part.strip() for part in _SENTENCE_END.split(" ".join(kept.split())) if part.strip()]


def _sentence_length(lengths: list[int]) -> SentenceLength | None:
    if not lengths:
        return None
    return SentenceLength(
        mean=round(statistics.fmean(lengths), 1),
        spread=round(statistics.pstdev(lengths), 1),
        sentences=len(lengths),
    )


def emoji_habit(posts: Sequence[str]) -> EmojiHabit:
    """Emoji per post, the share of posts with any, and the most used."""
    found = [[hit["emoji"] for hit in extract_emojis_with_indices(post)] for post in posts]
    counts = Counter(emoji for hits in found for emoji in hits)
    return EmojiHabit(
        per_post=round(sum(counts.values()) / len(posts), 2),
        posts_with=round(sum(1 for hits in found if hits) / len(posts), 2),
        top=[emoji for emoji, _ in counts.most_common(TOP)],
    )


def hashtag_habit(posts: Sequence[str]) -> HashtagHabit:
    """Hashtags per post, where they sit and the most used (case-insensitively, first
    spelling kept)."""
    tags: list[str] = []
    at_end = 0
    for post in posts:
        for match in HASHTAG.finditer(post):
            tags.append(match.group(1))
            at_end += not re.search(r"\w", HASHTAG.sub("", post[match.end() :]))
    if not tags:
        return HashtagHabit()
    share = at_end / len(tags)
    placement: Literal["end", "inline", "mixed"] = (
        "end" if share == 1 else "inline" if share == 0 else "mixed"
    )
    return HashtagHabit(
        per_post=round(len(tags) / len(posts), 2),
        placement=placement,
        at_end=round(share, 2),
        top=_ranked_forms([[tag] for tag in tags], key=str.casefold, limit=TOP, minimum=1),
    )


def vocabulary(texts: Sequence[str]) -> Vocabulary:
    """The content words and 2–3 word phrases the examples repeat."""
    tokenised = [_words(text) for text in texts]
    words = [[w for w in words if _is_content(w)] for words in tokenised]
    grams = [_phrases(words) for words in tokenised]
    minimum = 2
    phrases = _ranked_forms(
        grams, key=_stems, limit=TOP * 2, minimum=minimum, single=len(texts) == 1
    )
    kept = _without_covered(phrases)[:TOP]
    covered = {stem(fold(w)) for phrase in kept for w in phrase.split()}
    ranked = _ranked_forms(
        words,
        key=lambda w: stem(fold(w)),
        limit=TOP_WORDS * 2,
        minimum=minimum,
        single=len(texts) == 1,
    )
    return Vocabulary(
        words=[w for w in ranked if stem(fold(w)) not in covered][:TOP_WORDS], phrases=kept
    )


def _words(text: str) -> list[str]:
    return [word.lower() for word in WORD_PATTERN.findall(text.replace("’", "'"))]


def _is_content(word: str) -> bool:
    return len(word) > 2 and fold(word) not in STOP_WORDS


def _stems(phrase: str) -> str:
    return " ".join(stem(fold(word)) for word in phrase.split())


def _phrases(words: list[str]) -> list[str]:
    """Runs of 2–3 words that open and close with a content word."""
    found = []
    for size in (2, 3):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if _is_content(run[0]) and _is_content(run[-1]):
                found.append(" ".join(run))
    return found


def _ranked_forms(
    groups: Sequence[Sequence[str]],
    *,
    key: Any,
    limit: int,
    minimum: int,
    single: bool = False,
) -> list[str]:
    """Items of ``groups`` (one group per example) ranked by how many groups use them, then
    how often, then first appearance; kept when ``minimum`` groups use them (with ``single``:
    when they occur ``minimum`` times). The first spelling seen stands for its key."""
    spelling: dict[str, str] = {}
    total: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    for group in groups:
        keys = [key(item) for item in group]
        for item, item_key in zip(group, keys, strict=True):
            spelling.setdefault(item_key, item)
        total.update(keys)
        spread.update(set(keys))
    order = {item_key: index for index, item_key in enumerate(spelling)}
    usage = total if single else spread
    kept = [k for k in spelling if usage[k] >= minimum]
    kept.sort(key=lambda k: (-spread[k], -total[k], order[k]))
    return [spelling[k] for k in kept[:limit]]


def _without_covered(phrases: list[str]) -> list[str]:
    """Phrases not inside a longer phrase already kept ("light roast" inside "light roast
    beans" goes when both rank alike)."""
    kept: list[str] = []
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        if not any(f" {_stems(phrase)} " in f" {_stems(other)} " for other in kept):
            kept.append(phrase)
    return sorted(kept, key=phrases.index)


def _reading_level(texts: Sequence[str]) -> ReadingLevel | None:
    # The channel only sets the target band of the score; grade and ease do not depend on it.
    joined = "\n\n".join(
        text.strip() if text.strip()[-1:] in ".!?…" else f"{text.strip()}." for text in texts
    )
    measured = readability(channel="linkedin", text=joined)
    if measured.words == 0:
        return None
    return ReadingLevel(grade=measured.grade, ease=measured.reading_ease)


def formality(texts: Sequence[str], *, lengths: list[int], emoji_per_post: float) -> Formality:
    """Formality 0–1 from five documented informality signals (module docstring)."""
    words = [fold(word) for text in texts for word in _words(text)]
    per_100 = 100 / max(1, len(words))
    pronouns = PERSON_PRONOUNS["we"] | PERSON_PRONOUNS["i"] | PERSON_PRONOUNS["you"]
    said = [s for text in texts for s in sentences(text)]
    contractions = sum(len(_CONTRACTION.findall(fold(text))) for text in texts)
    slang = sum(word in SLANG for word in words) / len(texts)
    mean_length = statistics.fmean(lengths) if lengths else 0.0
    signals = {
        "contractions": min(1.0, contractions * per_100 / 5),
        "first_second_person": min(1.0, sum(w in pronouns for w in words) * per_100 / 10),
        "exclamations": min(1.0, sum(s.endswith("!") for s in said) / max(1, len(said)) / 0.5),
        "emoji_slang": min(1.0, (emoji_per_post + slang) / 2),
        "short_sentences": min(1.0, max(0.0, (25 - mean_length) / 17)),
    }
    rounded = {name: round(value, 2) for name, value in signals.items()}
    return Formality(score=round(1 - statistics.fmean(signals.values()), 2), signals=rounded)


def person(texts: Sequence[str], *, brand_name: str = "") -> Literal["we", "i", "brand", ""]:
    """Who speaks: ``we``, ``i`` or ``brand`` (the name), whichever is used most; ``""``
    when none is."""
    words = [fold(word) for text in texts for word in _words(text)]
    name = brand_name.strip().casefold()
    counts: dict[Literal["we", "i", "brand"], int] = {
        "we": sum(word in PERSON_PRONOUNS["we"] for word in words),
        "i": sum(word in PERSON_PRONOUNS["i"] for word in words),
        "brand": sum(text.casefold().count(name) for text in texts) if name else 0,
    }
    best = max(counts, key=lambda who: counts[who])  # ties go to the first: we, then I
    return best if counts[best] else ""


def banned_phrases(guidelines: str, restricted_terms: Iterable[str] = ()) -> list[str]:
    """The restricted terms, then the quoted phrases the guidelines forbid; each once."""
    found = [" ".join(term.split()) for term in restricted_terms if term.strip()]
    for match in _BAN.finditer(guidelines):
        for quoted in _QUOTED.finditer(match.group(1)):
            phrase = " ".join(next(g for g in quoted.groups() if g).split()).strip(" ,;:")
            if phrase and len(phrase.split()) <= MAX_BANNED_WORDS:
                found.append(phrase)
    unique: dict[str, str] = {}
    for phrase in found:
        unique.setdefault(phrase.casefold(), phrase)
    return list(unique.values())
