"""LinkedIn post: hook, context, points, the brand's principle and signature takeaway, then a
closing line and the call to action — fitted to the channel's word range."""

from __future__ import annotations

from itertools import groupby

from pressroom.platforms.drafts import LinkedInPostDraft
from pressroom.providers.llm.builtin import patterns
from pressroom.providers.llm.builtin.compose import (
    Plan,
    audience_sentence,
    call_to_action,
    closer,
    context_sentences,
    counted_point,
    counts_points,
    emphasis_sentence,
    hook_options,
    point_sentences,
    principle_line,
    ranked_hashtags,
    signature_line,
    tone_line,
)
from pressroom.providers.llm.builtin.fitting import Line, select_lines
from pressroom.providers.llm.builtin.registers import family
from pressroom.providers.llm.builtin.text import calm

MIN_WORDS, MAX_WORDS = 150, 300
LOW_MARGIN, HIGH_MARGIN = 10, 15
DEFAULT_HASHTAGS = 4
MAX_POINTS = 4
FILLER_PRIORITY = 6
MAX_EXCLAMATIONS = 2
"""Exclamation marks a post keeps for a brand whose examples exclaim (the professional tone
lint allows two); other brands' posts keep none."""
# Where the direction's length position aims inside the word range: posts read best well
# below LinkedIn's maximum, so the default aims near 200 words.
PREFERRED_HIGH = 235
LIST_PARAGRAPH = 2


def compose_post(plan: Plan) -> LinkedInPostDraft:
    """Write the post, aiming at the direction's position inside the word range."""
    lines = _lines(plan)
    low, high = _word_range(plan)
    target = round(low + plan.direction.length * (min(high, PREFERRED_HIGH) - low))
    kept = MAX_EXCLAMATIONS if plan.voice.exclaims else 0
    text = calm(_render(select_lines(lines, low=low, high=high, target=target)), exclamations=kept)
    limit = min(plan.rules.max_hashtags or DEFAULT_HASHTAGS, DEFAULT_HASHTAGS)
    if plan.direction.hashtag_cap is not None:
        limit = min(limit, plan.direction.hashtag_cap)
    return LinkedInPostDraft(
        hook_type=plan.hook_type, text=text, hashtags=ranked_hashtags(plan, limit=limit)
    )


def _word_range(plan: Plan) -> tuple[int, int]:
    low = (plan.rules.min_words or MIN_WORDS) + LOW_MARGIN
    high = (plan.rules.max_words or MAX_WORDS) - HIGH_MARGIN
    return (low, high) if low <= high else (high, high)


def _lines(plan: Plan) -> list[Line]:
    """Every sentence the post could use; priorities decide which make the cut."""
    listed = counts_points(plan)
    points = min(len(plan.material.points), 3 if listed else MAX_POINTS)
    context = context_sentences(plan)
    lines = [
        Line(0, 0, plan.voice.with_emoji(hook_options(plan, points=points)[0]), 0),
        Line(0, 1, tone_line(plan), 0),
        Line(1, 0, context[0], 0),
        *(Line(1, 1 + i, sentence, 2) for i, sentence in enumerate(context[1:])),
        Line(1, 5, plan.fill(plan.pick(family(plan.voice.register).why_it_matters, "why")), 1),
        Line(1, 6, emphasis_sentence(plan), 0),
        *(_listed_points(plan, points) if listed else _prose_points(plan, points)),
        Line(3, 0, principle_line(plan), 2),
        *(Line(3, 10 + i, filler, FILLER_PRIORITY + i) for i, filler in enumerate(_fillers(plan))),
        Line(3, 20, signature_line(plan), 0),
        # A variant's closing line is part of what its A/B test compares.
        Line(4, 0, closer(plan), 0 if plan.tone else 2),
        Line(4, 1, call_to_action(plan), 0),
        Line(1, 7, _source_line(plan), 3),
    ]
    return [line for line in lines if line.text]


def _source_line(plan: Plan) -> str:
    links = plan.material.links
    return patterns.SOURCE_LINE.format(link=links[0]) if links else ""


def _listed_points(plan: Plan, points: int) -> list[Line]:
    """Numbered items (list hooks) or steps (how-to hooks): all kept, so the count the hook
    announces is the count the reader gets."""
    lines = []
    for i in range(points):
        lines.append(Line(LIST_PARAGRAPH, i, counted_point(plan, i), 0))
        # The list stays a list: what the items mean for the audience follows it.
        lines.append(Line(LIST_PARAGRAPH + 1, 1 + i, audience_sentence(plan, i), 3))
    return lines


def _prose_points(plan: Plan, points: int) -> list[Line]:
    lines = []
    for i in range(points):
        lead, follow = point_sentences(plan, i)
        lead_priority = 0 if i == 0 else 1 if i < 2 else 3
        lines += [
            Line(LIST_PARAGRAPH, 3 * i, lead, lead_priority),
            Line(LIST_PARAGRAPH, 3 * i + 1, follow, lead_priority + 1),
            Line(LIST_PARAGRAPH, 3 * i + 2, audience_sentence(plan, i), lead_priority + 2),
        ]
    return lines


def _fillers(plan: Plan) -> list[str]:
    return plan.dice.shuffled(family(plan.voice.register).fillers, "fillers")


def _render(lines: list[Line]) -> str:
    paragraphs = []
    for paragraph, group in groupby(lines, key=lambda x: x.paragraph):
        texts = [line.text for line in group]
        is_list = paragraph == LIST_PARAGRAPH and texts[0][:1].isdigit()
        paragraphs.append("\n".join(texts) if is_list else " ".join(texts))
    return "\n\n".join(paragraphs)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
