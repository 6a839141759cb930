"""The little English the built-in writer needs to slot a phrase into a sentence: an article
before a bare singular noun phrase ("looked into *the* entry-level espresso machine"), a
headline quoted where it sits inside a sentence, and what kind of phrase a brand's signature
phrase is, so that it can be said in a sentence rather than used as a label.

These are rules of thumb over word lists, not a parser: they read the head noun of a phrase
(its last word before any preposition) and decide by its form and a short list of nouns that
take no article."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache

from pressroom.providers.llm.builtin.text import NAME_ENDINGS, capitalise, word_set
from pressroom.trends.text import STOP_WORDS

DETERMINERS = word_set(
    """a an the this that these those my our your their his her its some any every each no
    many more most much few fewer less several all both one two three four five six seven
    eight nine ten another either neither such what which whose enough"""
)
SUPERLATIVES = word_set(
    """best worst latest biggest largest smallest highest lowest newest oldest fastest
    slowest cheapest strongest greatest finest freshest earliest first last next main"""
)
"""Opening words that need "the" even before a plural ("the best grades")."""
PREPOSITIONS = word_set(
    """of in on for with at from by to into about after before under over across without
    between during through against among around behind beyond inside near off out within"""
)
MASS_NOUNS = word_set(
    """access acidity advice bread butter character chocolate clarity cocoa coffee compliance
    compost data experience governance resilience maintenance sustainability
    demand dough equipment espresso evidence feedback flour fun gas gear governance health
    heat help information insurance knowledge life luggage magnesium calcium sodium
    potassium management matcha milk money music news oversight pay privacy progress
    recovery research resilience response risk safety security software sourdough stuff
    sugar tea time traffic training transport waste water weather work"""
)
"""Head nouns read without an article ("home brewing", "third-party risk", "filter coffee")."""
MASS_SUFFIXES = ("ness", "ism", "water", "ware")
"""Endings of nouns read without an article (other than :data:`COUNTABLE`): where unsure, the
writer adds "the", which reads better before a mass noun than nothing before a count noun."""
COUNTABLE = word_set(
    """business witness harness thing morning evening building ring string spring wing king
    meeting painting wedding feeling opening finding ending heading listing saying lining
    coating filling setting ceiling pudding offering"""
)
SINGULAR_IN_S = word_set(
    """news gas bus lens series species chaos bias canvas atlas status analysis basis crisis
    thesis diagnosis emphasis physics economics ethics logistics mathematics politics yes
    this plus"""
)
IRREGULAR_PLURALS = word_set("people children men women data media criteria feet teeth mice")
_AN_EXCEPTIONS = ("uni", "use", "usu", "uti", "eu", "one", "once")
_A_EXCEPTIONS = ("hour", "honest", "honour", "honor", "heir")


def _fold(word: str) -> str:
    return word.casefold().strip(".,;:!?\"'“”‘’()")


def head_word(phrase: str) -> str:
    """The phrase's head noun: its last word before any preposition or "and"."""
    head = ""
    for word in phrase.split():
        if head and (_fold(word) in PREPOSITIONS or _fold(word) == "and"):
            break
        head = word
    return head.split("-")[-1] if "-" in head and head[-1:] != "-" else head


@lru_cache(maxsize=4096)
def is_plural(phrase: str) -> bool:
    """Whether ``phrase`` is plural (by its head noun, or a coordination "X and Y")."""
    words = [_fold(word) for word in phrase.split()]
    if "and" in words[1:]:
        return True
    head = _fold(head_word(phrase))
    if head in IRREGULAR_PLURALS:
        return True
    if head in SINGULAR_IN_S or head.endswith(("ss", "us", "is")):
        return False
    return len(head) > 2 and head.endswith("s")


def _is_mass(head: str) -> bool:
    word = _fold(head)
    if word in COUNTABLE:
        return False
    if word in MASS_NOUNS or word.endswith(MASS_SUFFIXES):
        return True
    return word.endswith("ing") and len(word) > 5


def needs_article(phrase: str) -> bool:
    """Whether ``phrase`` is a bare singular count noun phrase ("blind test"), which reads
    wrongly without an article inside a sentence. Plurals, mass nouns, gerunds, names and
    phrases that open with a determiner or a number need none."""
    words = phrase.split()
    if not words:
        return False
    first = _fold(words[0])
    if first in SUPERLATIVES:
        return True
    if first in DETERMINERS or first[:1].isdigit() or is_plural(phrase):
        return False
    head = head_word(phrase)
    return not (head[:1].isupper() or _is_mass(head) or not any(c.isalpha() for c in head))


@lru_cache(maxsize=4096)
def with_article(phrase: str, *, definite: bool = True) -> str:
    """``phrase`` as it reads inside a sentence: "the"/"a"/"an" added before a bare singular
    noun phrase (:func:`needs_article`); every other phrase as it is."""
    if not needs_article(phrase):
        return phrase
    if definite:
        return f"the {phrase}"
    return f"{indefinite_article(phrase)} {phrase}"


def indefinite_article(phrase: str) -> str:
    """ "a" or "an" by how the phrase starts (vowel letters, with the common exceptions)."""
    word = _fold(phrase.split()[0]) if phrase.split() else ""
    if word.startswith(_A_EXCEPTIONS):
        return "an"
    if word.startswith(_AN_EXCEPTIONS):
        return "a"
    return "an" if word[:1] in set("aeiou") else "a"


HEADLINE_WORDS = 4
"""A source topic this long is a headline ("Burr grinders get cheaper"), quoted inside a
sentence; a shorter one ("coffee prices") is a noun phrase."""


def quoted_headline(topic: str) -> str:
    """``topic`` as it reads inside a sentence: a headline (which is often a clause of its
    own) in quotation marks, a short noun phrase as it is."""
    if len(topic.split()) < HEADLINE_WORDS or topic.startswith("“"):
        return topic
    return f"“{capitalise(topic)}”"


class SignatureKind(StrEnum):
    """How a signature phrase can be said: each kind has its own sentence patterns."""

    PLACE = "place"
    """A prepositional phrase ("in the cup", "at the workbench"): opens a sentence."""
    WH = "wh"
    """A free relative ("what I'd actually do"): "Here is what I'd actually do: …"."""
    SENTENCE = "sentence"
    """A sentence of its own ("see you soon", "you asked, we baked", "try this at home")."""
    THING = "thing"
    """A noun phrase with its determiner ("the accountable executive")."""
    BARE = "bare"
    """A bare noun phrase ("governance obligation"): "Treat it as a governance obligation"."""


_SENTENCE_STARTS = word_set(
    """i we you they he she it let's lets see try come meet stay keep enjoy thanks thank
    cheers bye happy go don't never always"""
)
_WH = word_set("what how why where when who whatever however")


def signature_kind(phrase: str) -> SignatureKind:
    """What kind of phrase a brand's signature phrase is (see :class:`SignatureKind`)."""
    words = [_fold(word) for word in phrase.split()]
    if not words:
        return SignatureKind.SENTENCE
    if words[0] in PREPOSITIONS:
        return SignatureKind.PLACE
    if words[0] in _WH:
        return SignatureKind.WH
    if "," in phrase or words[0] in _SENTENCE_STARTS:
        return SignatureKind.SENTENCE
    if words[0] in DETERMINERS:
        return SignatureKind.THING
    if any(word in PREPOSITIONS for word in words[1:]) or len(words) > 3:
        # "fresh out of the oven": a predicate, said as an exclamation of its own.
        return SignatureKind.SENTENCE
    return SignatureKind.BARE


def lowered_start(sentence: str, evidence: Sequence[str]) -> str | None:
    """``sentence`` with its first word in lower case, to follow "According to the source,"
    — or ``None`` when that word may be a name: it is lowered only when it is a common word
    (a stop word, or one ``evidence`` writes in lower case) and no name (``evidence`` does not
    capitalise it mid-sentence, and it does not end like "Colombian" or "Japanese")."""
    first, _, rest = sentence.partition(" ")
    if not first[:1].isupper():
        return sentence if first else None
    lower = first[:1].lower() + first[1:]
    later = [word.strip(_EDGE) for text in evidence for word in text.split()[1:]]
    if _is_shouting(first) or first in later or _fold(first).endswith(NAME_ENDINGS):
        return None
    if _fold(lower) in STOP_WORDS or lower in {word.strip(_EDGE) for word in later}:
        return f"{lower} {rest}".rstrip()
    return None


_EDGE = ".,;:!?\"'“”‘’()"


def _is_shouting(word: str) -> bool:
    return sum(char.isupper() for char in word) > 1


_NOT_VERBS = word_set("i we you they he she it there here this that these those")


def looks_imperative(sentence: str) -> bool:
    """Whether ``sentence`` reads as an instruction ("Quantify risk rather than dramatise
    it"), so that "namely to …" can introduce it: it opens with a bare word that is no
    determiner, pronoun, preposition or question word and does not end like a plural or a
    past tense, and it has no "is" or "are" of its own."""
    words = [_fold(word) for word in sentence.split()]
    if len(words) < 2 or not sentence[:1].isalpha():
        return False
    first = words[0]
    closed = DETERMINERS | PREPOSITIONS | _NOT_VERBS | _WH
    plural = first.endswith("s") and not first.endswith("ss")
    return not (
        first in closed or plural or first.endswith("ed") or {"is", "are", "was"} & set(words)
    )
