"""What a text is about: the source material (topic, key phrases, summary, a quoted figure,
links) cleaned of restricted terms, with the brand topic it best matches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from pressroom.providers.llm.builtin.grammar import head_word, quoted_headline, with_article
from pressroom.providers.llm.builtin.text import (
    STOPWORDS,
    Restrictions,
    capitalise,
    clean,
    clip_words,
    content_tokens,
    count_words,
    has_number,
    sentences,
    strip_urls,
)
from pressroom.providers.llm.builtin.voice import Voice
from pressroom.providers.llm.protocol import IdeaDraft, SourceSignal

MAX_PHRASE_WORDS = 5
MAX_TOPIC_WORDS = 12
MAX_STAT_WORDS = 14
FALLBACK_PHRASE = "this topic"
WIDER_FIELD = "topics like this"
_EDGE_PUNCTUATION = " .,;:!?\"'“”‘’()[]{}|/\\-–—·•*#"


@dataclass(frozen=True)
class Material:
    """The subject of one idea or piece. ``phrases`` is never empty."""

    topic: str
    phrases: tuple[str, ...]
    summary: tuple[str, ...] = ()
    stat: str = ""
    category: str = ""
    links: tuple[str, ...] = ()
    emphasis: tuple[str, ...] = ()
    inline_topic: str = ""

    @cached_property
    def points(self) -> tuple[str, ...]:
        """The phrases a text can make points about: those that do not merely repeat the
        topic or the quoted figure (all of them when every one does)."""
        said = {self.topic.casefold(), self.stat.casefold()}
        distinct = tuple(p for p in self.phrases if p.casefold() not in said)
        return distinct or self.phrases

    def suited(self, templates: Sequence[str]) -> list[str]:
        """``templates`` that read well with this topic: a topic with a colon of its own
        ("Water for home brewing: mineral packets explained") is not wrapped in another
        ("…: the overlooked side") — unless no template does without it."""
        if ":" not in self.topic:
            return list(templates)
        return [t for t in templates if "opic}" not in t] or list(templates)

    def phrase(self, index: int) -> str:
        """The ``index``-th point, wrapping around when there are fewer."""
        return self.points[index % len(self.points)]

    def slots(self, offset: int = 0) -> dict[str, str]:
        """Template slots for the material, starting at point ``offset``, each as it reads
        inside a sentence: a bare singular phrase with its article ("the blind test"), a
        headline topic quoted. A category that repeats the phrase, or is a headline itself
        (a piece with no brand topic of its own), gives way to a neutral one, so no sentence
        says a thing twice or wraps a headline in another."""
        phrase = with_article(self.phrase(offset))
        return {
            "topic": quoted_headline(self.inline_topic or self.topic),
            "Topic": capitalise(self.topic),
            "phrase": phrase,
            "Phrase": capitalise(phrase),
            "category": self._category(self.phrase(offset)),
            "stat": self.stat,
        }

    def _category(self, phrase: str) -> str:
        category = self.category or self.topic
        if category.casefold() == phrase.casefold() or quoted_headline(category) != category:
            return WIDER_FIELD
        return with_article(category)


def clean_phrase(text: str) -> str:
    """A phrase tidied for use inside a sentence: one line, no edge punctuation, at most five
    words, and no shouting (an all-caps phrase of several words is lower-cased)."""
    words = strip_urls(clean(text)).split()[:MAX_PHRASE_WORDS]
    # A cut phrase must not end on a dangling "of" or "across": drop trailing stopwords.
    while len(words) > 1 and words[-1].casefold() in STOPWORDS:
        words.pop()
    phrase = _quiet(" ".join(words).strip(_EDGE_PUNCTUATION))
    return phrase if any(char.isalpha() for char in phrase) else ""


def _quiet(text: str) -> str:
    """An all-caps text of several words (a shouted headline) in lower case."""
    return text.lower() if count_words(text) > 1 and text.isupper() else text


def phrase_list(texts: Iterable[str], restrictions: Restrictions) -> list[str]:
    """Clean, allowed, case-insensitively unique phrases in order."""
    seen: dict[str, str] = {}
    for text in texts:
        phrase = clean_phrase(text)
        if phrase and restrictions.allows(phrase):
            seen.setdefault(phrase.casefold(), phrase)
    return list(seen.values())


def clean_topic(candidates: Sequence[str], restrictions: Restrictions) -> str:
    """The first candidate usable as a topic (a sentence fragment with no restricted term):
    a topic holding a restricted term gives way to the next candidate."""
    for text in candidates:
        topic = _quiet(
            clip_words(strip_urls(clean(text)), MAX_TOPIC_WORDS).strip(_EDGE_PUNCTUATION)
        )
        if topic and restrictions.allows(topic) and any(char.isalpha() for char in topic):
            return topic
    return ""


def inline(topic: str, evidence: Sequence[str]) -> str:
    """``topic`` as it reads inside a sentence: a headline's capitalised first word is written
    in lower case ("Frost in southern Brazil" → "frost in southern Brazil") unless the source
    capitalises it mid-sentence too (a name such as "Brazil")."""
    first, _, rest = topic.partition(" ")
    if not (first[:1].isupper() and first[1:] == first[1:].lower()):
        return topic
    mid_sentence = (word for text in evidence for word in text.split()[1:])
    if any(word.strip(_EDGE_PUNCTUATION) == first for word in mid_sentence):
        return topic
    return f"{first[:1].lower()}{first[1:]} {rest}".rstrip()


def best_category(
    tokens: frozenset[str], topics: Sequence[str], *, skip: Iterable[str] = ()
) -> str:
    """The brand topic sharing most content words with ``tokens``, its head noun among them
    ("flat white" is no match for "flat tyres"); ``""`` when none does. Topics in ``skip``
    are passed over."""
    skipped = {content_tokens(text) for text in skip}
    scored = [
        (len(content_tokens(topic) & tokens), -index, topic)
        for index, topic in enumerate(topics)
        if content_tokens(topic) not in skipped and content_tokens(head_word(topic)) <= tokens
    ]
    best = max(scored, default=(0, 0, ""))
    return best[2] if best[0] > 0 else ""


def find_stat(summary: Sequence[str], phrases: Sequence[str], topic: str) -> str:
    """A figure quoted from the source — a summary sentence, phrase or topic holding a number
    — or ``""``: hooks never invent one."""
    for text in [*summary, *phrases, topic]:
        if has_number(text):
            return clip_words(text.rstrip(".!?"), MAX_STAT_WORDS).rstrip("…")
    return ""


def signal_material(
    signal: SourceSignal, voice: Voice, *, emphasis: Sequence[str] = (), offset: int = 0
) -> Material:
    """Material from one trend signal; ``offset`` rotates its phrases (another angle)."""
    restrictions = voice.restrictions
    phrases = phrase_list(signal.key_phrases, restrictions)
    topic = clean_topic([signal.topic, *phrases], restrictions)
    phrases = (
        phrases
        or phrase_list([topic], restrictions)
        or [voice.topics[0] if voice.topics else voice.name]
    )
    if offset:
        shift = offset % len(phrases)
        phrases = phrases[shift:] + phrases[:shift]
    summary = restrictions.keep(s for s in sentences(strip_urls(signal.summary)) if s)
    category = best_category(content_tokens(" ".join([topic, *phrases])), voice.topics)
    phrases = _at_least_two(phrases, [category, topic], restrictions)
    return Material(
        topic=topic or phrases[0],
        phrases=_emphasised(phrases, emphasis),
        summary=tuple(summary),
        stat=find_stat(summary, phrases, topic),
        category=category,
        links=tuple(link for link in signal.links if restrictions.allows(link)),
        emphasis=tuple(emphasis),
        inline_topic=inline(topic, [*phrases, *summary]),
    )


def piece_material(
    idea: IdeaDraft, sources: Sequence[SourceSignal], voice: Voice, *, emphasis: Sequence[str]
) -> Material:
    """Material for a piece: the idea's phrases first, then its sources' (those the idea names,
    or all given when it names none of them)."""
    restrictions = voice.restrictions
    named = [s for s in sources if s.trend_id in idea.source_trend_ids] or list(sources)
    phrases = phrase_list(
        [*idea.key_phrases, *(p for s in named for p in s.key_phrases)], restrictions
    )
    candidates = [*(s.topic for s in named[:1]), idea.topic_category, *phrases, idea.title]
    topic = clean_topic(candidates, restrictions)
    phrases = phrases or phrase_list([topic, idea.topic_category], restrictions) or [voice.name]
    summary = restrictions.keep(
        s for source in named for s in sentences(strip_urls(source.summary)) if s
    )
    category = idea.topic_category if restrictions.allows(idea.topic_category) else ""
    category = category or best_category(content_tokens(" ".join(phrases)), voice.topics)
    phrases = _at_least_two(phrases, [category, topic], restrictions)
    return Material(
        topic=topic or phrases[0],
        phrases=_emphasised(phrases, emphasis),
        summary=tuple(summary),
        stat=find_stat(summary, phrases, topic),
        category=category,
        links=tuple(link for s in named for link in s.links if restrictions.allows(link)),
        emphasis=tuple(emphasis),
        inline_topic=inline(topic, [*phrases, *summary]),
    )


def _at_least_two(
    phrases: list[str], extras: Sequence[str], restrictions: Restrictions
) -> list[str]:
    """Two phrases or more where the material allows, so a piece has two points to make."""
    if len(phrases) >= 2:
        return phrases
    return phrase_list([*phrases, *extras], restrictions)[:2] or phrases or [FALLBACK_PHRASE]


def _emphasised(phrases: list[str], emphasis: Sequence[str]) -> tuple[str, ...]:
    """Phrases sharing a word with the requested emphasis move to the front; when no phrase
    mentions it, the emphasis itself comes second (the source's main phrase still leads)."""
    if not emphasis:
        return tuple(phrases)
    wanted = content_tokens(" ".join(emphasis))
    matching = [p for p in phrases if content_tokens(p) & wanted]
    if matching:
        return tuple([*matching, *(p for p in phrases if p not in matching)])
    known = {phrase.casefold() for phrase in phrases}
    extra = [p for p in emphasis if p.casefold() not in known]
    return tuple([*phrases[:1], *extra, *phrases[1:]])
