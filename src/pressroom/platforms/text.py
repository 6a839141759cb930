"""Channel text: the measures every validator shares (words, paragraphs, hashtags).

Channel validators build on this module, so it depends on nothing else in the package besides
the report types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pressroom.platforms.report import Problem

# A hashtag needs at least one letter (as on X and LinkedIn: "#2024" is not a tag) and must not
# follow a word character, "&" (HTML entities), "/" (URL fragments) or another "#".
_TAG_BODY = r"\w*[^\W\d_]\w*"
_HASHTAG = re.compile(rf"(?<![\w&/#])#({_TAG_BODY})")
_WORD = re.compile(r"\S+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def plural(count: int, noun: str) -> str:
    """``"1 word"``, ``"2 words"``: counts in messages read as written English."""
    return f"{count:,} {noun}{'' if count == 1 or noun == 'emoji' else 's'}"


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
