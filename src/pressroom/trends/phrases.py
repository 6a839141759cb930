"""Key phrases of a text: offline, deterministic, explainable.

Writers drop key phrases into sentences ("Look at … instead"), so a key phrase must be a
noun phrase: adjectives and nouns ending in a noun ("light roast", "independent café
owners"), never a clause fragment ("light roast come", "calcium pull flavour").

**Candidates.** Stop words, numbers and punctuation split the text into runs of content words
(as in RAKE); verbs split them further. What a word can be comes from the English lexicon of
``lemminflect`` (offline, bundled with the package): noun, plural noun, adjective,
comparative, adverb, and which verb forms it can take (base "pull", -s "flattens", past
"rose", -ing "selling"). A word the lexicon does not know is a noun (names, trade words such
as "bicarbonate"); an unknown hyphenated word ("water-saving") is a modifier, and a noun when
its last part can be one ("side-by-side"). Words that cannot be nouns or adjectives (verbs
such as "come" or "weigh", adverbs such as "slightly") end a phrase. A word that can be both
(ambiguous: "pull", "test", "roast", "prices") is read as a verb when one of these holds:

1. It opens its run after a word that calls for a verb: "to" or a modal before a base form
   ("to rest coffee beans"), a form of *be*, *have* or *keep* before an -ing or past form
   ("are selling weekly bread"), a subject pronoun ("they", "who", "which", or "that" right
   after a noun) before a finite form ("roasteries that route exhaust heat"), or "and", "or",
   "but", "than" when the same clause already had a verb of the same form ("absorb the cost
   or raise retail prices").
2. An article, possessive, quantifier or number word follows it ("southern Brazil cut the
   harvest", "grind size matters more", "let the floral notes"). "Every", "each", "this",
   "all" and the like are left out: after a noun they often open a time phrase ("batches
   every Tuesday").
3. It follows a noun of its run and is
   - a past form ending its clause ("arabica futures rose for"; "office rent rose" keeps
     "rent"),
   - an -s form in a phrase opened by "a", "each", "every", "this" ("a shot runs fast"),
     after a plural noun and before a noun ("drum roasters cuts gas"), or before a noun that
     is not itself the verb ("matcha demand lifts green tea"; in "coffee prices jump as" the
     base form "jump", agreeing with the plural "prices", is the verb),
   - a base form after a plural noun or nouns joined by "and" (subject and verb agree:
     "rent costs climb", "magnesium and calcium pull flavour"),
   - an -ing form after a plural noun ("roasters buying").

Nothing after an adjective that cannot be a noun is a verb ("higher bar prices"). A verb
form with no other reading is a modifier when it opens its run before a noun ("distilled
water", "washed lot"), and an -ing form is a noun after a singular noun at the end of a
phrase ("home brewing", "cherry ripening").

**Shape.** An adjective that cannot be a noun after a noun the lexicon knows starts a new
phrase ("home brewers" and "repeatable water", not "home brewers repeatable water"; but
"Colombian mid-year harvest"); a phrase ends in a word that
can be a noun, so trailing adjectives go ("dearer"); phrases longer than three words keep
their last three, where English puts the head noun ("cup deposit schemes"); a phrase of one
word needs a word that cannot be an adjective or adverb ("calcium", not "fast").

**Ranking** is RAKE (Rose et al., 2010, "Automatic keyword extraction from individual
documents"): each word scores ``degree / frequency`` (how much it co-occurs inside phrases
relative to how often it appears); a phrase scores the sum of its words; a phrase whose words
are already covered by a better one is dropped ("light roast" after "light roasts"); ties go
to the first appearance. Words keep capitals only where the text capitalizes them
mid-sentence (names such as "Brazil"), so a headline's first word is not shouted.

We chose RAKE over YAKE (LGPL-3.0, four more packages) after comparing both on the demo
feed: the phrases were of the same quality, and these can be explained in one paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from lemminflect import getAllLemmas

from pressroom.trends.text import STOP_WORDS, fold, stem

MAX_PHRASE_WORDS = 3
# Words (a letter first), numbers, and single punctuation marks that end a phrase.
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|\d[\w.,%:/-]*|[^\w\s]")
_SENTENCE_END = frozenset('.!?:;"“”()[]—–|')

VerbForm = Literal["base", "s", "past", "ing"]

# Closed word classes of English grammar, the context the rules above read. They are
# grammar, not vocabulary: no list of topic words lives here.
# fmt: off
_INFINITIVE_MARKERS = frozenset([
    "to", "can", "cannot", "can't", "could", "couldn't", "will", "won't", "would", "wouldn't",
    "shall", "should", "shouldn't", "may", "might", "must", "do", "does", "did", "don't",
    "doesn't", "didn't",
])
_AUXILIARIES = frozenset([
    "am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't",
    "weren't", "has", "have", "had", "having", "hasn't", "haven't", "hadn't", "keep", "keeps",
    "kept", "keeping", "get", "gets", "got", "it's", "that's", "they're", "we're", "you're",
    "i'm", "he's", "she's", "there's", "they've", "we've", "i've", "you've",
])
_SUBJECTS = frozenset(["i", "we", "you", "they", "he", "she", "it", "who", "which"])
_COORDINATORS = frozenset(["and", "or", "nor", "but", "than"])
_CLAUSE_OPENERS = frozenset([
    "as", "while", "because", "if", "when", "whether", "that", "which", "who", "whom",
    "whose", "although", "though", "since", "until", "unless", "where", "whereas", "after",
    "before", "so",
])
# Words that open an object after a verb. Those that also open a time phrase right after a
# noun ("batches every Tuesday", "prices this week") are left out.
_DETERMINERS = frozenset([
    "a", "an", "the", "my", "your", "his", "her", "its", "our", "their", "some", "any", "no",
    "more", "most", "much", "many", "few", "several", "less", "least", "one", "two", "three",
    "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty",
    "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion",
])
# fmt: on
# A noun phrase opened by these has a singular head, so an -s word in it is a verb
# ("a shot runs fast").
_SINGULAR_DETERMINERS = frozenset(["a", "an", "each", "every", "another", "this"])


@dataclass(frozen=True, slots=True)
class _Lexeme:
    """What one word can be, as the lexicon says."""

    noun: bool = False
    plural: bool = False
    adjective: bool = False
    comparative: bool = False
    adverb: bool = False
    verb_forms: frozenset[VerbForm] = frozenset()
    known: bool = True
    """False for a word the lexicon does not know (names, trade words)."""

    @property
    def nominal(self) -> bool:
        """Can stand inside a noun phrase as it is (a noun or an adjective)."""
        return self.noun or self.adjective or self.comparative

    @property
    def head(self) -> bool:
        """Can end a noun phrase: a noun that is not only a comparative ("lighter")."""
        return self.noun and not self.comparative


@dataclass(frozen=True, slots=True)
class _Word:
    """A content word kept inside a noun phrase, with the role it plays there."""

    text: str
    head: bool
    alone: bool
    known_noun: bool


@dataclass(frozen=True, slots=True)
class _Candidate:
    words: tuple[str, ...]
    position: int


def extract_key_phrases(text: str, *, limit: int = 8) -> list[str]:
    """Up to ``limit`` key noun phrases of ``text``, best first. Same text, same phrases."""
    if limit <= 0:
        return []
    tokens = _TOKEN.findall(text)
    candidates = [
        _Candidate(words, position) for position, words in enumerate(_noun_phrases(tokens))
    ]
    if not candidates:
        return []
    scores = _word_scores(candidates)
    proper = _proper_nouns(tokens)
    ranked = sorted(
        _unique(candidates),
        key=lambda c: (-sum(scores[fold(word)] for word in c.words), c.position),
    )
    phrases: list[str] = []
    covered: list[frozenset[str]] = []
    for candidate in ranked:
        stems = frozenset(stem(fold(word)) for word in candidate.words)
        if any(stems <= seen or seen <= stems for seen in covered):
            continue
        covered.append(stems)
        phrases.append(" ".join(proper.get(fold(word), word.lower()) for word in candidate.words))
        if len(phrases) == limit:
            break
    return phrases


# --- What a word can be ----------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _lexeme(word: str) -> _Lexeme:
    """The readings of a lower-cased word; unknown words are nouns, hyphenated ones
    modifiers (see the module docstring)."""
    lemmas: dict[str, tuple[str, ...]] = getAllLemmas(word)
    if lemmas:
        return _from_lemmas(word, lemmas)
    if "-" in word:
        last = _lexeme(word.rsplit("-", 1)[1])
        return _Lexeme(noun=last.noun, plural=last.plural, adjective=True, known=False)
    plural = word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))
    return _Lexeme(noun=True, plural=plural, known=False)


def _from_lemmas(word: str, lemmas: dict[str, tuple[str, ...]]) -> _Lexeme:
    adjectives = lemmas.get("ADJ", ())
    return _Lexeme(
        noun="NOUN" in lemmas,
        plural=any(lemma != word for lemma in lemmas.get("NOUN", ())),
        adjective=word in adjectives,
        comparative=any(lemma != word for lemma in adjectives),
        adverb="ADV" in lemmas,
        verb_forms=frozenset(_verb_form(word, lemma) for lemma in lemmas.get("VERB", ())),
    )


def _verb_form(word: str, lemma: str) -> VerbForm:
    if word == lemma:
        return "base"
    if word.endswith("ing"):
        return "ing"
    if word.endswith("s") and word[:-1].startswith(lemma[:-1]):
        return "s"
    return "past"


# --- Noun phrases ----------------------------------------------------------------------------


def _noun_phrases(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """The noun phrases of a token stream, in order, at most three words each."""
    phrases: list[tuple[str, ...]] = []
    for run in _runs(tokens):
        phrases.extend(_shape(run))
    return phrases


def _runs(tokens: Sequence[str]) -> list[list[_Word]]:
    """Runs of content words kept as nouns or adjectives; everything else ends a run."""
    runs: list[list[_Word]] = [[]]
    reader = _ClauseReader(tokens)
    for index in range(len(tokens)):
        word = reader.read(index)
        if word is None:
            if runs[-1]:
                runs.append([])
            continue
        current = runs[-1]
        # An adjective after a noun starts the next phrase ("home brewers | repeatable water");
        # an unknown word may be a modifier ("Colombian mid-year harvest").
        if current and current[-1].known_noun and not word.head:
            runs.append([])
        runs[-1].append(word)
    return [run for run in runs if run]


def _shape(run: list[_Word]) -> list[tuple[str, ...]]:
    """Cut a run into phrases of at most three words (from the right, where the head noun
    is), each ending in a noun; a lone word must not be an adjective or adverb."""
    phrases: list[tuple[str, ...]] = []
    end = len(run)
    while end > 0:
        while end > 0 and not run[end - 1].head:
            end -= 1
        start = max(0, end - MAX_PHRASE_WORDS)
        piece = run[start:end]
        if len(piece) > 1 or (piece and piece[0].alone):
            phrases.append(tuple(word.text for word in piece))
        end = start
    return phrases[::-1]


class _ClauseReader:
    """Reads content words left to right, deciding for each whether it is a verb (the rules
    of the module docstring), remembering the clause's last verb for coordination."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self._tokens = tokens
        self._folded = [fold(token) for token in tokens]
        self._kept: list[_Lexeme | None] = [None] * len(tokens)
        self._clause_verb: frozenset[VerbForm] = frozenset()

    def read(self, index: int) -> _Word | None:
        """The word at ``index`` as part of a noun phrase, or None when it is not one."""
        folded = self._folded[index]
        if not _is_content(folded):
            self._track_clause(index)
            return None
        lexeme = _lexeme(folded)
        role = self._role(index, lexeme)
        if role is None:
            self._clause_verb = lexeme.verb_forms or self._clause_verb
            return None
        self._kept[index] = role
        return _Word(
            self._tokens[index],
            head=role.head,
            alone=role.head and not (role.adjective or role.comparative or role.adverb),
            known_noun=role.head and role.known,
        )

    def _track_clause(self, index: int) -> None:
        """A function word may open a new clause, or be its verb ("to explain")."""
        folded = self._folded[index]
        if folded in _CLAUSE_OPENERS or not folded[0].isalnum():
            self._clause_verb = frozenset()
        elif self._previous(index) in _INFINITIVE_MARKERS and _is_verb_base(folded):
            self._clause_verb = frozenset(["base"])

    def _role(self, index: int, lexeme: _Lexeme) -> _Lexeme | None:
        """The reading the word takes in a noun phrase, or None for a verb or adverb."""
        forms = lexeme.verb_forms
        before = self._kept[index - 1] if index > 0 else None
        if not forms:
            return lexeme if lexeme.nominal else None
        if before is not None and not before.head:
            # A noun, not a verb, follows an adjective; a word the lexicon knows only as a
            # verb there ("higher bar prices") is a gap in it.
            if lexeme.nominal:
                return lexeme
            if forms & {"base", "s"}:
                return replace(lexeme, noun=True)
        if not lexeme.nominal:
            return self._verb_only_role(index, before, forms)
        if before is None:
            verb = self._verb_after_function_word(index, forms)
        else:
            verb = self._verb_after_noun(index, before, forms)
        return None if verb else lexeme

    def _verb_only_role(
        self, index: int, before: _Lexeme | None, forms: frozenset[VerbForm]
    ) -> _Lexeme | None:
        """A word the lexicon knows only as a verb: a participle before a noun
        ("distilled water"), an -ing noun after a singular noun ("home brewing"), or a verb."""
        next_nominal = self._next_is_nominal(index)
        if forms & {"past", "ing"} and next_nominal:
            opens_run = before is None and self._previous(index) not in _AUXILIARIES | _SUBJECTS
            if opens_run or (before is not None and not before.head):
                return _Lexeme(adjective=True)
        ends_phrase = not next_nominal and not self._next_is_determiner(index)
        if before is not None and "ing" in forms and not before.plural and ends_phrase:
            return _Lexeme(noun=True)
        return None

    def _verb_after_function_word(self, index: int, forms: frozenset[VerbForm]) -> bool:
        """Rules 1 and 2 for a word that opens its run."""
        previous = self._previous(index)
        return (
            (previous in _INFINITIVE_MARKERS and "base" in forms)
            or (previous in _AUXILIARIES and bool(forms & {"ing", "past"}))
            or (self._is_subject(index - 1) and bool(forms & {"base", "s", "past"}))
            or (previous in _COORDINATORS and bool(forms & self._clause_verb))
            or self._next_is_determiner(index)
        )

    def _verb_after_noun(self, index: int, before: _Lexeme, forms: frozenset[VerbForm]) -> bool:
        """Rules 2 and 3 for a word that follows a noun of its run."""
        next_nominal = self._next_is_nominal(index)
        if self._next_is_determiner(index) or ("past" in forms and not next_nominal):
            return True
        if "ing" in forms and before.plural:
            return True
        if "s" in forms and (self._in_singular_phrase(index) or (before.plural and next_nominal)):
            return True
        if "s" in forms and next_nominal and not self._next_is_plural_verb(index):
            return True
        return "base" in forms and (before.plural or self._joined_by_and(index - 1))

    # --- Context ------------------------------------------------------------------------------

    def _previous(self, index: int) -> str:
        return self._folded[index - 1] if index > 0 else ""

    def _next(self, index: int) -> str:
        return self._folded[index + 1] if index + 1 < len(self._folded) else ""

    def _next_is_determiner(self, index: int) -> bool:
        return self._next(index) in _DETERMINERS

    def _next_is_nominal(self, index: int) -> bool:
        following = self._next(index)
        return _is_content(following) and _lexeme(following).nominal

    def _next_is_plural_verb(self, index: int) -> bool:
        """The next word is a verb form that agrees with a plural subject and ends its clause
        ("prices jump as", "prices rose."), so it, not this plural noun, is the verb."""
        following = self._next(index)
        if not _is_content(following) or not _lexeme(following).verb_forms & {"base", "past"}:
            return False
        after = self._next(index + 1)
        return not (_is_content(after) and _lexeme(after).nominal) and after not in _DETERMINERS

    def _is_subject(self, index: int) -> bool:
        """A subject pronoun, or "that" right after a noun (a relative pronoun)."""
        word = self._folded[index] if index >= 0 else ""
        if word in _SUBJECTS:
            return True
        return word == "that" and index > 0 and self._kept[index - 1] is not None

    def _in_singular_phrase(self, index: int) -> bool:
        """The run holding ``index`` was opened by "a", "each", … (a singular noun phrase)."""
        start = index
        while start > 0 and self._kept[start - 1] is not None:
            start -= 1
        return self._previous(start) in _SINGULAR_DETERMINERS

    def _joined_by_and(self, index: int) -> bool:
        """The noun at ``index`` follows "and" after another noun ("magnesium and calcium"),
        so together they are a plural subject."""
        return index >= 2 and self._folded[index - 1] == "and" and self._kept[index - 2] is not None


def _is_verb_base(folded: str) -> bool:
    return folded[0].isalpha() and "base" in _lexeme(folded).verb_forms


def _is_content(folded: str) -> bool:
    return (
        len(folded) > 1
        and folded[0].isalpha()
        and folded not in STOP_WORDS
        and folded not in _DETERMINERS
    )


# --- Ranking ---------------------------------------------------------------------------------


def _word_scores(candidates: list[_Candidate]) -> dict[str, float]:
    frequency: dict[str, int] = {}
    degree: dict[str, int] = {}
    for candidate in candidates:
        for word in candidate.words:
            key = fold(word)
            frequency[key] = frequency.get(key, 0) + 1
            degree[key] = degree.get(key, 0) + len(candidate.words)
    return {word: degree[word] / frequency[word] for word in frequency}


def _unique(candidates: list[_Candidate]) -> list[_Candidate]:
    seen: set[tuple[str, ...]] = set()
    unique: list[_Candidate] = []
    for candidate in candidates:
        key = tuple(fold(word) for word in candidate.words)
        if key not in seen:
            seen.add(key)
            unique.append(candidate)
    return unique


def _proper_nouns(tokens: list[str]) -> dict[str, str]:
    """Words written with a capital where a sentence does not start: keep them so."""
    proper: dict[str, str] = {}
    sentence_start = True
    for token in tokens:
        if token in _SENTENCE_END:
            sentence_start = True
            continue
        if token[0].isupper() and not sentence_start:
            proper.setdefault(fold(token), token)
        sentence_start = False
    return proper
