"""Channel text: the measures every validator shares (words, paragraphs, hashtags) and reading
a draft from a file, as JSON or as the plain-text format documented in ``docs/CHANNELS.md``.

Channel validators build on this module, so it depends on nothing else in the package besides
the rules, the draft models and the report types.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import ValidationError

from pressroom.errors import ErrorCode, InvalidInputError, PressroomError
from pressroom.platforms.drafts import (
    DRAFT_MODELS,
    LinkedInPostDraft,
    ReelScriptDraft,
    XThreadDraft,
)
from pressroom.platforms.report import Problem
from pressroom.platforms.rules import CHANNEL_RULES, ChannelRules

AnyDraft = LinkedInPostDraft | XThreadDraft | ReelScriptDraft
"""A draft of any channel."""

# A hashtag needs at least one letter (as on X and LinkedIn: "#2024" is not a tag) and must not
# follow a word character, "&" (HTML entities), "/" (URL fragments) or another "#".
_TAG_BODY = r"\w*[^\W\d_]\w*"
_HASHTAG = re.compile(rf"(?<![\w&/#])#({_TAG_BODY})")
_WORD = re.compile(r"\S+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_THREAD_SEPARATOR = re.compile(r"^[ \t]*---[ \t]*$", re.MULTILINE)
_REEL_HEADER = re.compile(r"^(HOOK|VALUE|CTA|SCENES|CAPTION):[ \t]*(.*)$")
_SCENE_LINE = re.compile(
    r"^\[\s*(?P<beat>[^\]·|]+?)\s*[·|]\s*(?P<seconds>\d+(?:\.\d+)?)\s*s?\s*\]\s*(?P<visual>.*)$"
)
_SCENE_FORMAT = "[hook · 3s] what the viewer sees"
DEFAULT_HOOK_TYPE = "statement"


def plural(count: int, noun: str) -> str:
    """``"1 word"``, ``"2 words"``: counts in messages read as written English."""
    return f"{count:,} {noun}{'' if count == 1 or noun == 'emoji' else 's'}"


def rules_for(channel: str) -> ChannelRules:
    """The rules of ``channel``; an unknown channel is a ``UNKNOWN_CHANNEL`` error."""
    rules = CHANNEL_RULES.get(channel)
    if rules is None:
        known = ", ".join(sorted(CHANNEL_RULES))
        raise PressroomError(
            f"Unknown channel '{channel}'. Known channels: {known}.",
            code=ErrorCode.UNKNOWN_CHANNEL,
            hint=f"Use one of: {known}.",
            details={"channel": channel, "known_channels": sorted(CHANNEL_RULES)},
        )
    return rules


def normalize(text: str) -> str:
    """NFC-normalise, so a decomposed "e" + accent counts as the one character people see."""
    return unicodedata.normalize("NFC", text)


def extract_hashtags(text: str) -> list[str]:
    """Hashtags written in ``text``, without the ``#``, in order of appearance."""
    return _HASHTAG.findall(normalize(text))


def without_hashtags(text: str) -> str:
    """``text`` with its hashtags blanked out."""
    return _HASHTAG.sub(" ", text)


def is_valid_hashtag(tag: str) -> bool:
    """Whether ``tag`` (with or without a leading ``#``) renders as one hashtag."""
    return re.fullmatch(_TAG_BODY, normalize(tag).removeprefix("#")) is not None


def unique_hashtags(tags: Iterable[str]) -> list[str]:
    """``tags`` without ``#`` and de-duplicated case-insensitively (first spelling kept)."""
    seen: dict[str, str] = {}
    for tag in tags:
        bare = normalize(tag).removeprefix("#")
        seen.setdefault(bare.casefold(), bare)
    return list(seen.values())


def count_words(text: str) -> int:
    """Words in ``text``: whitespace-separated tokens with at least one letter or digit.
    Hashtags are not words; a URL is one word; dashes and bullets standing alone are not."""
    tokens = _WORD.findall(without_hashtags(normalize(text)))
    return sum(1 for token in tokens if any(char.isalnum() for char in token))


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of ``text`` (separated by one or more blank lines)."""
    return [part.strip() for part in _BLANK_LINE.split(text) if part.strip()]


def hashtag_problems(
    *, body: str, listed: list[str], max_hashtags: int | None, channel_name: str
) -> tuple[int, list[Problem]]:
    """Count the distinct hashtags in ``body`` and ``listed``; report malformed listed tags and
    more than ``max_hashtags``. Returns the count and the problems."""
    problems = [
        Problem(
            code="invalid_hashtag",
            message=f"'{tag}' is not a valid hashtag: it must be one word of letters, digits or "
            "underscores with at least one letter. Join the words (e.g. #MachineLearning) or "
            "drop it.",
            path=f"hashtags[{index}]",
            actual=tag,
        )
        for index, tag in enumerate(listed)
        if not is_valid_hashtag(tag)
    ]
    valid_listed = [tag for tag in listed if is_valid_hashtag(tag)]
    count = len(unique_hashtags([*extract_hashtags(body), *valid_listed]))
    if max_hashtags is not None and count > max_hashtags:
        problems.append(
            Problem(
                code="too_many_hashtags",
                message=f"The draft uses {count} different hashtags; {channel_name} drafts may "
                f"use at most {max_hashtags}. Remove {plural(count - max_hashtags, 'hashtag')}, "
                "keeping the most specific ones.",
                path="hashtags",
                limit=max_hashtags,
                actual=count,
            )
        )
    return count, problems


def split_trailing_hashtags(text: str) -> tuple[str, list[str]]:
    """Split a final paragraph made only of hashtags off ``text``: ``(body, tags)``. Hashtags
    inside sentences stay in the body."""
    text = text.strip()
    separators = list(_BLANK_LINE.finditer(text))
    start = separators[-1].end() if separators else 0
    last = text[start:].split()
    if not last or not all(re.fullmatch(rf"#{_TAG_BODY}", token) for token in last):
        return text, []
    body = text[: separators[-1].start()].strip() if separators else ""
    return body, [token.removeprefix("#") for token in last]


def read_draft(channel: str, text: str) -> AnyDraft | dict[str, Any]:
    """Read a draft file's ``text`` for ``channel``.

    JSON (text starting with ``{``) is the draft model, with or without ``"channel"``; other
    text is the channel's plain-text format (``docs/CHANNELS.md``). The hook type defaults to
    ``statement``. Returns the draft, or the raw fields when they do not form a valid draft
    (``validate`` then reports why). Unknown channel: ``UNKNOWN_CHANNEL``; malformed JSON or
    text: ``INVALID_INPUT``.
    """
    rules_for(channel)
    data = _read_json(text) if text.lstrip().startswith("{") else _TEXT_READERS[channel](text)
    data.setdefault("hook_type", DEFAULT_HOOK_TYPE)
    try:
        return DRAFT_MODELS[channel].model_validate(data)  # type: ignore[return-value]
    except ValidationError:
        return data


def _read_json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"The draft is not valid JSON: {error.msg} at line {error.lineno}, column "
            f"{error.colno}.",
            hint="Fix the JSON, or write the draft in the channel's plain-text format.",
        ) from error
    if not isinstance(data, dict):
        raise InvalidInputError("A JSON draft must be an object (`{...}`).")
    return data


def _read_linkedin(text: str) -> dict[str, Any]:
    body, tags = split_trailing_hashtags(text)
    return {"channel": "linkedin", "text": body, "hashtags": tags}


def _read_x(text: str) -> dict[str, Any]:
    if not text.strip():
        return {"channel": "x", "posts": []}
    return {"channel": "x", "posts": [post.strip() for post in _THREAD_SEPARATOR.split(text)]}


def _read_reel(text: str) -> dict[str, Any]:
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


_TEXT_READERS: dict[str, Callable[[str], dict[str, Any]]] = {
    "linkedin": _read_linkedin,
    "x": _read_x,
    "instagram-reel": _read_reel,
}
