"""Instagram reel validator: spoken durations of the hook, the whole script and the call to
action, the scene plan — beats in order, durations adding up to the spoken time — and the
caption (SPEC §4).

The checks and the plain-text reader every video script shares (TikTok and YouTube Shorts use
them too) live here, where the reel introduced them: :func:`script_problems`,
:func:`caption_problems` and :func:`read_script`.

Spoken time is estimated as words ÷ words per second (hashtags are not spoken). The caption is
counted as posted — caption plus its hashtag line — in characters after NFC normalisation,
which is how Instagram counts what people see.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pressroom.errors import InvalidInputError
from pressroom.media.spec import Aspect, AssetRole, MediaPlan
from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.drafts import ReelScriptDraft, VideoScriptDraft
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
    scene_seconds_tolerance=3,
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
    "scenes_too_short",
    "scenes_too_long",
    "scene_time_mismatch",
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
    problems, measures = script_problems(
        draft, rules=rules, words_per_second=words_per_second, network="Instagram"
    )
    return ValidationReport(
        channel=rules.channel, valid=not problems, problems=problems, measures=measures
    )


def script_problems(
    draft: VideoScriptDraft, *, rules: ChannelRules, words_per_second: float, network: str
) -> tuple[list[Problem], dict[str, Any]]:
    """The checks every video script shares — spoken sections and their durations, the scene
    plan, the caption as posted and its hashtags — as ``(problems, measures)``. ``network``
    names the platform in messages."""
    words = {name: count_words(getattr(draft, name)) for name in BEAT_ORDER}
    spoken_words = sum(words.values())
    caption_length = len(normalize(draft.render_caption()))
    hashtag_count, tag_problems = hashtag_problems(
        body=draft.caption_text(),
        listed=draft.hashtags,
        max_hashtags=rules.max_hashtags,
        channel_name=rules.display_name,
    )
    problems = [
        *_empty_section_problems(draft, rules),
        *_timing_problems(words, rules, words_per_second),
        *_scene_problems(draft, rules),
        *_scene_total_problems(draft, spoken_words, rules, words_per_second),
        *caption_problems(caption_length, rules, network=network),
        *tag_problems,
    ]
    measures: dict[str, Any] = {
        "spoken_seconds": round(spoken_words / words_per_second, 1),
        "hook_seconds": round(words["hook"] / words_per_second, 1),
        "cta_seconds": round(words["cta"] / words_per_second, 1),
        "words": spoken_words,
        "caption_length": caption_length,
        "length": caption_length,
        "hashtags": hashtag_count,
        "scenes": len(draft.scenes),
    }
    if rules.scene_seconds_tolerance is not None:
        measures["scene_seconds"] = _scene_seconds(draft)
    return problems, measures


def _empty_section_problems(draft: VideoScriptDraft, rules: ChannelRules) -> list[Problem]:
    return [
        Problem(
            code="empty_section",
            message=f"The {_SECTION_NAMES[name]} is empty. Every {rules.format} needs a spoken "
            "hook, "
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


def _scene_problems(draft: VideoScriptDraft, rules: ChannelRules) -> list[Problem]:
    problems: list[Problem] = []
    count = len(draft.scenes)
    if rules.min_scenes is not None and count < rules.min_scenes:
        problems.append(
            Problem(
                code="too_few_scenes",
                message=f"The script suggests {count} scenes; {rules.format}s need at least "
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


def _scene_seconds(draft: VideoScriptDraft) -> float:
    return round(sum(scene.duration_seconds for scene in draft.scenes), 1)


def _scene_total_problems(
    draft: VideoScriptDraft, spoken_words: int, rules: ChannelRules, words_per_second: float
) -> list[Problem]:
    """The scenes' planned total against the channel's time window and against the spoken
    time (``spoken_words`` at ``words_per_second``), when the channel checks it
    (``rules.scene_seconds_tolerance``)."""
    tolerance = rules.scene_seconds_tolerance
    if tolerance is None or not draft.scenes:
        return []
    total = _scene_seconds(draft)
    return [
        *_scene_window_problems(total, rules),
        *_scene_mismatch_problems(total, spoken_words, tolerance, words_per_second),
    ]


def _scene_window_problems(total: float, rules: ChannelRules) -> list[Problem]:
    low, high = rules.min_spoken_seconds, rules.max_spoken_seconds
    window = f"{low:g}–{high:g} s" if low is not None else f"at most {high:g} s"
    said = f"The scenes add up to {total:g} s; a {rules.format} must run {window}."
    if low is not None and total < low:
        message = f"{said} Lengthen them by about {low - total:.1f} s."
        return [_scenes_problem("scenes_too_short", message, low, total)]
    if high is not None and total > high:
        message = f"{said} Shorten them by about {total - high:.1f} s."
        return [_scenes_problem("scenes_too_long", message, high, total)]
    return []


def _scene_mismatch_problems(
    total: float, spoken_words: int, tolerance: float, words_per_second: float
) -> list[Problem]:
    spoken = spoken_words / words_per_second
    gap = total - spoken
    if abs(gap) <= tolerance:
        return []
    change = "Shorten" if gap > 0 else "Lengthen"
    message = (
        f"The scenes add up to {total:g} s but the script is spoken in about {spoken:.1f} s "
        f"({plural(spoken_words, 'word')} at {words_per_second:g} words/s); plan the scenes to "
        f"within {tolerance:g} s of the spoken time. {change} them by about {abs(gap):.1f} s: "
        "each scene lasts as long as the words spoken over it take to say."
    )
    return [_scenes_problem("scene_time_mismatch", message, round(spoken, 1), total)]


def _scenes_problem(code: str, message: str, limit: float, actual: float) -> Problem:
    return Problem(code=code, message=message, path="scenes", limit=limit, actual=actual)


def caption_problems(
    length: int, rules: ChannelRules, *, network: str, what: str = "caption"
) -> list[Problem]:
    """A caption (or description, ``what``) of ``length`` characters as posted, against the
    channel's ``caption_max_chars`` (or ``description_max_chars``)."""
    limit = rules.caption_max_chars if what == "caption" else rules.description_max_chars
    if limit is None or length <= limit:
        return []
    return [
        Problem(
            code=f"{what}_too_long",
            message=f"The {what} (with its hashtags) has {length:,} characters; {network} "
            f"allows {limit:,}. Cut about {plural(length - limit, 'character')}.",
            path=what,
            limit=limit,
            actual=length,
        )
    ]


SCRIPT_SECTIONS: tuple[str, ...] = ("HOOK", "VALUE", "CTA", "SCENES", "CAPTION")
_SCENE_LINE = re.compile(
    r"^\[\s*(?P<beat>[^\]·|]+?)\s*[·|]\s*(?P<seconds>\d+(?:\.\d+)?)\s*s?\s*\]\s*(?P<visual>.*)$"
)
_SCENE_FORMAT = "[hook · 3s] what the viewer sees"


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: sections HOOK:, VALUE:, CTA:, SCENES: (one scene a line, as
    ``[hook · 3s] what the viewer sees``) and CAPTION:, hashtags on the caption's last line."""
    return read_script(text, channel="instagram-reel", noun="A reel script")


def read_script(
    text: str,
    *,
    channel: str,
    noun: str,
    sections: tuple[str, ...] = SCRIPT_SECTIONS,
    tags_in: str = "CAPTION",
) -> dict[str, Any]:
    """A video script's plain text: the headed ``sections`` (HOOK:, VALUE:, CTA:, SCENES:,
    CAPTION: and any a channel adds) as draft fields named in lower case, with the hashtags
    split off the end of section ``tags_in``. ``noun`` names the format in errors."""
    found = read_sections(text, sections, noun=noun)
    fields: dict[str, Any] = {"channel": channel}
    for name in sections:
        fields[name.lower()] = "\n".join(line for _, line in found.get(name, [])).strip()
    fields["scenes"] = _reel_scenes(found.get("SCENES", []))
    fields[tags_in.lower()], fields["hashtags"] = split_trailing_hashtags(fields[tags_in.lower()])
    return fields


def read_sections(
    text: str, sections: tuple[str, ...], *, noun: str
) -> dict[str, list[tuple[int, str]]]:
    """Headed ``sections`` of a plain-text draft (``NAME:`` at the start of a line, the text
    on that line or below it): the numbered lines from each header to the next one."""
    header_line = re.compile(rf"^({'|'.join(sections)}):[ \t]*(.*)$")
    listed = ", ".join(f"{name}:" for name in sections)
    found: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, line in enumerate(text_lines(text), start=1):
        header = header_line.match(line)
        if header:
            current = header.group(1)
            if current in found:
                raise InvalidInputError(
                    f"Line {number}: the section {current}: appears twice.",
                    hint=f"Write each of {listed} once.",
                )
            found[current] = [(number, header.group(2))]
        elif current is not None:
            found[current].append((number, line))
        elif line.strip():
            raise InvalidInputError(
                f"Line {number}: text before the first section header.",
                hint=f"{noun} starts with `{sections[0]}:`; its sections are {listed}.",
            )
    return found


def text_lines(text: str) -> list[str]:
    """The lines of a plain-text draft. Only line feeds end lines (``\\r\\n`` and ``\\r`` are
    read as one): other separators — U+2028, form feeds — are part of the text they are in."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


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
    hashtag_norm=HashtagNorm(fewest=3, most=10, longest=30),
    platform="instagram",
    aliases=("instagram_reel",),
    media=MediaPlan(images=((AssetRole.COVER, Aspect.VERTICAL),), video=Aspect.VERTICAL),
)
