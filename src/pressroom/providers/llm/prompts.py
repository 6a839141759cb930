"""Prompt texts for model writers (seed 002, "Prompt Engineering Strategy").

Each operation gets a system prompt that sets the role and the non-negotiables, and a user
prompt that carries the brand, the source material, the channel's rules as numbers (read from
:class:`~pressroom.platforms.rules.ChannelRules`, never restated here), the learned strategy
and, on repairs, the validator's problems with the previous draft.

Material the model must read exactly (signals, the idea, the previous draft, topics to avoid)
is given as one-line JSON after a label line ending in ``(JSON):``; the first line names the
output schema (``Output schema: <name>``). Both are stable so that tools reading prompts, such
as the test suite's fake endpoint, can find them.
"""

from __future__ import annotations

import json
import math
from typing import Any

import langcodes

from pressroom.brands.voice import DERIVED_KEY, derived_voice_of
from pressroom.learning.strategy import Ending
from pressroom.platforms.drafts import HookType
from pressroom.platforms.rules import ChannelRules
from pressroom.providers.llm.protocol import (
    DEFAULT_LANGUAGE,
    BrandContext,
    IdeaRequest,
    PieceRequest,
    SourceSignal,
)
from pressroom.writing.tones import TONE_GUIDANCE

IDEAS_SCHEMA_NAME = "pressroom_ideas"
SCHEMA_MARKER = "Output schema: "
SIGNALS_LABEL = "Source signals (JSON):"
AVOID_LABEL = "Topics used in the last 30 days (JSON):"
IDEA_LABEL = "Idea (JSON):"
PREVIOUS_LABEL = "Previous draft (JSON):"

IDEAS_SYSTEM = (
    "You are the content strategist of {brand}. You propose content ideas that are timely, "
    "specific and useful to the brand's audience, grounded in the source signals you are "
    "given. You never invent facts, numbers or quotes the sources do not support, and you "
    "never promise results. You answer with one JSON object and nothing else."
)

PIECE_SYSTEM = (
    "You are the copywriter of {brand}, writing in the brand's own voice for one channel: "
    "{display_name}. Every channel rule you are given is checked automatically and a draft "
    "that breaks one is rejected, so follow the numbers exactly. Stay with the facts of the "
    "idea and its sources; never invent statistics, quotes or claims. You answer with one JSON "
    "object and nothing else."
)

IDEAS_TASK = "Propose exactly {count} diverse content ideas for {brand} for {date}."

IDEAS_REQUIREMENTS = (
    "Requirements:\n"
    "- Each idea takes a different topic and angle; no two ideas overlap.\n"
    "- Ground each idea in at least one source signal and list its trend_id in "
    "source_trend_ids (use only trend_id values given above).\n"
    "- title: concise and specific. hook: the opening line a reader sees first.\n"
    "- description: 2–3 sentences on the core message. rationale: why it fits the audience "
    "now. topic_category: a short category such as the signal's topic.\n"
    "- audience_fit: 0 to 1, how well the idea fits the audience. key_phrases: 2–5 phrases "
    "taken from the sources.\n"
    "- hook_type: one of {hook_types}; vary them across ideas, favouring the stronger ones: "
    "{weights}.\n"
    "- alternative_hooks: {alternatives} other opening line(s) for the same idea, each of "
    "another hook type and naming one of its key phrases."
)

PIECE_TASK = "Write the {display_name} for {brand} from this idea."

TRANSLATION_TASK = (
    "Translate and localise this {display_name} of {brand} into {language} (BCP 47: {tag}) "
    "for readers who live in that language: keep its facts, links, hook type and structure; "
    "write idioms, examples and hashtags as a native writer would, not word for word."
)

SOURCE_LABEL = "Draft to translate (JSON):"

TONE_GUIDANCE_LINE = "Tone: write this variant in a {tone} tone — {guidance}."

LANGUAGE_LINE = "Language: write in {language} (BCP 47: {tag})."

HOOK_GUIDANCE = (
    "Hook: open with the idea's hook or a stronger one. Hook types for this channel, strongest "
    "first: {weights}. Set hook_type to the type you used."
)

REPAIR_INSTRUCTIONS = (
    "This is attempt {attempt}. The previous draft failed these checks:\n{problems}\n"
    "Rewrite the draft so every check passes; keep what was good about it."
)

REVIEW_INSTRUCTIONS = "A reviewer asked for this revision; follow it:\n{feedback}"

JSON_ONLY = "Respond with the JSON object only."
JSON_WITH_SCHEMA = "Respond with one JSON object matching this JSON Schema:\n{schema}"

Messages = list[dict[str, str]]

ENDINGS = {
    Ending.QUESTION: "close with a question to readers.",
    Ending.TAKEAWAY: "close with one practical takeaway readers can act on.",
}


def draft_schema_name(channel: str) -> str:
    """The output schema name of one channel's draft (``pressroom_instagram_reel``)."""
    return "pressroom_" + channel.replace("-", "_")


def idea_messages(
    request: IdeaRequest, *, schema: dict[str, Any] | None, alternatives: int = 2
) -> Messages:
    """System and user prompt for ideas, each with ``alternatives`` other hooks. ``schema`` is
    written into the prompt when the endpoint cannot be given it any other way (plain JSON
    mode)."""
    brand = request.brand
    overall = {hook: request.strategy.hook_weights.get(hook, 1.0) for hook in HookType}
    parts = [
        SCHEMA_MARKER + IDEAS_SCHEMA_NAME,
        IDEAS_TASK.format(count=request.count, brand=brand.name, date=request.run_date),
        _brand_block(brand),
        _json_block(SIGNALS_LABEL, [s.model_dump(mode="json") for s in request.signals]),
    ]
    if request.avoid_topics:
        parts.append(_json_block(AVOID_LABEL, request.avoid_topics))
    parts.append(
        IDEAS_REQUIREMENTS.format(
            hook_types=", ".join(hook.value for hook in HookType),
            weights=_weights_text(overall),
            alternatives=alternatives,
        )
    )
    parts.extend(_strategy_block(request.strategy.instructions))
    parts.append(_json_instruction(schema))
    return _messages(IDEAS_SYSTEM.format(brand=brand.name), parts)


def piece_messages(request: PieceRequest, *, schema: dict[str, Any] | None) -> Messages:
    """System and user prompt for one channel draft, or its repair when ``request.problems``
    is set."""
    brand, rules = request.brand, request.rules
    weights = _weights_text(request.strategy.weights_for(request.channel))
    parts = [
        SCHEMA_MARKER + draft_schema_name(request.channel),
        _task(request),
        _json_block(IDEA_LABEL, request.idea.model_dump(mode="json")),
        _brand_block(brand, with_examples=True),
    ]
    if request.translate_from is not None:
        parts.append(_json_block(SOURCE_LABEL, request.translate_from))
    elif request.sources:
        parts.append(_json_block(SIGNALS_LABEL, [_source(s) for s in request.sources]))
    rules_text = "\n".join(f"- {line}" for line in rule_lines(rules, request.words_per_second))
    parts.append(f"{rules.display_name} rules:\n{rules_text}")
    parts.append(HOOK_GUIDANCE.format(weights=weights))
    parts.extend(_variant_lines(request))
    parts.extend(_strategy_block(request.strategy.instructions))
    parts.extend(_revision_blocks(request))
    parts.append(_json_instruction(schema))
    system = PIECE_SYSTEM.format(brand=brand.name, display_name=rules.display_name)
    return _messages(system, parts)


def rule_lines(rules: ChannelRules, words_per_second: float) -> list[str]:
    """The channel's limits as instructions, each number taken from ``rules``."""
    lines = [f"Tone: {rules.tone}."] if rules.tone else []
    if rules.min_words is not None or rules.max_words is not None:
        lines.append(f"Length: {_span(rules.min_words, rules.max_words)} words.")
    if rules.min_paragraph_breaks:
        lines.append(
            f"At least {rules.min_paragraph_breaks} paragraph break(s): separate paragraphs "
            "with a blank line."
        )
    if rules.thread_min_posts is not None or rules.thread_max_posts is not None:
        span = _span(rules.thread_min_posts, rules.thread_max_posts)
        lines.append(f"posts: {span} posts (one post, or a thread of several).")
    if rules.max_weighted_length is not None:
        lines.append(
            f"Each post at most {rules.max_weighted_length} characters as X counts them: a "
            "link counts as 23, emoji and CJK characters count as 2."
        )
    lines.extend(_spoken_lines(rules, words_per_second))
    if rules.min_scenes is not None:
        lines.append(
            f"scenes: at least {rules.min_scenes}, with beats hook, value and cta in that "
            "order; each duration_seconds matches the words spoken in it."
        )
    if rules.caption_max_chars is not None:
        lines.append(f"caption: at most {rules.caption_max_chars:,} characters with hashtags.")
    if rules.max_hashtags is not None:
        lines.append(
            f"hashtags: at most {rules.max_hashtags}, without '#', listed in hashtags and not "
            "written into the text."
        )
    return lines


def _spoken_lines(rules: ChannelRules, words_per_second: float) -> list[str]:
    # Models count words far better than seconds, so each time limit is also given in words.
    def words(low: float | None, high: float | None) -> str:
        low_words = math.ceil(low * words_per_second) if low is not None else None
        high_words = math.floor(high * words_per_second) if high is not None else None
        return _span(low_words, high_words)

    lines: list[str] = []
    if rules.min_spoken_seconds is not None or rules.max_spoken_seconds is not None:
        low, high = rules.min_spoken_seconds, rules.max_spoken_seconds
        lines.append(
            f"Spoken length {_span(low, high)} seconds at {words_per_second:g} words per "
            f"second: {words(low, high)} words across hook, value and cta together."
        )
    for field, span in (("hook", rules.hook_seconds), ("cta", rules.cta_seconds)):
        if span is not None:
            lines.append(f"{field}: {_span(*span)} seconds spoken, {words(*span)} words.")
    return lines


def _brand_block(brand: BrandContext, *, with_examples: bool = False) -> str:
    lines = [f"Brand: {brand.name}"]
    optional = [
        ("About", brand.description),
        ("Audience", brand.audience),
        ("Guidelines", brand.guidelines),
        ("Topics", ", ".join(brand.topics)),
        ("Voice", _voice(brand.voice_profile)),
        (_measured_label(brand), _measured_voice(brand)),
        ("Never use these words or phrases", "; ".join(derived_voice_of(brand).banned_phrases)),
        ("Preferred hashtags", ", ".join(brand.hashtags)),
        ("Website", brand.website),
        ("Call to action", brand.call_to_action),
    ]
    lines.extend(f"- {label}: {value}" for label, value in optional if value)
    if with_examples and brand.voice_examples:
        lines.append("Voice examples (match the voice, do not copy them):")
        lines.extend(f"- {example}" for example in brand.voice_examples)
    return "\n".join(lines)


def _voice(profile: dict[str, object]) -> str:
    """The person-written voice profile (the measured one has its own line)."""
    return "; ".join(
        f"{key.replace('_', ' ')}: {_plain(value)}"
        for key, value in profile.items()
        if key != DERIVED_KEY
    )


def _measured_label(brand: BrandContext) -> str:
    examples = derived_voice_of(brand).sample_size
    return f"Voice measured on {examples} example(s) (the voice above wins where they differ)"


def _measured_voice(brand: BrandContext) -> str:
    """The derived profile's key facts on one line; nothing without examples. Banned phrases
    join the restricted terms' line."""
    derived = derived_voice_of(brand)
    if derived.sample_size == 0:
        return ""
    skipped = {"examples", "banned phrases"}
    return "; ".join(f"{label} {value}" for label, value in derived.facts() if label not in skipped)


def _plain(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _source(signal: SourceSignal) -> dict[str, Any]:
    # Scores mean nothing to a copywriter; the material does.
    fields = {"trend_id", "topic", "summary", "key_phrases", "links"}
    return signal.model_dump(mode="json", include=fields)


def _task(request: PieceRequest) -> str:
    name, brand = request.rules.display_name, request.brand.name
    if request.translate_from is None:
        return PIECE_TASK.format(display_name=name, brand=brand)
    return TRANSLATION_TASK.format(
        display_name=name,
        brand=brand,
        language=language_name(request.language),
        tag=request.language,
    )


def _variant_lines(request: PieceRequest) -> list[str]:
    """The tone, structure and language the piece is written in."""
    lines: list[str] = []
    if request.tone is not None:
        lines.append(
            TONE_GUIDANCE_LINE.format(tone=request.tone, guidance=TONE_GUIDANCE[request.tone])
        )
    structure = request.strategy.structure_for(request.channel)
    if structure.max_points is not None:
        lines.append(f"Structure: make at most {structure.max_points} main point(s).")
    if structure.ending is not Ending.VOICE:
        lines.append(f"Ending: {ENDINGS[structure.ending]}")
    if request.language != DEFAULT_LANGUAGE or request.translate_from is not None:
        lines.append(
            LANGUAGE_LINE.format(language=language_name(request.language), tag=request.language)
        )
    return lines


def language_name(tag: str) -> str:
    """A language's English name (``pt-BR`` → ``Portuguese (Brazil)``)."""
    return str(langcodes.Language.get(tag).display_name())


def _revision_blocks(request: PieceRequest) -> list[str]:
    blocks: list[str] = []
    if request.reviewer_feedback.strip():
        blocks.append(REVIEW_INSTRUCTIONS.format(feedback=request.reviewer_feedback.strip()))
    if request.problems:
        problems = "\n".join(f"- {problem}" for problem in request.problems)
        blocks.append(REPAIR_INSTRUCTIONS.format(attempt=request.attempt, problems=problems))
    if request.previous is not None:
        blocks.append(_json_block(PREVIOUS_LABEL, request.previous))
    return blocks


def _strategy_block(instructions: list[str]) -> list[str]:
    if not instructions:
        return []
    lines = "\n".join(f"- {line}" for line in instructions)
    return [f"Strategy notes learned from this brand's results:\n{lines}"]


def _weights_text(weights: dict[HookType, float]) -> str:
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0].value))
    return ", ".join(f"{hook.value} ({weight:.2f})" for hook, weight in ranked)


def _json_instruction(schema: dict[str, Any] | None) -> str:
    if schema is None:
        return JSON_ONLY
    return JSON_WITH_SCHEMA.format(schema=json.dumps(schema, ensure_ascii=False))


def _json_block(label: str, value: Any) -> str:
    return f"{label}\n{json.dumps(value, ensure_ascii=False, default=str)}"


def _span(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g}–{high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


def _messages(system: str, parts: list[str]) -> Messages:
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": "\n\n".join(part for part in parts if part)},
    ]
