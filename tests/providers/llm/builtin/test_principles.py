"""Which guideline sentences the built-in writer may tell readers as the brand's principles:
not the ones telling the writer how to word things."""

from __future__ import annotations

import pytest

from pressroom.platforms.drafts import HookType
from pressroom.providers.llm.builtin.voice import voice_of
from pressroom.providers.llm.builtin.writer import BuiltinWriter
from tests.providers.llm.builtin.builders import an_idea, demo_brand, piece_request

GUIDELINES = (
    "Say we, never I. Cite the relevant regulation or framework by name where it applies. "
    "Avoid jargon the board would not use. Quantify risk rather than dramatise it. "
    "Credit the teams who did the work."
)


def test_wording_instructions_are_not_principles() -> None:
    voice = voice_of(demo_brand(guidelines=GUIDELINES))
    assert voice.principles == (
        "Quantify risk rather than dramatise it",
        "Credit the teams who did the work",
    )


@pytest.mark.parametrize("hook_type", list(HookType))
def test_no_wording_instruction_reaches_a_post(hook_type: HookType) -> None:
    # With every guideline sentence a principle, LinkedIn posts of statement, contrarian and
    # list hooks quoted "Avoid jargon …" or "Cite the relevant regulation …" to readers.
    request = piece_request(
        "linkedin", brand=demo_brand(guidelines=GUIDELINES), idea=an_idea(hook_type)
    )
    rendered = BuiltinWriter().write_piece(request).output.render_text().casefold()
    for instruction in ("cite the relevant regulation", "say we, never i", "avoid jargon"):
        assert instruction not in rendered
