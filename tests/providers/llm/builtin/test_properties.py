"""Property: whatever the source material, brand and hook type, every draft the built-in
writer produces passes the platform validators, and no restricted term gets through."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest

from pressroom.platforms.drafts import HookType
from pressroom.providers.llm.builtin import BuiltinWriter
from pressroom.providers.llm.protocol import BrandContext, SourceSignal
from tests.providers.llm.builtin.builders import (
    CHANNELS,
    RUN_DATE,
    check,
    demo_brand,
    idea_request,
    minimal_brand,
    piece_request,
)

PHRASES = [
    "x",
    "ai",
    "café culture",
    "日本のコーヒー文化と抹茶ラテの流行",
    "قهوة عربية",
    "☕ latte art 🎨",
    "🔥🔥🔥",
    "NEW EU DEFORESTATION RULES",
    "50% price jump",
    "e\u0301spresso tonic",
    "\u202eflipped text",
    "#already a hashtag",
    "https://example.com/a/very/long/path?with=query",
    "c'est la vie",
    "…",
    "supply chain resilience across every emerging market of the global south in 2026",
    "zero-waste-single-origin-micro-lot-subscription-boxes",
    "family 👩\u200d👩\u200d👧 breakfast",
    "Ünïcödé ümlauts",
    "miracle detox",
    "3 in 5 baristas",
]
SUMMARIES = [
    "",
    "Short.",
    "Prices rose 12% in March. Cafés are adjusting menus.",
    " ".join(["A very long summary sentence with many words about coffee markets."] * 25),
    "日本ではコーヒーの消費量が増えています。若い世代が中心です。",
    "Emoji everywhere 🚀🚀 and !!! marks!!! SHOUTING WORDS EVERYWHERE IN CAPS",
]
FEEDBACK = ["", "", "shorter", "longer and more about farmers", "new hook please", "日本語で"]


def _brand(rng: random.Random) -> BrandContext:
    choice = rng.randrange(3)
    if choice == 0:
        return demo_brand()
    if choice == 1:
        return minimal_brand()
    return demo_brand(
        voice_profile={"person": "I", "tone": "bold, playful", "palette": ["#ff0000", "teal"]},
        voice_examples=[],
        hashtags=[],
        website="",
        call_to_action="",
    )


def _signal(rng: random.Random, index: int) -> SourceSignal:
    phrases = rng.sample(PHRASES, rng.randrange(0, 5))
    return SourceSignal(
        trend_id=f"trend-{index}",
        topic=rng.choice([*PHRASES, "Coffee prices hit a 50-year high in every market today"]),
        summary=rng.choice(SUMMARIES),
        key_phrases=phrases,
        links=rng.sample(["https://news.example/a", "https://t.co/x"], rng.randrange(0, 2)),
        velocity=rng.uniform(0, 5),
        confidence=rng.random(),
        relevance=rng.random(),
    )


def _case(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    return {
        "brand": _brand(rng),
        "signals": [_signal(rng, i) for i in range(rng.randrange(0, 5))],
        "hook_type": list(HookType)[seed % len(HookType)],
        "words_per_second": rng.choice([2.0, 2.5, 3.0]),
        "feedback": rng.choice(FEEDBACK),
        "run_date": RUN_DATE + timedelta(days=seed),
    }


@pytest.mark.parametrize("seed", range(28))
def test_every_output_validates(writer: BuiltinWriter, seed: int) -> None:
    case = _case(seed)
    request = idea_request(
        brand=case["brand"], signals=case["signals"], count=3, run_date=case["run_date"]
    )
    ideas = writer.write_ideas(request).output
    assert len(ideas) == 3
    forced = ideas[0].model_copy(update={"hook_type": case["hook_type"]})
    terms = [t.casefold() for t in case["brand"].restricted_terms]
    for idea in (ideas[1], forced):
        for channel in CHANNELS:
            piece = piece_request(
                channel,
                brand=case["brand"],
                idea=idea,
                sources=case["signals"],
                words_per_second=case["words_per_second"],
                reviewer_feedback=case["feedback"],
            )
            draft = writer.write_piece(piece).output
            report = check(piece, draft)
            assert report.valid, (seed, channel, report.feedback(), draft.render_text())
            text = draft.render_text().casefold()
            assert not [t for t in terms if t in text], (seed, channel)
