"""TikTok video validator (SPEC §4): a 15–60 s spoken script with a hook, value and call to
action, a scene plan whose durations add up to the spoken time, and a caption of at most 2,200
characters with its hashtags.

The checks are the video-script checks the reel introduced
(:func:`pressroom.platforms.instagram_reel.script_problems`); only the limits differ.
"""

from __future__ import annotations

from typing import Any

from pressroom.media.spec import Aspect, AssetRole, MediaPlan
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.drafts import TikTokScriptDraft
from pressroom.platforms.instagram_reel import read_script, script_problems
from pressroom.platforms.report import ValidationReport
from pressroom.platforms.rules import DEFAULT_WORDS_PER_SECOND, ChannelRules

RULES = ChannelRules(
    channel="tiktok",
    display_name="TikTok video script",
    format="video",
    min_spoken_seconds=15,
    max_spoken_seconds=60,
    caption_max_chars=2200,
    min_scenes=3,
    scene_seconds_tolerance=3,
    tone="energetic",
)

PROBLEM_CODES: tuple[str, ...] = (
    "empty_section",
    "spoken_too_short",
    "spoken_too_long",
    "too_few_scenes",
    "missing_scene_beat",
    "scene_beats_out_of_order",
    "scenes_too_short",
    "scenes_too_long",
    "scene_time_mismatch",
    "caption_too_long",
    "invalid_hashtag",
)


def validate_tiktok(
    draft: TikTokScriptDraft,
    *,
    rules: ChannelRules = RULES,
    words_per_second: float = DEFAULT_WORDS_PER_SECOND,
) -> ValidationReport:
    """Check a TikTok script against ``rules`` at ``words_per_second``; every problem is
    reported."""
    problems, measures = script_problems(
        draft, rules=rules, words_per_second=words_per_second, network="TikTok"
    )
    return ValidationReport(
        channel=rules.channel, valid=not problems, problems=problems, measures=measures
    )


def read_text(text: str) -> dict[str, Any]:
    """The reel's plain-text format: HOOK:, VALUE:, CTA:, SCENES:, CAPTION:."""
    return read_script(text, channel="tiktok", noun="A TikTok script")


CHANNEL = Channel(
    rules=RULES,
    draft=TikTokScriptDraft,
    check=lambda draft, rules, wps: validate_tiktok(draft, rules=rules, words_per_second=wps),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("12:00", "19:00"),
    hashtag_norm=HashtagNorm(fewest=2, most=5, longest=25),
    platform="tiktok",
    scored_like="instagram-reel",
    media=MediaPlan(images=((AssetRole.COVER, Aspect.VERTICAL),), video=Aspect.VERTICAL),
)
