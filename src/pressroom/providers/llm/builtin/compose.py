"""What every channel composer shares: the plan of a piece (voice, material, direction, hook
type, seeded choices) and the sentences built from the pattern library."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from pressroom.learning.strategy import Ending
from pressroom.platforms.drafts import HookType
from pressroom.platforms.rules import ChannelRules
from pressroom.providers.llm.builtin import patterns, tones
from pressroom.providers.llm.builtin.dice import Dice
from pressroom.providers.llm.builtin.direction import Direction, direction_for
from pressroom.providers.llm.builtin.grammar import (
    looks_imperative,
    lowered_start,
    signature_kind,
)
from pressroom.providers.llm.builtin.material import WIDER_FIELD, Material, piece_material
from pressroom.providers.llm.builtin.registers import CONTINUING_LEADS, family, signature_slots
from pressroom.providers.llm.builtin.text import (
    capitalise,
    clean,
    content_tokens,
    end_sentence,
    hashtag_form,
    unique_hashtags,
)
from pressroom.providers.llm.builtin.voice import Voice, voice_of
from pressroom.providers.llm.protocol import PieceRequest
from pressroom.writing.tones import Tone

# A piece keeps its idea's hook type unless the channel's learned weights rate that type
# below this share of the best type's weight.
KEEP_HOOK_SHARE = 0.5


@dataclass(frozen=True)
class Plan:
    """Everything a channel composer needs to write one piece."""

    voice: Voice
    material: Material
    direction: Direction
    hook_type: HookType
    rules: ChannelRules
    dice: Dice
    words_per_second: float
    house_rate: float
    title: str
    idea_hook: str
    tone: Tone | None = None
    ending: Ending = Ending.VOICE

    def fill(self, template: str, *, offset: int = 0, **extra: str) -> str:
        """``template`` with the voice, material and ``extra`` slots filled in."""
        slots = {**self.voice.slots(), **self.material.slots(offset), **extra}
        emphasis = self.material.emphasis[0] if self.material.emphasis else slots["phrase"]
        slots.setdefault("emphasis", emphasis)
        slots.setdefault("Emphasis", capitalise(emphasis))
        return capitalise(template.format_map(slots))

    def pick(self, options: Sequence[str], *salt: object) -> str:
        return self.dice.pick(options, *salt)


def plan_piece(request: PieceRequest, *, house_rate: float) -> Plan:
    """Read the request into a plan: the repair/revision direction, the material (with the
    requested emphasis first) and the piece's hook type. ``house_rate`` is the writer's
    configured speaking rate."""
    voice = voice_of(request.brand)
    direction = direction_for(
        problems=request.problems,
        feedback=request.reviewer_feedback,
        restrictions=voice.restrictions,
        sentence_words=voice.sentence_words,
    )
    material = piece_material(request.idea, request.sources, voice, emphasis=direction.emphasis)
    structure = request.strategy.structure_for(request.channel)
    if structure.max_points is not None:
        material = replace(material, phrases=material.points[: structure.max_points])
    # Seeded by what the request says, not by how its models are shaped: limits a channel
    # does not set and the idea's shortlisted hooks leave the draft as it was.
    seed = request.model_dump(
        mode="json",
        exclude={"trace_id": True, "previous": True, "rules": True, "idea": {"hook_candidates"}},
    )
    seed["rules"] = request.rules.model_dump(mode="json", exclude_none=True)
    dice = Dice("piece", seed)
    previous = (request.previous or {}).get("hook_type")
    hook_type = piece_hook_type(
        idea_type=request.idea.hook_type,
        weights=request.strategy.weights_for(request.channel),
        dice=dice,
        fresh=direction.fresh_hook,
        previous=HookType(previous)
        if isinstance(previous, str) and previous in set(HookType)
        else None,
    )
    # The idea's own hook opens the piece when nothing asks for another one; list and
    # how-to hooks are rewritten so their count matches the points the piece really has.
    keep_hook = (
        hook_type is request.idea.hook_type
        and not direction.emphasis
        and hook_type not in {HookType.LIST, HookType.HOW_TO}
        and voice.restrictions.allows(request.idea.hook)
    )
    return Plan(
        voice=voice,
        material=material,
        direction=direction,
        hook_type=hook_type,
        rules=request.rules,
        dice=dice,
        words_per_second=request.words_per_second,
        house_rate=house_rate,
        title=_title(request.idea.title, voice, material),
        idea_hook=clean(request.idea.hook) if keep_hook else "",
        tone=request.tone,
        ending=structure.ending,
    )


def _title(title: str, voice: Voice, material: Material) -> str:
    text = clean(title)
    return text if text and voice.restrictions.allows(text) else capitalise(material.topic)


def piece_hook_type(
    *,
    idea_type: HookType,
    weights: Mapping[HookType, float],
    dice: Dice,
    fresh: bool,
    previous: HookType | None,
) -> HookType:
    """The idea's hook type, unless the channel's weights rate it low or a person asked for a
    fresh opening (then the heaviest-drawn other type)."""
    if fresh:
        others = {hook: w for hook, w in weights.items() if hook != (previous or idea_type)}
        return dice.weighted_order(others, "fresh-hook")[0]
    best = max(weights.values(), default=1.0)
    if weights.get(idea_type, 1.0) > 0 and weights.get(idea_type, 1.0) >= KEEP_HOOK_SHARE * best:
        return idea_type
    return dice.weighted_order(dict(weights), "hook")[0]


def hook_options(plan: Plan, *, points: int, short: bool = False) -> list[str]:
    """Every hook the plan's hook type can open with, in seeded order (short ones last unless
    ``short``)."""
    family = patterns.HOOKS[plan.hook_type]
    if plan.hook_type is HookType.STATISTIC and not plan.material.stat:
        family = patterns.STATISTIC_WITHOUT_FIGURE
    compact = [
        t for t in patterns.SHORT_HOOKS[plan.hook_type] if "{stat}" not in t or plan.material.stat
    ]
    if points < 2:  # "1 things to know" is not English: use the family's uncounted hooks
        family = tuple(t for t in family if "{n}" not in t)
        compact = [t for t in compact if "{n}" not in t]
    family, compact = tuple(plan.material.suited(family)), plan.material.suited(compact)
    ordered = plan.dice.shuffled(family, "hooks")
    templates = [*compact, *ordered] if short else [*ordered, *compact]
    options = [plan.fill(t, n=str(points)) for t in templates]
    return [plan.idea_hook, *options] if plan.idea_hook else options


def point_sentences(plan: Plan, index: int) -> list[str]:
    """A lead sentence about phrase ``index`` and a follow-up in the brand's register (no
    pattern repeats until the family is used up)."""
    body = family(plan.voice.register)
    leads = plan.dice.shuffled(body.point_leads, "leads")
    # A lead that continues ("Then consider …") cannot open the first point.
    opening = next((i for i, lead in enumerate(leads) if not lead.startswith(CONTINUING_LEADS)), 0)
    leads = [*leads[opening:], *leads[:opening]]
    follows = plan.dice.shuffled(body.point_follows, "follows")
    lead, follow = leads[index % len(leads)], follows[index % len(follows)]
    return [plan.fill(lead, offset=index), plan.fill(follow, offset=index)]


def audience_sentence(plan: Plan, index: int) -> str:
    """A sentence tying point ``index`` to the audience, in the brand's register."""
    options = plan.dice.shuffled(family(plan.voice.register).point_audience, "audience")
    return plan.fill(options[index % len(options)], offset=index)


def step_sentence(plan: Plan, index: int) -> str:
    """A how-to step (``First, …``) about phrase ``index``."""
    lead = patterns.STEP_LEADS[min(index, len(patterns.STEP_LEADS) - 1)]
    return plan.fill(lead, offset=index)


def counted_point(plan: Plan, index: int) -> str:
    """Point ``index`` as the item a list or how-to hook announced: ``2. Grind size: …`` or
    ``Next, grind size. …``."""
    follow = point_sentences(plan, index)[1]
    if plan.hook_type is HookType.HOW_TO:
        return f"{step_sentence(plan, index)} {follow}"
    return (
        f"{index + 1}. {capitalise(plan.material.phrase(index))}: {follow[:1].lower()}{follow[1:]}"
    )


def counts_points(plan: Plan) -> bool:
    """Whether the hook announced a number of points (list and how-to hooks)."""
    return plan.hook_type in {HookType.LIST, HookType.HOW_TO}


def context_sentences(plan: Plan, *, limit: int = 2) -> list[str]:
    """The source's summary, introduced — or a neutral line about the topic without one — in
    the brand's register."""
    body = family(plan.voice.register)
    summary = list(plan.material.summary[:limit])
    if not summary:
        material = plan.material
        # An evergreen idea's topic is its category: the line must not name it twice.
        same = material.category.casefold() == material.topic.casefold()
        extra = {"category": WIDER_FIELD} if same else {}
        return [plan.fill(plan.pick(body.no_summary, "no-summary"), offset=0, **extra)]
    material = plan.material
    lowered = lowered_start(summary[0], [*material.summary, material.topic, *material.phrases])
    # Leads that run the summary on ("As reported, two nights …") when its first word may be
    # lower-cased; otherwise those that introduce it as written.
    leads = [t for t in body.context_leads if ("{summary}" in t) == (lowered is not None)]
    leads = leads or [t for t in body.context_leads if "{summary}" not in t]
    first = plan.pick(leads, "context").format(Summary=summary[0], summary=lowered)
    return [end_sentence(first), *(end_sentence(s) for s in summary[1:])]


def signature_line(plan: Plan) -> str:
    """The takeaway, said with one of the brand's signature phrases in a sentence that suits
    the phrase ("In the cup, the advice is simple: …", "Treat it as a governance obligation:
    …", "… See you soon."), or plainly when the brand has none."""
    body = family(plan.voice.register)
    takeaway = plan.fill(plan.pick(body.takeaways, "takeaway"))
    signature = plan.pick(plan.voice.signatures, "signature") if plan.voice.signatures else ""
    if not signature:
        return end_sentence(takeaway)
    template = plan.pick(body.signature[signature_kind(signature)], "signature-template")
    return end_sentence(plan.fill(template, offset=0, **signature_slots(signature, takeaway)))


def principle_line(plan: Plan) -> str:
    """One of the brand's guideline principles told to readers in the brand's register, or
    ``""``."""
    if not plan.voice.principles:
        return ""
    principle = plan.pick(_related(plan, plan.voice.principles), "principle")
    body = family(plan.voice.register)
    templates = body.principle_to if looks_imperative(principle) else ()
    template = plan.pick(templates or body.principle, "principle-template")
    return plan.fill(template, principle=principle[:1].lower() + principle[1:])


def closer(plan: Plan) -> str:
    """A closing line as the structure asks: a question to readers, a practical takeaway, or
    in the piece's tone (else the brand's, from its voice profile's tone words)."""
    match plan.ending:
        case Ending.QUESTION:
            options = patterns.CLOSERS[""]
        case Ending.TAKEAWAY:
            options = patterns.CLOSERS["practical"]
        case Ending.VOICE if plan.tone is not None:
            options = tones.TONE_CLOSERS[plan.tone]
        case _:
            word = next((word for word in plan.voice.tone if word in patterns.CLOSERS), "")
            options = patterns.CLOSERS[word]
    return plan.fill(plan.pick(options, "closer"))


def tone_line(plan: Plan) -> str:
    """A sentence in the piece's tone, said after the opening, or ``""`` in the brand's own
    voice."""
    if plan.tone is None:
        return ""
    return plan.fill(plan.pick(tones.TONE_LINES[plan.tone], "tone-line"))


def call_to_action(plan: Plan, *, with_website: bool = True) -> str:
    """The brand's call to action (or a neutral one), with the website when it is not in it."""
    voice = plan.voice
    cta = voice.call_to_action or plan.fill(plan.pick(patterns.CTA_FALLBACK, "cta"))
    text = end_sentence(cta)
    site = voice.website
    bare = site.split("://", 1)[-1].rstrip("/")
    if with_website and site and bare.casefold() not in text.casefold():
        text = f"{text} {site}"
    return text


def emphasis_sentence(plan: Plan) -> str:
    """A sentence bringing a reviewer's requested subject forward, or ``""``."""
    if not plan.material.emphasis:
        return ""
    return plan.fill(plan.pick(patterns.EMPHASIS, "emphasis"))


def ranked_hashtags(plan: Plan, *, limit: int) -> list[str]:
    """The brand's hashtags that match the material first, then the rest of the brand's, then
    tags made from the key phrases and category — at most ``limit``."""
    wanted = content_tokens(" ".join([*plan.material.phrases, plan.material.category]))
    order = {tag: index for index, tag in enumerate(plan.voice.hashtags)}
    brand = sorted(order, key=lambda tag: (-len(_tag_tokens(tag, plan) & wanted), order[tag]))
    derived = [hashtag_form(p) for p in [*plan.material.phrases[:3], plan.material.category]]
    tags = unique_hashtags([*brand, *derived])
    tags = [tag for tag in tags if plan.voice.restrictions.allows(tag)]
    habit = plan.voice.hashtag_cap
    return tags[: max(0, limit if habit is None else min(limit, habit))]


def _tag_tokens(tag: str, plan: Plan) -> frozenset[str]:
    # Brand tags are single words ("specialtycoffee"): match the material's words inside them.
    return frozenset(
        token
        for token in content_tokens(" ".join(plan.material.phrases))
        if token in tag.casefold()
    )


def _related(plan: Plan, texts: Sequence[str]) -> list[str]:
    """``texts`` sharing a word with the material, or all of them when none does."""
    wanted = content_tokens(" ".join([*plan.material.phrases, *plan.material.emphasis]))
    related = [text for text in texts if content_tokens(text) & wanted]
    return related or list(texts)
