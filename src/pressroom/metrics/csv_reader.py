"""Reads a metrics CSV (a platform analytics export or a hand-made sheet) into typed rows.

Liberal where the meaning is unambiguous — header case and spacing, a byte-order mark, ``,``
``;`` or tab delimiters, thousands separators, percentages — and strict everywhere else: a
value that could mean two things is rejected with its line number rather than guessed.
No database access here; :mod:`pressroom.metrics.service` resolves pieces and stores rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from pressroom.errors import ErrorCode, PressroomError

#: Every column the importer reads, with what it means (docs/METRICS.md shows the same list).
COLUMNS: dict[str, str] = {
    "piece_id": "Pressroom's piece id (outbox metadata, `pressroom review list`).",
    "post_id": "Instead of piece_id: the publish job's id or the platform's post id.",
    "impressions": "Times the post was shown (required).",
    "collected_at": "When the numbers were read, ISO 8601 (default: the import time).",
    "reach": "Unique accounts reached.",
    "likes": "Likes / reactions.",
    "comments": "Comments / replies.",
    "shares": "Shares / reposts.",
    "saves": "Saves / bookmarks.",
    "clicks": "Link clicks.",
    "watch_through": "Share of the video watched to the end: 0–1 or a percentage like 41%.",
    "followers_delta": "Followers gained (negative: lost) through the post.",
    "channel": "linkedin, x or instagram-reel; checked against the piece's channel.",
}

ID_COLUMNS = ("piece_id", "post_id")
COUNT_COLUMNS = ("impressions", "reach", "likes", "comments", "shares", "saves", "clicks")

# Other spellings that mean exactly one of our columns.
ALIASES: dict[str, str] = {
    "watch_through_rate": "watch_through",
    "platform": "channel",
}

_CANDIDATE_DELIMITERS = ",;\t"
_SNIFF_BYTES = 64 * 1024
_INTEGER = re.compile(r"\d+")
# Thousands grouped by one separator: 1,200 · 1 200 · 1'200 · 1_200 (never "1.200", which
# half the world reads as 1.2).
_GROUPED = re.compile(r"\d{1,3}(?:([,\u00a0\u202f '_])\d{3})(?:\1\d{3})*")
# Integral values written as floats by spreadsheet tools ("1200.0"); a thousands group always
# has three digits, so one or two zeros after the point cannot be one.
_FLOAT_INTEGRAL = re.compile(r"(\d+)\.0{1,2}")
_DOTTED_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL = re.compile(r"\d*\.\d+|\d+\.?")
_MINUS_SIGNS = "-\u2212"


class RejectedRow(NamedTuple):
    """A row left out of an import: its 1-based line in the file (header = 1) and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class MetricRow:
    """One parsed row, before its piece is looked up."""

    line: int
    piece_ref: str
    post_ref: str
    channel: str
    collected_at: datetime
    impressions: int
    reach: int
    likes: int
    comments: int
    shares: int
    saves: int
    clicks: int
    watch_through: float | None
    followers_delta: int

    def values(self) -> tuple[object, ...]:
        """The measured values, to tell a repeated row from a conflicting one."""
        return (
            self.impressions,
            self.reach,
            self.likes,
            self.comments,
            self.shares,
            self.saves,
            self.clicks,
            self.watch_through,
            self.followers_delta,
        )


@dataclass(frozen=True)
class ParsedFile:
    """What a CSV file held: good rows, rejected rows, and the columns nobody reads."""

    rows: list[MetricRow]
    rejected: list[RejectedRow]
    ignored_columns: list[str]


class RowRejectedError(ValueError):
    """A value in one row that cannot be read; its message is the reason shown to people."""


def read_metrics_csv(path: Path, *, default_collected_at: datetime) -> ParsedFile:
    """Parse ``path``. Raises ``CSV_UNREADABLE`` (not a readable CSV, or no rows) and
    ``CSV_MISSING_COLUMNS`` (header lacks required columns); bad rows are rejected one by
    one."""
    return parse_metrics(read_text(path), name=path.name, default_collected_at=default_collected_at)


def parse_metrics(text: str, *, name: str, default_collected_at: datetime) -> ParsedFile:
    """Parse CSV ``text`` (``name`` says where it came from, in messages), as
    :func:`read_metrics_csv` parses a file."""
    if not text.strip():
        raise _unreadable(f"{name} is empty")
    delimiter = _delimiter(text)
    records = _records(text, delimiter=delimiter, name=name)
    header_line, header = next(records, (0, []))
    if not header:
        raise _unreadable(f"{name} is empty")
    positions, ignored = _header_positions(header, name=name)
    rows: list[MetricRow] = []
    rejected: list[RejectedRow] = []
    for line, fields in records:
        if not any(field.strip() for field in fields):
            continue  # blank lines and trailing ",,,," rows that spreadsheets append
        try:
            rows.append(_row(line, fields, positions, len(header), default_collected_at))
        except RowRejectedError as problem:
            rejected.append(RejectedRow(line, str(problem)))
    if not rows and not rejected:
        raise _unreadable(
            f"{name} has a header (line {header_line}) but no rows",
            hint="Add one row per post and measurement; see docs/METRICS.md.",
        )
    return ParsedFile(rows=rows, rejected=rejected, ignored_columns=ignored)


def _unreadable(message: str, *, hint: str | None = None) -> PressroomError:
    return PressroomError(
        message,
        code=ErrorCode.CSV_UNREADABLE,
        status=422,
        hint=hint or "Export the analytics as CSV (UTF-8) with a header row; see docs/METRICS.md.",
    )


def read_text(path: Path) -> str:
    """The text of a CSV file (UTF-8, with or without BOM, or UTF-16 with BOM)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(f"cannot read {path}: {exc.strerror or exc}") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # Excel's "Unicode text"; the BOM makes it unambiguous
    elif b"\x00" in data:
        raise _unreadable(f"{path.name} is a binary file, not CSV")
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _unreadable(
            f"{path.name} is not UTF-8 text (byte {exc.start} cannot be decoded)",
            hint="Save the file as CSV UTF-8 and import it again.",
        ) from exc
    if "\x00" in text:
        raise _unreadable(f"{path.name} is a binary file, not CSV")
    if not text.strip():
        raise _unreadable(f"{path.name} is empty")
    return text


def _delimiter(text: str) -> str:
    """The sniffed delimiter, checked against the header line (the sniffer can be fooled by
    quoted values such as "1,200")."""
    header = text.lstrip("\r\n").splitlines()[0]
    try:
        sniffed = csv.Sniffer().sniff(text[:_SNIFF_BYTES], delimiters=_CANDIDATE_DELIMITERS)
        if sniffed.delimiter in header:
            return sniffed.delimiter
    except csv.Error:
        pass  # one-column files and non-CSV text: decide from the header line below
    counts = {candidate: header.count(candidate) for candidate in _CANDIDATE_DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _records(text: str, *, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, fields) per record; blank lines before the header are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    next_line = 1
    seen_header = False
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _unreadable(
                f"{name} is not valid CSV near line {reader.line_num}: {exc}"
            ) from exc
        line, next_line = next_line, reader.line_num + 1
        if not seen_header and not any(field.strip() for field in fields):
            continue
        seen_header = True
        yield line, fields


def normalize_column(name: str) -> str:
    """``" Piece ID "`` → ``piece_id``; known aliases map to their column."""
    key = re.sub(r"[\s\-]+", "_", name.replace("\ufeff", "").strip().lower())
    return ALIASES.get(key, key)


def _header_positions(header: list[str], *, name: str) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, raw in enumerate(header):
        column = normalize_column(raw)
        if column not in COLUMNS:
            ignored.append(raw.strip())
            continue
        if column in positions:
            raise _unreadable(
                f"{name} has the column {column!r} twice (columns {positions[column] + 1} and "
                f"{index + 1}); it is unclear which one to use",
                hint="Remove or rename one of the two columns.",
            )
        positions[column] = index
    missing = [c for c in ("impressions",) if c not in positions]
    if not any(c in positions for c in ID_COLUMNS):
        missing.insert(0, "piece_id (or post_id)")
    if missing:
        raise PressroomError(
            f"{name} lacks required column(s): {', '.join(missing)}; nothing was imported",
            code=ErrorCode.CSV_MISSING_COLUMNS,
            status=422,
            hint="Accepted columns: " + ", ".join(COLUMNS) + " (see docs/METRICS.md).",
            details={"missing": missing, "accepted": list(COLUMNS), "found": header},
        )
    return positions, ignored


def _row(
    line: int,
    fields: list[str],
    positions: dict[str, int],
    width: int,
    default_collected_at: datetime,
) -> MetricRow:
    if len(fields) != width:
        raise RowRejectedError(f"has {len(fields)} fields but the header has {width}")

    def cell(column: str) -> str:
        return fields[positions[column]].strip() if column in positions else ""

    piece_ref, post_ref = cell("piece_id"), cell("post_id")
    if not piece_ref and not post_ref:
        raise RowRejectedError(
            "piece_id is empty" if "piece_id" in positions else "post_id is empty"
        )
    if not cell("impressions"):
        raise RowRejectedError("impressions is empty")
    counts = {column: parse_count(cell(column), column=column) for column in COUNT_COLUMNS}
    return MetricRow(
        line=line,
        piece_ref=piece_ref,
        post_ref=post_ref,
        channel=cell("channel"),
        collected_at=parse_timestamp(cell("collected_at"), default=default_collected_at),
        watch_through=parse_watch_through(cell("watch_through")),
        followers_delta=parse_count(cell("followers_delta"), column="followers_delta", signed=True),
        **counts,
    )


def parse_count(text: str, *, column: str, signed: bool = False) -> int:
    """A whole number; empty means 0. Negative only when ``signed``."""
    if not text:
        return 0
    sign, digits = 1, text
    if digits[0] in _MINUS_SIGNS or digits[0] == "+":
        sign = -1 if digits[0] in _MINUS_SIGNS else 1
        digits = digits[1:].strip()
    value = _whole_number(digits)
    if value is None and _DOTTED_GROUPS.fullmatch(digits):
        raise RowRejectedError(
            f"{column} {text!r} is ambiguous: the '.' may be a decimal point or a thousands "
            "separator (write 1200 or 1,200)"
        )
    if value is None:
        raise RowRejectedError(f"{column} {text!r} is not a whole number")
    if sign < 0 and value and not signed:
        raise RowRejectedError(f"{column} {text!r} is negative; counts cannot be")
    return sign * value


def _whole_number(digits: str) -> int | None:
    if _INTEGER.fullmatch(digits):
        return int(digits)
    if _GROUPED.fullmatch(digits):
        return int(re.sub(r"\D", "", digits))
    integral = _FLOAT_INTEGRAL.fullmatch(digits)
    return int(integral.group(1)) if integral else None


def parse_watch_through(text: str) -> float | None:
    """A share in [0, 1] (``0.41``) or a percentage in [0, 100] (``41%``, ``41,5 %``)."""
    if not text:
        return None
    is_percent = text.endswith("%")
    number = text.rstrip("%").strip()
    # A decimal comma is only unambiguous where no thousands separator can appear.
    if "," in number and "." not in number and (is_percent or number.startswith("0,")):
        number = number.replace(",", ".", 1)
    if not _DECIMAL.fullmatch(number):
        raise RowRejectedError(f"watch_through {text!r} is not a number (use 0.41 or 41%)")
    value = float(number) / (100 if is_percent else 1)
    if not 0 <= value <= 1:
        raise RowRejectedError(
            f"watch_through {text!r} is out of range (0–1, or 0–100 with a % sign)"
        )
    return value


def parse_timestamp(text: str, *, default: datetime) -> datetime:
    """ISO 8601 date or date-time; without an offset it is read as UTC."""
    if not text:
        return default
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise RowRejectedError(
            f"collected_at {text!r} is not an ISO 8601 date or time (e.g. 2026-03-01T09:00Z)"
        ) from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
