"""X thread: an opening post with the hook and context, one post per point, and a closing post
with the takeaway, call to action, website and hashtags — each post inside X's weighted
length (URLs count 23, CJK and emoji 2)."""

from __future__ import annotations

from pressroom.platforms.drafts import XThreadDraft
from pressroom.providers.llm.builtin.compose import (
    Plan,
    call_to_action,
    closer,
    context_sentences,
    counted_point,
    counts_points,
    emphasis_sentence,
    hook_options,
    point_sentences,
    ranked_hashtags,
    signature_line,
    tone_line,
)
from pressroom.providers.llm.builtin.registers import family
from pressroom.providers.llm.builtin.text import weighted_length

MAX_WEIGHTED = 280
MIN_POSTS, MAX_POSTS = 2, 5
THREAD_HASHTAGS = 2


def compose_thread(plan: Plan) -> XThreadDraft:
    """Write the thread: as many posts as the material and direction call for."""
    total = _post_count(plan)
    room = int((plan.rules.max_weighted_length or MAX_WEIGHTED) * plan.direction.post_room)
    middle = total - 2
    hook = plan.voice.with_emoji(hook_options(plan, points=max(middle, 1))[0])
    posts = [
        _fit([hook, tone_line(plan), *_opening_extras(plan)], room=room, suffix=_number(1, total)),
        *(
            _fit(_point(plan, i, first=i == 0), room=room, suffix=_number(i + 2, total))
            for i in range(middle)
        ),
        _fit(_closing(plan, middle), room=room, suffix=_number(total, total), tail=_tags(plan)),
    ]
    return XThreadDraft(hook_type=plan.hook_type, posts=posts)


def _post_count(plan: Plan) -> int:
    low = max(MIN_POSTS, plan.rules.thread_min_posts or MIN_POSTS)
    high = min(MAX_POSTS, plan.rules.thread_max_posts or MAX_POSTS)
    wanted = 2 + min(len(plan.material.points), 2) + plan.direction.posts
    return max(low, min(high, wanted, low + 3)) if low <= high else high


def _number(index: int, total: int) -> str:
    return f" {index}/{total}"


def _opening_extras(plan: Plan) -> list[str]:
    context = context_sentences(plan, limit=1)
    return [*context, plan.fill(plan.pick(family(plan.voice.register).why_it_matters, "why"))]


def _point(plan: Plan, index: int, *, first: bool) -> list[str]:
    """One point post: the numbered item or step when the hook announced a count."""
    emphasis = [emphasis_sentence(plan)] if first and plan.material.emphasis else []
    if counts_points(plan):
        return [counted_point(plan, index), *emphasis]
    lead, follow = point_sentences(plan, index)
    return [lead, *emphasis, follow]


def _closing(plan: Plan, points: int) -> list[str]:
    """Takeaway and call to action; when the thread has no point posts, the first point is
    folded in here so the thread still says something concrete."""
    sentences = [] if points else point_sentences(plan, 0)[:1]
    return [*sentences, signature_line(plan), call_to_action(plan), closer(plan)]


def _tags(plan: Plan) -> str:
    cap = plan.direction.hashtag_cap
    limit = THREAD_HASHTAGS if cap is None else min(THREAD_HASHTAGS, cap)
    return " ".join(f"#{tag}" for tag in ranked_hashtags(plan, limit=limit))


def _fit(sentences: list[str], *, room: int, suffix: str, tail: str = "") -> str:
    """The first sentence (shortened when it alone is too long), then each further sentence
    that still fits, in order; ``tail`` (hashtags) is kept room for after the first
    sentence and goes last."""
    text = _shorten(sentences[0], room=room - weighted_length(suffix))
    ending = (
        f" {tail}{suffix}" if tail and weighted_length(f"{text} {tail}{suffix}") <= room else suffix
    )
    for sentence in sentences[1:]:
        candidate = f"{text} {sentence}"
        if weighted_length(candidate + ending) <= room:
            text = candidate
    return text + ending


def _shorten(sentence: str, *, room: int) -> str:
    """``sentence`` cut at a word (or, for text without spaces, a character) with an ellipsis
    until it fits ``room``."""
    if weighted_length(sentence) <= room:
        return sentence
    words = sentence.split()
    while len(words) > 1 and weighted_length(" ".join(words) + "…") > room:
        words.pop()
    text = " ".join(words)
    while text and weighted_length(text + "…") > room:
        text = text[:-1]
    return text.rstrip(" ,;:.") + "…"
