"""A brand's performance metrics: ingest snapshots as JSON rows, and read them back.

Rows have the columns of a metrics CSV (docs/METRICS.md) and go through the very reader and
import ``pressroom metrics import`` uses, so they are validated the same way: bad rows are
reported by their index in ``rows`` and the good ones stored."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    computed_field,
)

from pressroom.accounts.roles import Permission
from pressroom.accounts.service import Principal
from pressroom.contracts import utcnow
from pressroom.metrics import repository
from pressroom.metrics import service as metrics
from pressroom.metrics.csv_reader import COLUMNS
from pressroom.metrics.models import MetricSnapshot
from pressroom.web.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    as_utc,
    decode_moment_cursor,
    moment_cursor,
    page_of,
)
from pressroom.web.deps import CurrentPrincipal, DbSession, TraceId, owned_brand, requires

router = APIRouter(prefix="/brands", tags=["metrics"])

MAX_ROWS = 5000
# The name the import's messages give the rows ("request body lacks required column(s) …").
BODY_NAME = "request body"

Column = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 _-]{1,64}$")]
Cell = StrictStr | StrictInt | StrictFloat | None


class MetricRowsIn(BaseModel):
    """Metric rows, one object per post and measurement, keyed by column name."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "rows": [
                        {
                            "piece_id": "3f2c9a1e-…",
                            "impressions": 1200,
                            "likes": 48,
                            "collected_at": "2026-03-03T09:00Z",
                        }
                    ]
                }
            ]
        },
    )

    rows: list[dict[Column, Cell]] = Field(
        min_length=1,
        max_length=MAX_ROWS,
        description="Columns: " + ", ".join(COLUMNS) + ". Others are ignored (and listed).",
    )
    collected_at: datetime | None = Field(
        default=None, description="When rows without collected_at were measured (default: now)."
    )


class RejectedRowOut(BaseModel):
    index: int = Field(description="The row's position in `rows`, from 0.")
    reason: str


class MetricsImportOut(BaseModel):
    """What the import did; rejected rows are listed, the others were stored."""

    imported: int
    updated: int
    unchanged: int
    rejected: list[RejectedRowOut]
    ignored_columns: list[str]


class SnapshotOut(BaseModel):
    id: str
    piece_id: str
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
    source: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def engagement_rate(self) -> float | None:
        """(likes + comments + shares + saves) / impressions; null without impressions."""
        return metrics.engagement_rate(
            impressions=self.impressions,
            likes=self.likes,
            comments=self.comments,
            shares=self.shares,
            saves=self.saves,
        )

    @classmethod
    def of(cls, snapshot: MetricSnapshot) -> SnapshotOut:
        return cls.model_validate(snapshot, from_attributes=True)


@router.post("/{brand_id}/metrics", summary="Ingest metric rows for the brand's pieces")
def ingest_metrics(
    brand_id: str,
    body: MetricRowsIn,
    session: DbSession,
    trace_id: TraceId,
    principal: Annotated[Principal, requires(Permission.EDIT_CONTENT)],
) -> MetricsImportOut:
    brand = owned_brand(session, principal, brand_id)
    text, index_of_line = _as_csv(body.rows)
    report = metrics.import_text(
        session,
        text=text,
        name=BODY_NAME,
        actor=principal.actor,
        trace_id=trace_id,
        default_collected_at=as_utc(body.collected_at) or utcnow(),
        brand_id=brand.id,
        only_brand=True,
    )
    # The reader skips blank lines, as spreadsheets leave them; an empty row here is a mistake.
    rejected = [
        RejectedRowOut(index=index, reason="has no values")
        for index, row in enumerate(body.rows)
        if not any(_cell(value) for value in row.values())
    ]
    rejected += [
        RejectedRowOut(index=index_of_line[line], reason=reason) for line, reason in report.rejected
    ]
    return MetricsImportOut(
        imported=report.imported,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=sorted(rejected, key=lambda row: row.index),
        ignored_columns=report.ignored_columns,
    )


def _cell(value: Cell) -> str:
    return "" if value is None else str(value)


def _as_csv(rows: Sequence[dict[str, Cell]]) -> tuple[str, dict[int, int]]:
    """The rows as CSV text, and the index in ``rows`` of the record starting on each line
    (a value with a line break spans several lines)."""
    header = list(dict.fromkeys(column for row in rows for column in row))
    chunks: list[str] = []
    index_of_line: dict[int, int] = {}
    line = 1
    for index, values in enumerate([None, *rows]):
        record = io.StringIO()
        cells = header if values is None else [_cell(values.get(c)) for c in header]
        csv.writer(record, lineterminator="\n").writerow(cells)
        if values is not None:
            index_of_line[line] = index - 1
        chunks.append(record.getvalue())
        line += chunks[-1].count("\n")
    return "".join(chunks), index_of_line


@router.get("/{brand_id}/metrics", summary="The brand's metric snapshots, newest first")
def list_metrics(
    brand_id: str,
    session: DbSession,
    principal: CurrentPrincipal,
    piece_id: str | None = None,
    channel: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[SnapshotOut]:
    brand = owned_brand(session, principal, brand_id)
    rows = repository.brand_snapshots(
        session,
        brand_id=brand.id,
        piece_id=piece_id,
        channel=channel,
        before=decode_moment_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    return page_of(
        rows,
        limit=limit,
        item=SnapshotOut.of,
        cursor=lambda snapshot: moment_cursor(snapshot.collected_at, snapshot.id),
    )
