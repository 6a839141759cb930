"""X validator: each post's *weighted* length exactly as X counts it, and the thread's size.

Counting follows X's published twitter-text v3 rules through the ``twitter-text-parser``
package: text is NFC-normalised, every URL counts 23, code points outside X's light ranges
(CJK, most symbols) count 2, and each emoji — including ZWJ sequences, flags and skin-tone
variants — counts 2.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from twitter_text import parse_tweet
from twitter_text.config import config as _twitter_text_config
from twitter_text.has_invalid_characters import has_invalid_characters

from pressroom.platforms.channel import Channel, HashtagNorm
from pressroom.platforms.drafts import XThreadDraft
from pressroom.platforms.report import Problem, ValidationReport
from pressroom.platforms.rules import ChannelRules
from pressroom.platforms.text import normalize, plural

RULES = ChannelRules(
    channel="x",
    display_name="X thread",
    format="thread",
    max_weighted_length=280,
    thread_min_posts=1,
    thread_max_posts=5,
    tone="conversational",
)
X = RULES

PROBLEM_CODES: tuple[str, ...] = (
    "too_few_posts",
    "too_many_posts",
    "empty_post",
    "post_too_long",
    "invalid_characters",
)

# X's own counting configuration (twitter-text v3), quoted in messages rather than restated.
_URL_LENGTH: int = _twitter_text_config["defaults"]["transformed_url_length"]


@lru_cache(maxsize=4096)
def weighted_length(text: str) -> int:
    """The length X charges for ``text`` (twitter-text v3 weighted counting). Cached: the
    parser is slow (~2 ms a post) and writers and validators measure the same posts."""
    return int(parse_tweet(text).weightedLength)


def validate_thread(draft: XThreadDraft, *, rules: ChannelRules = RULES) -> ValidationReport:
    """Check a single X post or a thread against ``rules``; every problem is reported."""
    lengths = [weighted_length(post) if post.strip() else 0 for post in draft.posts]
    problems = _thread_size_problems(len(draft.posts), rules)
    for index, (post, length) in enumerate(zip(draft.posts, lengths, strict=True)):
        problems.extend(_post_problems(index, post, length, rules))
    measures = {"weighted_length": lengths, "posts": len(draft.posts)}
    return ValidationReport(
        channel=rules.channel, valid=not problems, problems=problems, measures=measures
    )


def _thread_size_problems(count: int, rules: ChannelRules) -> list[Problem]:
    low, high = rules.thread_min_posts, rules.thread_max_posts
    span = f"{low}–{high}"
    if low is not None and count < low:
        return [
            Problem(
                code="too_few_posts",
                message=f"The thread has {count} posts; {rules.display_name}s need {span} posts. "
                f"Write {plural(low - count, 'post')}.",
                path="posts",
                limit=low,
                actual=count,
            )
        ]
    if high is not None and count > high:
        return [
            Problem(
                code="too_many_posts",
                message=f"The thread has {count} posts; {rules.display_name}s may have {span} "
                f"posts. Merge or cut {plural(count - high, 'post')}.",
                path="posts",
                limit=high,
                actual=count,
            )
        ]
    return []


def _post_problems(index: int, post: str, length: int, rules: ChannelRules) -> list[Problem]:
    path = f"posts[{index}]"
    if not post.strip():
        return [
            Problem(
                code="empty_post",
                message=f"Post {index + 1} is empty. Write it or remove it from the thread.",
                path=path,
                actual=post,
            )
        ]
    problems: list[Problem] = []
    limit = rules.max_weighted_length
    if limit is not None and length > limit:
        problems.append(
            Problem(
                code="post_too_long",
                message=f"Post {index + 1} is {length} characters as X counts them; X allows "
                f"{limit} (links count {_URL_LENGTH}, emoji and CJK characters count 2). Cut "
                f"about {plural(length - limit, 'character')} or move the rest into another "
                "post.",
                path=path,
                limit=limit,
                actual=length,
            )
        )
    invalid = sorted({char for char in normalize(post) if has_invalid_characters(char)})
    if invalid:
        shown = ", ".join(f"U+{ord(char):04X}" for char in invalid)
        problems.append(
            Problem(
                code="invalid_characters",
                message=f"Post {index + 1} contains characters X rejects ({shown}). Delete "
                "them; they are usually invisible leftovers of copy and paste.",
                path=path,
                actual=[f"U+{ord(char):04X}" for char in invalid],
            )
        )
    return problems


_THREAD_SEPARATOR = re.compile(r"^[ \t]*---[ \t]*$", re.MULTILINE)


def read_text(text: str) -> dict[str, Any]:
    """The plain-text format: the posts, separated by lines of ``---``."""
    if not text.strip():
        return {"channel": "x", "posts": []}
    return {"channel": "x", "posts": [post.strip() for post in _THREAD_SEPARATOR.split(text)]}


CHANNEL = Channel(
    rules=RULES,
    draft=XThreadDraft,
    check=lambda draft, rules, _wps: validate_thread(draft, rules=rules),
    problem_codes=PROBLEM_CODES,
    read_text=read_text,
    posting_slots=("09:00", "13:00", "17:30"),
    hashtag_norm=HashtagNorm(fewest=1, most=2, longest=16),
    platform="x",
    aliases=("twitter",),
)
