"""``pressroom review`` against a real SQLite data folder, through the real ``pressroom`` app.

The review gate of the workflow engine is replaced by a recorder of the one function that
wakes it (``notify_workflow``), so these tests see what the CLI sends and when.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from pressroom.cli import app, main
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.errors import ErrorCode, PressroomError
from pressroom.review import service
from pressroom.review.models import Review
from pressroom.writing.models import Piece, PieceVersion
from tests.factories import make_brand
from tests.review.checks import Factory, store
from tests.review.factories import linkedin_draft, make_piece

SCHEDULED_LINE = "scheduled for 2026-11-22 08:30 Europe/Berlin"


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("USER", "ana")
    return CliRunner()


@pytest.fixture
def notified(
    monkeypatch: pytest.MonkeyPatch, session_factory: Factory
) -> list[tuple[str, str, str]]:
    """Calls to the review gate: (piece id, decision, piece status as committed by then)."""
    calls: list[tuple[str, str, str]] = []

    def notify(context: object, piece_id: str, decision: str) -> str | None:
        with transaction(session_factory) as session:
            calls.append((piece_id, decision, session.get_one(Piece, piece_id).status))
        return SCHEDULED_LINE if decision == "approved" else None

    monkeypatch.setattr("pressroom.cli.review.notify_workflow", notify)
    return calls


def piece_row(factory: Factory, piece_id: str) -> Piece:
    with transaction(factory) as session:
        return session.get_one(Piece, piece_id)


def reviews(factory: Factory, piece_id: str) -> list[tuple[str, str, str]]:
    with transaction(factory) as session:
        rows = session.scalars(select(Review).where(Review.piece_id == piece_id)).all()
        return [(r.actor, r.decision, r.feedback) for r in rows]


def invoke(runner: CliRunner, *args: str, **kwargs: Any) -> Result:
    return runner.invoke(app, ["review", *args], **kwargs)


def failure(result: Result) -> PressroomError:
    assert isinstance(result.exception, PressroomError), result.output
    return result.exception


# ── list and show ────────────────────────────────────────────────────────────────────────


def test_list_shows_the_queue(runner: CliRunner, session_factory: Factory) -> None:
    older = store(session_factory, age_minutes=30, channel="x")
    newer = store(session_factory, age_minutes=5)
    store(session_factory, status="approved")

    result = invoke(runner, "list")

    assert result.exit_code == 0, result.output
    assert "Review queue (2)" in result.output
    assert result.output.index(older[:8]) < result.output.index(newer[:8])
    assert "0.82 review" in result.output


def test_list_json_and_an_empty_queue(runner: CliRunner, session_factory: Factory) -> None:
    assert invoke(runner, "list").output.strip() == "No pieces are waiting for review."
    piece_id = store(session_factory)

    result = invoke(runner, "list", "--json")

    items = json.loads(result.output)
    assert [(i["piece_id"], i["status"], i["writer_label"]) for i in items] == [
        (piece_id, "generated", "built-in writer")
    ]


def test_list_for_one_brand(runner: CliRunner, session_factory: Factory) -> None:
    with transaction(session_factory) as session:
        other = make_brand(session, slug="other-brand", name="Other")
        theirs = make_piece(session, brand=other).id
    store(session_factory)

    result = invoke(runner, "list", "--brand", "other-brand", "--json")

    assert [item["piece_id"] for item in json.loads(result.output)] == [theirs]
    assert failure(invoke(runner, "list", "--brand", "nope")).code == ErrorCode.NOT_FOUND


def test_show_renders_text_limits_score_card_and_versions(
    runner: CliRunner, session_factory: Factory
) -> None:
    piece_id = store(session_factory)
    with transaction(session_factory) as session:
        service.edit(
            session,
            piece_id=piece_id,
            actor="ben",
            trace_id="t",
            draft=linkedin_draft(paragraphs=3),
        )

    result = invoke(runner, "show", piece_id[:6])

    assert result.exit_code == 0, result.output
    output = result.output
    for expected in (
        "LinkedIn post",
        "Sour espresso",
        "built-in writer",
        "We cupped twelve lots",
        "150–300",
        "165",
        "Strong brand tone match",
        "scored version 1; current is 2",
        "builtin_original",
        "original",
        "current",
        "Changes from the original",
        "+++ current (version 2)",
        "ben",
        f"pressroom review approve {piece_id[:8]}",
    ):
        assert expected in output, expected


def test_show_json_is_the_piece_detail(runner: CliRunner, session_factory: Factory) -> None:
    piece_id = store(session_factory, writer="openai-chat:gpt-4o-mini")

    detail = json.loads(invoke(runner, "show", piece_id, "--json").output)

    assert detail["piece_id"] == piece_id
    assert detail["writer_label"] == "AI model openai-chat:gpt-4o-mini"
    assert detail["original"]["kind"] == "ai_original"
    assert detail["limits"]["words"] == "150–300"


def test_an_unknown_piece_is_reported_with_its_code(
    runner: CliRunner,
    session_factory: Factory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store(session_factory)
    assert failure(invoke(runner, "show", "deadbeef")).code == ErrorCode.NOT_FOUND

    monkeypatch.setattr(sys, "argv", ["pressroom", "review", "show", "dead"])
    with pytest.raises(SystemExit) as exited:
        main()

    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "[NOT_FOUND]" in err
    assert "at least 6 characters" in err


# ── decisions ────────────────────────────────────────────────────────────────────────────


def test_approve_commits_then_wakes_the_workflow(
    runner: CliRunner, session_factory: Factory, notified: list[tuple[str, str, str]]
) -> None:
    piece_id = store(session_factory)

    result = invoke(runner, "approve", piece_id[:8], "--note", "good one")

    assert result.exit_code == 0, result.output
    assert f"Approved piece {piece_id} (version 1, now approved)." in result.output
    assert SCHEDULED_LINE in result.output
    assert notified == [(piece_id, "approved", "approved")]
    assert reviews(session_factory, piece_id) == [("ana", "approved", "good one")]


def test_approve_refuses_a_piece_breaking_rules_unless_forced(
    runner: CliRunner, session_factory: Factory, notified: list[tuple[str, str, str]]
) -> None:
    problems = [{"code": "too_many_words", "message": "The post has 320 words.", "path": "text"}]
    piece_id = store(session_factory, status="edited", problems=problems)

    error = failure(invoke(runner, "approve", piece_id))

    assert error.code == ErrorCode.INVALID_INPUT
    assert "The post has 320 words." in error.message
    assert piece_row(session_factory, piece_id).status == "edited"
    assert notified == []

    result = invoke(runner, "approve", piece_id, "--force")

    assert result.exit_code == 0, result.output
    assert "breaks 1 channel rule(s)" in result.output
    assert notified == [(piece_id, "approved", "approved")]


def test_reject_and_revise_need_a_reason(
    runner: CliRunner, session_factory: Factory, notified: list[tuple[str, str, str]]
) -> None:
    piece_id = store(session_factory)

    for args in (
        ("reject", piece_id),
        ("reject", piece_id, "--reason", " "),
        ("revise", piece_id),
        ("revise", piece_id, "--feedback", ""),
    ):
        error = failure(invoke(runner, *args))
        assert error.code == ErrorCode.INVALID_INPUT, args
        assert error.hint

    assert piece_row(session_factory, piece_id).status == "generated"
    assert reviews(session_factory, piece_id) == []
    assert notified == []


def test_reject_and_revise(
    runner: CliRunner, session_factory: Factory, notified: list[tuple[str, str, str]]
) -> None:
    rejected, revised = store(session_factory), store(session_factory)

    assert invoke(runner, "reject", rejected, "--reason", "Off brand", "--as", "ben").exit_code == 0
    result = invoke(runner, "revise", revised, "--feedback", "Name the farm.")

    assert result.exit_code == 0, result.output
    assert "Sent back for revision" in result.output
    assert reviews(session_factory, rejected) == [("ben", "rejected", "Off brand")]
    assert reviews(session_factory, revised) == [("ana", "revision_requested", "Name the farm.")]
    assert notified == [
        (rejected, "rejected", "rejected"),
        (revised, "revision_requested", "revision_requested"),
    ]


def test_an_illegal_decision_changes_nothing(
    runner: CliRunner, session_factory: Factory, notified: list[tuple[str, str, str]]
) -> None:
    piece_id = store(session_factory, status="rejected")

    error = failure(invoke(runner, "approve", piece_id, "--force"))

    assert error.code == ErrorCode.INVALID_STATE_TRANSITION
    assert piece_row(session_factory, piece_id).status == "rejected"
    assert reviews(session_factory, piece_id) == []
    assert notified == []


def test_the_actor_defaults_to_the_user_then_cli(
    runner: CliRunner,
    session_factory: Factory,
    monkeypatch: pytest.MonkeyPatch,
    notified: list[tuple[str, str, str]],
) -> None:
    piece_id = store(session_factory)
    monkeypatch.delenv("USER")

    invoke(runner, "reject", piece_id, "--reason", "no")

    assert reviews(session_factory, piece_id) == [("cli", "rejected", "no")]


# ── edit ─────────────────────────────────────────────────────────────────────────────────


def versions(factory: Factory, piece_id: str) -> list[tuple[int, str, str]]:
    with transaction(factory) as session:
        rows = session.scalars(
            select(PieceVersion)
            .where(PieceVersion.piece_id == piece_id)
            .order_by(PieceVersion.version)
        ).all()
        return [(v.version, v.kind, v.author) for v in rows]


def test_edit_in_the_editor_saves_a_new_version(
    runner: CliRunner,
    session_factory: Factory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    notified: list[tuple[str, str, str]],
) -> None:
    piece_id = store(session_factory)
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "path.write_text(path.read_text().replace('taste it again', 'taste it once more'))\n"
    )
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" "{editor}"')

    result = invoke(runner, "edit", piece_id[:8], "--note", "wording")

    assert result.exit_code == 0, result.output
    assert f"Saved piece {piece_id} (version 2, now edited)." in result.output
    row = piece_row(session_factory, piece_id)
    assert "taste it once more" in row.text
    assert (row.status, row.version, row.problems) == ("edited", 2, [])
    assert versions(session_factory, piece_id) == [
        (1, "builtin_original", "built-in writer"),
        (2, "edit", "ana"),
    ]
    assert notified == []


def test_leaving_the_editor_unchanged_saves_nothing(
    runner: CliRunner, session_factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    piece_id = store(session_factory)
    monkeypatch.setenv("EDITOR", f'"{sys.executable}" -c "pass"')

    result = invoke(runner, "edit", piece_id)

    assert result.output.strip() == "No changes; nothing saved."
    assert versions(session_factory, piece_id) == [(1, "builtin_original", "built-in writer")]


def test_edit_from_a_file_flags_an_invalid_edit(
    runner: CliRunner, session_factory: Factory, tmp_path: Path
) -> None:
    piece_id = store(session_factory)
    draft = tmp_path / "post.txt"
    draft.write_text("Far too short now.\n\n#coffee\n", encoding="utf-8")

    result = invoke(runner, "edit", piece_id, "--file", str(draft), "--as", "ben")

    assert result.exit_code == 0, result.output
    assert "cannot be approved without --force" in result.output
    assert "The post has 4 words" in result.output
    row = piece_row(session_factory, piece_id)
    assert (row.status, row.version, row.body["hashtags"]) == ("edited", 2, ["coffee"])
    assert {p["code"] for p in row.problems} == {"too_few_words", "missing_paragraph_break"}


def test_edit_from_standard_input(runner: CliRunner, session_factory: Factory) -> None:
    piece_id = store(session_factory, channel="x")

    result = invoke(runner, "edit", piece_id, "--file", "-", input="One post only.\n")

    assert result.exit_code == 0, result.output
    assert piece_row(session_factory, piece_id).body["posts"] == ["One post only."]


def test_an_unreadable_edit_keeps_the_piece_as_it_was(
    runner: CliRunner, session_factory: Factory, tmp_path: Path
) -> None:
    piece_id = store(session_factory, channel="instagram-reel")
    before = piece_row(session_factory, piece_id)
    bad = tmp_path / "reel.txt"
    bad.write_text("Just some words without the HOOK: header\n", encoding="utf-8")

    error = failure(invoke(runner, "edit", piece_id, "--file", str(bad)))

    assert error.code == ErrorCode.INVALID_INPUT
    after = piece_row(session_factory, piece_id)
    assert (after.version, after.body, after.status) == (before.version, before.body, "generated")


def test_a_piece_that_may_not_be_edited_never_opens_the_editor(
    runner: CliRunner, session_factory: Factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    piece_id = store(session_factory, status="rejected")
    opened = tmp_path / "opened"
    monkeypatch.setenv("EDITOR", f"\"{sys.executable}\" -c \"open(r'{opened}', 'w')\"")

    error = failure(invoke(runner, "edit", piece_id))

    assert error.code == ErrorCode.INVALID_STATE_TRANSITION
    assert not opened.exists()
    assert versions(session_factory, piece_id) == [(1, "builtin_original", "built-in writer")]
