from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from pressroom.cli import metrics as metrics_cli
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.metrics.models import MetricSnapshot
from tests.factories import make_brand
from tests.metrics.factories import make_piece


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(settings.data_dir))
    app = typer.Typer()
    metrics_cli.register(app)
    return app


@pytest.fixture
def piece_id(session_factory: sessionmaker[Session]) -> str:
    with transaction(session_factory) as session:
        return make_piece(session, make_brand(session)).id


def stored(session_factory: sessionmaker[Session]) -> list[tuple[str, int]]:
    with transaction(session_factory) as session:
        rows = session.scalars(select(MetricSnapshot)).all()
        return [(row.piece_id, row.impressions) for row in rows]


def test_import_prints_counts_and_exits_zero(
    cli: typer.Typer, tmp_path: Path, piece_id: str, session_factory: sessionmaker[Session]
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"piece_id,impressions,Engagements\n{piece_id},1200,9\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "export.csv → northwind-coffee: 1 new, 0 updated, 0 unchanged, 0 rejected." in (
        result.output
    )
    assert "Ignored columns: Engagements" in result.output
    assert stored(session_factory) == [(piece_id, 1200)]


def test_rejected_rows_are_listed_and_exit_one(
    cli: typer.Typer, tmp_path: Path, piece_id: str, session_factory: sessionmaker[Session]
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"piece_id,impressions\n{piece_id},10\n{piece_id}x,5\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "import", str(path), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["imported"] == 1
    assert report["rejected"] == [[3, f"unknown piece_id '{piece_id}x'"]]
    assert stored(session_factory) == [(piece_id, 10)]
    # The same exit code reaches the shell through `pressroom.cli.main`'s non-standalone mode.
    with pytest.raises(SystemExit) as exited:
        cli(["metrics", "import", str(path)], standalone_mode=False)
    assert exited.value.code == 1
    printed = CliRunner().invoke(cli, ["metrics", "import", str(path)]).output
    assert f"  line 3: unknown piece_id '{piece_id}x'" in printed


def test_brand_must_be_named_when_there_are_several(
    cli: typer.Typer, tmp_path: Path, piece_id: str, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as session:
        make_brand(session, slug="second-brand", name="Second")
    path = tmp_path / "export.csv"
    path.write_text(f"piece_id,impressions\n{piece_id},10\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "import", str(path)])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == ErrorCode.INVALID_INPUT
    assert "--brand" in result.exception.message
    assert stored(session_factory) == []
    result = CliRunner().invoke(cli, ["metrics", "import", str(path), "--brand", "second-brand"])
    assert result.exit_code == 1
    assert "belongs to another brand" in result.output
    result = CliRunner().invoke(
        cli, ["metrics", "import", str(path), "--brand", "northwind-coffee"]
    )
    assert result.exit_code == 0


def test_missing_columns_stop_the_import(
    cli: typer.Typer, tmp_path: Path, piece_id: str, session_factory: sessionmaker[Session]
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"piece_id,likes\n{piece_id},10\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "import", str(path)])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == ErrorCode.CSV_MISSING_COLUMNS
    assert stored(session_factory) == []


def test_reimporting_a_file_without_collected_at_adds_nothing(
    cli: typer.Typer, tmp_path: Path, piece_id: str, session_factory: sessionmaker[Session]
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"piece_id,impressions\n{piece_id},10\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["metrics", "import", str(path)]).exit_code == 0
    again = CliRunner().invoke(cli, ["metrics", "import", str(path)])
    assert "0 new, 0 updated, 1 unchanged" in again.output
    with transaction(session_factory) as session:
        [snapshot] = session.scalars(select(MetricSnapshot)).all()
        assert snapshot.collected_at.timestamp() == int(path.stat().st_mtime)
    later = CliRunner().invoke(
        cli, ["metrics", "import", str(path), "--collected-at", "2026-03-02T08:00"]
    )
    assert "1 new" in later.output
    assert len(stored(session_factory)) == 2


def test_bad_collected_at_option(cli: typer.Typer, tmp_path: Path, piece_id: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"piece_id,impressions\n{piece_id},10\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["metrics", "import", str(path), "--collected-at", "soon"])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == ErrorCode.INVALID_INPUT
