"""Burned-in subtitles: a voiceover phrased into readable lines, timed across the scene's
speech, and written as an ASS file that libass draws in the same ffmpeg pass as the video."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex  # type: ignore[import-untyped]  # \p{...} Unicode properties

MIN_CUE_SECONDS = 0.6
"""Shortest time a phrase stays on screen when the scene's speech leaves room for it."""

_SENTENCE_END = regex.compile(r"(?<=[.!?…؟।][\"'”’»)\]]*)\s+|(?<=[。！？])")
_TOKEN = regex.compile(r"\S+")
# A CJK character is its own token; punctuation sticks to the character before it.
_CJK_CHUNK = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー][，。、；：！？」』）】》〉”’,.;:!?)\]…]*"
    r"|[^\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー]+"
)
_ABBREVIATIONS = frozenset(
    ("e.g", "i.e", "dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "approx", "z.b", "bzw")
)
_CLAUSE_END = regex.compile(r"[,;:，、；：،؛—–]$")
_DASH = {"—", "–", "-"}
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_WORD_CORE = regex.compile(r"[^\p{L}\p{N}']+")
_VOWEL_GROUPS = regex.compile(r"[aeiouyäöüàâéèêëîïôûùáíóúåæø]+", regex.IGNORECASE)

# Lines may begin with these (a natural place to pause) but should not end with them.
_FUNCTION_WORDS = frozenset(
    str.split(
        """and or but nor so yet because while when where which who that than if unless until
    though although as since after before for with without from into onto over under about
    between through during against to of in on at by the a an our your their its my his her
    und oder aber denn weil dass wenn der die das den dem ein eine mit von zu für auf im
    et ou mais donc car que qui le la les un une des du de pour avec dans sur
    y o pero porque que el la los las un una con para por en del"""
    )
)
_BREAK_BEFORE = frozenset(
    str.split(
        """and or but nor so yet because while when where which who that than if unless until
    though although since after before for with without from into through during about
    und oder aber denn weil dass wenn et ou mais donc car parce pero porque"""
    )
)

# Object pronouns belong to the verb before them: a line should not start with one.
_NO_BREAK_BEFORE = frozenset(("it", "them", "him", "me", "us", "es", "ihn", "ihm", "uns"))

# Costs of the line-breaking search (lower is better); tuned on realistic voiceovers.
_LINE_COST = 10_000.0
_SLACK_WEIGHT = 1_000.0
_CONJUNCTION_BONUS = 250.0
_DANGLING_FUNCTION_PENALTY = 600.0
_ORPHAN_PRONOUN_PENALTY = 400.0
_LONE_WORD_PENALTY = 2_500.0
_LONE_WORD_CHARS = 7

ASS_HEADER = """[Script Info]
ScriptType: v4.00+
PlayResX: {width}
PlayResY: {height}
WrapStyle: 0
ScaledBorderAndShadow: yes
YCbCr Matrix: TV.709

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, \
Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,{font},{size},{text},{text},{box},{box},-1,0,0,0,100,100,0,0,3,{pad},0,2,\
{margin_x},{margin_x},{margin_v},1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""

VERTICAL_SAFE_BOTTOM = 0.22
"""Share of a 9:16 frame's height kept clear at the bottom (the apps' caption and buttons)."""
OTHER_SAFE_BOTTOM = 0.08
SIDE_MARGIN = 0.07


@dataclass(frozen=True)
class Cue:
    """One subtitle line on screen from ``start`` to ``end`` seconds."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class _Token:
    text: str
    spaced: bool
    """Whether a space separates this token from the one before it."""


def phrase(text: str, *, max_chars: int = 32) -> list[str]:
    """Split a voiceover into subtitle lines of at most ``max_chars`` display columns (a CJK
    character counts two): at sentence ends first, then at clause punctuation, then before a
    conjunction or preposition, never inside a word (a single longer word stays whole), and
    without leaving a short word dangling alone."""
    phrases: list[str] = []
    for sentence in _sentences(text):
        phrases.extend(_break_sentence(_tokens(sentence), max_chars))
    return _merge_tiny(phrases, max_chars)


def _sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    sentences: list[str] = []
    for part in _SENTENCE_END.split(flat):
        if not part or not part.strip():
            continue
        if sentences and _ends_with_abbreviation(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part.strip()}"
        else:
            sentences.append(part.strip())
    return sentences


def _ends_with_abbreviation(sentence: str) -> bool:
    """Whether a full stop ends an abbreviation ("Dr.", "e.g.") or an initial, not a sentence."""
    last = sentence.rsplit(" ", 1)[-1]
    if not last.endswith("."):
        return False
    core = last[:-1].lower()
    return core in _ABBREVIATIONS or (len(core) == 1 and core.isalpha())


def _tokens(sentence: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(sentence):
        spaced = bool(tokens)
        for chunk in _CJK_CHUNK.findall(match.group()):
            tokens.append(_Token(chunk, spaced))
            spaced = False
    return tokens


def _join(tokens: Sequence[_Token]) -> str:
    return "".join(
        (" " if token.spaced and index else "") + token.text for index, token in enumerate(tokens)
    )


def display_width(text: str) -> int:
    """Columns ``text`` takes on screen: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _break_sentence(tokens: list[_Token], max_chars: int) -> list[str]:
    """A sentence's lines: its clauses (split at , ; : and dashes), each clause too long for
    one line broken at word level, then neighbouring whole clauses joined where they fit."""
    units: list[tuple[list[_Token], bool]] = []
    for clause in _clauses(tokens):
        if display_width(_join(clause)) <= max_chars:
            units.append((clause, True))
        else:
            units.extend((line, False) for line in _balanced_lines(clause, max_chars))
    lines: list[tuple[list[_Token], bool]] = []
    for unit, whole in units:
        if lines and whole and lines[-1][1]:
            joined = lines[-1][0] + unit
            if display_width(_join(joined)) <= max_chars:
                lines[-1] = (joined, True)
                continue
        lines.append((unit, whole))
    return [_join(line) for line, _ in lines]


def _clauses(tokens: list[_Token]) -> list[list[_Token]]:
    clauses: list[list[_Token]] = [[]]
    for token in tokens:
        clauses[-1].append(token)
        if _CLAUSE_END.search(token.text) or token.text in _DASH:
            clauses.append([])
    return [clause for clause in clauses if clause]


def _balanced_lines(tokens: list[_Token], max_chars: int) -> list[list[_Token]]:
    """Minimum-cost line breaking over a clause's tokens (dynamic programming): fewest lines
    first, then even lengths, breaks before conjunctions and no dangling short words."""
    count = len(tokens)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * count
    for end in range(1, count + 1):
        for start in range(end - 1, -1, -1):
            width = display_width(_join(tokens[start:end]))
            if width > max_chars and end - start > 1:
                break
            cost = best[start][0] + _line_cost(tokens, start, end, width, max_chars)
            if cost < best[end][0]:
                best[end] = (cost, start)
    lines: list[list[_Token]] = []
    end = count
    while end > 0:
        start = best[end][1]
        lines.append(tokens[start:end])
        end = start
    return lines[::-1]


def _line_cost(tokens: list[_Token], start: int, end: int, width: int, max_chars: int) -> float:
    slack = max(0, max_chars - width) / max_chars
    cost = _LINE_COST + _SLACK_WEIGHT * slack * slack
    if end - start == 1 and width < _LONE_WORD_CHARS and len(tokens) > 1:
        cost += _LONE_WORD_PENALTY
    if end < len(tokens):
        cost += _break_cost(tokens[end - 1], tokens[end])
    return cost


def _break_cost(last: _Token, following: _Token) -> float:
    """Cost of ending a line after ``last`` (negative where a pause falls naturally)."""
    if not following.spaced:
        return 0.0  # between two CJK characters: allowed, neither good nor bad
    if _word(following.text) in _BREAK_BEFORE:
        return -_CONJUNCTION_BONUS
    if _word(following.text) in _NO_BREAK_BEFORE:
        return _ORPHAN_PRONOUN_PENALTY
    if _word(last.text) in _FUNCTION_WORDS:
        return _DANGLING_FUNCTION_PENALTY
    return 0.0


def _word(text: str) -> str:
    return str(_WORD_CORE.sub("", text)).lower()


def _merge_tiny(phrases: list[str], max_chars: int) -> list[str]:
    """Join a one-word phrase (a short sentence like "Yes.") onto a neighbour it fits with."""
    merged: list[str] = []
    for item in phrases:
        tiny = len(item.split()) == 1 and display_width(item) < _LONE_WORD_CHARS
        if merged and (tiny or _is_tiny(merged[-1])):
            joined = _concat(merged[-1], item)
            if display_width(joined) <= max_chars:
                merged[-1] = joined
                continue
        merged.append(item)
    return merged


def _is_tiny(item: str) -> bool:
    return len(item.split()) == 1 and display_width(item) < _LONE_WORD_CHARS


def _concat(first: str, second: str) -> str:
    glue = "" if _CJK.search(first[-1:]) or _CJK.search(second[:1]) else " "
    return first + glue + second


def cues_for_scene(voiceover: str, *, start: float, duration: float) -> list[Cue]:
    """The voiceover's phrases timed over ``duration`` seconds of speech from ``start``: each
    phrase gets time in proportion to how long it takes to say, at least ``MIN_CUE_SECONDS``
    where the scene allows it; cues are contiguous and never overlap."""
    phrases = phrase(voiceover)
    if not phrases or duration <= 0:
        return []
    lengths = _allocate([_spoken_weight(item) for item in phrases], duration)
    cues: list[Cue] = []
    clock = start
    for index, (text, length) in enumerate(zip(phrases, lengths, strict=True)):
        end = start + duration if index == len(phrases) - 1 else clock + length
        cues.append(Cue(start=round(clock, 3), end=round(end, 3), text=text))
        clock = end
    return cues


def _spoken_weight(text: str) -> float:
    """Roughly how long a phrase takes to say: syllables (vowel groups) for alphabetic words,
    one per CJK character, plus a beat for a pause at punctuation."""
    weight = float(len(_CJK.findall(text)))
    for word in text.split():
        letters = _CJK.sub("", word)
        if regex.search(r"\p{L}|\p{N}", letters):
            weight += max(1, len(_VOWEL_GROUPS.findall(letters)))
    if regex.search(r"[,;:.!?…，、；：。！？،؛؟]$", text):
        weight += 1.0
    return max(weight, 1.0)


def _allocate(weights: list[float], duration: float) -> list[float]:
    """Split ``duration`` in proportion to ``weights``, lifting short shares to the minimum."""
    if duration < MIN_CUE_SECONDS * len(weights):
        return [duration / len(weights)] * len(weights)
    fixed: dict[int, float] = {}
    while True:
        free = duration - MIN_CUE_SECONDS * len(fixed)
        total = sum(weight for index, weight in enumerate(weights) if index not in fixed)
        shares = {
            index: free * weight / total
            for index, weight in enumerate(weights)
            if index not in fixed
        }
        short = {index for index, share in shares.items() if share < MIN_CUE_SECONDS}
        if not short:
            return [fixed.get(index, shares.get(index, 0.0)) for index in range(len(weights))]
        fixed.update(dict.fromkeys(short, MIN_CUE_SECONDS))


def write_ass(
    cues: Sequence[Cue],
    *,
    size: tuple[int, int],
    font_family: str,
    font_size: int,
    text_rgb: tuple[int, int, int],
    box_rgb: tuple[int, int, int],
    path: Path,
) -> None:
    """Write ``cues`` as an ASS subtitle file for a ``size`` frame: centred lines in an opaque
    box (``box_rgb``) in the lower third, above the bottom safe zone of a vertical frame."""
    width, height = size
    safe = VERTICAL_SAFE_BOTTOM if height > width else OTHER_SAFE_BOTTOM
    header = ASS_HEADER.format(
        width=width,
        height=height,
        font=font_family.replace(",", " "),
        size=font_size,
        text=_ass_colour(text_rgb),
        box=_ass_colour(box_rgb),
        pad=max(2, round(font_size * 0.28)),
        margin_x=round(width * SIDE_MARGIN),
        margin_v=round(height * safe),
    )
    events = "".join(
        f"Dialogue: 0,{_ass_time(cue.start)},{_ass_time(cue.end)},Default,,0,0,0,,"
        f"{escape_ass(cue.text)}\n"
        for cue in cues
    )
    path.write_text(header + events, encoding="utf-8")


def _ass_colour(rgb: tuple[int, int, int]) -> str:
    red, green, blue = rgb
    return f"&H00{blue:02X}{green:02X}{red:02X}"


def _ass_time(seconds: float) -> str:
    centis = max(0, round(seconds * 100))
    hours, rest = divmod(centis, 360_000)
    minutes, rest = divmod(rest, 6_000)
    return f"{hours}:{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}"


def escape_ass(text: str) -> str:
    """``text`` as literal ASS dialogue text: braces cannot open an override block, a
    backslash cannot start ``\\N``/``\\n``/``\\h``, and line breaks become ``\\N``."""
    # A word joiner after a backslash keeps it literal; libass shapes it as nothing.
    escaped = text.replace("\\", "\\\u2060")
    escaped = escaped.replace("{", "\\{").replace("}", "\\}")
    lines = [line.strip() for line in escaped.replace("\r\n", "\n").split("\n")]
    return "\\N".join(line for line in lines if line)
