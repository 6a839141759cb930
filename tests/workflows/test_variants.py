"""Tone variants and translations in a run: one piece per idea × channel × tone, each
translated into the brand's further languages — or, with the built-in writer, a clear
``LANGUAGE_NEEDS_MODEL`` per language and the English pieces all the same."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from dbos import DBOS, SetWorkflowID
from sqlalchemy import select

from pressroom.cli.context import AppContext, open_app
from pressroom.config import Settings
from pressroom.db.session import transaction
from pressroom.errors import PressroomError
from pressroom.runs.models import Run
from pressroom.workflows import runtime
from pressroom.workflows.daily import daily_run, piece_workflow_id
from pressroom.writing.models import Piece, PieceVersion
from tests.fakes.openai_server import FakeOpenAI
from tests.workflows.conftest import seed

pytestmark = pytest.mark.forked


def start(app: AppContext, slug: str, run_id: str) -> dict[str, object]:
    with SetWorkflowID(run_id):
        result: dict[str, object] = DBOS.start_workflow(
            daily_run,
            run_id=run_id,
            brand_slug=slug,
            run_date="2026-11-21",
            model=None,
            trigger="manual",
            trace_id=run_id,
        ).get_result()
    return result


def pieces(app: AppContext, run_id: str) -> list[Piece]:
    with transaction(app.session_factory) as session:
        found = list(session.scalars(select(Piece).where(Piece.run_id == run_id)))
        session.expunge_all()
        return found


def test_tone_variants_give_one_piece_per_tone_of_each_idea_and_channel(
    engine_app: AppContext,
) -> None:
    slug = seed(
        engine_app,
        slug="toned",
        channels=["linkedin", "x"],
        ideas_per_run=3,
        tone_variants=["educational", "humorous"],
    )
    start(engine_app, slug, "run-toned")
    stored = pieces(engine_app, "run-toned")

    assert Counter((p.channel, p.tone) for p in stored) == {
        ("linkedin", "educational"): 3,
        ("linkedin", "humorous"): 3,
        ("x", "educational"): 3,
        ("x", "humorous"): 3,
    }
    assert all(p.status != "failed_validation" for p in stored), [p.problems for p in stored]
    by_arm = {(p.idea_id, p.channel, p.tone): p for p in stored}
    for (idea_id, channel, tone), piece in by_arm.items():
        if tone != "educational":
            continue
        twin = by_arm[(idea_id, channel, "humorous")]
        assert twin.hook_type == piece.hook_type, "the arms share the idea's hook type"
        assert twin.text != piece.text, "the arms differ in tone"
    # Each arm is its own child workflow, so a re-run does the work once.
    some = stored[0]
    assert piece_workflow_id("run-toned", some.idea_id, some.channel, some.tone).endswith(
        f":{some.tone}"
    )
    start(engine_app, slug, "run-toned")
    assert len(pieces(engine_app, "run-toned")) == len(stored)


def test_the_builtin_writer_says_translation_needs_a_model_and_writes_english(
    engine_app: AppContext,
) -> None:
    slug = seed(
        engine_app, slug="bilingual", channels=["linkedin"], ideas_per_run=3, languages=["en", "de"]
    )
    result = start(engine_app, slug, "run-bilingual")

    stored = pieces(engine_app, "run-bilingual")
    assert {p.language for p in stored} == {"en"}
    assert len(stored) == 3
    with transaction(engine_app.session_factory) as session:
        run = session.get(Run, "run-bilingual")
        assert run is not None
        errors = [e for e in run.errors if e["code"] == "LANGUAGE_NEEDS_MODEL"]
        assert run.status != "completed"
    assert [e["item"] for e in errors] == ["de"]
    assert "needs a model provider" in errors[0]["message"]
    assert result["status"] != "completed"


def test_a_brand_writing_german_with_the_builtin_writer_fails_at_the_start(
    engine_app: AppContext,
) -> None:
    slug = seed(engine_app, slug="german", channels=["linkedin"], languages=["de"])
    with pytest.raises(PressroomError, match=r"writing in 'de' needs a model provider"):
        start(engine_app, slug, "run-german")
    assert pieces(engine_app, "run-german") == []
    with transaction(engine_app.session_factory) as session:
        run = session.get(Run, "run-german")
        assert run is not None
        assert run.status == "failed"
        assert run.errors[0]["code"] == "LANGUAGE_NEEDS_MODEL"


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def model_app(settings: Settings, fake: FakeOpenAI) -> Iterator[AppContext]:
    configured = settings.model_copy(
        update={
            "model": "openai-chat:test-model",
            "openai_base_url": fake.base_url,
            "openai_structured_output": "json_schema",
            "llm_max_retries": 1,
        }
    )
    app = open_app(configured)
    runtime.launch(app)
    yield app
    runtime.destroy()


def test_a_model_writer_translates_each_valid_piece_into_the_further_languages(
    model_app: AppContext, fake: FakeOpenAI
) -> None:
    slug = seed(
        model_app,
        slug="translated",
        channels=["linkedin"],
        ideas_per_run=3,
        languages=["en", "pt-br"],
        tone_variants=["serious", "emotional"],
    )
    start(model_app, slug, "run-translated")
    stored = pieces(model_app, "run-translated")

    originals = {p.id: p for p in stored if p.language == "en"}
    translations = [p for p in stored if p.language == "pt-BR"]
    assert len(originals) == 6
    assert len(translations) == 6
    for piece in translations:
        source = originals[piece.source_piece_id or ""]
        assert (piece.idea_id, piece.channel, piece.tone) == (
            source.idea_id,
            source.channel,
            source.tone,
        )
        assert piece.status != "failed_validation"
    with transaction(model_app.session_factory) as session:
        kinds = Counter(session.scalars(select(PieceVersion.kind)))
    assert kinds["ai_translation"] == 6
    assert kinds["ai_original"] == 6
    prompts = [request.prompt for request in fake.completions]
    asked = [p for p in prompts if "Translate and localise" in p]
    assert len(asked) == 6
    assert all("Portuguese (Brazil)" in p and "Draft to translate (JSON):" in p for p in asked)
    toned = [p for p in prompts if "Tone: write this variant in a serious tone" in p]
    assert len(toned) == 6, "3 originals and their 3 translations in the serious tone"
