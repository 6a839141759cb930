"""Instagram feed post validator (SPEC §4): one image — its prompt and its alt text, for people
who cannot see it — and a caption of at most 2,200 characters with at most 30 hashtags.

The image and caption checks here are shared with the carousel
(:mod:`pressroom.platforms.instagram_carousel`), whose slides are images too.
"""

from __future__ import annotations

from typing import Any

from pressroom.media.spec import Aspect, AssetRole, MediaPlan
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.drafts import (
    FEED_MARKERS,
    InstagramCarouselDraft,
    InstagramPostDraft,
    unescape_marker,
)
from pressroom.platforms.instagram_reel import caption_problems, read_sections
from pressroom.platforms.report import Problem, ValidationReport
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.text import hashtag_problems, normalize, plural, split_trailing_hashtags

RULES = ChannelRules(
    channel="instagram-feed",
    display_name="Instagram feed post",
    format="post",
    caption_max_chars=2200,
    max_hashtags=30,
    # Pressroom's limit, not Instagram's: alt text is read aloud, so it says what matters in
    # one breath (the usual screen-reader guidance is about 125 characters).
    alt_text_max_chars=125,
)

PROBLEM_CODES: tuple[str, ...] = (
    "empty_section",
    "missing_alt_text",
    "alt_text_too_long",
    "caption_too_long",
    "too_many_hashtags",
    "invalid_hashtag",
)


def validate_post(draft: InstagramPostDraft, *, rules: ChannelRules = RULES) -> ValidationReport:
    """Check a feed post against ``rules``; every problem is reported."""
    problems, measures = caption_and_tag_problems(draft, rules)
    problems = [
        *image_problems(draft.image_prompt, draft.alt_text, rules),
        *problems,
    ]
    measures["alt_text_length"] = len(normalize(draft.alt_text.strip()))
    return ValidationReport(
        channel=rules.channel, valid=not problems, problems=problems, measures=measures
    )


def image_problems(
    prompt: str, alt_text: str, rules: ChannelRules, *, slide: int | None = None
) -> list[Problem]:
    """One image's problems: no prompt, no alt text, alt text over ``alt_text_max_chars``.
    ``slide`` is the carousel slide's index, if the image is one."""
    problems: list[Problem] = []
    path = "" if slide is None else f"slides[{slide}]."
    where = "The" if slide is None else f"Slide {slide + 1}: the"
    if not prompt.strip():
        problems.append(
            Problem(
                code="empty_section",
                message=f"{where} image prompt is empty. Describe what the image shows.",
                path=f"{path}image_prompt",
            )
        )
    length = len(normalize(alt_text.strip()))
    limit = rules.alt_text_max_chars
    if length == 0:
        problems.append(
            Problem(
                code="missing_alt_text",
                message=f"{where} image has no alt text. Describe the image in a sentence for "
                "people who use a screen reader.",
                path=f"{path}alt_text",
            )
        )
    elif limit is not None and length > limit:
        problems.append(
            Problem(
                code="alt_text_too_long",
                message=f"{where} alt text has {length:,} characters; {rules.display_name}s "
                f"keep it to {limit:,} so a screen reader says it in one breath. Cut about "
                f"{plural(length - limit, 'character')}.",
                path=f"{path}alt_text",
                limit=limit,
                actual=length,
            )
        )
    return problems


def caption_and_tag_problems(
    draft: InstagramPostDraft | InstagramCarouselDraft, rules: ChannelRules
) -> tuple[list[Problem], dict[str, Any]]:
    """The caption's problems (empty, too long as posted) and its hashtags', with the
    measures ``length``, ``caption_length`` and ``hashtags``."""
    length = len(normalize(draft.render_caption()))
    count, tag_problems = hashtag_problems(
        body=draft.caption,
        listed=draft.hashtags,
        max_hashtags=rules.max_hashtags,
        channel_name=rules.display_name,
    )
    empty = [
        Problem(
            code="empty_section",
            message="The caption is empty. Write what the post is about and why it matters.",
            path="caption",
        )
    ]
    problems = [
        *(empty if not draft.caption.strip() else []),
        *caption_problems(length, rules, network="Instagram"),
        *tag_problems,
    ]
    return problems, {"length": length, "caption_length": length, "hashtags": count}


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: sections IMAGE: (the image prompt), ALT: (its alt text) and
    CAPTION:, hashtags on the caption's last line. A line of text that starts with a section
    header is written with a backslash before it (``drafts.escape_markers``)."""
    found = read_sections(text, ("IMAGE", "ALT", "CAPTION"), noun="An Instagram feed post")

    def section(name: str) -> str:
        lines = (unescape_marker(line, FEED_MARKERS) for _, line in found.get(name, []))
        return "\n".join(lines).strip()

    caption, tags = split_trailing_hashtags(section("CAPTION"))
    return {
        "channel": "instagram-feed",
        "image_prompt": section("IMAGE"),
        "alt_text": section("ALT"),
        "caption": caption,
        "hashtags": tags,
    }


CHANNEL = Channel(
    rules=RULES,
    draft=InstagramPostDraft,
    check=lambda draft, rules, _wps: validate_post(draft, rules=rules),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("11:00", "19:00"),
    hashtag_norm=HashtagNorm(fewest=3, most=10, longest=30),
    platform="instagram",
    aliases=("instagram_post", "instagram_feed"),
    # Same network, audience and phone-sized reading as the reel: its engagement benchmark
    # and easy-reading band fit a caption better than LinkedIn's professional long form.
    scored_like="instagram-reel",
    media=MediaPlan(images=((AssetRole.COVER, Aspect.PORTRAIT),)),
)
