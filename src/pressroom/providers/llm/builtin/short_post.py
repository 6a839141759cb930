"""Short text posts — Threads, Mastodon, Bluesky, Facebook: the hook, a point or two, the
brand's signature takeaway, its call to action and its hashtags.

Character-limited channels are fitted with the channel's own length measure (the validator's),
so what fits here is what the validator accepts; Facebook, whose limit is far away, aims at
its recommended word range instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from pressroom.platforms import bluesky, facebook, mastodon, threads
from pressroom.platforms.short_post import PostLength, ShortPostDraft
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
from pressroom.providers.llm.builtin.fitting import Line, select_lines
from pressroom.providers.llm.builtin.registers import family
from pressroom.providers.llm.builtin.text import content_tokens

# How much of the limit a post fills: ``post_room`` of it at most (repairs shrink it), and
# it stops adding optional sentences past LENGTH_BASE + LENGTH_SPAN × the direction's length.
LENGTH_BASE, LENGTH_SPAN = 0.45, 0.5
# Facebook's recommended range is aimed at with a margin, so light edits stay inside it.
WORD_MARGIN = 5
MAX_COUNTED_POINTS = 2
ELLIPSIS = "…"
# A short post develops its first point (and its third, when there is one and room); one
# short line in the brand's own voice names the second (``Family.next_point``), so it is
# said once, in a few words, and the post keeps its "we".
DEVELOPED_POINTS = (0, 2)
NAMED_POINT = 1


@dataclass(frozen=True)
class ShortPostFit:
    """How one channel's posts are fitted: its draft model, its length measure and limit, and
    how many of the brand's hashtags it carries."""

    draft: type[ShortPostDraft]
    length: PostLength
    limit: int
    hashtags: int


def compose_threads_post(plan: Plan) -> ShortPostDraft:
    # Threads links only one topic tag per post: more read as clutter.
    limit = plan.rules.max_chars or threads.RULES.max_chars or 0
    return _compose_fitted(
        plan, ShortPostFit(threads.ThreadsPostDraft, threads.post_length, limit, 1)
    )


def compose_mastodon_status(plan: Plan) -> ShortPostDraft:
    limit = plan.rules.max_chars or mastodon.RULES.max_chars or 0
    fit = ShortPostFit(mastodon.MastodonStatusDraft, mastodon.status_length, limit, 3)
    return _compose_fitted(plan, fit)


def compose_bluesky_post(plan: Plan) -> ShortPostDraft:
    limit = plan.rules.max_graphemes or bluesky.RULES.max_graphemes or 0
    return _compose_fitted(
        plan, ShortPostFit(bluesky.BlueskyPostDraft, bluesky.post_length, limit, 2)
    )


def compose_facebook_post(plan: Plan) -> ShortPostDraft:
    """A page post aiming inside the recommended word range (the direction's position in it),
    then — should the hard limit ever bite — fitted to it."""
    low, high = plan.rules.recommended_words or facebook.RULES.recommended_words or (40, 80)
    low, high = (
        (low + WORD_MARGIN, high - WORD_MARGIN) if high - low > 2 * WORD_MARGIN else (low, high)
    )
    target = round(low + plan.direction.length * (high - low))
    chosen = select_lines(_lines(plan, points=_points(plan)), low=low, high=high, target=target)
    draft = facebook.FacebookPostDraft(
        hook_type=plan.hook_type, text=_render(chosen), hashtags=_hashtags(plan, 2)
    )
    limit = plan.rules.max_chars or facebook.RULES.max_chars or 0
    return _cut_to(draft, ShortPostFit(facebook.FacebookPostDraft, facebook.post_length, limit, 2))


def _compose_fitted(plan: Plan, fit: ShortPostFit) -> ShortPostDraft:
    """The required lines, then optional ones by priority while the post stays under its
    room and short of its target; too long even so: fewer hashtags, then a cut."""
    room = int(fit.limit * min(plan.direction.post_room, 1.0))
    target = fit.limit * (LENGTH_BASE + LENGTH_SPAN * plan.direction.length)
    for points in range(_points(plan), 0, -1):
        lines = _lines(plan, points=points)
        chosen = [line for line in lines if line.priority == 0]
        draft = _draft(plan, fit, chosen, _hashtags(plan, fit.hashtags))
        if fit.length(draft.render_text()) <= room:
            break
    for line in sorted((x for x in lines if x.priority), key=lambda x: (x.priority, x.order)):
        if fit.length(draft.render_text()) >= target:
            break
        candidate = _draft(plan, fit, sorted([*chosen, line], key=_place), draft.hashtags)
        if fit.length(candidate.render_text()) <= room:
            chosen, draft = sorted([*chosen, line], key=_place), candidate
    while draft.hashtags and fit.length(draft.render_text()) > room:
        draft = draft.model_copy(update={"hashtags": draft.hashtags[:-1]})
    return _cut_to(draft, fit, room=room)


def _points(plan: Plan) -> int:
    """How many points the post makes: two when the hook announces a count (and the material
    has them), else as many as the fitting keeps (the first is always there)."""
    return max(1, min(len(plan.material.points), MAX_COUNTED_POINTS))


def _lines(plan: Plan, *, points: int) -> list[Line]:
    """Every sentence the post could use: priority 0 is always kept."""
    counted = counts_points(plan)
    body = family(plan.voice.register)
    hook = hook_options(plan, points=points if counted else 1, short=True)[0]
    lines = [
        Line(0, 0, plan.voice.with_emoji(hook), 0),
        Line(0, 1, tone_line(plan), 0),
        Line(0, 2, context_sentences(plan, limit=1)[0], 4),
    ]
    if counted:  # every item the hook announced is there
        lines += [Line(1, 3 * i, counted_point(plan, i), 0) for i in range(points)]
    else:
        lines += _developed(plan, points)
    named = ""
    if not counted and len(plan.material.points) > NAMED_POINT:
        named = plan.fill(plan.pick(body.next_point, "next-point"), offset=NAMED_POINT)
        lines.append(Line(1, 8, named, 0))
    # A requested subject the named point already says needs no sentence of its own.
    wanted = content_tokens(" ".join(plan.material.emphasis))
    emphasis = "" if wanted and wanted <= content_tokens(named) else emphasis_sentence(plan)
    lines += [
        Line(1, 9, emphasis, 0),
        Line(1, 10, plan.fill(plan.pick(body.why_it_matters, "why")), 5),
        Line(2, 0, signature_line(plan), 0),
        Line(2, 1, call_to_action(plan), 0),
        Line(2, 2, closer(plan), 6),
    ]
    return [line for line in lines if line.text]


def _developed(plan: Plan, points: int) -> list[Line]:
    """Lead and follow-up of the developed points (optional, the first most needed)."""
    lines: list[Line] = []
    available = len(plan.material.points)
    for rank, index in enumerate(i for i in DEVELOPED_POINTS[:points] if i < available):
        lead, follow = point_sentences(plan, index)
        lines += [Line(1, 3 * rank, lead, 1 + rank), Line(1, 3 * rank + 1, follow, 3 + rank)]
    return lines


def _place(line: Line) -> tuple[int, int]:
    return line.paragraph, line.order


def _hashtags(plan: Plan, wanted: int) -> list[str]:
    cap = plan.direction.hashtag_cap
    limit = wanted if cap is None else min(wanted, cap)
    if plan.rules.max_hashtags is not None:
        limit = min(limit, plan.rules.max_hashtags)
    return ranked_hashtags(plan, limit=limit)


def _draft(plan: Plan, fit: ShortPostFit, lines: list[Line], tags: list[str]) -> ShortPostDraft:
    return fit.draft.model_validate(
        {"hook_type": plan.hook_type, "text": _render(lines), "hashtags": tags}
    )


def _render(lines: list[Line]) -> str:
    """Paragraphs separated by a blank line; counted items one to a line."""
    paragraphs = []
    for _, group in groupby(lines, key=lambda line: line.paragraph):
        texts = [line.text for line in group]
        counted = texts[0][:1].isdigit() and len(texts) > 1
        paragraphs.append("\n".join(texts) if counted else " ".join(texts))
    return "\n\n".join(paragraphs)


def _cut_to(draft: ShortPostDraft, fit: ShortPostFit, *, room: int | None = None) -> ShortPostDraft:
    """``draft`` with its text cut at a word (with an ellipsis) until it fits ``room`` (the
    channel's limit by default) — the last resort for material too long to fit."""
    room = fit.limit if room is None else room
    if fit.length(draft.render_text()) <= room:
        return draft
    words = draft.text.split(" ")
    while len(words) > 1:
        words.pop()
        text = " ".join(words).rstrip(" ,;:.\n") + ELLIPSIS
        cut = draft.model_copy(update={"text": text})
        if fit.length(cut.render_text()) <= room:
            return cut
    return draft.model_copy(update={"text": draft.text[: max(room // 2, 1)], "hashtags": []})
