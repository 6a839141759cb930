"""How a repair or a revision changes the next draft: the validator's problems and a person's
feedback read into a few knobs (length, hashtags, thread size, hook, emphasis)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pressroom.providers.llm.builtin.phrases import subject_phrases
from pressroom.providers.llm.builtin.text import Restrictions

DEFAULT_LENGTH = 0.45
STEP = 0.25
SHORT_SENTENCE, LONG_SENTENCE = 12, 20

# Ordered from the clearest wording to the vaguest: "too short …, at most 5 s" means longer.
_SIGNS = (
    (
        re.compile(
            r"\b(cut|remove|shorten|shorter|too long|too many|exceeds?|trim|concise|brief|"
            r"tighter|less text|fewer words)\b",
            re.IGNORECASE,
        ),
        -1,
    ),
    (
        re.compile(
            r"\b(add|lengthen|longer|too short|too few|more detail|expand|elaborate|"
            r"deeper|fuller)\b",
            re.IGNORECASE,
        ),
        1,
    ),
    (re.compile(r"\b(at most|over|above|maximum)\b", re.IGNORECASE), -1),
    (re.compile(r"\b(at least|under|below|minimum)\b", re.IGNORECASE), 1),
)
_HOOK_WORDS = re.compile(
    r"\b(hook|opening|opener|intro|start|first line|boring|bland|generic|catchier|punchier|"
    r"different angle)\b",
    re.IGNORECASE,
)
_AT_MOST = re.compile(r"\bat most (\d+)|\blimit is (\d+)|\bmaximum (?:of )?(\d+)", re.IGNORECASE)
_TONE_WORDS = re.compile(r"all-caps|exclamation|emoji|shouting|invalid char", re.IGNORECASE)
_PATH = re.compile(r"^\s*([a-z_]+)(\[\d+\])?(?:\.[\w.\[\]]+)?\s*:\s*")
_PATH_AREAS = {
    "hashtags": "hashtags",
    "scenes": "scenes",
    "caption": "caption",
    "posts": "posts",
    "hook": "hook",
    "cta": "cta",
    "text": "length",
    "value": "length",
}
# Without a path: the first area whose words the message uses (most specific first).
_KEYWORD_AREAS = (
    (("caption",), "caption"),
    (("hashtag",), "hashtags"),
    (("scene",), "scenes"),
    (("character", "weighted"), "post"),
    (("hook",), "hook"),
    (("cta", "call to action"), "cta"),
    (("word", "second", "spoken", "duration"), "length"),
    (("thread", "posts"), "posts"),
)


@dataclass(frozen=True)
class Direction:
    """Where to aim the next draft. Lengths are positions inside the channel's allowed range
    (0 = its minimum, 1 = its maximum), so every direction still obeys the rules."""

    length: float = DEFAULT_LENGTH
    hook_length: float = 0.5
    cta_length: float = 0.4
    post_room: float = 0.92
    posts: int = 0
    hashtag_cap: int | None = None
    extra_scenes: int = 0
    caption_room: float = 1.0
    plain: bool = False
    fresh_hook: bool = False
    emphasis: tuple[str, ...] = ()


def direction_for(
    *,
    problems: Sequence[str],
    feedback: str,
    restrictions: Restrictions,
    sentence_words: int = 16,
) -> Direction:
    """Read validator ``problems`` (repairs) and a reviewer's ``feedback`` (revisions),
    starting from a length that suits the brand's typical sentence length."""
    direction = Direction(length=base_length(sentence_words))
    for problem in problems:
        direction = _apply_problem(direction, problem)
    if feedback.strip():
        direction = _apply_feedback(direction, feedback, restrictions)
    return direction


def base_length(sentence_words: int) -> float:
    """Where drafts aim by default: brands that write short sentences get shorter pieces,
    brands that write long ones fuller pieces."""
    if sentence_words <= SHORT_SENTENCE:
        return DEFAULT_LENGTH - STEP / 2
    if sentence_words >= LONG_SENTENCE:
        return DEFAULT_LENGTH + STEP / 2
    return DEFAULT_LENGTH


def _sign(text: str) -> int:
    """-1 when ``text`` asks for less, 1 for more, 0 when it does not say."""
    return next((sign for pattern, sign in _SIGNS if pattern.search(text)), 0)


def _move(position: float, sign: int) -> float:
    return min(0.95, max(0.0, position + sign * STEP))


def _apply_problem(direction: Direction, problem: str) -> Direction:
    area, body = _area(problem)
    sign = _sign(body)
    match area:
        case "hashtags":
            return replace(direction, hashtag_cap=_limit(body, direction.hashtag_cap))
        case "scenes":
            return replace(direction, extra_scenes=direction.extra_scenes + 1)
        case "caption":
            return replace(direction, caption_room=direction.caption_room * 0.7)
        case "tone":
            return replace(direction, plain=True)
        case "post":
            room = direction.post_room * 0.8
            return replace(direction, post_room=room, posts=direction.posts + 1)
        case "posts":
            return replace(direction, posts=direction.posts + (sign or 1))
        case "hook":
            return replace(direction, hook_length=_move(direction.hook_length, sign))
        case "cta":
            return replace(direction, cta_length=_move(direction.cta_length, sign))
    return replace(direction, length=_move(direction.length, sign))


def _area(problem: str) -> tuple[str, str]:
    """Which part of the draft a problem is about, and its message. Validators prefix the
    part's path (``posts[2]: …``); without one the message's wording decides."""
    match = _PATH.match(problem)
    body = problem[match.end() :] if match else problem
    if _TONE_WORDS.search(body):
        return "tone", body
    if match and match.group(1) in _PATH_AREAS:
        name = match.group(1)
        return ("post" if name == "posts" and match.group(2) else _PATH_AREAS[name]), body
    lowered = body.casefold()
    area = next(
        (name for words, name in _KEYWORD_AREAS if any(w in lowered for w in words)), "length"
    )
    return area, body


def _limit(problem: str, current: int | None) -> int:
    """The limit a problem quotes ("at most 5"), tightened by one on each repeat."""
    found = [int(n) for match in _AT_MOST.finditer(problem) for n in match.groups() if n]
    limit = min(found) if found else 3
    return max(0, min(limit, current - 1) if current is not None else limit)


def _apply_feedback(direction: Direction, feedback: str, restrictions: Restrictions) -> Direction:
    sign = _sign(feedback)
    emphasis = tuple(phrase for phrase in subject_phrases(feedback) if restrictions.allows(phrase))
    fresh_hook = bool(_HOOK_WORDS.search(feedback)) or (sign == 0 and not emphasis)
    return replace(
        direction,
        length=_move(direction.length, sign) if sign else direction.length,
        post_room=direction.post_room * (0.8 if sign < 0 else 1.0),
        posts=direction.posts + sign,
        emphasis=emphasis,
        fresh_hook=fresh_hook,
    )
