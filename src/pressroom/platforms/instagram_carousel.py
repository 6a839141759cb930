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
from pressroom.media.spec import Aspect, MediaPlan
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.drafts import (
    CAROUSEL_MARKERS,
    InstagramCarouselDraft,
    Slide,
    unescape_marker,
)
from pressroom.platforms.instagram_feed import caption_and_tag_problems, image_problems
from pressroom.platforms.instagram_reel import text_lines
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


_SLIDE_HEADER = re.compile(r"^SLIDE (\d+):(.*)$")
_MARKER_LINE = re.compile(r"^(IMAGE|ALT|CAPTION):[ \t]*(.*)$")
_FIELDS = {"IMAGE": "image_prompt", "ALT": "alt_text"}
_START_HINT = "A carousel starts with `SLIDE 1: headline`; CAPTION: follows the slides."

SlideLines = dict[str, list[str]]
"""A slide being read: the lines of its ``headline``, ``body``, ``image_prompt`` and
``alt_text``."""


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: one block per slide — ``SLIDE 1: headline`` (repeated for each
    further line of a headline of several), its body text, then ``IMAGE: prompt`` and
    ``ALT: alt text``, each running to the next marker — then CAPTION:, hashtags on the
    caption's last line. Slides are numbered 1, 2, 3 … in order; a line of text that starts
    with a marker is written with a backslash before it (``drafts.escape_markers``)."""
    slides, caption_lines = _read_lines(text_lines(text))
    caption, tags = split_trailing_hashtags("\n".join(caption_lines))
    return {
        "channel": "instagram-carousel",
        "slides": [_joined(slide) for slide in slides],
        "caption": caption,
        "hashtags": tags,
    }


def _read_lines(lines: list[str]) -> tuple[list[SlideLines], list[str]]:
    """Each slide's lines by field, and the caption's lines (everything after CAPTION:)."""
    slides: list[SlideLines] = []
    field = ""
    for number, line in enumerate(lines, start=1):
        marker = _MARKER_LINE.match(line)
        if marker and marker[1] == "CAPTION":
            return slides, [_unescaped(marker[2]), *map(_unescaped, lines[number:])]
        header = _SLIDE_HEADER.match(line)
        if header:
            field = _slide_header(slides, field, number, header)
        elif marker:
            field = _image_line(slides, number, marker)
        elif slides:
            # Text right under the headline starts the body; later lines continue the field.
            field = "body" if field == "headline" else field
            slides[-1][field].append(_unescaped(line))
        elif line.strip():
            raise InvalidInputError(
                f"Line {number}: text before the first slide.", hint=_START_HINT
            )
    return slides, []


def _slide_header(slides: list[SlideLines], field: str, number: int, header: re.Match[str]) -> str:
    """A new slide, or — same number, straight after the headline — the headline's next line."""
    index, rest = int(header[1]), header[2]
    if slides and index == len(slides) and field == "headline":
        slides[-1]["headline"].append(_unescaped(rest.removeprefix(" ")))
        return "headline"
    if index != len(slides) + 1:
        raise InvalidInputError(
            f"Line {number}: expected SLIDE {len(slides) + 1}:, found SLIDE {header[1]}:.",
            hint="Number the slides 1, 2, 3 … in order.",
        )
    slides.append(
        {
            "headline": [_unescaped(rest.lstrip(" \t"))],
            "body": [],
            "image_prompt": [],
            "alt_text": [],
        }
    )
    return "headline"


def _image_line(slides: list[SlideLines], number: int, marker: re.Match[str]) -> str:
    """An ``IMAGE:`` or ``ALT:`` line: the field the lines after it continue."""
    if not slides:
        raise InvalidInputError(f"Line {number}: text before the first slide.", hint=_START_HINT)
    field = _FIELDS[marker[1]]
    if slides[-1][field]:
        raise InvalidInputError(
            f"Line {number}: slide {len(slides)} has {marker[1]}: twice.",
            hint="Write one IMAGE: and one ALT: line per slide, after its text.",
        )
    slides[-1][field].append(_unescaped(marker[2]))
    return field


def _unescaped(line: str) -> str:
    return unescape_marker(line, CAROUSEL_MARKERS)


def _joined(slide: SlideLines) -> dict[str, str]:
    return {field: "\n".join(lines).strip() for field, lines in slide.items()}


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
    media=MediaPlan(slides=Aspect.PORTRAIT),
)
