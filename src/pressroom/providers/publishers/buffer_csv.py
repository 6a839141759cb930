"""Buffer's bulk-upload CSV: one file per channel, header ``Text,Image URL,Tags,Posting Time``.

Buffer reads ``Posting Time`` as ``YYYY-MM-DD HH:mm`` (24-hour) in the posting channel's own
time zone, ``Image URL`` as a direct public link to a ``.jpg``/``.png`` (blank for none) and
``Tags`` as a comma-separated list. Fields are quoted per RFC 4180 (CRLF between records;
quotes, commas and line breaks inside a field are quoted, quotes doubled).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

BUFFER_CSV_HEADER = ("Text", "Image URL", "Tags", "Posting Time")
BUFFER_TIME_FORMAT = "%Y-%m-%d %H:%M"
BUFFER_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})


@dataclass(frozen=True)
class BufferRow:
    """One post in Buffer's terms. ``posting_time`` is in the brand's local time."""

    text: str
    posting_time: datetime
    image_url: str = ""
    tags: list[str] = field(default_factory=list)


def render_buffer_csv(rows: Iterable[BufferRow]) -> str:
    """The whole CSV file for ``rows``, in the order given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(BUFFER_CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                row.text,
                row.image_url,
                ",".join(tag.lstrip("#") for tag in row.tags),
                row.posting_time.strftime(BUFFER_TIME_FORMAT),
            ]
        )
    return out.getvalue()
