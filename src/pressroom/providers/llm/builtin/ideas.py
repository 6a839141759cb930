"""Ideas: one per trend signal (the most relevant first), then evergreen brand topics, each
with its own hook type drawn by the strategy's learned weights, none on an avoided topic and
none a near-duplicate of another."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from pressroom.errors import ErrorCode, InvalidInputError
from pressroom.ideas import hooks
from pressroom.platforms.drafts import HookType
from pressroom.providers.llm.builtin import patterns
from pressroom.providers.llm.builtin.dice import Dice
from pressroom.providers.llm.builtin.material import Material, phrase_list, signal_material
from pressroom.providers.llm.builtin.phrases import brand_phrases
from pressroom.providers.llm.builtin.registers import hook_set
from pressroom.providers.llm.builtin.text import (
    LONG_RHYTHM,
    STOPWORDS,
    capitalise,
    clip_words,
    content_tokens,
    end_sentence,
)
from pressroom.providers.llm.builtin.voice import Voice
from pressroom.providers.llm.protocol import BrandContext, IdeaDraft, IdeaRequest, SourceSignal

# Titles this similar (Jaccard of content words) count as near-duplicates; kept below the
# ideas stage's own threshold so the writer's ideas survive its repeat rules.
SIMILAR_TITLES = 0.5
RELEVANCE, VELOCITY, CONFIDENCE, FIT = 0.5, 0.25, 0.15, 0.1
TITLE_MAX, HOOK_MAX, TEXT_MAX = 200, 400, 2000
MIN_HOOK_CANDIDATES = 20
"""Hooks weighed per idea, at the least (all of every type's family, then more phrases)."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Angle:
    """One idea to write: its material and, when it comes from one, its signal."""

    material: Material
    signal: SourceSignal | None
    fit: float


def compose_ideas(request: IdeaRequest, voice: Voice) -> list[IdeaDraft]:
    """``request.count`` ideas, or an ``INVALID_INPUT`` error when every signal and brand
    topic is avoided (or there are none)."""
    dice = Dice("ideas", request.model_dump(mode="json", exclude={"trace_id"}))
    avoided = [_fold(topic) for topic in request.avoid_topics]
    angles = list(_angles(request, voice, avoided))
    if not angles:
        raise InvalidInputError(
            "there is nothing to write ideas about: every trend signal and brand topic is "
            "on an avoided topic (or there are none)",
            code=ErrorCode.INVALID_INPUT,
            hint="Add trend sources or manual topics, or add topics to the brand.",
            details={"signals": len(request.signals), "avoid_topics": len(avoided)},
        )
    hook_types = _hook_types(request, dice)
    ideas: list[IdeaDraft] = []
    titles = [_fold(topic) for topic in request.avoid_topics]
    for slot in range(request.count):
        angle = angles[slot % len(angles)]
        hook_type = hook_types[slot]
        idea = _idea(
            angle,
            hook_type,
            voice,
            dice,
            slot=slot,
            taken=titles,
            weight=request.strategy.hook_weights.get(hook_type, 1.0),
            weights=request.strategy.hook_weights,
            taken_hooks=[i.hook for i in ideas],
        )
        titles.append(_fold(idea.title))
        ideas.append(idea)
    return ideas


def _hook_types(request: IdeaRequest, dice: Dice) -> list[HookType]:
    """Hook types for the slots: every type once (heavier ones likelier to come first), then
    again for more than seven ideas."""
    weights = request.strategy.hook_weights
    merged = {hook: weights.get(hook, 1.0) for hook in HookType}
    rounds = -(-request.count // len(merged))
    return [hook for r in range(rounds) for hook in dice.weighted_order(merged, "hook-round", r)]


def _angles(request: IdeaRequest, voice: Voice, avoided: list[frozenset[str]]) -> Iterator[Angle]:
    """Signals by rank, then evergreen brand topics, then further angles on the signals."""
    signals = [s for s in request.signals if not _is_avoided(s.topic, avoided)]
    top_velocity = max((s.velocity for s in signals), default=0.0) or 1.0
    ranked = sorted(
        ((signal_material(s, voice), s) for s in signals),
        key=lambda pair: (-_score(pair[1], _fit(pair[0], voice), top_velocity), pair[1].trend_id),
    )
    ranked = [(m, s) for m, s in ranked if voice.restrictions.allows(m.topic)]
    for material, signal in ranked:
        yield Angle(material=material, signal=signal, fit=_fit(material, voice))
    used = {content_tokens(m.category) for m, _ in ranked}
    for topic in voice.topics:
        if not _is_avoided(topic, avoided) and content_tokens(topic) not in used:
            material = _evergreen(topic, voice, _vocabulary(request.brand))
            yield Angle(material=material, signal=None, fit=1.0)
    for material, signal in ranked:
        if len(material.phrases) > 1:
            rotated = signal_material(signal, voice, offset=1)
            yield Angle(material=rotated, signal=signal, fit=_fit(rotated, voice))


def _score(signal: SourceSignal, fit: float, top_velocity: float) -> float:
    velocity = max(signal.velocity, 0.0) / top_velocity if top_velocity > 0 else 0.0
    return (
        RELEVANCE * signal.relevance
        + VELOCITY * velocity
        + CONFIDENCE * signal.confidence
        + FIT * fit
    )


def _fit(material: Material, voice: Voice) -> float:
    """The share of the signal's phrases (and topic) that share a word with the brand's
    topics and audience."""
    phrases = [material.topic, *material.phrases]
    matched = sum(1 for phrase in phrases if content_tokens(phrase) & voice.audience_tokens)
    return round(matched / len(phrases), 3)


def _evergreen(topic: str, voice: Voice, vocabulary: Sequence[str]) -> Material:
    """An idea on one of the brand's own topics: the topic, phrases from the brand's text that
    share a word with it, then the brand's neighbouring topics."""
    tokens = content_tokens(topic)
    # Short phrases only: longer runs from prose tend to carry a verb ("espresso runs fast").
    related = [p for p in vocabulary if content_tokens(p) & tokens and len(p.split()) <= 2]
    index = voice.topics.index(topic)
    neighbours = [*voice.topics[index + 1 :], *voice.topics[:index]][:2]
    phrases = phrase_list([topic, *related, *neighbours], voice.restrictions)[:4]
    return Material(topic=topic, phrases=tuple(phrases or [topic]), category=topic)


def _vocabulary(brand: BrandContext) -> tuple[str, ...]:
    return brand_phrases(" ".join([brand.description, brand.guidelines, *brand.voice_examples]))


def _idea(
    angle: Angle,
    hook_type: HookType,
    voice: Voice,
    dice: Dice,
    *,
    slot: int,
    taken: Sequence[frozenset[str]],
    weight: float,
    weights: Mapping[HookType, float],
    taken_hooks: Sequence[str],
) -> IdeaDraft:
    material = angle.material
    points = min(len(material.points), 3)

    def fill(template: str, offset: int = 0) -> str:
        slots = {**voice.slots(), **material.slots(offset), "n": str(points)}
        return capitalise(template.format_map(slots))

    found = hook_candidates(material, voice, fill, weights=weights, taken=taken_hooks)
    # Equal scores go the way of the seeded dice, not always to the family's first pattern.
    shortlist = hooks.shortlist(dice.shuffled(found, "hooks", slot), hook_type=hook_type)
    scrub = voice.restrictions.scrub
    return IdeaDraft(
        title=scrub(_title(material, hook_type, fill, taken, dice, slot))[:TITLE_MAX],
        hook=shortlist[0].text[:HOOK_MAX],
        hook_type=hook_type,
        description=scrub(_description(material, hook_type, voice))[:TEXT_MAX],
        rationale=scrub(_rationale(angle, hook_type, weight))[:TEXT_MAX],
        audience_fit=angle.fit,
        topic_category=material.category[:100],
        key_phrases=list(material.phrases[:6]),
        source_trend_ids=[angle.signal.trend_id] if angle.signal else [],
        hook_candidates=shortlist,
    )


def hook_candidates(
    material: Material,
    voice: Voice,
    fill: Callable[[str, int], str],
    *,
    weights: Mapping[HookType, float],
    taken: Sequence[str] = (),
) -> list[hooks.HookCandidate]:
    """Every hook the material supports, of every type: each type's family and its compact
    forms (none for a brand of long sentences) in the brand's register, filled with the
    material (at least ``MIN_HOOK_CANDIDATES`` once the family is complete, with the
    material's further phrases when it is not), scored by
    :func:`pressroom.ideas.hooks.score_hook`. Hooks with a restricted term are left out;
    duplicates are kept once."""
    points = min(len(material.points), 3)
    seen: dict[str, hooks.HookCandidate] = {}
    for offset in range(len(material.points)):
        if offset and len(seen) >= MIN_HOOK_CANDIDATES:
            break
        _add_candidates(
            seen, material, voice, fill, offset=offset, points=points, weights=weights, taken=taken
        )
    return list(seen.values())


def _add_candidates(
    seen: dict[str, hooks.HookCandidate],
    material: Material,
    voice: Voice,
    fill: Callable[[str, int], str],
    *,
    offset: int,
    points: int,
    weights: Mapping[HookType, float],
    taken: Sequence[str],
) -> None:
    hook_patterns = hook_set(voice.register)
    # A brand of long sentences does not open with a four-word hook.
    long_voice = voice.sentence_words >= LONG_RHYTHM
    for hook_type in HookType:
        family = hook_patterns.hooks[hook_type]
        if hook_type is HookType.STATISTIC and not material.stat:
            family = hook_patterns.without_figure
        compact = tuple(
            t
            for t in hook_patterns.short[hook_type]
            if ("{stat}" not in t or material.stat) and not long_voice
        )
        templates = [*family, *compact]
        if points < 2:
            templates = [t for t in templates if "{n}" not in t] or templates
        for template in material.suited(templates):
            text = fill(template, offset)[:HOOK_MAX]
            if text.casefold() in seen or not voice.restrictions.allows(text):
                continue
            seen[text.casefold()] = hooks.candidate(
                text,
                hook_type=hook_type,
                key_phrases=material.phrases,
                weights=weights,
                banned=voice.restrictions.terms,
                taken=taken,
            )


def _title(
    material: Material,
    hook_type: HookType,
    fill: Callable[[str], str],
    taken: Sequence[frozenset[str]],
    dice: Dice,
    slot: int,
) -> str:
    """A title from the hook type's family that is not a near-duplicate of one taken; the
    topic itself when none is distinct enough."""
    templates = dice.shuffled(material.suited(patterns.TITLES[hook_type]), "title", slot)
    if min(len(material.points), 3) < 2:
        templates = [t for t in templates if "{n}" not in t] or templates
    candidates = [fill(t) for t in templates]
    candidates.append(capitalise(f"{material.topic}: {material.phrase(0)}"))
    for title in candidates:
        if all(_similarity(_fold(title), other) < SIMILAR_TITLES for other in taken):
            return clip_words(title, 20)
    return clip_words(capitalise(f"{material.topic} ({slot + 1})"), 20)


def _description(material: Material, hook_type: HookType, voice: Voice) -> str:
    covered = ", ".join(material.phrases[:3])
    text = (
        f"A {hook_type.value.replace('_', '-')} opening on {material.topic} for "
        f"{voice.audience}, covering {covered}."
    )
    if material.summary:
        text += f" Source: {end_sentence(clip_words(material.summary[0], 40))}"
    return text


def _rationale(angle: Angle, hook_type: HookType, weight: float) -> str:
    material = angle.material
    opening = (
        f"Opens with a {hook_type.value.replace('_', '-')} hook (strategy weight {weight:.2f})."
    )
    if angle.signal is None:
        return (
            f'Evergreen brand topic "{material.topic}": no fresh trend signal covered it. {opening}'
        )
    signal = angle.signal
    match = (
        f'matches the brand topic "{material.category}"'
        if material.category
        else "matches none of the brand's topics directly"
    )
    return (
        f'From the trend signal "{material.topic}" (velocity {signal.velocity:.2f}, '
        f"confidence {signal.confidence:.2f}, relevance {signal.relevance:.2f}); it {match}, "
        f"with audience fit {angle.fit:.2f} from its key phrases "
        f"({', '.join(material.phrases[:3])}). {opening}"
    )


def _fold(text: str) -> frozenset[str]:
    """Content words, ASCII-folded where possible, for comparing topics and titles the way the
    ideas stage does (a topic key like ``coffee-prices`` folds like ``Coffee prices``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    source = ascii_text if _WORD.search(ascii_text) else text
    return frozenset(
        w for w in _WORD.findall(source.casefold().replace("_", " ")) if w not in STOPWORDS
    )


def _similarity(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def _is_avoided(topic: str, avoided: Sequence[frozenset[str]]) -> bool:
    folded = _fold(topic)
    return any(
        folded == other or _similarity(folded, other) >= SIMILAR_TITLES + 0.1
        for other in avoided
        if other
    )
