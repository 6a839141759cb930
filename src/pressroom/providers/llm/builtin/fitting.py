"""Fitting text to a length: choosing sentences by priority up to a word target, and fitting
a spoken line into its time window."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from pressroom.providers.llm.builtin.text import clip_words, count_words


@dataclass(frozen=True)
class Line:
    """A sentence (or list item): where it goes and how much it is needed (priority 0 is
    always kept; higher numbers are added later, only while words are short)."""

    paragraph: int
    order: int
    text: str
    priority: int


def select_lines(lines: Sequence[Line], *, low: int, high: int, target: int) -> list[Line]:
    """Required lines, then optional ones by priority until ``target`` words (never past
    ``high``); below ``low`` everything that fits is added. Too long even so: the least
    needed lines go first."""
    chosen = [line for line in lines if line.priority == 0]
    words = sum(count_words(line.text) for line in chosen)
    for line in sorted((x for x in lines if x.priority), key=lambda x: (x.priority, x.order)):
        if words >= max(target, low):
            break
        size = count_words(line.text)
        if words + size <= high:
            chosen.append(line)
            words += size
    while words > high and len(chosen) > 1:
        dropped = max(chosen, key=lambda x: (x.priority, x.paragraph, x.order))
        chosen.remove(dropped)
        words -= count_words(dropped.text)
    return sorted(chosen, key=lambda x: (x.paragraph, x.order))


def word_window(
    seconds: tuple[float, float], words_per_second: float, *, margin: float = 0.2
) -> tuple[int, int]:
    """The word counts whose spoken length falls inside ``seconds`` (with ``margin`` seconds
    kept free at both ends when the window allows it)."""
    start, end = seconds
    low = math.ceil((start + margin) * words_per_second)
    high = math.floor((end - margin) * words_per_second)
    if low <= high:
        return max(low, 1), max(high, 1)
    low, high = math.ceil(start * words_per_second), math.floor(end * words_per_second)
    if low <= high:
        return max(low, 1), max(high, 1)
    middle = max(1, round((start + end) / 2 * words_per_second))
    return middle, middle


def fit_spoken(
    options: Sequence[str], pads: Sequence[str], *, low: int, high: int, target: int
) -> str:
    """The option inside ``low``–``high`` words nearest ``target`` (the first of equals);
    else a short option padded with ``pads``; else an option cut to ``high`` words."""
    inside = [text for text in options if low <= count_words(text) <= high]
    if inside:
        return min(inside, key=lambda text: abs(count_words(text) - target))
    short = sorted((t for t in options if count_words(t) < low), key=count_words, reverse=True)
    for text in short:
        padded = _pad(text, pads, low=low, high=high)
        if padded:
            return padded
    text = max(options, key=count_words)
    for pad in itertools.cycle(pads or ["now"]):
        if count_words(text) >= low:
            break
        text = f"{text} {pad}"
    return clip_words(text, high)


def _pad(text: str, pads: Sequence[str], *, low: int, high: int) -> str:
    for pad in pads:
        if count_words(text) >= low:
            break
        if count_words(text) + count_words(pad) <= high:
            text = f"{text} {pad}"
    return text if low <= count_words(text) <= high else ""
