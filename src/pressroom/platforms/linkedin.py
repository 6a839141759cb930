"""LinkedIn post validator: length in words, paragraph breaks, hashtags and a transparent
professional-tone lint (SPEC §4, seed 002 "Validation Rules")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from twitter_text import extract_emojis_with_indices

from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.drafts import LinkedInPostDraft
from pressroom.platforms.report import Problem, ValidationReport
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.text import (
    count_words,
    hashtag_problems,
    normalize,
    paragraphs,
    plural,
    split_trailing_hashtags,
    without_hashtags,
)

RULES = ChannelRules(
    channel="linkedin",
    display_name="LinkedIn post",
    format="post",
    min_words=150,
    max_words=300,
    min_paragraph_breaks=1,
    max_hashtags=5,
    tone="professional",
)
LINKEDIN = RULES

PROBLEM_CODES: tuple[str, ...] = (
    "too_few_words",
    "too_many_words",
    "missing_paragraph_break",
    "too_many_hashtags",
    "invalid_hashtag",
    "shouting",
    "too_many_exclamations",
    "too_many_emoji",
)


@dataclass(frozen=True)
class ToneLint:
    """Thresholds of a tone lint. Each is the most allowed; one more is a problem."""

    max_all_caps_words: int
    max_exclamations: int
    max_emoji: int


# Keyed by ``ChannelRules.tone``. "A couple of acronyms" (AI, CEO) is fine; more distinct
# all-caps words read as shouting.
TONE_LINTS: dict[str, ToneLint] = {
    "professional": ToneLint(max_all_caps_words=2, max_exclamations=2, max_emoji=3),
}

_TOKEN = re.compile(r"[^\W_]+")


def validate_post(draft: LinkedInPostDraft, *, rules: ChannelRules = RULES) -> ValidationReport:
    """Check a LinkedIn post against ``rules``; every problem is reported."""
    word_count = count_words(draft.text)
    paragraph_count = len(paragraphs(draft.text))
    hashtag_count, problems = hashtag_problems(
        body=draft.text,
        listed=draft.hashtags,
        max_hashtags=rules.max_hashtags,
        channel_name=rules.display_name,
    )
    problems = [
        *_word_problems(word_count, rules),
        *_paragraph_problems(paragraph_count, rules),
        *problems,
        *_tone_problems(draft.text, TONE_LINTS.get(rules.tone)),
    ]
    measures = {
        "words": word_count,
        "paragraphs": paragraph_count,
        "hashtags": hashtag_count,
        "length": len(normalize(draft.render_text())),
    }
    return ValidationReport(
        channel=rules.channel, valid=not problems, problems=problems, measures=measures
    )


def _word_problems(words: int, rules: ChannelRules) -> list[Problem]:
    span = f"{rules.min_words}–{rules.max_words}"
    if rules.min_words is not None and words < rules.min_words:
        return [
            Problem(
                code="too_few_words",
                message=f"The post has {words} words; {rules.display_name}s must be {span} "
                f"words (hashtags not counted). Add about "
                f"{plural(rules.min_words - words, 'word')}.",
                path="text",
                limit=rules.min_words,
                actual=words,
            )
        ]
    if rules.max_words is not None and words > rules.max_words:
        return [
            Problem(
                code="too_many_words",
                message=f"The post has {words} words; {rules.display_name}s must be {span} "
                f"words (hashtags not counted). Cut about "
                f"{plural(words - rules.max_words, 'word')}.",
                path="text",
                limit=rules.max_words,
                actual=words,
            )
        ]
    return []


def _paragraph_problems(paragraph_count: int, rules: ChannelRules) -> list[Problem]:
    breaks = max(paragraph_count - 1, 0)
    needed = rules.min_paragraph_breaks
    if needed is None or breaks >= needed:
        return []
    return [
        Problem(
            code="missing_paragraph_break",
            message=f"The post has {breaks} paragraph breaks; {rules.display_name}s need at "
            f"least {needed}. Split the text into short paragraphs separated by a blank line.",
            path="text",
            limit=needed,
            actual=breaks,
        )
    ]


def _tone_problems(text: str, lint: ToneLint | None) -> list[Problem]:
    if lint is None:
        return []
    text = normalize(text)
    problems: list[Problem] = []
    caps = all_caps_words(text)
    if len(caps) > lint.max_all_caps_words:
        problems.append(
            Problem(
                code="shouting",
                message=f"The post has {len(caps)} different ALL-CAPS words "
                f"({', '.join(caps)}); a professional tone allows at most "
                f"{lint.max_all_caps_words}, for acronyms. Write the others in normal case.",
                path="text",
                limit=lint.max_all_caps_words,
                actual=len(caps),
            )
        )
    exclamations = text.count("!")
    if exclamations > lint.max_exclamations:
        problems.append(
            Problem(
                code="too_many_exclamations",
                message=f"The post has {exclamations} exclamation marks; a professional tone "
                f"allows at most {lint.max_exclamations}. End the other sentences with a full "
                "stop.",
                path="text",
                limit=lint.max_exclamations,
                actual=exclamations,
            )
        )
    emoji = len(extract_emojis_with_indices(text))
    if emoji > lint.max_emoji:
        problems.append(
            Problem(
                code="too_many_emoji",
                message=f"The post has {emoji} emoji; a professional tone allows at most "
                f"{lint.max_emoji}. Remove {plural(emoji - lint.max_emoji, 'emoji')} or put "
                "them into words.",
                path="text",
                limit=lint.max_emoji,
                actual=emoji,
            )
        )
    return problems


def all_caps_words(text: str) -> list[str]:
    """Distinct ALL-CAPS words outside hashtags: two or more letters, none lower-case (digits
    may appear, as in B2B). "I" and "A" are not counted."""
    words = _TOKEN.findall(without_hashtags(normalize(text)))
    caps = [
        word
        for word in words
        if sum(char.isalpha() for char in word) >= 2
        and all(char.isupper() for char in word if char.isalpha())
    ]
    return list(dict.fromkeys(caps))


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: the post, with its hashtags on the last line."""
    body, tags = split_trailing_hashtags(text)
    return {"channel": "linkedin", "text": body, "hashtags": tags}


CHANNEL = Channel(
    rules=RULES,
    draft=LinkedInPostDraft,
    check=lambda draft, rules, _wps: validate_post(draft, rules=rules),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("08:30", "12:00"),
    hashtag_norm=HashtagNorm(fewest=3, most=5, longest=25),
    platform="linkedin",
    aliases=("linked_in",),
)
