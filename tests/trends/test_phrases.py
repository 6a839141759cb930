from __future__ import annotations

import os
import subprocess
import sys

from pressroom.trends.phrases import extract_key_phrases

STORY = (
    "Green coffee prices jump as Brazil frost shrinks the arabica crop. Arabica futures rose "
    "for a third day after the frost in southern Brazil cut the harvest estimate. Importers "
    "say specialty lots are already 12% dearer."
)


def test_phrases_are_the_content_of_the_text() -> None:
    phrases = extract_key_phrases(STORY)
    assert phrases[0] == "green coffee prices"
    assert "harvest estimate" in phrases
    assert len(phrases) <= 8
    for phrase in phrases:
        assert 1 <= len(phrase.split()) <= 3
        # Stop words and numbers split phrases; they never start or end one.
        assert phrase.split()[0] not in {"the", "a", "for", "as", "12%"}


def test_names_keep_their_capitals_and_sentence_starts_do_not() -> None:
    phrases = extract_key_phrases(STORY)
    assert any("Brazil" in phrase for phrase in phrases)
    assert not any(phrase.startswith("Green") for phrase in phrases)


def test_limit_is_respected() -> None:
    assert len(extract_key_phrases(STORY, limit=3)) == 3
    assert extract_key_phrases(STORY, limit=0) == []
    assert extract_key_phrases(STORY, limit=3) == extract_key_phrases(STORY)[:3]


def test_overlapping_phrases_are_not_repeated() -> None:
    phrases = extract_key_phrases("Green coffee prices rose. Coffee prices are high in Oslo.")
    assert "green coffee prices" in phrases
    assert "coffee prices" not in phrases


def test_empty_and_stop_word_only_text_give_nothing() -> None:
    assert extract_key_phrases("") == []
    assert extract_key_phrases("the and of it is 2026, 12%!") == []


def test_same_text_same_phrases_across_processes() -> None:
    # Hash randomization changes set order between processes; the result must not change.
    code = f"from pressroom.trends.phrases import extract_key_phrases as k;print(k({STORY!r}))"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2")
    ]
    outputs = {run.communicate(timeout=60)[0] for run in runs}
    assert len(outputs) == 1
    assert outputs.pop().strip() == str(extract_key_phrases(STORY))
