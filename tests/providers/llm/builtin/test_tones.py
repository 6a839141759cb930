"""The built-in writer in a tone, with a profile's structure, and in other languages."""

from __future__ import annotations

import re

import pytest

from pressroom.errors import ErrorCode, PressroomError
from pressroom.learning.strategy import Ending, Structure, WritingStrategy
from pressroom.providers.llm.builtin import BuiltinWriter
from pressroom.providers.llm.builtin.patterns import CLOSERS
from pressroom.providers.llm.builtin.tones import TONE_CLOSERS, TONE_LINES
from pressroom.writing.tones import Tone
from tests.providers.llm.builtin.builders import CHANNELS, check, piece_request


def _said(text: str, templates: tuple[str, ...]) -> bool:
    """Whether ``text`` says one of ``templates``, whatever fills their slots."""
    flat = " ".join(text.split())
    for template in templates:
        parts = re.split(r"\{\w+\}", template)
        pattern = ".+?".join(re.escape(part) for part in parts)
        if re.search(pattern, flat, flags=re.IGNORECASE):
            return True
    return False


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("tone", list(Tone))
def test_every_channel_in_every_tone_is_valid_and_sounds_like_it(
    writer: BuiltinWriter, channel: str, tone: Tone
) -> None:
    request = piece_request(channel, tone=tone)
    draft = writer.write_piece(request).output
    assert check(request, draft).valid, check(request, draft).feedback()
    plain = writer.write_piece(piece_request(channel)).output
    assert draft.render_text() != plain.render_text(), "the tone changes what is written"
    assert _said(draft.render_text(), TONE_LINES[tone] + TONE_CLOSERS[tone]), draft.render_text()


def test_the_arms_of_an_ab_test_share_the_ideas_hook_type(writer: BuiltinWriter) -> None:
    hooks = {
        writer.write_piece(piece_request("linkedin", tone=tone)).output.hook_type for tone in Tone
    }
    assert len(hooks) == 1


def test_a_linkedin_post_closes_in_its_tone(writer: BuiltinWriter) -> None:
    text = writer.write_piece(piece_request("linkedin", tone=Tone.SERIOUS)).output.render_text()
    assert _said(text, TONE_CLOSERS[Tone.SERIOUS])


def _points(text: str) -> int:
    return sum(1 for line in text.splitlines() if line[:2] in {"1.", "2.", "3.", "4.", "5."})


def test_the_profiles_structure_sets_the_points_and_the_ending(writer: BuiltinWriter) -> None:
    from pressroom.platforms.drafts import HookType
    from tests.providers.llm.builtin.builders import an_idea

    idea = an_idea(HookType.LIST)
    free = writer.write_piece(piece_request("linkedin", idea=idea)).output.render_text()
    one = WritingStrategy(structure=Structure(max_points=1, ending=Ending.QUESTION))
    request = piece_request("linkedin", idea=idea, strategy=one)
    draft = writer.write_piece(request).output
    shaped = draft.render_text()
    assert check(request, draft).valid
    assert _points(free) >= 2, free
    assert _points(shaped) == 1, shaped
    assert _said(shaped, CLOSERS[""]), "a question to readers closes the post"


def test_another_language_needs_a_model(writer: BuiltinWriter) -> None:
    with pytest.raises(PressroomError) as caught:
        writer.write_piece(piece_request("linkedin", language="de"))
    assert caught.value.code is ErrorCode.LANGUAGE_NEEDS_MODEL
    with pytest.raises(PressroomError) as translated:
        writer.write_piece(piece_request("linkedin", language="fr", translate_from={"x": 1}))
    assert "translating into 'fr' needs a model provider" in translated.value.message
