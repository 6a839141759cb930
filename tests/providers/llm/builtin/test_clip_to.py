"""Cutting text to a length with an ellipsis (``reel.clip_to``): at a word when one fits,
inside the word when none does, never longer than the room — and the titles, slides and alt
texts the built-in writer cuts with it."""

from __future__ import annotations

import pytest

from pressroom.platforms.drafts import InstagramCarouselDraft, YouTubeShortDraft
from pressroom.providers.llm.builtin import BuiltinWriter
from pressroom.providers.llm.builtin.reel import clip_to
from pressroom.providers.llm.builtin.text import weighted_length
from tests.providers.llm.builtin.builders import an_idea, check, piece_request

NO_SPACES = "日本のコーヒー文化と抹茶ラテの流行" * 7  # 119 characters, one "word"


@pytest.mark.parametrize(
    ("text", "room", "expected"),
    [
        ("Fresh beans taste better", 30, "Fresh beans taste better"),
        ("Fresh beans taste better", 18, "Fresh beans taste…"),
        ("Fresh beans, taste better", 14, "Fresh beans…"),
        ("  padded  ", 6, "padded"),
        ("Unbreakable", 6, "Unbre…"),
        ("Unbreakable", 1, ""),
        ("Unbreakable", 0, ""),
        ("Two\n\nparagraphs here", 12, "Two…"),
        ("Two\n\nparagraphs here", 17, "Two\n\nparagraphs…"),
    ],
)
def test_text_is_cut_at_a_word_with_an_ellipsis(text: str, room: int, expected: str) -> None:
    assert clip_to(text, room) == expected
    assert len(clip_to(text, room)) <= max(room, 0)


def test_the_length_is_counted_the_channels_way() -> None:
    # CJK counts 2 as X weighs it: 10 characters are 20.
    cut = clip_to(NO_SPACES, 20, length=weighted_length)
    assert cut.endswith("…")
    assert weighted_length(cut) <= 20


@pytest.mark.timeout(30)
def test_a_short_title_without_spaces_is_cut_to_the_limit() -> None:
    # Used to loop for ever: a title of one long "word" never got shorter by dropping words.
    request = piece_request("youtube-short", idea=an_idea(title=NO_SPACES))
    draft = BuiltinWriter().write_piece(request).output
    assert isinstance(draft, YouTubeShortDraft)
    assert len(draft.title) <= 100
    assert draft.title.endswith("…")
    assert check(request, draft).valid, check(request, draft).feedback()


@pytest.mark.timeout(30)
def test_carousel_headlines_and_alt_texts_without_spaces_fit() -> None:
    request = piece_request("instagram-carousel", idea=an_idea(title=NO_SPACES))
    draft = BuiltinWriter().write_piece(request).output
    assert isinstance(draft, InstagramCarouselDraft)
    assert all(len(slide.headline) <= 60 for slide in draft.slides)
    assert check(request, draft).valid, check(request, draft).feedback()
