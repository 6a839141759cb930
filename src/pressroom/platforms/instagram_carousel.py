"""Instagram carousel validator (SPEC §4): 2–10 slides, each a headline, some body text and an
image (prompt and alt text), and the feed post's caption rules — at most 2,200 characters with
at most 30 hashtags.

The per-slide text limits are Pressroom's, not Instagram's: a headline of at most 60 characters
reads at a glance on a phone, and at most 250 characters of body text (about 40 words) stays
legible on a 1080-pixel slide.
"""

from __future__ import annotations

import re
from typing import Any

from pressroom.errors import InvalidInputError
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.drafts import InstagramCarouselDraft, Slide
from pressroom.platforms.instagram_feed import caption_and_tag_problems, image_problems
from pressroom.platforms.report import Problem, ValidationReport
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.text import normalize, plural, split_trailing_hashtags

RULES = ChannelRules(
    channel="instagram-carousel",
    display_name="Instagram carousel",
    format="carousel",
    min_slides=2,
    max_slides=10,
    slide_headline_max_chars=60,
    slide_body_max_chars=250,
    alt_text_max_chars=125,
    caption_max_chars=2200,
    max_hashtags=30,
)

PROBLEM_CODES: tuple[str, ...] = (
    "too_few_slides",
    "too_many_slides",
    "empty_section",
    "headline_too_long",
    "slide_text_too_long",
    "missing_alt_text",
    "alt_text_too_long",
    "caption_too_long",
    "too_many_hashtags",
    "invalid_hashtag",
)


def validate_carousel(
    draft: InstagramCarouselDraft, *, rules: ChannelRules = RULES
) -> ValidationReport:
    """Check a carousel against ``rules``; every problem is reported."""
    caption_problems, measures = caption_and_tag_problems(draft, rules)
    problems = [
        *_slide_count_problems(len(draft.slides), rules),
        *(
            problem
            for index, slide in enumerate(draft.slides)
            for problem in _slide_problems(slide, index, rules)
        ),
        *caption_problems,
    ]
    measures["slides"] = len(draft.slides)
    return ValidationReport(
        channel=rules.channel, valid=not problems, problems=problems, measures=measures
    )


def _slide_count_problems(count: int, rules: ChannelRules) -> list[Problem]:
    low, high = rules.min_slides, rules.max_slides
    span = f"{low}–{high}" if low is not None and high is not None else ""
    if low is not None and count < low:
        return [
            Problem(
                code="too_few_slides",
                message=f"The carousel has {plural(count, 'slide')}; carousels have {span or low} "
                f"slides. Add {plural(low - count, 'slide')}.",
                path="slides",
                limit=low,
                actual=count,
            )
        ]
    if high is not None and count > high:
        return [
            Problem(
                code="too_many_slides",
                message=f"The carousel has {plural(count, 'slide')}; Instagram allows "
                f"{span or high}. Remove {plural(count - high, 'slide')} or merge them.",
                path="slides",
                limit=high,
                actual=count,
            )
        ]
    return []


def _slide_problems(slide: Slide, index: int, rules: ChannelRules) -> list[Problem]:
    problems: list[Problem] = []
    if not slide.headline.strip():
        problems.append(
            Problem(
                code="empty_section",
                message=f"Slide {index + 1} has no headline. Give every slide a short headline.",
                path=f"slides[{index}].headline",
            )
        )
    checks = (
        ("headline", "headline_too_long", "headline", rules.slide_headline_max_chars),
        ("body", "slide_text_too_long", "body text", rules.slide_body_max_chars),
    )
    for field, code, label, limit in checks:
        length = len(normalize(getattr(slide, field).strip()))
        if limit is not None and length > limit:
            problems.append(
                Problem(
                    code=code,
                    message=f"Slide {index + 1}'s {label} has {length:,} characters; carousel "
                    f"slides keep it to {limit:,} so it reads on a phone. Cut about "
                    f"{plural(length - limit, 'character')} or move it to another slide.",
                    path=f"slides[{index}].{field}",
                    limit=limit,
                    actual=length,
                )
            )
    problems.extend(image_problems(slide.image_prompt, slide.alt_text, rules, slide=index))
    return problems


_SLIDE_HEADER = re.compile(r"^SLIDE (\d+):[ \t]*(.*)$")
_IMAGE_LINE = re.compile(r"^(IMAGE|ALT):[ \t]*(.*)$")


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: one section per slide, ``SLIDE 1: headline`` then its body text
    and the lines ``IMAGE: prompt`` and ``ALT: alt text``; then CAPTION:, hashtags on the
    caption's last line. Slides are numbered 1, 2, 3 … in order."""
    slide_blocks, caption_lines = _split_slides(text)
    caption = "\n".join(caption_lines).strip()
    body, tags = split_trailing_hashtags(caption)
    return {
        "channel": "instagram-carousel",
        "slides": [_read_slide(lines) for lines in slide_blocks],
        "caption": body,
        "hashtags": tags,
    }


def _split_slides(text: str) -> tuple[list[list[tuple[int, str]]], list[str]]:
    """The numbered lines of each slide and the caption's lines."""
    head, _, caption = text.partition("\nCAPTION:")
    if not caption and head.startswith("CAPTION:"):
        head, caption = "", head.removeprefix("CAPTION:")
    slides: list[list[tuple[int, str]]] = []
    for number, line in enumerate(head.splitlines(), start=1):
        header = _SLIDE_HEADER.match(line)
        if header:
            if int(header.group(1)) != len(slides) + 1:
                raise InvalidInputError(
                    f"Line {number}: expected SLIDE {len(slides) + 1}:, found SLIDE "
                    f"{header.group(1)}:.",
                    hint="Number the slides 1, 2, 3 … in order.",
                )
            slides.append([(number, header.group(2))])
        elif slides:
            slides[-1].append((number, line))
        elif line.strip():
            raise InvalidInputError(
                f"Line {number}: text before the first slide.",
                hint="A carousel starts with `SLIDE 1: headline`; CAPTION: follows the slides.",
            )
    return slides, caption.splitlines()


def _read_slide(lines: list[tuple[int, str]]) -> dict[str, Any]:
    (_, headline), *rest = lines
    fields = {"headline": headline.strip(), "image_prompt": "", "alt_text": ""}
    body: list[str] = []
    for _, line in rest:
        found = _IMAGE_LINE.match(line)
        if found:
            field = "image_prompt" if found.group(1) == "IMAGE" else "alt_text"
            fields[field] = found.group(2).strip()
        else:
            body.append(line)
    return {**fields, "body": "\n".join(body).strip()}


CHANNEL = Channel(
    rules=RULES,
    draft=InstagramCarouselDraft,
    check=lambda draft, rules, _wps: validate_carousel(draft, rules=rules),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("11:00", "19:00"),
    hashtag_norm=HashtagNorm(fewest=3, most=10, longest=30),
    platform="instagram",
    aliases=("instagram_carousel",),
    # Read, not heard, but on the same network and phone screen as the reel: its engagement
    # benchmark and easy-reading band fit slides better than LinkedIn's professional norms.
    scored_like="instagram-reel",
)
