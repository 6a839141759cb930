from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import typer
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from pressroom.cli import learn as learn_cli
from pressroom.config import Settings
from pressroom.contracts import utcnow
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.learning import service
from pressroom.learning.schemas import PromptProfileUpdate
from tests.factories import make_brand
from tests.learning.factories import (
    LINKEDIN_STATISTIC,
    LINKEDIN_STORY,
    QUESTION_ON_X,
    STATEMENT_ON_X,
    make_measured_post,
)


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(settings.data_dir))
    app = typer.Typer()
    learn_cli.register(app)
    return app


@pytest.fixture
def measured(session_factory: sessionmaker[Session]) -> None:
    """Question hooks win on X, published last week (the CLI learns as of now)."""
    published = utcnow() - timedelta(days=7)
    groups = [
        ("x", "question", QUESTION_ON_X),
        ("x", "statement", STATEMENT_ON_X),
        ("linkedin", "story", LINKEDIN_STORY),
        ("linkedin", "statistic", LINKEDIN_STATISTIC),
    ]
    with transaction(session_factory) as session:
        brand = make_brand(session)
        for channel, hook, rates in groups:
            for rate in rates:
                make_measured_post(
                    session,
                    brand,
                    channel=channel,
                    hook_type=hook,
                    rate=rate,
                    published_at=published,
                    collected_at=published + timedelta(days=1),
                )


def invoke(cli: typer.Typer, *args: str) -> str:
    result = CliRunner().invoke(cli, ["learn", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_learn_approve_show(
    cli: typer.Typer, measured: None, session_factory: sessionmaker[Session]
) -> None:
    output = invoke(cli)
    assert "Prompt profile version 1 — approval_required (based on defaults)" in output
    assert "  channel_hook_weights.x.question: 1 → 2\n" in output
    assert "Question hooks on X averaged 6.1% engagement vs 3.0%" in output
    assert "pressroom learn approve 1" in output

    assert "Profile version 1 of northwind-coffee is approved." in invoke(cli, "approve", "1")
    with transaction(session_factory) as session:
        brand_id = make_brand(session).id
        assert service.active_strategy(session, brand_id=brand_id)[0] == 1

    shown = invoke(cli, "show")
    assert "Decided by" in shown
    assert "Versions: v1 approved (active)" in shown
    contract = PromptProfileUpdate.parse(invoke(cli, "show", "1", "--json"))
    assert contract.payload.version == 1
    assert contract.payload.status == "approved"


def test_reject_then_approve_is_refused(cli: typer.Typer, measured: None) -> None:
    invoke(cli, "--window-days", "14")
    assert "is rejected" in invoke(cli, "--brand", "northwind-coffee", "reject", "1")
    result = CliRunner().invoke(cli, ["learn", "approve", "1"])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == ErrorCode.INVALID_STATE_TRANSITION
    assert "v1 rejected" in invoke(cli, "show")


def test_nothing_to_learn_and_unknown_version(cli: typer.Typer, measured: None) -> None:
    result = CliRunner().invoke(cli, ["learn", "--window-days", "1"])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == ErrorCode.NOTHING_TO_LEARN
    result = CliRunner().invoke(cli, ["learn", "show", "3"])
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code == ErrorCode.NOT_FOUND


def test_propose_changes_only_the_named_settings_and_waits_for_approval(
    cli: typer.Typer, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with transaction(session_factory) as session:
        brand = make_brand(session)
        slug = brand.slug
    wanted = tmp_path / "teach.json"
    wanted.write_text('{"tone_weights": {"educational": 1.5}, "structure": {"max_points": 2}}')
    output = invoke(cli, "propose", str(wanted), "--reason", "Teach in two points")
    assert "Prompt profile version 1" in output
    assert "approval_required" in output
    assert "tone_weights.educational = 1.5" in output
    assert "structure.max_points = 2" in output
    with transaction(session_factory) as session:
        record = service.get_profile(session, brand_id=brand.id, version=1)
        assert record.settings["hook_weights"]["question"] == 1.0, "the rest stays"
        assert service.active_strategy(session, brand_id=brand.id)[0] is None
    invoke(cli, "approve", "1", "--brand", slug)
    with transaction(session_factory) as session:
        version, strategy = service.active_strategy(session, brand_id=brand.id)
    assert version == 1
    assert strategy.preferred_tone is not None
    assert strategy.preferred_tone.value == "educational"


def test_propose_refuses_unknown_settings_with_every_problem(
    cli: typer.Typer, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with transaction(session_factory) as session:
        make_brand(session)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"tone_weights": {"sarcastic": 2}, "length": "long"}')
    result = CliRunner().invoke(cli, ["learn", "propose", str(wrong), "--reason", "x"])
    assert result.exit_code != 0
    assert isinstance(result.exception, PressroomError)
    assert result.exception.code is ErrorCode.INVALID_SCHEMA
    assert "tone_weights" in result.exception.message
    assert "length" in result.exception.message
