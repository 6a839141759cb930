"""Instagram reel validator: spoken durations of the hook, the whole script and the call to
action, the scene plan, and the caption (SPEC §4).

Spoken time is estimated as words ÷ words per second (hashtags are not spoken). The caption is
counted as posted — caption plus its hashtag line — in characters after NFC normalisation,
which is how Instagram counts what people see.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pressroom.errors import InvalidInputError
from pressroom.platforms.channel import Channel
from pressroom.platforms.drafts import ReelScriptDraft
from pressroom.platforms.report import Problem, ValidationReport
from pressroom.platforms.rules import DEFAULT_WORDS_PER_SECOND, ChannelRules
from pressroom.platforms.text import (
    count_words,
    hashtag_problems,
    normalize,
    plural,
    split_trailing_hashtags,
)

RULES = ChannelRules(
    channel="instagram-reel",
    display_name="Instagram reel script",
    format="reel",
    min_spoken_seconds=15,
    max_spoken_seconds=60,
    hook_seconds=(3, 5),
    cta_seconds=(5, 10),
    caption_max_chars=2200,
    max_hashtags=30,
    min_scenes=3,
    tone="energetic",
)
INSTAGRAM_REEL = RULES

PROBLEM_CODES: tuple[str, ...] = (
    "empty_section",
    "spoken_too_short",
    "spoken_too_long",
    "hook_too_short",
    "hook_too_long",
    "cta_too_short",
    "cta_too_long",
    "too_few_scenes",
    "missing_scene_beat",
    "scene_beats_out_of_order",
    "caption_too_long",
    "too_many_hashtags",
    "invalid_hashtag",
)

BEAT_ORDER: tuple[str, ...] = ("hook", "value", "cta")
_SECTION_NAMES = {"hook": "hook", "value": "value", "cta": "call to action"}


def validate_reel(
    draft: ReelScriptDraft,
    *,
    rules: ChannelRules = RULES,
    words_per_second: float = DEFAULT_WORDS_PER_SECOND,
) -> ValidationReport:
    """Check a reel script against ``rules`` at ``words_per_second``; every problem is
    reported."""
    words = {name: count_words(getattr(draft, name)) for name in BEAT_ORDER}
    spoken_words = sum(words.values())
    caption_length = len(normalize(draft.render_caption()))
    hashtag_count, tag_problems = hashtag_problems(
        body=draft.caption,
        listed=draft.hashtags,
        max_hashtags=rules.max_hashtags,
        channel_name=rules.display_name,
    )
    problems = [
        *_empty_section_problems(draft),
        *_timing_problems(words, rules, words_per_second),
        *_scene_problems(draft, rules),
        *_caption_problems(caption_length, rules),
        *tag_problems,
    ]
    measures = {
        "spoken_seconds": round(spoken_words / words_per_second, 1),
        "hook_seconds": round(words["hook"] / words_per_second, 1),
        "cta_seconds": round(words["cta"] / words_per_second, 1),
        "words": spoken_words,
        "caption_length": caption_length,
        "length": caption_length,
        "hashtags": hashtag_count,
        "scenes": len(draft.scenes),
    }
    return ValidationReport(
        channel=rules.channel, valid=not problems, problems=problems, measures=measures
    )


def _empty_section_problems(draft: ReelScriptDraft) -> list[Problem]:
    return [
        Problem(
            code="empty_section",
            message=f"The {_SECTION_NAMES[name]} is empty. Every reel needs a spoken hook, "
            f"value and call to action: write the {_SECTION_NAMES[name]}.",
            path=name,
        )
        for name in BEAT_ORDER
        if not getattr(draft, name).strip()
    ]


def _timing_problems(
    words: dict[str, int], rules: ChannelRules, words_per_second: float
) -> list[Problem]:
    spans = {
        "spoken": (rules.min_spoken_seconds, rules.max_spoken_seconds),
        "hook": rules.hook_seconds or (None, None),
        "cta": rules.cta_seconds or (None, None),
    }
    counted = {"spoken": sum(words.values()), "hook": words["hook"], "cta": words["cta"]}
    problems: list[Problem] = []
    for part, (low, high) in spans.items():
        # An empty section is already reported; its length would only repeat that.
        if part != "spoken" and counted[part] == 0:
            continue
        problems.extend(_duration_problem(part, counted[part], low, high, words_per_second))
    return problems


def _duration_problem(
    part: str, words: int, low: float | None, high: float | None, words_per_second: float
) -> list[Problem]:
    seconds = words / words_per_second
    label = {"spoken": "The spoken script", "hook": "The hook", "cta": "The call to action"}[part]
    said = f"{label} runs about {seconds:.1f} s ({words} words at {words_per_second:g} words/s)"
    must = f"it must run {low:g}–{high:g} s" if low is not None and high is not None else ""
    if low is not None and seconds < low:
        more = math.ceil(low * words_per_second - words)
        return [
            Problem(
                code=f"{part}_too_short",
                message=f"{said}; {must or f'it must run at least {low:g} s'}. Add about "
                f"{plural(more, 'word')}.",
                path="" if part == "spoken" else part,
                limit=low,
                actual=round(seconds, 1),
            )
        ]
    if high is not None and seconds > high:
        fewer = math.ceil(words - high * words_per_second)
        return [
            Problem(
                code=f"{part}_too_long",
                message=f"{said}; {must or f'it must run at most {high:g} s'}. Cut about "
                f"{plural(fewer, 'word')}.",
                path="" if part == "spoken" else part,
                limit=high,
                actual=round(seconds, 1),
            )
        ]
    return []


def _scene_problems(draft: ReelScriptDraft, rules: ChannelRules) -> list[Problem]:
    problems: list[Problem] = []
    count = len(draft.scenes)
    if rules.min_scenes is not None and count < rules.min_scenes:
        problems.append(
            Problem(
                code="too_few_scenes",
                message=f"The script suggests {count} scenes; reels need at least "
                f"{rules.min_scenes} (hook, value, call to action). Add "
                f"{plural(rules.min_scenes - count, 'scene')}.",
                path="scenes",
                limit=rules.min_scenes,
                actual=count,
            )
        )
    beats = [scene.beat for scene in draft.scenes]
    problems.extend(
        Problem(
            code="missing_scene_beat",
            message=f"No scene shows the {_SECTION_NAMES[beat]}. Add a scene with beat '{beat}'.",
            path="scenes",
            limit=list(BEAT_ORDER),
            actual=beats,
        )
        for beat in BEAT_ORDER
        if beat not in beats
    )
    ranks = [BEAT_ORDER.index(beat) for beat in beats]
    if ranks != sorted(ranks):
        problems.append(
            Problem(
                code="scene_beats_out_of_order",
                message=f"The scenes run {' → '.join(beats)}; they must run hook, then value, "
                "then call to action. Reorder the scenes.",
                path="scenes",
                limit=list(BEAT_ORDER),
                actual=beats,
            )
        )
    return problems


def _caption_problems(length: int, rules: ChannelRules) -> list[Problem]:
    limit = rules.caption_max_chars
    if limit is None or length <= limit:
        return []
    return [
        Problem(
            code="caption_too_long",
            message=f"The caption (with its hashtags) has {length:,} characters; Instagram "
            f"allows {limit:,}. Cut about {plural(length - limit, 'character')}.",
            path="caption",
            limit=limit,
            actual=length,
        )
    ]


_REEL_HEADER = re.compile(r"^(HOOK|VALUE|CTA|SCENES|CAPTION):[ \t]*(.*)$")
_SCENE_LINE = re.compile(
    r"^\[\s*(?P<beat>[^\]·|]+?)\s*[·|]\s*(?P<seconds>\d+(?:\.\d+)?)\s*s?\s*\]\s*(?P<visual>.*)$"
)
_SCENE_FORMAT = "[hook · 3s] what the viewer sees"


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: sections HOOK:, VALUE:, CTA:, SCENES: (one scene a line, as
    ``[hook · 3s] what the viewer sees``) and CAPTION:, hashtags on the caption's last line."""
    sections = _reel_sections(text)

    def section(name: str) -> str:
        return "\n".join(line for _, line in sections.get(name, [])).strip()

    caption, tags = split_trailing_hashtags(section("CAPTION"))
    return {
        "channel": "instagram-reel",
        "hook": section("HOOK"),
        "value": section("VALUE"),
        "cta": section("CTA"),
        "scenes": _reel_scenes(sections.get("SCENES", [])),
        "caption": caption,
        "hashtags": tags,
    }


def _reel_sections(text: str) -> dict[str, list[tuple[int, str]]]:
    """The reel's headed sections: the numbered lines from each header to the next one."""
    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _REEL_HEADER.match(line)
        if header:
            current = header.group(1)
            if current in sections:
                raise InvalidInputError(
                    f"Line {number}: the section {current}: appears twice.",
                    hint="Write each of HOOK:, VALUE:, CTA:, SCENES:, CAPTION: once.",
                )
            sections[current] = [(number, header.group(2))]
        elif current is not None:
            sections[current].append((number, line))
        elif line.strip():
            raise InvalidInputError(
                f"Line {number}: text before the first section header.",
                hint="A reel script starts with `HOOK:`; its sections are HOOK:, VALUE:, CTA:, "
                "SCENES:, CAPTION:.",
            )
    return sections


def _reel_scenes(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    scenes: list[dict[str, Any]] = []
    for number, line in lines:
        if not line.strip():
            continue
        match = _SCENE_LINE.match(line.strip())
        if match is None:
            raise InvalidInputError(
                f"Line {number} is not a scene: '{line.strip()}'.",
                hint=f"Write one scene per line as `{_SCENE_FORMAT}`.",
            )
        scenes.append(
            {
                "beat": match["beat"],
                "duration_seconds": float(match["seconds"]),
                "visual_prompt": match["visual"].strip(),
                "voiceover": "",
            }
        )
    return scenes


CHANNEL = Channel(
    rules=RULES,
    draft=ReelScriptDraft,
    check=lambda draft, rules, wps: validate_reel(draft, rules=rules, words_per_second=wps),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("11:00", "19:00"),
    platform="instagram",
    aliases=("instagram_reel",),
)
