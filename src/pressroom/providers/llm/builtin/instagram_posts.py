"""Instagram feed post and carousel: an image (or slides) in the brand's palette with alt text,
and a caption of the piece's hook, points, signature and call to action with ranked hashtags.

Everything said comes from the plan's hooks, points and hashtags
(:mod:`pressroom.providers.llm.builtin.compose`); only the still-image prompts are new here.
"""

from __future__ import annotations

from pressroom.platforms.drafts import InstagramCarouselDraft, InstagramPostDraft, Slide
from pressroom.providers.llm.builtin import patterns
from pressroom.providers.llm.builtin.compose import (
    Plan,
    call_to_action,
    context_sentences,
    counted_point,
    counts_points,
    hook_options,
    point_sentences,
    ranked_hashtags,
    signature_line,
    tone_line,
)
from pressroom.providers.llm.builtin.reel import clip_to, fit_blocks
from pressroom.providers.llm.builtin.text import capitalise, end_sentence

CAPTION_MAX = 2200
POST_HASHTAGS = 10
ALT_TEXT_MAX = 125
HEADLINE_MAX = 60
SLIDE_BODY_MAX = 250
MAX_SLIDES = 10
POINT_SLIDES = 3
SHORT, LONG = 0.3, 0.5
"""``direction.length`` below which captions are cut down, from which they say more (the
default lies between: 0.325–0.575 by the brand's sentence length)."""

STILLS = (
    "{Subject} on a {colour} surface, natural light, square crop, room for a headline",
    "Flat lay of {subject} in {colour} and {colour2} tones, soft shadows",
    "Close-up of {subject} against a {colour} backdrop, shallow depth of field",
)
"""Still-image prompts; ``{colour}``/``{colour2}`` come from the brand palette."""


def compose_feed_post(plan: Plan) -> InstagramPostDraft:
    """One image about the piece's first point, and the caption."""
    prompt, alt = _image(plan, 0, plan.material.phrase(0))
    return InstagramPostDraft(
        hook_type=plan.hook_type,
        image_prompt=prompt,
        alt_text=alt,
        caption=_caption(plan, counted=True),
        hashtags=_hashtags(plan),
    )


def compose_carousel(plan: Plan) -> InstagramCarouselDraft:
    """A cover slide (title and hook), a slide per point, a closing slide (call to action),
    and the caption."""
    points = min(len(plan.material.points), POINT_SLIDES, _max_slides(plan) - 2)
    slides = [_slide(plan, 0, plan.title, _hook(plan), subject=plan.material.phrase(0))]
    for index in range(points):
        lead, *follow = point_sentences(plan, index)
        body = counted_point(plan, index) if counts_points(plan) else " ".join([lead, *follow[:1]])
        phrase = plan.material.phrase(index)
        slides.append(_slide(plan, index + 1, phrase, body, subject=phrase))
    closing = call_to_action(plan, with_website=False)
    brand = plan.voice.name or plan.material.phrase(0)
    slides.append(_slide(plan, points + 1, closing, signature_line(plan), subject=brand))
    return InstagramCarouselDraft(
        hook_type=plan.hook_type, slides=slides, caption=_caption(plan), hashtags=_hashtags(plan)
    )


def _slide(plan: Plan, index: int, headline: str, body: str, *, subject: str) -> Slide:
    prompt, alt = _image(plan, index, subject)
    head = clip_to(
        capitalise(headline).rstrip("."), plan.rules.slide_headline_max_chars or HEADLINE_MAX
    )
    return Slide(
        headline=head,
        body=clip_to(body, plan.rules.slide_body_max_chars or SLIDE_BODY_MAX),
        image_prompt=prompt,
        alt_text=clip_to(f"“{head}” over {alt[:1].lower()}{alt[1:]}", _alt_max(plan)),
    )


def _image(plan: Plan, index: int, subject: str) -> tuple[str, str]:
    """An image prompt of ``subject`` in the brand's palette and its alt text."""
    colours = plan.voice.palette or patterns.NEUTRAL_PALETTE
    colour, colour2 = colours[index % len(colours)], colours[(index + 1) % len(colours)]
    prompt = plan.fill(
        plan.pick(STILLS, "still", index),
        offset=index,
        subject=subject,
        Subject=capitalise(subject),
        colour=colour,
        colour2=colour2,
    )
    alt = f"{capitalise(subject)} in {colour} and {colour2} tones."
    return prompt, clip_to(alt, _alt_max(plan))


def _hook(plan: Plan) -> str:
    return end_sentence(hook_options(plan, points=min(len(plan.material.points), 3))[0])


def _caption(plan: Plan, *, counted: bool = False) -> str:
    """The hook, context, points (counted when the hook announced a count and no slides say
    them), the brand's signature, its call to action and a line in its own person. How much
    it says follows ``direction.length`` (0–1): under ``SHORT`` no context and one point
    fewer, from ``LONG`` a second sentence of context."""
    shorter = plan.direction.length < SHORT
    longer = plan.direction.length >= LONG
    points = range(max(1, min(len(plan.material.points), 3) - (1 if shorter else 0)))
    if counted and counts_points(plan):
        bullets = "\n".join(counted_point(plan, i) for i in points)
    else:
        bullets = "\n".join(f"• {capitalise(plan.material.points[i])}" for i in points)
    personal = [tail for tail in patterns.SPOKEN_CTA_TAILS if "{us}" in tail]
    context = [] if shorter else context_sentences(plan, limit=2 if longer else 1)
    blocks = [
        _hook(plan),
        tone_line(plan),
        " ".join(context),
        bullets,
        signature_line(plan),
        f"{call_to_action(plan)} {plan.fill(plan.pick(personal, 'personal'))}",
    ]
    limit = int((plan.rules.caption_max_chars or CAPTION_MAX) * plan.direction.caption_room)
    tags = len(" ".join(f"#{tag}" for tag in _hashtags(plan))) + 2
    return fit_blocks([block for block in blocks if block], room=limit - tags)


def _hashtags(plan: Plan) -> list[str]:
    limit = min(plan.rules.max_hashtags or POST_HASHTAGS, POST_HASHTAGS)
    cap = plan.direction.hashtag_cap
    return ranked_hashtags(plan, limit=limit if cap is None else min(limit, cap))


def _alt_max(plan: Plan) -> int:
    return plan.rules.alt_text_max_chars or ALT_TEXT_MAX


def _max_slides(plan: Plan) -> int:
    return plan.rules.max_slides or MAX_SLIDES
