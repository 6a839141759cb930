"""Hooks: how an idea opens. Candidates are classified by type, scored and shortlisted; the
chosen one becomes the idea's hook and the shortlist (the chosen first, with each one's
rationale) is stored with the idea, so reviewers see the alternatives and learning can
compare hook types (docs/BUILTIN_WRITER.md "Hooks").

Every rule here is deterministic and documented; the built-in writer and the model writers'
hooks go through the same classification and scoring."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from pressroom.platforms.drafts import HookType

SHORTLIST = 3
"""How many candidates are kept per idea: the chosen hook and the two best others."""

IDEAL_WORDS = (6, 16)
"""Hooks of this many words read in one glance; shorter ones say little, longer ones are
sentences rather than openings."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBER = re.compile(r"\d")
_LIST_OPENING = re.compile(
    r"^\s*(?:(?:\d+|two|three|four|five|six|seven|ten)\s+\w+|(?:a short|quick) list\b)", re.I
)
_HOW_TO = re.compile(
    r"^\s*(?:how\b|a (?:practical|quick|short) guide\b)|\bstep by step\b|\bin \d+ steps\b",
    re.I,
)
_CONTRARIAN = re.compile(
    r"\b(?:unpopular opinion|overrated|forget|myth|stop|wrong|misread|undersell|not so fast|"
    r"skip the hype|the real story|nobody tells you)\b",
    re.I,
)
_STORY = re.compile(
    r"^\s*(?:when (?:we|i)\b|it (?:all )?started\b|this started\b|last (?:year|week|month)\b|"
    r"once\b|(?:we|i) (?:keep|kept|first|remember|used to)\b|here is (?:our|my) .* story\b)"
    r"|\bchanged how (?:we|i) think\b",
    re.I,
)
_STATISTIC = re.compile(r"\d[\d,.]*\s*(?:%|percent|per cent|x\b)|\$\s?\d|€\s?\d|£\s?\d|\b\d{2,}\b")
_NUMBERS_WORDS = re.compile(r"\b(?:numbers?|figures?|by the numbers)\b", re.I)


class HookCandidate(BaseModel):
    """One way an idea could open, with its type, score (0–1) and why it scored so."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1, max_length=400)
    hook_type: HookType
    score: float = Field(ge=0, le=1)
    rationale: str = Field(default="", max_length=500)


def classify_hook(text: str) -> HookType:
    """The type of a hook, read off its wording (first match wins):

    question (ends with "?") · how-to ("How …", "… in 3 steps", "step by step") · list
    (opens with a count, "5 ways …", or "a short list") · statistic (a percentage, an amount,
    a figure of two or more digits, or "by the numbers") · contrarian ("unpopular opinion",
    "forget", "myth", "the real story", …) · story ("When we …", "It started …", "Last year
    …", "changed how we think") · statement."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return HookType.QUESTION
    if _HOW_TO.search(stripped):
        return HookType.HOW_TO
    if _LIST_OPENING.match(stripped):
        return HookType.LIST
    if _STATISTIC.search(stripped) or _NUMBERS_WORDS.search(stripped):
        return HookType.STATISTIC
    if _CONTRARIAN.search(stripped):
        return HookType.CONTRARIAN
    if _STORY.search(stripped):
        return HookType.STORY
    return HookType.STATEMENT


def score_hook(
    text: str,
    hook_type: HookType,
    *,
    key_phrases: Sequence[str] = (),
    weights: Mapping[HookType, float] | None = None,
    banned: Iterable[str] = (),
    taken: Sequence[str] = (),
) -> tuple[float, str]:
    """(score 0–1, rationale) of a hook: the weighted sum of

    - **type preference** (0.3): the learned weight of its type (prompt profile), over the
      heaviest weight;
    - **specificity** (0.3): it names one of the idea's key phrases (1), a word of one (0.5),
      neither (0); a statistic hook must quote a figure (else at most 0.5);
    - **length** (0.2): 1 inside ``IDEAL_WORDS``, falling by 0.1 a word outside;
    - **novelty** (0.2): 1 minus its greatest word overlap (Jaccard, the idea's own phrases
      left out) with a hook already chosen (``taken``): a run does not open twice alike.

    A hook with a banned phrase scores 0."""
    lowered = text.casefold()
    if any(phrase.casefold() in lowered for phrase in banned if phrase.strip()):
        return 0.0, "uses a phrase the brand bans"
    weights = weights or {}
    heaviest = max([1.0, *weights.values()])
    preference = weights.get(hook_type, 1.0) / heaviest
    words = len(_WORD.findall(text))
    low, high = IDEAL_WORDS
    distance = low - words if words < low else max(0, words - high)
    length = max(0.0, 1.0 - 0.1 * distance)
    phrase_words = {w for p in key_phrases for w in _WORD.findall(p.casefold())}
    named = [p for p in key_phrases if p.strip() and p.casefold() in lowered]
    own = set(_WORD.findall(lowered))
    specificity = 1.0 if named else 0.5 if own & phrase_words else 0.0
    if hook_type is HookType.STATISTIC and not _NUMBER.search(text):
        specificity = min(specificity, 0.5)
    overlap = max((_overlap(own - phrase_words, other, phrase_words) for other in taken), default=0)
    novelty = 1.0 - overlap
    score = round(0.3 * preference + 0.3 * specificity + 0.2 * length + 0.2 * novelty, 4)
    reasons = [
        f"{hook_type.value.replace('_', '-')} hook (type weight {preference:.2f})",
        f"names “{named[0]}”"
        if named
        else "touches the idea's phrases"
        if specificity
        else "names none of the idea's phrases",
        f"{words} words" + ("" if distance == 0 else f", {distance} outside {low}–{high}"),
    ]
    if overlap:
        reasons.append(f"{overlap:.0%} like a hook already chosen")
    return score, "; ".join(reasons)


def _overlap(words: set[str], other: str, phrase_words: set[str]) -> float:
    theirs = set(_WORD.findall(other.casefold())) - phrase_words
    union = words | theirs
    return len(words & theirs) / len(union) if union else 0.0


def candidate(
    text: str,
    *,
    hook_type: HookType | None = None,
    key_phrases: Sequence[str] = (),
    weights: Mapping[HookType, float] | None = None,
    banned: Iterable[str] = (),
    taken: Sequence[str] = (),
) -> HookCandidate:
    """``text`` as a scored candidate (its type classified when not given)."""
    kind = hook_type or classify_hook(text)
    score, rationale = score_hook(
        text, kind, key_phrases=key_phrases, weights=weights, banned=banned, taken=taken
    )
    return HookCandidate(text=text, hook_type=kind, score=score, rationale=rationale)


def shortlist(
    candidates: Sequence[HookCandidate], *, hook_type: HookType, keep: int = SHORTLIST
) -> list[HookCandidate]:
    """The best candidate of ``hook_type`` (the idea's type: ideas of a run differ in type so
    learning can compare them), then the best others, one per other type, ``keep`` in all.
    Ties go to the earlier candidate. Empty when there are no candidates."""
    ranked = sorted(enumerate(candidates), key=lambda pair: (-pair[1].score, pair[0]))
    ordered = [c for _, c in ranked]
    chosen = next((c for c in ordered if c.hook_type is hook_type), None)
    kept = [chosen] if chosen is not None else []
    for other in ordered:
        if len(kept) >= keep:
            break
        if all(other.hook_type is not k.hook_type and other.text != k.text for k in kept):
            kept.append(other)
    return kept
