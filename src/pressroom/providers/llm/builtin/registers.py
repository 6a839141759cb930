"""The sentence patterns of a piece's body in three registers, so that a brand's posts sound
like its examples: *casual* (contractions, short clauses, "you"), *plain* (the pattern
library's own sentences) and *formal* (complete sentences with subordinate clauses, no
contractions, measured vocabulary). A brand's register comes from its voice profile
(:mod:`pressroom.providers.llm.builtin.voice`).

Slots as in :mod:`patterns`, plus ``{we_re}``/``{We_re}`` ("we're", "I'm") and ``{bang}``
("!" for a brand whose examples exclaim, "." otherwise); signature patterns also take
``{signature}``, ``{Signature}``, ``{a_signature}`` (with "a"/"an"), ``{comes}`` (agreeing
with it), ``{takeaway}`` and ``{Takeaway}``. Like the pattern library, these never state a
fact of their own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from pressroom.platforms.drafts import HookType
from pressroom.providers.llm.builtin import patterns
from pressroom.providers.llm.builtin.grammar import SignatureKind, is_plural, with_article
from pressroom.providers.llm.builtin.text import capitalise


class Register(StrEnum):
    """How formally a brand writes."""

    CASUAL = "casual"
    PLAIN = "plain"
    FORMAL = "formal"


@dataclass(frozen=True)
class Family:
    """The body patterns of one register."""

    point_leads: tuple[str, ...]
    point_follows: tuple[str, ...]
    point_audience: tuple[str, ...]
    context_leads: tuple[str, ...]
    no_summary: tuple[str, ...]
    why_it_matters: tuple[str, ...]
    takeaways: tuple[str, ...]
    principle: tuple[str, ...]
    fillers: tuple[str, ...]
    next_point: tuple[str, ...]
    signature: Mapping[SignatureKind, tuple[str, ...]]
    principle_to: tuple[str, ...] = ()
    """Principle patterns that run an imperative principle on ("…, namely to {principle}")."""


CONTINUING_LEADS = ("Then ", "Next ", "It is also ", "Equally")
"""Openings of point leads that continue a list, so cannot make the first point."""

_PLAIN_SIGNATURES = MappingProxyType(
    {
        SignatureKind.PLACE: (
            "{Signature}, the advice is simple: {takeaway}.",
            "{Signature}, {we} keep coming back to one rule: {takeaway}.",
        ),
        SignatureKind.WH: ("Here is {signature}: {takeaway}.",),
        SignatureKind.SENTENCE: ("{Takeaway}. {Signature}{bang}",),
        SignatureKind.THING: ("This is where {signature} {comes} in: {takeaway}.",),
        SignatureKind.BARE: ("Treat it as {a_signature}: {takeaway}.",),
    }
)

PLAIN = Family(
    point_leads=patterns.POINT_LEADS,
    point_follows=patterns.POINT_FOLLOWS,
    point_audience=patterns.POINT_AUDIENCE,
    context_leads=patterns.CONTEXT_LEADS,
    no_summary=patterns.NO_SUMMARY,
    why_it_matters=patterns.WHY_IT_MATTERS,
    takeaways=patterns.TAKEAWAYS,
    principle=patterns.PRINCIPLE,
    fillers=patterns.FILLERS,
    next_point=(
        "{We_are} also watching {phrase}.",
        "{We} keep an eye on {phrase} too.",
        "Next on {our} list: {phrase}.",
    ),
    signature=_PLAIN_SIGNATURES,
)

CASUAL = Family(
    # Many short sentences fill a post, so the family is wide and its words seldom repeat:
    # two posts on one signal should not read alike.
    point_leads=(
        "Start with {phrase} — that's where you'll feel the difference first.",
        "Take a good look at {phrase}.",
        "Then there's {phrase} — and that ties right back to {category}.",
        "Don't skip {phrase}{bang}",
        "Keep an eye on {phrase} — small detail, big payoff.",
        "Next up: {phrase}.",
        "Zoom in on {phrase}.",
        "Give {phrase} a second look.",
    ),
    point_follows=(
        "Try it before you decide.",
        "Small tweaks show up fast{bang}",
        "It's easy to miss, but it adds up.",
        "Honestly? {We}'d rather test than guess.",
        "Jot down what you notice, so you can compare.",
        "That's the bit people skip.",
        "A little patience goes a long way here.",
        "No need to overthink it.",
        "Go slow and watch what happens.",
    ),
    point_audience=(
        "For {audience}, that means looking at {phrase} first.",
        "{Audience}, this one's for you{bang}",
        "That's where {audience} can start — no waiting needed.",
        "{We} see this as the practical side of {phrase}.",
        "It's a good reason to rethink how you approach {category}.",
        "{Audience} will spot this one right away.",
    ),
    context_leads=(
        "Here's the news: {Summary}",
        "Quick background: {Summary}",
        "What's going on: {Summary}",
    ),
    no_summary=(
        "{We} keep hearing about {topic} — and not just from the usual crowd.",
        "Questions about {topic} keep popping up.",
    ),
    why_it_matters=(
        "For {audience}, this isn't abstract — it shows up every day.",
        "If you care about {category}, this one's for you.",
        "Why care? {Audience} feel it first.",
    ),
    takeaways=(
        "pick one thing about {phrase} and try it this week",
        "start small with {phrase} and see what changes",
        "compare before and after, then keep what works",
    ),
    principle=("{Our} rule of thumb: {principle}.", "One thing {we} always say: {principle}."),
    fillers=(
        "No big budget needed — just a bit of attention.",
        "Small, steady changes win.",
        "Give it a few weeks, then look again.",
        "Share this with someone who'd like it.",
        "The people closest to the work see it first.",
        "Good info makes good choices.",
        "Trends come and go. The basics stay.",
        "Stay curious — it beats being certain.",
        "Watch how it goes, and adjust as you learn.",
        "Nobody gets this perfect first try — and that's fine.",
        "A little prep goes a long way.",
        "Keep it simple{bang}",
    ),
    next_point=(
        "{We_re} also watching {phrase}.",
        "{We}'ve got an eye on {phrase} too.",
        "Next on {our} list: {phrase}.",
    ),
    signature=MappingProxyType(
        {
            **_PLAIN_SIGNATURES,
            SignatureKind.PLACE: (
                "{Signature}, the advice is simple: {takeaway}.",
                "{Signature}, {we} always come back to this: {takeaway}.",
            ),
            SignatureKind.WH: ("Here's {signature}: {takeaway}.",),
            SignatureKind.BARE: ("Think of it as {a_signature}: {takeaway}.",),
        }
    ),
)

FORMAL = Family(
    # Short leads and long follow-ups: a list item or a step is its label and the follow-up,
    # and a slide's body is the two together.
    point_leads=(
        "A matter that warrants particular attention is {phrase}.",
        "Careful scrutiny of {phrase} is warranted.",
        "It is also advisable to consider {phrase}, a matter connected directly to {category}.",
        "Organisations should not overlook {phrase}, however modest the matter may appear.",
        "Particular attention should be paid to {phrase}.",
    ),
    point_follows=(
        "Any modification in this area should be evaluated against a documented baseline "
        "before it is implemented more widely across the organisation.",
        "Such details are easily overlooked in the course of ordinary operations, yet their "
        "cumulative effect over a reporting period is considerable.",
        "Experience indicates that a measured and documented evaluation yields considerably "
        "more reliable evidence than an assumption, however well informed it may be.",
        "A written record of each modification makes it possible to compare outcomes with "
        "appropriate rigour and to justify the decision to those who must approve it.",
        "It is precisely here that the material differences between otherwise comparable "
        "approaches tend to emerge, and where the evidence is most instructive.",
        "The matter consequently rewards patience, a disciplined approach to review and a "
        "willingness to reconsider earlier conclusions when the evidence evolves.",
    ),
    point_audience=(
        "For {audience}, this means that {phrase} should be examined before other priorities "
        "are set.",
        "{Audience} who monitor {phrase} systematically will be considerably better prepared "
        "for the decisions that follow.",
        "It is consequently a sound reason for {audience} to revisit how they approach {category}.",
        "This is where {audience} are able to act independently, without waiting for external "
        "direction.",
        "This may reasonably be regarded as the operational dimension of {phrase}.",
    ),
    context_leads=(
        "According to the source, {summary}",
        "As reported, {summary}",
        "The source reports the following: {Summary}",
    ),
    no_summary=(
        "The subject of {topic} has become a recurring theme in discussions of {category}, "
        "well beyond the specialist community.",
        "Questions concerning {topic} are now raised well beyond the circles in which they "
        "usually arise.",
    ),
    why_it_matters=(
        "For {audience}, the significance is practical rather than abstract, because it bears "
        "directly on decisions that must be documented and defended.",
        "The relevance to {category} is direct, and it deserves a considered response rather "
        "than a hurried one.",
        "It matters because {audience} are typically the first to experience its consequences.",
    ),
    takeaways=(
        "evaluate {phrase} against a documented baseline before any modification",
        "begin with a limited, documented evaluation of {phrase} and record the outcome",
        "compare the position before and after, and retain what the evidence supports",
    ),
    principle=(
        "One principle informs all of {our} advice here: {principle}.",
        "{Our} guiding principle is straightforward: {principle}.",
    ),
    principle_to=(
        "{Our} advice here rests on a single principle, namely to {principle}.",
        "One principle informs all of {our} advice on such matters, which is to {principle}.",
    ),
    fillers=(
        "None of this requires a substantial budget; it requires sustained and deliberate "
        "attention.",
        "The most durable results tend to come from steady, incremental improvements rather "
        "than sweeping changes.",
        "It would be prudent to revisit the matter in a few weeks, once the initial results "
        "are available.",
        "It may be useful to share this with colleagues who are weighing the same decision.",
        "Those closest to the operational work are usually the first to recognise the change.",
        "Sound decisions in this area depend, above all, on reliable and complete information.",
        "Trends come and go, but the underlying fundamentals remain largely unchanged.",
        "Careful observation is generally more valuable than premature certainty on questions "
        "of this kind.",
        "It is advisable to monitor how the situation develops and to adjust the approach as "
        "evidence accumulates.",
        "Clear and accurate information makes the eventual decision considerably easier to "
        "justify.",
        "No organisation is expected to resolve this perfectly at the first attempt, and that "
        "is entirely acceptable.",
        "Adequate preparation reduces the cost of every subsequent decision.",
    ),
    next_point=(
        "Developments concerning {phrase} also warrant monitoring, as they may bear on the "
        "same decisions.",
        "Continued observation of {phrase} is equally warranted, since the effects may take "
        "longer to become visible.",
        "The review also extends to {phrase}, and the same careful, documented approach "
        "applies there.",
    ),
    # Without colons, so that the brand's long sentences can run on into the next one.
    signature=MappingProxyType(
        {
            SignatureKind.PLACE: (
                "{Signature}, the recommendation is consistently to {takeaway}.",
                "{Signature}, {we} find that the prudent course is to {takeaway}.",
            ),
            SignatureKind.WH: ("This is {signature}: {takeaway}.",),
            SignatureKind.SENTENCE: ("{Takeaway}. {Signature}.",),
            SignatureKind.THING: ("It falls to {signature} to {takeaway}.",),
            SignatureKind.BARE: (
                "It should be treated as {a_signature}, and the prudent course is to {takeaway}.",
            ),
        }
    ),
)


@dataclass(frozen=True)
class HookSet:
    """The hook patterns of one register, as in :mod:`patterns`: one family per hook type,
    the statistic family for sources without a figure, and compact hooks."""

    hooks: Mapping[HookType, tuple[str, ...]]
    without_figure: tuple[str, ...]
    short: Mapping[HookType, tuple[str, ...]]


PLAIN_HOOKS = HookSet(patterns.HOOKS, patterns.STATISTIC_WITHOUT_FIGURE, patterns.SHORT_HOOKS)

CASUAL_HOOKS = HookSet(
    hooks=MappingProxyType(
        {
            HookType.QUESTION: (
                "What's the big deal about {phrase}?",
                "{Topic}: what should {audience} do next?",
                "Why is everyone suddenly talking about {phrase}?",
                "Have you noticed what's going on with {phrase}?",
                "Ready to rethink {phrase}?",
            ),
            HookType.STATEMENT: (
                "There's more to {phrase} than most people notice.",
                "{Topic}: this matters more than it looks.",
                "Here's what {phrase} could mean for {audience}.",
                "Let's talk about {phrase} for a minute.",
            ),
            HookType.STATISTIC: (
                "{stat}. Let that sink in.",
                "{stat}. Here's why {audience} should care.",
                "One number jumps out of {topic}: {stat}.",
            ),
            HookType.STORY: (
                "When {we} first looked into {phrase}, one thing stood out.",
                "This started with a simple question about {phrase}.",
                "{We} keep coming back to {phrase}. Here's why.",
                "One little detail about {phrase} changed how {we} see things.",
            ),
            HookType.CONTRARIAN: (
                "Everyone's talking about {topic}. The real story is {phrase}.",
                "Hot take: the headlines undersell {phrase}.",
                "Most people miss the point of {phrase}.",
                "Forget the noise around {topic}. Look at {phrase} instead.",
            ),
            HookType.HOW_TO: (
                "How to get your head around {phrase}, in {n} steps.",
                "How {audience} can act on {phrase} this week.",
                "A quick guide to {phrase}, in {n} steps.",
                "How to read {topic} without getting lost.",
            ),
            HookType.LIST: (
                "{n} things {audience} should know about {phrase}.",
                "{n} takeaways from {topic}.",
                "{n} ways to think about {phrase}.",
                "{n} lessons {we} took from {phrase}.",
                "A quick list for {audience} on {phrase}.",
            ),
        }
    ),
    without_figure=(
        "The numbers behind {phrase}? Worth a closer look.",
        "By the numbers: what {phrase} could mean for {audience}.",
        "The numbers behind {phrase} tell the real story. Skip the headline.",
    ),
    short=MappingProxyType(
        {
            HookType.QUESTION: ("Ready for {phrase}?", "What's up with {phrase}?"),
            HookType.STATEMENT: ("Let's talk about {phrase}.", "Eyes on {phrase}."),
            HookType.STATISTIC: ("{stat}. Let that sink in.", "Numbers time: {phrase}."),
            HookType.STORY: ("It started with {phrase}.", "Here's {our} story about {phrase}."),
            HookType.CONTRARIAN: (
                "Overrated: {phrase}? Not so fast.",
                "Skip the hype on {phrase}.",
            ),
            HookType.HOW_TO: ("Making sense of {phrase}.", "{Phrase}, step by step."),
            HookType.LIST: ("{n} things about {phrase}.", "Quick list: {phrase}."),
        }
    ),
)

FORMAL_HOOKS = HookSet(
    hooks=MappingProxyType(
        {
            HookType.QUESTION: (
                "What are the practical implications of {phrase} for {audience}, and how "
                "should they respond?",
                "Are {audience} adequately prepared for {phrase}, or is further work required?",
                "{Topic}: what should {audience} consider before they decide how to respond?",
                "Why is there such wide discussion of {phrase}, and what does it mean for "
                "{audience}?",
                "Is {phrase} receiving the attention it deserves from {audience} at present?",
            ),
            HookType.STATEMENT: (
                "There is considerably more to {phrase} than most observers acknowledge, and "
                "the detail matters.",
                "{Topic}: the matter is more significant for {audience} than it first appears.",
                "One development warrants closer attention than it has so far received: {phrase}.",
                "This is what {phrase} may mean in practice for {audience} over the coming months.",
            ),
            HookType.STATISTIC: (
                "{stat}. That figure has direct implications for {audience}.",
                "One figure in {topic} merits particular attention: {stat}.",
                "{stat}. The consequences for {audience} deserve careful consideration.",
            ),
            HookType.STORY: (
                "When {we} first examined {phrase}, one detail stood out above all the others.",
                "This review began with a straightforward question about {phrase} and where it "
                "leads.",
                "{We} return to {phrase} repeatedly in {our} work with {audience}, and for good "
                "reason.",
                "A single detail concerning {phrase} altered how {we} approach the subject as a "
                "whole.",
            ),
            HookType.CONTRARIAN: (
                "Much has been said about {topic}; the more consequential issue is {phrase}.",
                "The prevailing commentary considerably understates the significance of "
                "{phrase} for {audience}.",
                "The significance of {phrase} is frequently misunderstood, even by experienced "
                "practitioners.",
                "Setting the commentary on {topic} aside, the matter that deserves attention is "
                "{phrase}.",
            ),
            HookType.HOW_TO: (
                "How to approach {phrase} methodically and with appropriate evidence, in {n} "
                "steps.",
                "How {audience} can address {phrase} in practice, without unnecessary disruption.",
                "A practical framework for assessing {phrase}, in {n} steps.",
                "How to interpret {topic} with appropriate care and proportion.",
            ),
            HookType.LIST: (
                "{n} considerations for {audience} regarding {phrase} and its consequences.",
                "{n} observations on {topic} that deserve the attention of {audience}.",
                "{n} ways to assess {phrase} with appropriate rigour.",
                "{n} lessons {we} have drawn from {phrase} in the course of {our} work.",
                "A concise briefing for {audience} on {phrase} and what it requires of them.",
            ),
        }
    ),
    without_figure=(
        "The figures behind {phrase} merit closer examination than they usually receive.",
        "By the numbers: what {phrase} may mean for {audience}.",
        "Beyond the headline, the figures behind {phrase} tell a more nuanced story.",
    ),
    short=MappingProxyType(
        {
            HookType.QUESTION: ("Is {phrase} being overlooked?", "What follows from {phrase}?"),
            HookType.STATEMENT: ("A closer look at {phrase}.", "On {phrase}, briefly."),
            HookType.STATISTIC: ("{stat}. The implications follow.", "The figures on {phrase}."),
            HookType.STORY: ("It began with {phrase}.", "{Our} review of {phrase}."),
            HookType.CONTRARIAN: (
                "A more cautious reading of {phrase}.",
                "The overlooked side of {phrase}.",
            ),
            HookType.HOW_TO: ("How to approach {phrase}.", "{Phrase}, step by step."),
            HookType.LIST: ("{n} considerations on {phrase}.", "Key points on {phrase}."),
        }
    ),
)

HOOK_SETS: Mapping[Register, HookSet] = MappingProxyType(
    {Register.CASUAL: CASUAL_HOOKS, Register.PLAIN: PLAIN_HOOKS, Register.FORMAL: FORMAL_HOOKS}
)


def hook_set(register: Register) -> HookSet:
    """The hook patterns of ``register``."""
    return HOOK_SETS[register]


FAMILIES: Mapping[Register, Family] = MappingProxyType(
    {Register.CASUAL: CASUAL, Register.PLAIN: PLAIN, Register.FORMAL: FORMAL}
)


def family(register: Register) -> Family:
    """The body patterns of ``register``."""
    return FAMILIES[register]


def signature_slots(signature: str, takeaway: str) -> dict[str, str]:
    """The slots of a signature pattern for ``signature`` and a filled ``takeaway``."""
    signature = signature.rstrip(".!?… ")
    return {
        "signature": signature,
        "Signature": capitalise(signature),
        "a_signature": with_article(signature, definite=False),
        "comes": "come" if is_plural(signature) else "comes",
        "takeaway": takeaway[:1].lower() + takeaway[1:],
        "Takeaway": capitalise(takeaway),
    }
