"""Everything the scorer judges by, kept as data in one place: decision thresholds, safety
lints and their penalties, readability targets, engagement priors and the calibration of
brand alignment. ``docs/SCORING.md`` explains each number; change both together and bump
``SCORER_VERSION`` so stored cards say which rules produced them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType

from pressroom.platforms.drafts import HookType
from pressroom.scoring.schemas import AlignmentBackend

SCORER_VERSION = "1.1"
"""Version of these rules and the scoring code; with the alignment backend it makes the
``scorer_version`` stored on every score card (:func:`scorer_version`)."""

ALIGNMENT_BACKEND_TAGS: MappingProxyType[AlignmentBackend, str] = MappingProxyType(
    {
        AlignmentBackend.LEXICAL: "lexical",
        AlignmentBackend.EMBEDDINGS: "minilm-l6-v2",
    }
)
"""How a card's ``scorer_version`` names the backend (and model) that scored alignment."""


def scorer_version(backend: AlignmentBackend) -> str:
    """The version stored on a card, e.g. ``1.1+lexical`` or ``1.1+minilm-l6-v2`` (at most
    32 characters, the width of the column)."""
    return f"{SCORER_VERSION}+{ALIGNMENT_BACKEND_TAGS[backend]}"


# --- decision ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionThresholds:
    """When a card says approve, review or reject.

    Reject: any blocking finding (restricted term, strong profanity) or safety below
    ``reject_below_safety``. Approve: composite ≥ ``approve_min_composite`` and no safety
    finding at all (so safety is 1.0). Anything else: review.
    """

    reject_below_safety: float = 0.5
    approve_min_composite: float = 0.7


THRESHOLDS = DecisionThresholds()


# --- safety -----------------------------------------------------------------------------


class Severity(StrEnum):
    """What a safety finding does to the decision."""

    BLOCK = "block"  # the card rejects the piece
    REVIEW = "review"  # the card cannot approve the piece; a person decides


class FindingCode(StrEnum):
    """Stable codes of safety findings (shown in ``details.safety.findings``)."""

    RESTRICTED_TERM = "restricted_term"
    PROFANITY = "profanity"
    MILD_PROFANITY = "mild_profanity"
    HEALTH_CLAIM = "health_claim"
    ABSOLUTE_CLAIM = "absolute_claim"
    UNSOURCED_CLAIM = "unsourced_claim"
    ENGAGEMENT_BAIT = "engagement_bait"
    MISSING_DISCLOSURE = "missing_disclosure"


@dataclass(frozen=True)
class FindingRule:
    """Severity and safety penalty of one kind of finding, and how a reason names it."""

    severity: Severity
    penalty: float
    reason: str  # formatted with ``term``


FINDING_RULES: MappingProxyType[FindingCode, FindingRule] = MappingProxyType(
    {
        FindingCode.RESTRICTED_TERM: FindingRule(
            Severity.BLOCK, 0.6, "Mentions restricted term '{term}' (brand rule)"
        ),
        FindingCode.PROFANITY: FindingRule(Severity.BLOCK, 0.6, "Contains profanity '{term}'"),
        FindingCode.MILD_PROFANITY: FindingRule(
            Severity.REVIEW, 0.3, "Contains mild profanity '{term}': check it suits the brand"
        ),
        FindingCode.HEALTH_CLAIM: FindingRule(
            Severity.REVIEW, 0.35, "Makes a health promise ('{term}') that needs evidence"
        ),
        FindingCode.ABSOLUTE_CLAIM: FindingRule(
            Severity.REVIEW,
            0.2,
            "Makes an absolute or superlative claim ('{term}') that cannot be verified",
        ),
        FindingCode.UNSOURCED_CLAIM: FindingRule(
            Severity.REVIEW, 0.2, "Cites authority ('{term}') without a link to the source"
        ),
        FindingCode.ENGAGEMENT_BAIT: FindingRule(
            Severity.REVIEW, 0.2, "Engagement bait ('{term}') that platforms demote"
        ),
        FindingCode.MISSING_DISCLOSURE: FindingRule(
            Severity.REVIEW,
            0.3,
            "Mentions a paid relationship ('{term}') without a disclosure "
            "such as #ad, #sponsored or 'Paid partnership'",
        ),
    }
)


@dataclass(frozen=True)
class Lint:
    """A pattern that flags a claim or a policy problem."""

    code: FindingCode
    pattern: re.Pattern[str]


def _lint(code: FindingCode, pattern: str) -> Lint:
    return Lint(code, re.compile(pattern, re.IGNORECASE))


_AILMENTS = (
    r"(?:cancer|diabetes|diseases?|depression|anxiety|arthritis|alzheimer'?s|dementia|"
    r"infections?|inflammation|insomnia|headaches?|migraines?|illness(?:es)?|the flu|colds?)"
)

CLAIM_LINTS: tuple[Lint, ...] = (
    _lint(
        FindingCode.HEALTH_CLAIM,
        rf"\b(?:cures?|heals?|treats?|prevents?|reverses?|fights?)\s+(?:\w+\s+){{0,2}}?"
        rf"{_AILMENTS}\b",
    ),
    _lint(
        FindingCode.HEALTH_CLAIM,
        r"\b(?:boosts?|strengthens?|supercharges?)\s+(?:your\s+)?"
        r"(?:immune\s+system|immunity|metabolism)\b",
    ),
    _lint(FindingCode.HEALTH_CLAIM, r"\b(?:burns?|melts?)\s+(?:belly\s+)?fat\b"),
    _lint(FindingCode.HEALTH_CLAIM, r"\b(?:lose|losing)\s+weight\b|\bweight[- ]loss\b"),
    _lint(FindingCode.HEALTH_CLAIM, r"\bdetox(?:es|ify|ifies|ifying|ification)?\b"),
    _lint(FindingCode.HEALTH_CLAIM, r"\banti-?(?:aging|ageing|cancer|inflammatory)\b"),
    _lint(FindingCode.HEALTH_CLAIM, r"\bclinically\s+(?:proven|tested)\b"),
    _lint(
        FindingCode.HEALTH_CLAIM,
        r"\b(?:lowers?|reduces?)\s+(?:your\s+)?(?:blood\s+pressure|cholesterol|"
        r"blood\s+sugar|risk\s+of\s+\w+)\b",
    ),
    _lint(FindingCode.ABSOLUTE_CLAIM, r"\bguarantee[sd]?\b"),
    _lint(FindingCode.ABSOLUTE_CLAIM, r"(?<![\w.])100\s?%|\bone\s+hundred\s+percent\b"),
    _lint(FindingCode.ABSOLUTE_CLAIM, r"\bbest\s+(?:\w+\s+){0,3}?in\s+the\s+world\b"),
    _lint(
        FindingCode.ABSOLUTE_CLAIM,
        r"\bworld'?s\s+(?:best|finest|greatest|number\s+one)\b|\bbest\s+ever\b",
    ),
    _lint(FindingCode.ABSOLUTE_CLAIM, r"\bnumber\s+one\b|\bno\.\s?1\b"),
    _lint(
        FindingCode.ABSOLUTE_CLAIM,
        r"\bnever\s+fails?\b|\balways\s+works\b|\bperfect\s+every\s+time\b",
    ),
    _lint(FindingCode.ABSOLUTE_CLAIM, r"\brisk[- ]free\b|\bno\s+side\s+effects\b"),
    _lint(FindingCode.ABSOLUTE_CLAIM, r"\b(?:scientifically\s+)?proven\s+to\b"),
    _lint(
        FindingCode.UNSOURCED_CLAIM,
        r"\b(?:studies|research|science|scientists|researchers|experts|doctors)\s+"
        r"(?:show|shows|showed|prove|proves|proved|say|says|said|agree|confirm|confirms|"
        r"found)\b",
    ),
    _lint(
        FindingCode.UNSOURCED_CLAIM,
        r"\baccording\s+to\s+(?:studies|research|science|scientists|experts|doctors)\b",
    ),
    _lint(
        FindingCode.UNSOURCED_CLAIM,
        r"\b\d+\s+(?:out\s+of|in)\s+\d+\s+\w+\s+(?:recommend|agree|prefer)\w*",
    ),
)
"""Unverifiable claims. ``UNSOURCED_CLAIM`` only counts when the piece has no link."""

ENGAGEMENT_BAIT: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\blike\s+(?:and|&|\+)\s+(?:share|retweet|repost)\b",
        r"\b(?:like|share|comment|retweet|repost)\s+if\s+you\b",
        r"\btag\s+(?:\w+\s+){0,2}?(?:friends?|someone|people|your\s+\w+)\b",
        r"\bcomment\s+['\"“]?(?:yes|amen|below\s+to\s+win)\b",
        r"\bshare\s+(?:this\s+)?with\s+\d+\s+(?:friends|people)\b",
        r"\bsmash\s+(?:that|the)\s+like\b",
        r"\b(?:follow|like)\s+(?:and|&)\s+(?:share|tag|comment)\b",
        r"\bvote\s+(?:by|with)\s+(?:liking|reacting|a\s+reaction)\b",
    )
)
"""Platform policy: posts that ask for likes, shares or tags to game reach."""

DISCLOSURE_TRIGGERS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bsponsor(?:ed|s|ship)?\b",
        r"\bpaid\s+(?:partnership|promotion|post|collaboration|ad|content|by)\b",
        r"\baffiliate\b",
        r"\bin\s+(?:collaboration|partnership)\s+with\b",
        r"\bpartnered\s+with\b",
        r"\bbrand\s+partner(?:ship)?\b",
        r"(?<![\w#])#(?:partner|collab|gifted)\b",
        r"\bgifted\s+by\b",
    )
)
"""Words that say a post is paid for, sponsored or earns a commission."""

DISCLOSURE_MARKERS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"(?<![\w#])#(?:ad|advert|advertisement|sponsored|paidpartnership|werbung|anzeige)\b",
        r"\bpaid\s+partnership\b",
        r"\badvertisement\b",
    )
)
"""Disclosures that satisfy the FTC / ASA / EU rules for paid content."""

LINK = re.compile(r"https?://\S+|\bwww\.\S+|\blink\s+in\s+(?:bio|the\s+comments?)\b", re.IGNORECASE)
"""What counts as pointing to a source for an authority claim."""


@cache
def profanity(level: str) -> tuple[str, ...]:
    """The shipped profanity list ``level`` (``severe`` or ``mild``): one term per line,
    ``#`` starts a comment."""
    text = (resources.files("pressroom.scoring") / "data" / f"profanity-{level}.txt").read_text(
        encoding="utf-8"
    )
    terms = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(term for term in terms if term)


# --- brand alignment --------------------------------------------------------------------


@dataclass(frozen=True)
class AlignmentCalibration:
    """How the similarity to the brand's texts and the voice signals make the brand
    alignment score.

    Either backend's raw similarity is the mean of the cosine to the brand centroid and to
    the closest brand text. Lexical (TF-IDF) raw is mapped to ``1 - exp(-raw /
    lexical_scale)``: unrelated text (raw ≈ 0.01) scores ≈ 0.1, text in the brand's own words
    (raw ≥ 0.25) ≥ 0.87. Sentence-embedding cosines never fall to 0 for unrelated English
    (all-MiniLM-L6-v2 gives it 0.05–0.2), so embedding raw is mapped linearly from
    ``embedding_floor`` (score 0) to ``embedding_ceiling`` (score 1): unrelated text scores
    0–0.1, text on the brand's subjects about 0.5–0.8 and text in its own voice 0.9–1.
    """

    lexical_scale: float = 0.12
    embedding_floor: float = 0.15
    embedding_ceiling: float = 0.65
    embedding_chunk_words: int = 120  # longer texts are embedded in parts (model reads 256 tokens)
    similarity_weight: float = 0.7
    signature_weight: float = 0.15
    person_weight: float = 0.15
    shared_terms_shown: int = 5
    close_match: float = 0.75  # reasons call alignment at or above this "close"
    weak_match: float = 0.45  # … and below this "weak"


ALIGNMENT = AlignmentCalibration()

PERSON_PRONOUNS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "we": frozenset(
            {"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll", "we'd"}
        ),
        "i": frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd"}),
        "you": frozenset(
            {"you", "your", "yours", "yourself", "you're", "you've", "you'll", "you'd"}
        ),
    }
)
"""Pronouns of each grammatical person a voice profile's ``person`` can name."""

PERSON_ALIASES: MappingProxyType[str, str] = MappingProxyType(
    {
        "we": "we",
        "first person plural": "we",
        "i": "i",
        "first person": "i",
        "first person singular": "i",
        "you": "you",
        "second person": "you",
    }
)

CONFLICTING_PERSON: MappingProxyType[str, str] = MappingProxyType({"we": "i", "i": "we"})
"""Which person contradicts a brand's voice (a "we" brand should not say "I")."""


# --- readability ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadabilityTarget:
    """What reads well on a channel: a Flesch–Kincaid grade band and a minimum Flesch
    reading ease. Inside the band and at or above the ease the score is 1."""

    grade_low: float
    grade_high: float
    min_ease: float


READABILITY_TARGETS: MappingProxyType[str, ReadabilityTarget] = MappingProxyType(
    {
        "linkedin": ReadabilityTarget(grade_low=5, grade_high=10, min_ease=50),
        "x": ReadabilityTarget(grade_low=3, grade_high=8, min_ease=60),
        "instagram-reel": ReadabilityTarget(grade_low=2, grade_high=7, min_ease=65),
    }
)


def norms_channel(channel: str) -> str:
    """The channel whose norms score ``channel``: itself when the tables here state its
    own, else the one its registry entry borrows from (``Channel.scored_like``)."""
    if channel in READABILITY_TARGETS:
        return channel
    from pressroom.platforms.channels import CHANNELS

    borrowed = CHANNELS[channel].scored_like if channel in CHANNELS else ""
    return borrowed if borrowed in READABILITY_TARGETS else "linkedin"


GRADES_TO_ZERO_ABOVE = 10.0  # grades above the band after which the grade part is 0
GRADES_TO_FLOOR_BELOW = 10.0  # grades below the band after which the grade part is at its floor
GRADE_FLOOR_BELOW = 0.7  # plain text is never bad, only a little flat for the channel
EASE_POINTS_TO_ZERO = 60.0  # reading-ease points under the minimum after which ease part is 0


# --- predicted engagement ---------------------------------------------------------------

CHANNEL_BENCHMARK_RATE: MappingProxyType[str, float] = MappingProxyType(
    {
        "linkedin": 0.035,
        "x": 0.010,
        "instagram-reel": 0.025,
    }
)
"""A typical engagement rate per channel (by impressions). A predicted rate equal to it
scores 0.5: the score is ``rate / (rate + benchmark)``."""

_NEUTRAL_HOOKS = {hook: 1.0 for hook in HookType}

HOOK_LIFT: MappingProxyType[str, MappingProxyType[HookType, float]] = MappingProxyType(
    {
        "linkedin": MappingProxyType(
            {
                **_NEUTRAL_HOOKS,
                HookType.STORY: 1.2,
                HookType.QUESTION: 1.1,
                HookType.STATISTIC: 1.1,
                HookType.CONTRARIAN: 1.1,
                HookType.HOW_TO: 1.05,
                HookType.LIST: 1.05,
                HookType.STATEMENT: 0.9,
            }
        ),
        "x": MappingProxyType(
            {
                **_NEUTRAL_HOOKS,
                HookType.CONTRARIAN: 1.2,
                HookType.QUESTION: 1.15,
                HookType.STATISTIC: 1.1,
                HookType.LIST: 1.1,
                HookType.HOW_TO: 1.05,
                HookType.STORY: 1.0,
                HookType.STATEMENT: 0.9,
            }
        ),
        "instagram-reel": MappingProxyType(
            {
                **_NEUTRAL_HOOKS,
                HookType.STORY: 1.2,
                HookType.HOW_TO: 1.15,
                HookType.QUESTION: 1.1,
                HookType.LIST: 1.05,
                HookType.CONTRARIAN: 1.05,
                HookType.STATISTIC: 1.0,
                HookType.STATEMENT: 0.9,
            }
        ),
    }
)
"""How much more (or less) a hook type engages than the channel's benchmark, before the
brand has history of its own."""

SEGMENT_PSEUDO_COUNT = 20.0
"""k in the weight n / (n + k) of the brand's own (channel, hook type) mean."""

BRAND_PSEUDO_COUNT = 30.0
"""k in the weight n / (n + k) of the brand's overall lift over the priors."""

FIT_MIN_PIECES = 30
"""Measured pieces (with a known hook type) from which the brand's own fitted model predicts
engagement instead of the prior."""

FIT_RIDGE_PENALTY = 10.0
"""λ of the fitted model's ridge penalty: a channel, hook type or length seen in n pieces moves
the prediction about n / (n + λ) of the way to what those pieces showed."""

RATE_FLOOR = 0.001
"""Added to every rate before its logarithm is taken, so pieces without engagement count."""

LENGTH_BUCKET_WORDS: MappingProxyType[str, tuple[int, int]] = MappingProxyType(
    {
        "linkedin": (80, 180),
        "x": (40, 120),
        "instagram-reel": (60, 110),
    }
)
"""Words of a piece's read or spoken text: fewer than the first is short, more than the
second long, anything between medium."""
