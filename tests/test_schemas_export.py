"""``pressroom schemas export DIR`` writes a valid JSON Schema for every registered contract,
and real contract instances — built from an ingested feed, written ideas and a scored draft —
validate against the exported files, while broken envelopes do not."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from pressroom.brands import service as brands
from pressroom.brands.models import Brand
from pressroom.cli import app
from pressroom.config import Settings
from pressroom.contracts import all_contracts, utcnow
from pressroom.errors import ErrorCode, PressroomError
from pressroom.ideas import service as ideas
from pressroom.ideas.schemas import ContentConceptBatch, concept_batch
from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.providers.llm.protocol import IdeaDraft, IdeaRequest, PieceRequest, Writer
from pressroom.providers.llm.registry import resolve_writer
from pressroom.runs import service as runs
from pressroom.scoring.schemas import Decision, ScoreCard, ScoreCardPayload, Scores
from pressroom.scoring.service import score_piece
from pressroom.trends import service as trends
from pressroom.trends.schemas import TrendSignalBatch, batch_from_signals
from tests.factories import make_brand

ENVELOPE_FIELDS = {"schema_version", "trace_id", "created_at", "payload"}
TRACE = "0f9c2d4e-5b6a-4c3d-8e7f-1a2b3c4d5e6f"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every exported schema by contract name, written through the CLI."""
    folder = tmp_path_factory.mktemp("export") / "schemas"
    result = CliRunner().invoke(app, ["schemas", "export", str(folder)])
    assert result.exit_code == 0, result.output
    printed = "".join(result.output.split())  # the console wraps long paths
    schemas = {}
    for path in sorted(folder.iterdir()):
        assert str(path) in printed, path
        schemas[path.name.removesuffix(".schema.json")] = json.loads(path.read_text("utf-8"))
    return schemas


def validator(schemas: dict[str, dict[str, Any]], name: str) -> Draft202012Validator:
    return Draft202012Validator(schemas[name])


def test_every_registered_contract_has_exactly_one_file(
    exported: dict[str, dict[str, Any]],
) -> None:
    assert set(exported) == set(all_contracts())
    assert {"TrendSignalBatch", "ContentConceptBatch", "ScoreCard"} <= set(exported)


def test_every_file_is_a_valid_json_schema(exported: dict[str, dict[str, Any]]) -> None:
    for name, schema in exported.items():
        Draft202012Validator.check_schema(schema)
        assert schema["title"] == name
        assert schema["$id"].endswith(f"/{name}.schema.json")
        assert schema["additionalProperties"] is False, name


def test_every_schema_requires_the_envelope_fields(exported: dict[str, dict[str, Any]]) -> None:
    for name, schema in exported.items():
        assert set(schema.get("required", [])) >= ENVELOPE_FIELDS, name


# ── real instances ───────────────────────────────────────────────────────────────────────


@pytest.fixture
def brand(session: Session) -> Brand:
    """The demo brand with its bundled sample feed registered."""
    brand = make_brand(session)
    trends.register_sources(session, brand=brand, locations=brands.demo_spec().feeds)
    return brand


@pytest.fixture
def writer(settings: Settings) -> Writer:
    return resolve_writer("builtin", settings)


def signal_batch(session: Session, brand: Brand, settings: Settings) -> TrendSignalBatch:
    now = utcnow()
    report = trends.ingest(session, brand=brand, settings=settings, now=now, trace_id=TRACE)
    assert report.failed == [], report.failed
    signals = trends.top_signals(session, brand=brand, now=now)
    assert signals
    return batch_from_signals(signals, trace_id=TRACE)


def written_ideas(session: Session, brand: Brand, writer: Writer) -> list[IdeaDraft]:
    request = IdeaRequest(
        brand=brands.brand_context(brand),
        signals=[
            trends.to_source_signal(s)
            for s in trends.top_signals(session, brand=brand, now=utcnow())
        ],
        count=3,
        run_date=date.today(),
        trace_id=TRACE,
    )
    return writer.write_ideas(request).output


def test_a_trend_signal_batch_from_an_ingested_feed_validates(
    exported: dict[str, dict[str, Any]], session: Session, brand: Brand, settings: Settings
) -> None:
    batch = signal_batch(session, brand, settings)

    validator(exported, "TrendSignalBatch").validate(batch.model_dump(mode="json"))
    assert len(batch.payload.signals) > 1


def test_a_concept_batch_of_written_ideas_validates(
    exported: dict[str, dict[str, Any]],
    session: Session,
    brand: Brand,
    settings: Settings,
    writer: Writer,
) -> None:
    signal_batch(session, brand, settings)
    drafts = written_ideas(session, brand, writer)
    run_id = "daily:schema-test"
    runs.start_run(
        session,
        run_id=run_id,
        brand_id=brand.id,
        run_date=date.today(),
        trigger="manual",
        writer=writer.name,
        trace_id=TRACE,
        now=utcnow(),
    )
    stored = ideas.store_ideas(
        session,
        brand_id=brand.id,
        run_id=run_id,
        drafts=drafts,
        topic_of={},
        writer=writer.name,
        trace_id=TRACE,
    )

    batch: ContentConceptBatch = concept_batch(stored, trace_id=TRACE)

    validator(exported, "ContentConceptBatch").validate(batch.model_dump(mode="json"))
    assert len(batch.payload.concepts) == 3


def test_a_score_card_of_a_written_draft_validates(
    exported: dict[str, dict[str, Any]],
    session: Session,
    brand: Brand,
    settings: Settings,
    writer: Writer,
) -> None:
    signal_batch(session, brand, settings)
    idea = written_ideas(session, brand, writer)[0]
    context = brands.brand_context(brand)
    draft = writer.write_piece(
        PieceRequest(
            brand=context,
            idea=idea,
            channel="linkedin",
            rules=CHANNEL_RULES["linkedin"],
            trace_id=TRACE,
        )
    )
    result = score_piece(brand=context, channel="linkedin", draft=draft.output)

    payload = ScoreCardPayload.from_result(piece_id="piece-1", piece_version=1, result=result)
    card: ScoreCard = ScoreCard.wrap(payload, trace_id=TRACE)

    validator(exported, "ScoreCard").validate(card.model_dump(mode="json"))


# ── broken instances ─────────────────────────────────────────────────────────────────────


def a_valid_score_card() -> dict[str, Any]:
    scores = Scores(
        brand_alignment=0.8, predicted_engagement=0.5, safety=1.0, readability=0.7, composite=0.77
    )
    payload = ScoreCardPayload(
        piece_id="piece-1",
        piece_version=1,
        channel="x",
        scores=scores,
        decision=Decision.APPROVE,
        reasons=["Safe."],
        scorer_version="1",
    )
    data: dict[str, Any] = ScoreCard.wrap(payload, trace_id=TRACE).model_dump(mode="json")
    return data


@pytest.mark.parametrize(
    ("broken", "why"),
    [
        (lambda d: d.pop("trace_id"), "trace_id is missing"),
        (lambda d: d.update(trace_id=""), "trace_id is empty"),
        (lambda d: d.update(schema_version="one"), "schema_version is not N.N"),
        (lambda d: d.update(extra="x"), "an unknown envelope field"),
        (lambda d: d["payload"].pop("piece_id"), "payload.piece_id is missing"),
        (lambda d: d["payload"]["scores"].update(safety=1.5), "a score above 1"),
    ],
)
def test_broken_envelopes_fail_validation(
    exported: dict[str, dict[str, Any]], broken: Any, why: str
) -> None:
    check = validator(exported, "ScoreCard")
    instance = a_valid_score_card()
    check.validate(instance)
    broken(instance)

    with pytest.raises(ValidationError):
        check.validate(instance)
    # The exported schema and the model agree: the model refuses it too.
    with pytest.raises(PressroomError) as refused:
        ScoreCard.parse(instance)
    assert refused.value.code == ErrorCode.INVALID_SCHEMA, why
