"""The pattern library, as data: one family of hook patterns per hook type, idea titles, and
the sentence patterns each channel's structure is built from.

These are the *plain* register's patterns; :mod:`registers` holds the casual and formal
ones, and the hook families of all three.

Slots: ``{topic}`` the source topic (a headline in quotation marks), ``{phrase}`` a key
phrase with its article when it needs one ("the blind test"; ``{Phrase}`` capitalised),
``{category}`` the brand topic, ``{stat}`` a figure quoted from the source, ``{n}`` how many
points follow, and the voice slots ``{we}``, ``{We}``, ``{our}``, ``{Our}``, ``{us}``,
``{brand}``, ``{audience}``, ``{Audience}``, ``{we_are}``, ``{we_re}`` and ``{bang}``.
A phrase may be singular or plural, so no pattern makes it the subject of a verb. Patterns
never state facts of their own: figures only come from the source (``{stat}``), claims only
from the brand's text.
"""

from __future__ import annotations

from types import MappingProxyType

from pressroom.platforms.drafts import HookType

HOOKS = MappingProxyType(
    {
        HookType.QUESTION: (
            "What changes for {audience} with {phrase}?",
            "Are {audience} ready for {phrase}?",
            "{Topic}: what should {audience} do next?",
            "Why is everyone suddenly talking about {phrase}?",
            "What if the part of {category} that deserves your attention is {phrase}?",
        ),
        HookType.STATEMENT: (
            "There is more to {phrase} than most people notice.",
            "{Topic}: this matters more to {audience} than it looks.",
            "Something is quietly reshaping the field: {phrase}.",
            "Here is what {phrase} could mean for {audience}.",
        ),
        HookType.STATISTIC: (
            "{stat}. That figure says a lot about {phrase}.",
            "One figure stands out in {topic}: {stat}.",
            "{stat}. Here is why {audience} should care.",
        ),
        HookType.STORY: (
            "When {we} first looked into {phrase}, one detail stood out.",
            "This started with a simple question about {phrase}.",
            "{We} keep coming back to {phrase}. Here is why.",
            "One small detail about {phrase} changed how {we} think about {category}.",
        ),
        HookType.CONTRARIAN: (
            "Everyone is talking about {topic}. The real story is {phrase}.",
            "Unpopular opinion: the headlines undersell {phrase}.",
            "Most people misread {phrase}.",
            "Forget the noise around {topic}. Look at {phrase} instead.",
        ),
        HookType.HOW_TO: (
            "How to make sense of {phrase}, in {n} steps.",
            "How {audience} can act on {phrase} this week.",
            "A practical guide to {phrase}, in {n} steps.",
            "How to read {topic} without getting lost.",
        ),
        HookType.LIST: (
            "{n} things {audience} should know about {phrase}.",
            "{n} takeaways from {topic}.",
            "{n} ways to think about {phrase}.",
            "{n} lessons {we} took from {phrase}.",
            "A short list for {audience} on {phrase}.",
        ),
    }
)
"""One family per hook type; every type has patterns that need no ``{stat}``, except
statistic, whose fallback family is :data:`STATISTIC_WITHOUT_FIGURE`."""

STATISTIC_WITHOUT_FIGURE = (
    "The numbers behind {phrase} are worth a closer look.",
    "By the numbers: what {phrase} could mean for {audience}.",
    "Look past the headline: the numbers behind {phrase} tell the real story.",
)
"""Statistic hooks for sources that quote no figure: the writer never invents one."""

SHORT_HOOKS = MappingProxyType(
    {
        HookType.QUESTION: ("Ready for {phrase}?", "What is really behind {phrase}?"),
        HookType.STATEMENT: ("Let's talk about {phrase}.", "Watch {phrase} closely."),
        HookType.STATISTIC: ("{stat}. Think about it.", "Numbers first: {phrase}."),
        HookType.STORY: ("It started with {phrase}.", "Here is {our} story about {phrase}."),
        HookType.CONTRARIAN: ("Overrated: {phrase}? Not so fast.", "Skip the hype on {phrase}."),
        HookType.HOW_TO: ("Making sense of {phrase}.", "{Phrase}, step by step."),
        HookType.LIST: ("{n} things about {phrase}.", "Quick list: {phrase}."),
    }
)
"""Compact hooks for tight spoken budgets (slow speaking rates, short reels)."""

TITLES = MappingProxyType(
    {
        HookType.QUESTION: ("{Topic}: what it changes for {audience}", "{Phrase}: worth it?"),
        HookType.STATEMENT: ("Why now is the time to look at {phrase}", "{Phrase}, explained"),
        HookType.STATISTIC: ("{Topic}: by the numbers", "The figures behind {phrase}"),
        HookType.STORY: ("The story behind {phrase}", "What {phrase} taught {us}"),
        HookType.CONTRARIAN: ("{Topic}: the overlooked side", "Rethinking {phrase}"),
        HookType.HOW_TO: ("How to make sense of {phrase}", "A practical guide to {phrase}"),
        HookType.LIST: (
            "{n} takeaways on {phrase}",
            "{Topic}: {n} things to know",
            "A short list on {phrase}",
        ),
    }
)

POINT_LEADS = (
    "Start with {phrase}: that is where {audience} will notice the change first.",
    "The part worth watching: {phrase}.",
    "Then consider {phrase}: that ties straight back to {category}.",
    "Look closely at {phrase}.",
    "Pay attention to {phrase}; everyday choices depend on details like this.",
    "Do not overlook {phrase}.",
)

POINT_FOLLOWS = (
    "Ask what this changes in your own routine before you change anything else.",
    "Small adjustments here tend to show up quickly.",
    "This is easy to miss, but it adds up over time.",
    "Here, {we} would rather test than guess.",
    "Keep notes on what you try, so you can compare.",
    "The details here are where the difference is made.",
    "This rewards a little patience.",
)

POINT_AUDIENCE = (
    "For {audience}, that means looking at {phrase} before anything else.",
    "{Audience} who keep an eye on {phrase} will be better prepared.",
    "It is a good reason for {audience} to revisit how they approach {category}.",
    "That is where {audience} can act first, without waiting for anyone else.",
    "{We} see this as the practical side of {phrase}.",
)
"""Sentences tying a point to the brand's audience."""

SOURCE_LINE = "Read the source: {link}"

STEP_LEADS = ("First, {phrase}.", "Next, {phrase}.", "Then, {phrase}.", "Finally, {phrase}.")

CONTEXT_LEADS = (
    "The context: {Summary}",
    "Here is what is happening: {Summary}",
    "What the news says: {Summary}",
)
"""Introductions of the source's summary: ``{Summary}`` as written, ``{summary}`` with its
first word in lower case unless it is a name."""

NO_SUMMARY = (
    "{We} keep hearing about {topic} in conversations about {category}.",
    "Questions about {topic} keep coming up, well beyond the usual circles.",
)

WHY_IT_MATTERS = (
    "For {audience}, this is not abstract: it shows up in everyday decisions.",
    "If you care about {category}, this touches your work directly.",
    "It matters because {audience} feel the effects first.",
)

EMPHASIS = (
    "And for {emphasis}, this matters even more.",
    "Think about what it means for {emphasis}.",
    "Keep {emphasis} in mind here.",
)
"""Sentences that bring a reviewer's requested subject (``{emphasis}``) forward."""

PRINCIPLE = ("{Our} rule of thumb: {principle}.", "One principle guides {us} here: {principle}.")

TAKEAWAYS = (
    "pick one idea about {phrase} and test it this week",
    "start small with {phrase} and note what changes",
    "compare before and after, and keep what works",
)

FILLERS = (
    "None of this needs a big budget, only attention.",
    "The best results come from steady, small changes.",
    "It is worth revisiting in a few weeks, once the first results are in.",
    "Share it with someone who is weighing the same decision.",
    "The people closest to the work usually see it first.",
    "Good decisions here start with good information.",
    "Trends come and go, but the fundamentals stay.",
    "Curiosity beats certainty on topics like this.",
    "Watch how it develops, and adjust as you learn.",
    "Clear, honest information makes the choice easier.",
    "Nobody gets this perfect on the first try, and that is fine.",
    "A little preparation goes a long way.",
)
"""Neutral sentences that lengthen a post that came out short, used in order of need."""

CLOSERS = MappingProxyType(
    {
        "curious": (
            "What have you noticed about {phrase}? {We} would love to hear.",
            "Curious what you think: how does {phrase} show up for you?",
        ),
        "warm": (
            "Thanks for reading, and tell {us} how it goes.",
            "{We_are} always glad to hear how it works out for you.",
        ),
        "practical": (
            "Try it, measure it, and keep what works.",
            "Start with one change and see what happens.",
        ),
        "bold": ("Make the call, then adjust.", "Do not wait for perfect information."),
        "playful": ("Go on, give it a try{bang}", "Your move{bang}"),
        "relaxed": (
            "Anyway, that's {our} take. What's yours?",
            "Give it a go and tell {us} how it went.",
        ),
        "formal": (
            "{We} would welcome the views of readers who have examined {phrase} in their own "
            "organisations, and the evidence on which those views rest.",
            "Boards and senior managers may wish to review their current position on {phrase} "
            "before the next reporting cycle.",
        ),
        "": ("What is your take on {phrase}?", "How are you approaching {phrase}?"),
    }
)
"""Closing lines keyed by a tone word from the voice profile (``""`` when none matches)."""

CTA_FALLBACK = ("Follow {brand} for more on {category}", "Follow along for more on {category}")

SPOKEN_CTA_TAILS = (
    "Follow {us} for more on {category}.",
    "Save this for later.",
    "Share it with someone who needs it.",
    "Tell {us} what you think in the comments.",
)
"""Spoken lines that fill the call to action's window; those in the brand's person first."""

SPOKEN_PADS = ("Here is why.", "Stay with {us}.", "Listen up.", "Let's go.")
"""Short spoken tails that lift a too-short hook into its time window."""

VISUALS = MappingProxyType(
    {
        "hook": (
            "Close-up of {subject} against a {colour} backdrop, quick push-in, bold on-screen text",
            "Fast cut to {subject} on a {colour} surface, hand enters frame, text pops on",
        ),
        "value": (
            "{Subject} shown step by step on a {colour} surface, natural light, hands in frame",
            "Overhead shot of {subject}, {colour} and {colour2} tones, slow pan",
            "Side angle on {subject}, {colour} background, captions for each point",
        ),
        "cta": (
            "{brand} name card in {colour} and {colour2}, website on screen, gentle zoom out",
            "Closing card with {brand} in {colour}, call to action as on-screen text",
        ),
    }
)
"""Visual prompts per beat; ``{colour}``/``{colour2}`` come from the brand palette."""

NEUTRAL_PALETTE = ("soft neutral", "natural wood")
