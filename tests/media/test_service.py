"""What each channel's piece gets rendered (the media plan as data), and the clear refusals
for pieces and shapes that have none."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from pressroom.errors import ErrorCode, PressroomError
from pressroom.media import service as media
from pressroom.media.spec import Aspect
from pressroom.providers.llm.builtin import BuiltinWriter
from tests.providers.llm.builtin.builders import piece_request
from tests.review.factories import make_piece


def draft(channel: str) -> dict[str, Any]:
    return BuiltinWriter().write_piece(piece_request(channel)).output.model_dump(mode="json")


def labels(session: Session, channel: str, *aspects: Aspect) -> list[str]:
    piece = make_piece(session, channel=channel, draft=draft(channel))
    return [spec.label for spec in media.plan(piece, aspects=aspects)]


def test_each_visual_channel_plans_its_own_media(session: Session) -> None:
    assert labels(session, "instagram-feed") == ["cover 4:5"]
    assert labels(session, "instagram-reel") == ["cover 9:16", "video 9:16", "subtitles 9:16"]
    assert labels(session, "tiktok") == ["cover 9:16", "video 9:16", "subtitles 9:16"]
    assert labels(session, "youtube-short") == [
        "cover 9:16",
        "thumbnail 16:9",
        "video 9:16",
        "subtitles 9:16",
    ]
    slides = len(draft("instagram-carousel")["slides"])
    assert labels(session, "instagram-carousel") == [f"slide {n} 4:5" for n in range(1, slides + 1)]
    assert labels(session, "linkedin") == []


def test_other_video_shapes_are_native_renders_with_their_own_cover(session: Session) -> None:
    assert labels(session, "instagram-reel", Aspect.SQUARE, Aspect.LANDSCAPE) == [
        "cover 9:16",
        "video 9:16",
        "video 1:1",
        "cover 1:1",
        "video 16:9",
        "cover 16:9",
        "subtitles 9:16",
    ]


@pytest.mark.parametrize(
    ("channel", "aspects", "says"),
    [
        ("linkedin", (), "a text-only channel: it has no media"),
        ("instagram-feed", (Aspect.SQUARE,), "posts no video"),
        ("tiktok", (Aspect.PORTRAIT,), "not 4:5"),
    ],
)
def test_pieces_and_shapes_without_media_are_refused_clearly(
    session: Session, channel: str, aspects: tuple[Aspect, ...], says: str
) -> None:
    piece = make_piece(session, channel=channel, draft=draft(channel))
    with pytest.raises(PressroomError) as caught:
        media.renderable(piece, aspects=aspects)
    assert caught.value.code == ErrorCode.INVALID_INPUT
    assert says in caught.value.message
    assert caught.value.hint
