"""docs/METRICS.md stays true: its example imports as it says, and it names every column."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.orm import Session

from pressroom.metrics import service
from pressroom.metrics.csv_reader import ALIASES, COLUMNS
from tests.factories import make_brand
from tests.metrics.factories import T0, make_piece

DOC = Path(__file__).parents[2] / "docs" / "METRICS.md"


def block(text: str, after: str) -> str:
    start = text.index("```", text.index(after))
    body_start = text.index("\n", start) + 1
    return text[body_start : text.index("```", body_start)]


def test_every_column_and_alias_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for column in [*COLUMNS, *ALIASES]:
        assert f"`{column}`" in text, column


def test_the_example_imports_as_documented(session: Session, tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    brand = make_brand(session)
    make_piece(session, brand, channel="x", id="9b2c41d7-0000-4000-8000-000000000001")
    make_piece(session, brand, channel="instagram-reel", id="5e07aa32-0000-4000-8000-00000000002")
    path = tmp_path / "results.csv"
    path.write_text(block(text, "## Example"), encoding="utf-8")
    marker = text.index("$ pressroom metrics import results.csv")
    output = text[marker : text.index("```", marker)]
    summary = re.search(r"(\d+) new, (\d+) updated, (\d+) unchanged, (\d+) rejected", output)
    assert summary is not None
    documented = [
        (int(line), reason) for line, reason in re.findall(r"^  line (\d+): (.+)$", output, re.M)
    ]

    report = service.import_csv(
        session,
        path=path,
        actor="docs",
        trace_id="docs",
        default_collected_at=T0,
        brand_id=brand.id,
    )

    counts = (report.imported, report.updated, report.unchanged, len(report.rejected))
    assert counts == tuple(int(n) for n in summary.groups())
    assert [tuple(r) for r in report.rejected] == documented
    again = service.import_csv(
        session,
        path=path,
        actor="docs",
        trace_id="docs",
        default_collected_at=T0,
        brand_id=brand.id,
    )
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
