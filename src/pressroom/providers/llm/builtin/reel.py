"""Video scripts — Instagram reel, TikTok video, YouTube Short: a spoken hook, value and call
to action timed at the speaking rate, scenes (hook, value…, cta) with visual prompts in the
brand's palette, a caption and hashtags; a Short adds a title and splits its description into
the caption (the opening) and the rest."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Literal

from pressroom.platforms.drafts import (
    ReelScriptDraft,
    Scene,
    TikTokScriptDraft,
    YouTubeShortDraft,
)
from pressroom.providers.llm.builtin import patterns
from pressroom.providers.llm.builtin.compose import (
    Plan,
    call_to_action,
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
from pressroom.providers.llm.builtin.fitting import Line, fit_spoken, select_lines, word_window
from pressroom.providers.llm.builtin.text import (
    capitalise,
    clip_words,
    content_tokens,
    count_words,
    end_sentence,
)

Beat = Literal["hook", "value", "cta"]
HOOK_SECONDS, CTA_SECONDS, TOTAL_SECONDS = (3.0, 5.0), (5.0, 10.0), (15.0, 60.0)
TOTAL_MARGIN = 1.0
ELLIPSIS = "…"
_WORD = re.compile(r"\S+")
CUT_EDGE = ",;:.—- \n\t"
"""Characters dropped from the end of cut text before its ellipsis."""
SCENE_MARGIN = 0.5
"""Seconds kept free inside the scene-total tolerance and window when the scenes are timed
between two speaking rates."""
CAPTION_MAX = 2200
TITLE_MAX = 100
DESCRIPTION_MAX = 5000
# The blocks of a Short's description that open it as its caption (title, summary).
SHORT_CAPTION_BLOCKS = 2
REEL_HASHTAGS = 10
MIN_SCENES = 3
SHORT_HOOK_WORDS = 8
CONTEXT_WORDS = 20


def compose_reel(plan: Plan) -> ReelScriptDraft:
    """Write the script and caption, each spoken part inside its time window."""
    return ReelScriptDraft(**_script_fields(plan, _caption(plan)))


def compose_tiktok(plan: Plan) -> TikTokScriptDraft:
    """A TikTok script: written like a reel, to TikTok's windows and caption limit."""
    return TikTokScriptDraft(**_script_fields(plan, _caption(plan)))


def compose_short(plan: Plan) -> YouTubeShortDraft:
    """A YouTube Short: the script, a title of at most ``title_max_chars`` and a description
    whose opening blocks (title, summary) are the caption and whose rest (points, signature,
    call to action) follows it."""
    blocks = _caption_blocks(plan)
    limit = plan.rules.description_max_chars or DESCRIPTION_MAX
    caption = fit_blocks(blocks[:SHORT_CAPTION_BLOCKS], room=limit // 2)
    description = fit_blocks(blocks[SHORT_CAPTION_BLOCKS:], room=limit // 2 - _tags_length(plan))
    return YouTubeShortDraft(
        **_script_fields(plan, caption), title=_short_title(plan), description=description
    )


def _script_fields(plan: Plan, caption: str) -> dict[str, Any]:
    hook = _hook(plan)
    cta = _cta(plan)
    value_lines = _value(plan, spoken=count_words(hook) + count_words(cta))
    return {
        "hook_type": plan.hook_type,
        "hook": hook,
        "value": " ".join(line.text for line in value_lines),
        "cta": cta,
        "scenes": _scenes(plan, hook, value_lines, cta),
        "caption": caption,
        "hashtags": ranked_hashtags(plan, limit=_hashtag_limit(plan)),
    }


def _short_title(plan: Plan) -> str:
    return clip_to(capitalise(plan.title).rstrip("."), plan.rules.title_max_chars or TITLE_MAX)


def _window(
    plan: Plan,
    seconds: tuple[float, float] | None,
    default: tuple[float, float],
    *,
    margin: float = 0.2,
) -> tuple[int, int]:
    """Words that fit ``seconds`` at the request's rate — and at the writer's configured rate
    too when the two windows overlap."""
    low, high = word_window(seconds or default, plan.words_per_second, margin=margin)
    if plan.house_rate != plan.words_per_second:
        other_low, other_high = word_window(seconds or default, plan.house_rate, margin=margin)
        if max(low, other_low) <= min(high, other_high):
            return max(low, other_low), min(high, other_high)
    return low, high


def _aim(low: int, high: int, position: float) -> int:
    return round(low + position * (high - low))


def _hook(plan: Plan) -> str:
    low, high = _window(plan, plan.rules.hook_seconds, HOOK_SECONDS)
    options = hook_options(
        plan, points=min(len(plan.material.points), 3), short=high <= SHORT_HOOK_WORDS
    )
    pads = [plan.fill(pad) for pad in patterns.SPOKEN_PADS]
    return fit_spoken(
        options, pads, low=low, high=high, target=_aim(low, high, plan.direction.hook_length)
    )


def _cta(plan: Plan) -> str:
    """The brand's call to action with spoken tails to fill its window; a neutral one when
    the brand's does not fit."""
    low, high = _window(plan, plan.rules.cta_seconds, CTA_SECONDS)
    target = _aim(low, high, plan.direction.cta_length)
    shuffled = plan.dice.shuffled(patterns.SPOKEN_CTA_TAILS, "tails")
    # Lines in the brand's own person come first: the script should sound like the brand.
    personal = sorted(shuffled, key=lambda tail: "{us}" not in tail and "{we}" not in tail)
    tails = [plan.fill(tail) for tail in personal]
    bases = [
        call_to_action(plan, with_website=False),
        *(end_sentence(plan.fill(text)) for text in patterns.CTA_FALLBACK),
    ]
    options = [_grow(base, tails, low=low, target=target, high=high) for base in bases]
    fitting = [text for text in options if low <= count_words(text) <= high]
    return fitting[0] if fitting else fit_spoken(options, tails, low=low, high=high, target=target)


def _grow(text: str, tails: Sequence[str], *, low: int, target: int, high: int) -> str:
    """``text`` with tails added while that brings it nearer ``target`` (or up to ``low``)
    and keeps it within ``high``; a tail saying nothing new (its words all used) is
    skipped."""
    for tail in tails:
        words, extra = count_words(text), count_words(tail)
        if content_tokens(tail) <= content_tokens(text) or words + extra > high:
            continue
        if words < low or abs(words + extra - target) < abs(words - target):
            text = f"{text} {tail}"
    return text


def _value(plan: Plan, *, spoken: int) -> list[Line]:
    """Value sentences: enough that the whole script lands inside the total time window."""
    low, high = _window(plan, _total_seconds(plan), TOTAL_SECONDS, margin=TOTAL_MARGIN)
    low, high = max(1, low - spoken), max(1, high - spoken)
    lines = _value_lines(plan)
    chosen = select_lines(lines, low=low, high=high, target=_aim(low, high, plan.direction.length))
    needed = max(plan.rules.min_scenes or MIN_SCENES, MIN_SCENES) - 2 + plan.direction.extra_scenes
    words = sum(count_words(line.text) for line in chosen)
    for line in (x for x in lines if x not in chosen):  # one sentence per value scene at least
        if len(chosen) >= needed:
            break
        if words + count_words(line.text) <= high:
            chosen = sorted([*chosen, line], key=lambda x: x.order)
            words += count_words(line.text)
    return chosen


def _total_seconds(plan: Plan) -> tuple[float, float] | None:
    low, high = plan.rules.min_spoken_seconds, plan.rules.max_spoken_seconds
    return (low or TOTAL_SECONDS[0], high or TOTAL_SECONDS[1]) if low or high else None


def _value_lines(plan: Plan) -> list[Line]:
    context = clip_words(context_sentences(plan, limit=1)[0], CONTEXT_WORDS)
    lines = [Line(0, 0, end_sentence(context), 2)]
    toned = tone_line(plan)
    if toned:  # the variant's tone is what an A/B test compares: always said
        lines.append(Line(0, 1, toned, 0))
    for i in range(min(len(plan.material.points), 3)):
        if counts_points(plan):  # the hook announced this many points: say every one
            lines.append(Line(0, 10 + 3 * i, counted_point(plan, i), 0))
            continue
        lead, follow = point_sentences(plan, i)
        lines += [Line(0, 10 + 3 * i, lead, 0 if i == 0 else 1), Line(0, 11 + 3 * i, follow, 3)]
    emphasis = emphasis_sentence(plan)
    if emphasis:
        lines.append(Line(0, 12, emphasis, 0))
    lines.append(Line(0, 30, signature_line(plan), 1))
    fillers = plan.dice.shuffled(patterns.FILLERS, "fillers")
    lines += [Line(0, 40 + i, text, 5 + i) for i, text in enumerate(fillers)]
    return lines


def _scenes(plan: Plan, hook: str, value: list[Line], cta: str) -> list[Scene]:
    """The hook's scene, the value's scenes and the CTA's, each voicing its part and lasting
    as long as that takes at the plan's rate — so the scenes add up to the spoken time."""
    wanted = 2 + plan.direction.extra_scenes + max(0, (plan.rules.min_scenes or 3) - 3)
    groups = _split(value, max(1, min(wanted, len(value))))
    site = plan.voice.website.split("://", 1)[-1].rstrip("/")
    parts: list[tuple[Beat, str, int, str]] = [("hook", hook, 0, clip_words(plan.title, 6))]
    parts += [
        ("value", " ".join(x.text for x in group), index, capitalise(plan.material.phrase(index)))
        for index, group in enumerate(groups)
    ]
    parts.append(("cta", cta, 0, site or "Link in bio"))
    voiceovers = [voiceover for _, voiceover, _, _ in parts]
    seconds = scene_seconds(voiceovers, _scene_rate(plan, sum(map(count_words, voiceovers))))
    colours = plan.voice.palette or patterns.NEUTRAL_PALETTE
    return [
        _scene(plan, beat, voiceover, index, colours, seconds=length, on_screen=on_screen)
        for (beat, voiceover, index, on_screen), length in zip(parts, seconds, strict=True)
    ]


def _scene_rate(plan: Plan, words: int) -> float:
    """The rate the scenes are timed at: the request's — or, when the writer's configured rate
    differs, the rate halfway between the two spoken times if that keeps the scenes within the
    channel's tolerance of both and inside its window, so the script fits either rate."""
    rate, tolerance = plan.words_per_second, plan.rules.scene_seconds_tolerance
    if plan.house_rate == rate or tolerance is None:
        return rate
    between = 2 / (1 / rate + 1 / plan.house_rate)
    low, high = _total_seconds(plan) or TOTAL_SECONDS
    seconds = words / between
    fits = low + SCENE_MARGIN <= seconds <= high - SCENE_MARGIN
    return between if fits and abs(seconds - words / rate) <= tolerance - SCENE_MARGIN else rate


def scene_seconds(voiceovers: Sequence[str], words_per_second: float) -> list[float]:
    """How long each voiceover takes at ``words_per_second``, in tenths of a second, rounded
    so that the running total stays on the exact spoken time: however many scenes, they add
    up to the whole script's time (to 0.05 s). Each lasts at least 0.1 s."""
    lengths: list[float] = []
    said, planned = 0, 0.0
    for voiceover in voiceovers:
        said += count_words(voiceover)
        length = max(0.1, round(said / words_per_second - planned, 1))
        lengths.append(length)
        planned = round(planned + length, 1)
    return lengths


def _split(lines: list[Line], parts: int) -> list[list[Line]]:
    """``lines`` in ``parts`` consecutive groups of similar word counts."""
    total = sum(count_words(line.text) for line in lines)
    groups: list[list[Line]] = [[] for _ in range(parts)]
    running, index = 0, 0
    for position, line in enumerate(lines):
        by_words = min(parts - 1, running * parts // max(total, 1))
        # Never skip a group, and leave a line for every group still to fill.
        index = min(max(by_words, parts - (len(lines) - position)), index + 1)
        groups[index].append(line)
        running += count_words(line.text)
    return [group for group in groups if group]


def _scene(
    plan: Plan,
    beat: Beat,
    voiceover: str,
    index: int,
    colours: Sequence[str],
    *,
    seconds: float,
    on_screen: str,
) -> Scene:
    template = plan.pick(patterns.VISUALS[beat], "visual", beat, index)
    colour, colour2 = colours[index % len(colours)], colours[(index + 1) % len(colours)]
    subject = plan.material.phrase(index)
    visual = plan.fill(
        template,
        offset=index,
        subject=subject,
        Subject=capitalise(subject),
        colour=colour,
        colour2=colour2,
    )
    cues: dict[str, Any] = {"palette": list(colours), "shot": beat}
    return Scene(
        beat=beat,
        duration_seconds=seconds,
        visual_prompt=visual,
        voiceover=voiceover,
        on_screen_text=on_screen,
        visual_cues=cues,
        audio_cues={"music": "upbeat" if beat == "hook" else "steady", "voice": "natural"},
    )


def _caption(plan: Plan) -> str:
    limit = int((plan.rules.caption_max_chars or CAPTION_MAX) * plan.direction.caption_room)
    return fit_blocks(_caption_blocks(plan), room=limit - _tags_length(plan))


def _caption_blocks(plan: Plan) -> list[str]:
    bullets = "\n".join(f"• {capitalise(p)}" for p in plan.material.points[:3])
    blocks = [
        end_sentence(plan.title),
        tone_line(plan),
        " ".join(plan.material.summary[:2]) or context_sentences(plan, limit=1)[0],
        bullets,
        signature_line(plan),
        call_to_action(plan),
    ]
    return [block for block in blocks if block]


def fit_blocks(blocks: list[str], *, room: int) -> str:
    """``blocks`` as paragraphs within ``room`` characters: the second block and those after
    it dropped first, then the rest cut (:func:`clip_to`)."""
    blocks = list(blocks)
    caption = "\n\n".join(blocks)
    while len(caption) > room and len(blocks) > 1:
        blocks.pop(1)
        caption = "\n\n".join(blocks)
    return clip_to(caption, room)


def clip_to(text: str, room: int, *, length: Callable[[str], int] = len) -> str:
    """``text`` (stripped) within ``room`` as ``length`` counts it (characters by default): cut
    after the last word that fits — inside the word when not even the first fits — and marked
    with an ellipsis. Empty when not a character fits."""
    text = text.strip()
    if not text or length(text) <= room:
        return text
    ends = [word.end() for word in _WORD.finditer(text)]
    fits = (text[:end] for end in reversed(ends) if length(text[:end] + ELLIPSIS) <= room)
    cut = next(fits, text[: ends[0]])
    while cut and length(cut + ELLIPSIS) > room:
        cut = cut[:-1]
    cut = cut.rstrip(CUT_EDGE)
    return cut + ELLIPSIS if cut else ""


def _tags_length(plan: Plan) -> int:
    tags = ranked_hashtags(plan, limit=_hashtag_limit(plan))
    return len(" ".join(f"#{tag}" for tag in tags)) + 2


def _hashtag_limit(plan: Plan) -> int:
    limit = min(plan.rules.max_hashtags or REEL_HASHTAGS, REEL_HASHTAGS)
    cap = plan.direction.hashtag_cap
    return limit if cap is None else min(limit, cap)
