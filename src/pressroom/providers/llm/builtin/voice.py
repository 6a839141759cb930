"""The brand's voice as the built-in writer uses it: person, tone, register, sentence length,
signature phrases, audience, principles from the guidelines, call to action, hashtags, emoji,
exclamations, palette and restricted terms.

Person-written voice-profile keys (``person``, ``sentence_length``, ``emoji``, ``tone``) win;
where they say nothing, the profile measured on the brand's examples (``brands/voice.py``,
stored under ``voice_profile["derived"]``) decides — and a declared sentence length of
"short" or "long" is made exact by the measured one when that agrees with it. Its banned
phrases join the restricted terms, so the writer's last-line scrub removes them too."""

from __future__ import annotations

import colorsys
import math
import re
from dataclasses import dataclass

from pressroom.brands.voice import DerivedVoice, derived_voice_of
from pressroom.providers.llm.builtin.registers import Register
from pressroom.providers.llm.builtin.text import (
    Restrictions,
    clean,
    content_tokens,
    count_words,
    hashtag_form,
    sentences,
    unique_hashtags,
)
from pressroom.providers.llm.protocol import BrandContext

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
_AUDIENCE_CUT = re.compile(r",|;|\.|\s(?:and|who|that|which|with|&)\s", re.IGNORECASE)
# Guideline sentences about the mechanics of writing are instructions to the writer, not
# principles worth telling readers.
_MECHANICS = re.compile(
    r"\b(write|writing|tone|emoji|hashtags?|call to action|words?|voice|post|posts|sentences?|"
    r"paragraphs?|exclamation|caps)\b",
    re.IGNORECASE,
)
_WORDING = re.compile(
    r"^\s*(?:say|cite|mention|refer|quote|name|address|spell|prefer|use|avoid|never|always|"
    r"don'?t|do not)\b",
    re.IGNORECASE,
)
"""Guideline sentences that open with an instruction about wording."""
EMOJI_HABIT = 1.0
"""Emoji per example post from which the writer uses the brand's favourite emoji."""
HABIT_SAMPLE = 3
"""Voice examples needed before their hashtag habit caps a draft's hashtags."""
SHORT_WORDS, LONG_WORDS, DEFAULT_WORDS = 12, 22, 16
"""Sentence lengths for a declared "short" or "long" (at most / at least, when the examples
are measured) and for a brand with neither a declaration nor examples."""
FORMAL_AT, CASUAL_AT = 0.85, 0.55
"""Measured formality (0–1) from which a brand writes formally, up to which casually."""
EXCLAIMS_AT = 0.5
"""The examples' exclamation signal (a quarter of their sentences exclaim) from which the
brand's sentences may end with "!"."""
MAX_EMOJI = 3
_FORMAL_TONES = frozenset({"formal", "measured", "authoritative", "professional", "academic"})
_CASUAL_TONES = frozenset({"playful", "cheerful", "relaxed", "casual", "chatty", "laid-back"})
_HUES = (
    (15, "red"),
    (40, "orange"),
    (65, "amber"),
    (80, "yellow"),
    (160, "green"),
    (200, "teal"),
    (255, "blue"),
    (290, "violet"),
    (335, "magenta"),
    (360, "red"),
)


@dataclass(frozen=True)
class Voice:
    """Everything about the brand that shapes a sentence."""

    name: str
    singular: bool
    tone: tuple[str, ...]
    signatures: tuple[str, ...]
    audience: str
    audience_tokens: frozenset[str]
    topics: tuple[str, ...]
    principles: tuple[str, ...]
    sentence_words: int
    call_to_action: str
    website: str
    hashtags: tuple[str, ...]
    hashtag_cap: int | None
    """Most hashtags a post carries, from the examples' habit (``None``: no habit measured)."""
    emoji: str
    palette: tuple[str, ...]
    restrictions: Restrictions
    register: Register = Register.PLAIN
    emojis: tuple[str, ...] = ()
    """The brand's emoji, most used first (empty when it uses none or declares none)."""
    emoji_per_post: int = 0
    exclaims: bool = False

    @property
    def we(self) -> str:
        return "I" if self.singular else "we"

    @property
    def our(self) -> str:
        return "my" if self.singular else "our"

    @property
    def us(self) -> str:
        return "me" if self.singular else "us"

    def slots(self) -> dict[str, str]:
        """Template slots for the brand, in lower and capitalised forms."""
        return {
            "we": self.we,
            "We": "I" if self.singular else "We",
            "our": self.our,
            "Our": self.our.capitalize(),
            "us": self.us,
            "brand": self.name,
            "audience": self.audience,
            "Audience": self.audience[:1].upper() + self.audience[1:],
            "we_are": "I am" if self.singular else "we are",
            "We_are": "I am" if self.singular else "We are",
            "we_re": "I'm" if self.singular else "we're",
            "We_re": "I'm" if self.singular else "We're",
            "bang": "!" if self.exclaims else ".",
        }

    def with_emoji(self, text: str) -> str:
        """``text`` with one more of the brand's emoji when its posts carry two or more (the
        call to action carries the first): the one after its favourite, or the favourite."""
        if self.emoji_per_post < 2 or not self.emojis or not text:
            return text
        return f"{text} {self.emojis[1] if len(self.emojis) > 1 else self.emojis[0]}"


def voice_of(brand: BrandContext) -> Voice:
    """Read the brand's voice from its context."""
    profile = brand.voice_profile
    derived = derived_voice_of(brand)
    restrictions = Restrictions.of([*brand.restricted_terms, *derived.banned_phrases])
    singular = _is_singular(profile.get("person") or derived.person)
    emoji = _emoji(profile.get("emoji"), derived)
    tone = _words_of(profile.get("tone"))
    return Voice(
        name=clean(brand.name) or brand.slug,
        singular=singular,
        tone=tone,
        signatures=tuple(restrictions.keep(_texts_of(profile.get("signature_phrases")))),
        audience=_audience_label(brand.audience, singular=singular),
        audience_tokens=content_tokens(f"{brand.audience} {' '.join(brand.topics)}"),
        topics=tuple(restrictions.keep(clean(topic) for topic in brand.topics if clean(topic))),
        principles=_principles(brand.guidelines, restrictions),
        sentence_words=_sentence_words(derived, profile.get("sentence_length")),
        call_to_action=_call_to_action(brand.call_to_action, restrictions, emoji=emoji),
        website=brand.website.strip() if restrictions.allows(brand.website) else "",
        hashtags=tuple(
            unique_hashtags(
                hashtag_form(tag)
                for tag in restrictions.keep([*brand.hashtags, *derived.hashtags.top])
            )
        ),
        hashtag_cap=_hashtag_cap(derived, approved=bool(brand.hashtags)),
        emoji=emoji,
        palette=palette_words(_palette_of(brand)),
        restrictions=restrictions,
        register=register_of(tone, derived),
        emojis=tuple(derived.emoji.top) if emoji else (),
        emoji_per_post=min(MAX_EMOJI, round(derived.emoji.per_post)) if emoji else 0,
        exclaims=_exclaims(derived),
    )


def register_of(tone: tuple[str, ...], derived: DerivedVoice) -> Register:
    """The brand's register: its first tone word that names one ("formal", "playful"), else
    its measured formality, else plain."""
    for word in tone:
        word = word.strip(".,;")
        if word in _FORMAL_TONES:
            return Register.FORMAL
        if word in _CASUAL_TONES:
            return Register.CASUAL
    if derived.formality is None:
        return Register.PLAIN
    if derived.formality.score >= FORMAL_AT:
        return Register.FORMAL
    return Register.CASUAL if derived.formality.score <= CASUAL_AT else Register.PLAIN


def _exclaims(derived: DerivedVoice) -> bool:
    signals = derived.formality.signals if derived.formality else {}
    return signals.get("exclamations", 0.0) >= EXCLAIMS_AT


def _palette_of(brand: BrandContext) -> list[str]:
    # Writers see the brand through BrandContext, which does not carry the palette yet; a
    # palette listed in the voice profile (or a future ``palette`` field) is used when given.
    palette = getattr(brand, "palette", None) or brand.voice_profile.get("palette")
    return _texts_of(palette)


def palette_words(palette: list[str]) -> tuple[str, ...]:
    """Colour words for visual prompts: hex colours named (``#2B1B17`` → ``deep brown``),
    other entries kept as written."""
    words = [_colour_name(entry) for entry in palette]
    return tuple(dict.fromkeys(word for word in words if word))


def _colour_name(entry: str) -> str:
    match = _HEX.match(entry.strip())
    if match is None:
        return clean(entry)
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(char * 2 for char in digits)
    red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.12 or lightness > 0.9 or lightness < 0.08:
        return _neutral_name(lightness, saturation)
    degrees = hue * 360
    name = next(label for limit, label in _HUES if degrees < limit)
    if name in {"orange", "amber", "red"} and saturation < 0.6:
        name = "brown" if lightness < 0.5 else "tan"
    return f"{_shade(name, lightness, saturation)} {name}"


def _shade(name: str, lightness: float, saturation: float) -> str:
    if lightness < 0.3:
        return "deep"
    if lightness > 0.7:
        return "light"
    if saturation < 0.35:
        return "muted"
    return "warm" if name in {"orange", "amber", "brown", "tan", "red"} else "rich"


def _neutral_name(lightness: float, saturation: float) -> str:
    if lightness > 0.9:
        return "cream" if saturation > 0.2 else "off-white"
    if lightness < 0.15:
        return "near-black"
    return "light grey" if lightness > 0.6 else "charcoal grey" if lightness < 0.35 else "grey"


def _is_singular(person: object) -> bool:
    text = str(person or "").casefold()
    return text in {"i", "me", "my", "first person singular", "singular", "first-person singular"}


def _texts_of(value: object) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [clean(str(item)) for item in value if clean(str(item))]
    return []


def _words_of(value: object) -> tuple[str, ...]:
    return tuple(word.casefold() for text in _texts_of(value) for word in text.split())


def _audience_label(audience: str, *, singular: bool) -> str:
    first = _AUDIENCE_CUT.split(clean(audience), maxsplit=1)[0].strip()
    if not first or count_words(first) > 4:
        return "my readers" if singular else "our readers"
    return first[:1].lower() + first[1:] if not first[:2].isupper() else first


def _principles(guidelines: str, restrictions: Restrictions) -> tuple[str, ...]:
    """Guideline sentences worth telling readers ("Credit farmers and producers by region"),
    not those telling the writer how to word things ("Say we, never I", "Cite the regulation
    by name") or about writing itself."""
    kept = [
        sentence
        for sentence in sentences(guidelines)
        if 4 <= count_words(sentence) <= 20
        and not _MECHANICS.search(sentence)
        and not _WORDING.match(sentence)
        and ":" not in sentence
        and restrictions.allows(sentence)
    ]
    return tuple(sentence.rstrip(".!?") for sentence in kept)


def _sentence_words(derived: DerivedVoice, declared: object) -> int:
    """The brand's typical sentence length: measured on the examples, kept within a declared
    "short" (at most ``SHORT_WORDS``) or "long" (at least ``LONG_WORDS``)."""
    text = str(declared or "").casefold()
    measured = round(derived.sentence_length.mean) if derived.sentence_length else None
    if text.startswith("short"):
        return min(SHORT_WORDS, measured or SHORT_WORDS)
    if text.startswith("long"):
        return max(LONG_WORDS, measured or LONG_WORDS)
    return measured or DEFAULT_WORDS


def _hashtag_cap(derived: DerivedVoice, *, approved: bool) -> int | None:
    """How many hashtags the examples use a post, rounded up (at least one when the brand
    approves hashtags of its own); ``None`` with fewer than ``HABIT_SAMPLE`` examples."""
    if derived.sample_size < HABIT_SAMPLE:
        return None
    return max(math.ceil(derived.hashtags.per_post), 1 if approved else 0)


def _emoji(declared: object, derived: DerivedVoice) -> str:
    """The emoji the brand signs off with, or ``""``: a declared ``emoji`` habit of none or
    rare says no; otherwise the examples' favourite, when they use it — at least one emoji per
    post on average, or any when the profile declares emoji welcome."""
    text = str(declared or "").strip().casefold()
    if text.startswith(("no", "rare", "never", "avoid", "false")) or not derived.emoji.top:
        return ""
    if text or derived.emoji.per_post >= EMOJI_HABIT:
        return derived.emoji.top[0]
    return ""


def _call_to_action(text: str, restrictions: Restrictions, *, emoji: str = "") -> str:
    cta = clean(text)
    if not cta or not restrictions.allows(cta):
        return ""
    cta = cta.rstrip(".!")
    return f"{emoji} {cta}" if emoji else cta
