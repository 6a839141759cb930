"""Hypothesis strategies for drafts' text fields: any characters, with lines that start the
way plain-text formats' markers and their escapes do, for round-trip properties."""

from __future__ import annotations

from hypothesis import strategies as st

from pressroom.platforms.text import split_trailing_hashtags

LINE_STARTS = (
    "",
    "IMAGE:",
    "ALT:",
    "CAPTION:",
    "SLIDE 1:",
    "SLIDE 2:",
    "SLIDE 10:",
    "HOOK:",
    "\\",
    "\\IMAGE:",
    "\\\\ALT:",
    "\\SLIDE 3:",
    "#",
    "#tag",
    " ",
    "\t",
)
"""How generated lines may start: markers, escaped markers, backslashes, hashtags, spaces."""

# Any character a UTF-8 draft file can hold. Line feeds join the lines; carriage returns are
# read as line ends (`docs/CHANNELS.md`), so they are left out.
_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\n\r")
_LINE = st.builds(
    lambda start, rest: start + rest, st.sampled_from(LINE_STARTS), st.text(_CHARACTERS)
)


@st.composite
def field_text(draw: st.DrawFn, *, max_lines: int = 4) -> str:
    """A text field as a draft holds it after ``render_text``: any lines, stripped."""
    lines = draw(st.lists(_LINE, max_size=max_lines))
    return "\n".join(lines).strip()


hashtag_lists = st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True), max_size=3)
"""Listed hashtags as the validators accept them: one word with a letter, no ``#``."""


def tags_stay_listed(caption: str, hashtags: list[str]) -> bool:
    """Whether the text form keeps ``caption`` and ``hashtags`` apart: without listed tags, a
    caption ending in a paragraph of only hashtags reads back as that hashtag list."""
    return bool(hashtags) or not split_trailing_hashtags(caption)[1]
