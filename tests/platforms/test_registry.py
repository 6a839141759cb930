"""Every registered channel is whole: its parts agree with its name, its plain-text format
reads back what it renders, and the built-in writer writes a valid draft for it. A new
channel gets these checks by being registered."""

from __future__ import annotations

import re

import pytest

from pressroom.platforms.channel import Channel
from pressroom.platforms.channels import CHANNELS, parse_draft, read_draft
from pressroom.platforms.validation import validate
from pressroom.providers.llm.builtin.writer import BuiltinWriter
from tests.providers.llm.builtin.builders import piece_request

REGISTERED = list(CHANNELS.values())
HH_MM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


@pytest.mark.parametrize("channel", REGISTERED, ids=lambda c: c.name)
def test_the_channels_parts_agree_with_its_name(channel: Channel) -> None:
    assert channel.rules.channel == channel.name
    assert channel.draft.model_fields["channel"].default == channel.name
    assert channel.platform
    assert channel.posting_slots
    assert all(HH_MM.match(slot) for slot in channel.posting_slots)
    assert len(set(channel.problem_codes)) == len(channel.problem_codes)
    assert "invalid_draft" not in channel.problem_codes


@pytest.mark.parametrize("channel", REGISTERED, ids=lambda c: c.name)
def test_the_built_in_writer_writes_a_valid_draft_that_reads_back(channel: Channel) -> None:
    request = piece_request(channel.name)
    draft = BuiltinWriter().write_piece(request).output
    assert draft.channel == channel.name
    report = validate(channel.name, draft)
    assert report.valid, report.problems
    # The plain-text format reads back what the draft renders, and the JSON form round-trips.
    read = read_draft(channel.name, draft.render_text())
    assert not isinstance(read, dict), read
    assert read.render_text() == draft.render_text()
    assert parse_draft(draft.model_dump(mode="json")) == draft


def test_names_and_aliases_are_unique() -> None:
    aliases = [alias for channel in REGISTERED for alias in channel.aliases]
    assert len(set(aliases)) == len(aliases)
    assert not set(aliases) & set(CHANNELS)
