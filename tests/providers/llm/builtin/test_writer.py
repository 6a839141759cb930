"""The built-in writer behind the Writer protocol: identity, usage, determinism, errors."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.orm import Session

from pressroom.brands import service as brands
from pressroom.errors import ErrorCode, PressroomError
from pressroom.platforms.channels import CHANNEL_RULES
from pressroom.platforms.linkedin import LINKEDIN
from pressroom.providers.llm.builtin import BuiltinWriter
from pressroom.providers.llm.protocol import PieceRequest, Usage, Writer
from tests.factories import make_brand
from tests.providers.llm.builtin.builders import (
    CHANNELS,
    check,
    idea_request,
    piece_request,
)


def test_is_a_writer_labelled_as_no_ai(writer: BuiltinWriter) -> None:
    assert isinstance(writer, Writer)
    assert writer.name == "builtin"
    assert writer.label == "built-in writer (no AI)"


def test_usage_is_one_request_and_no_tokens(writer: BuiltinWriter) -> None:
    expected = Usage(provider="builtin", model="builtin", requests=1)
    assert writer.write_ideas(idea_request()).usage == expected
    assert writer.write_piece(piece_request("x")).usage == expected


def test_same_request_same_output(writer: BuiltinWriter) -> None:
    request = idea_request()
    assert writer.write_ideas(request) == BuiltinWriter().write_ideas(request)
    for channel in CHANNELS:
        piece = piece_request(channel)
        assert writer.write_piece(piece) == BuiltinWriter().write_piece(piece)


def test_output_does_not_depend_on_the_trace_id(writer: BuiltinWriter) -> None:
    first = writer.write_piece(piece_request("linkedin", trace_id="one"))
    second = writer.write_piece(piece_request("linkedin", trace_id="two"))
    assert first.output == second.output


def test_other_inputs_give_other_text(writer: BuiltinWriter) -> None:
    base = writer.write_ideas(idea_request()).output
    later = writer.write_ideas(idea_request(run_date=idea_request().run_date.replace(day=21)))
    assert [i.title for i in base] != [i.title for i in later.output] or [
        i.hook_type for i in base
    ] != [i.hook_type for i in later.output]


def test_safe_from_several_threads(writer: BuiltinWriter) -> None:
    requests = [piece_request(channel) for channel in CHANNELS] * 4
    alone = [writer.write_piece(request).output for request in requests]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda r: writer.write_piece(r).output, requests))
    assert together == alone


def test_writes_for_a_brand_as_stored(writer: BuiltinWriter, session: Session) -> None:
    context = brands.brand_context(make_brand(session))
    for channel in CHANNELS:
        request = piece_request(channel, brand=context)
        assert check(request, writer.write_piece(request).output).valid


def test_unknown_channel_is_an_error_and_changes_nothing(writer: BuiltinWriter) -> None:
    request = piece_request("linkedin").model_copy(update={"channel": "myspace"})
    before = request.model_dump()
    with pytest.raises(PressroomError) as caught:
        writer.write_piece(request)
    assert caught.value.code == ErrorCode.UNKNOWN_CHANNEL
    assert caught.value.details["known_channels"] == sorted(CHANNEL_RULES)
    assert request.model_dump() == before


def test_rules_of_another_channel_are_invalid_input(writer: BuiltinWriter) -> None:
    request = piece_request("x", rules=LINKEDIN)
    before = request.model_dump()
    with pytest.raises(PressroomError) as caught:
        writer.write_piece(request)
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert request.model_dump() == before


@pytest.mark.parametrize("rate", [0.0, -1.0, math.nan, math.inf])
def test_speaking_rate_must_be_positive(writer: BuiltinWriter, rate: float) -> None:
    request = piece_request("instagram-reel", words_per_second=rate)
    with pytest.raises(PressroomError) as caught:
        writer.write_piece(request)
    assert caught.value.code == ErrorCode.INVALID_INPUT
    with pytest.raises(PressroomError) as configured:
        BuiltinWriter(words_per_second=rate)
    assert configured.value.code == ErrorCode.CONFIG_INVALID


def test_reel_fits_the_request_rate_and_the_configured_one() -> None:
    slow_house = BuiltinWriter(words_per_second=2.2)
    request = piece_request("instagram-reel", words_per_second=2.5)
    draft = slow_house.write_piece(request).output
    assert check(request, draft).valid
    assert check(request.model_copy(update={"words_per_second": 2.2}), draft).valid


def test_piece_request_is_not_mutated(writer: BuiltinWriter) -> None:
    request: PieceRequest = piece_request(
        "linkedin", problems=["text: The post has 320 words. Cut about 20 words."]
    )
    before = request.model_dump()
    writer.write_piece(request)
    assert request.model_dump() == before
