"""YouTube Shorts validator (SPEC §4): a spoken script of at most 60 s with a hook, value and
call to action, a scene plan whose durations add up to the spoken time, a title of at most 100
characters and a description of at most 5,000.

YouTube has no caption of its own: the draft's caption opens the description, ``description``
continues it and the hashtags end it, and that whole text as posted
(``YouTubeShortDraft.render_caption``) is what the 5,000-character limit counts. The
video-script checks are the ones the reel introduced
(:func:`pressroom.platforms.instagram_reel.script_problems`).
"""

from __future__ import annotations

from typing import Any

from pressroom.media.spec import Aspect, AssetRole, MediaPlan
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.drafts import YouTubeShortDraft
from pressroom.platforms.instagram_reel import (
    SCRIPT_SECTIONS,
    caption_problems,
    read_script,
    script_problems,
)
from pressroom.platforms.report import Problem, ValidationReport
from pressroom.platforms.rules import DEFAULT_WORDS_PER_SECOND, ChannelRules
from pressroom.platforms.text import normalize, plural

RULES = ChannelRules(
    channel="youtube-short",
    display_name="YouTube Short script",
    format="short",
    max_spoken_seconds=60,
    min_scenes=3,
    scene_seconds_tolerance=3,
    title_max_chars=100,
    description_max_chars=5000,
    # YouTube ignores every hashtag of a video that has more than 60.
    max_hashtags=60,
    tone="energetic",
)

PROBLEM_CODES: tuple[str, ...] = (
    "empty_section",
    "spoken_too_long",
    "too_few_scenes",
    "missing_scene_beat",
    "scene_beats_out_of_order",
    "scenes_too_long",
    "scene_time_mismatch",
    "title_too_long",
    "description_too_long",
    "too_many_hashtags",
    "invalid_hashtag",
)


def validate_short(
    draft: YouTubeShortDraft,
    *,
    rules: ChannelRules = RULES,
    words_per_second: float = DEFAULT_WORDS_PER_SECOND,
) -> ValidationReport:
    """Check a YouTube Short against ``rules`` at ``words_per_second``; every problem is
    reported."""
    problems, measures = script_problems(
        draft, rules=rules, words_per_second=words_per_second, network="YouTube"
    )
    title_length = len(normalize(draft.title.strip()))
    description_length = measures.pop("caption_length")
    problems = [
        *_title_problems(title_length, rules),
        *problems,
        *caption_problems(description_length, rules, network="YouTube", what="description"),
    ]
    measures.update(
        title_length=title_length,
        description_length=description_length,
        length=description_length,
    )
    return ValidationReport(
        channel=rules.channel, valid=not problems, problems=problems, measures=measures
    )


def _title_problems(length: int, rules: ChannelRules) -> list[Problem]:
    if length == 0:
        return [
            Problem(
                code="empty_section",
                message="The title is empty. Every YouTube Short needs a title: write one that "
                "says what the viewer will learn.",
                path="title",
            )
        ]
    limit = rules.title_max_chars
    if limit is None or length <= limit:
        return []
    return [
        Problem(
            code="title_too_long",
            message=f"The title has {length:,} characters; YouTube allows {limit:,}. Cut about "
            f"{plural(length - limit, 'character')}.",
            path="title",
            limit=limit,
            actual=length,
        )
    ]


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: TITLE:, then the reel's HOOK:, VALUE:, CTA:, SCENES:, CAPTION:,
    then DESCRIPTION: with the hashtags on its last line."""
    return read_script(
        text,
        channel="youtube-short",
        noun="A YouTube Short script",
        sections=("TITLE", *SCRIPT_SECTIONS, "DESCRIPTION"),
        tags_in="DESCRIPTION",
    )


CHANNEL = Channel(
    rules=RULES,
    draft=YouTubeShortDraft,
    check=lambda draft, rules, wps: validate_short(draft, rules=rules, words_per_second=wps),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("15:00", "20:00"),
    hashtag_norm=HashtagNorm(fewest=1, most=3, longest=25),
    platform="youtube",
    aliases=("youtube_shorts",),
    scored_like="instagram-reel",
    media=MediaPlan(
        images=((AssetRole.COVER, Aspect.VERTICAL), (AssetRole.THUMBNAIL, Aspect.LANDSCAPE)),
        video=Aspect.VERTICAL,
    ),
)
