"""The built-in writer's video scripts plan scenes that add up to the spoken time, so every
reel, TikTok and Short passes the scene-total rule on the first try."""

from __future__ import annotations

import pytest

from pressroom.platforms.drafts import VideoScriptDraft
from pressroom.providers.llm.builtin import BuiltinWriter
from pressroom.providers.llm.builtin.reel import scene_seconds
from pressroom.providers.llm.builtin.text import count_words
from tests.providers.llm.builtin.builders import check, minimal_brand, piece_request

VIDEO_CHANNELS = ("instagram-reel", "tiktok", "youtube-short")


def test_scene_lengths_keep_the_running_total_on_the_spoken_time() -> None:
    # 7 + 3 × 13 + 9 = 55 words at 3 words/s: 18.33 s. Rounding each scene on its own gives
    # 2.3 + 3 × 4.3 + 3.0 = 18.2 s; the running total keeps them at 18.3 s.
    voiceovers = ["w " * 7, *["w " * 13] * 3, "w " * 9]
    lengths = scene_seconds(voiceovers, 3.0)
    assert lengths == [2.3, 4.4, 4.3, 4.3, 3.0]
    assert round(sum(lengths), 1) == 18.3


def test_every_scene_lasts_at_least_a_tenth_of_a_second() -> None:
    lengths = scene_seconds(["one", "two", "three four five six seven eight"], 20.0)
    assert all(length >= 0.1 for length in lengths)
    assert round(sum(lengths), 1) == 0.4  # the first two take 0.05 s each: the last catches up


@pytest.mark.parametrize("channel", VIDEO_CHANNELS)
@pytest.mark.parametrize("rate", [1.5, 2.5, 3.7])
@pytest.mark.parametrize("feedback", ["", "more scenes please", "shorter"])
def test_video_scripts_pass_the_scene_total_rule_first_time(
    channel: str, rate: float, feedback: str
) -> None:
    request = piece_request(channel, words_per_second=rate, reviewer_feedback=feedback)
    draft = BuiltinWriter(words_per_second=rate).write_piece(request).output
    assert isinstance(draft, VideoScriptDraft)
    report = check(request, draft)
    assert report.valid, report.feedback()
    spoken = count_words(draft.spoken_text()) / rate
    assert sum(scene.duration_seconds for scene in draft.scenes) == pytest.approx(spoken, abs=0.06)
    # The scenes voice the script, all of it: hook, value in order, call to action.
    voiced = [scene.voiceover for scene in draft.scenes]
    assert (voiced[0], " ".join(voiced[1:-1]), voiced[-1]) == (draft.hook, draft.value, draft.cta)


def test_a_brand_without_voice_or_website_gets_timed_scenes(writer: BuiltinWriter) -> None:
    request = piece_request("instagram-reel", brand=minimal_brand())
    draft = writer.write_piece(request).output
    assert isinstance(draft, VideoScriptDraft)
    assert check(request, draft).valid, check(request, draft).feedback()
    assert draft.scenes[-1].on_screen_text == "Link in bio"


@pytest.mark.parametrize("channel", VIDEO_CHANNELS)
def test_scenes_fit_the_request_rate_and_the_configured_one(channel: str) -> None:
    # Spoken at 2.5 and 2.2 words/s, a script of about 80 words runs 32 s or 36 s: scenes
    # timed between the two are within 3 s of either.
    draft = BuiltinWriter(words_per_second=2.2).write_piece(piece_request(channel)).output
    for rate in (2.5, 2.2):
        report = check(piece_request(channel, words_per_second=rate), draft)
        assert report.valid, (rate, report.feedback())


def test_scenes_follow_the_request_rate_when_both_cannot_fit() -> None:
    # 1.5 and 2.5 words/s are 10 s and more apart for any script that fits: the request wins.
    request = piece_request("instagram-reel", words_per_second=2.5)
    draft = BuiltinWriter(words_per_second=1.5).write_piece(request).output
    assert isinstance(draft, VideoScriptDraft)
    assert check(request, draft).valid, check(request, draft).feedback()
    spoken = count_words(draft.spoken_text()) / 2.5
    assert sum(scene.duration_seconds for scene in draft.scenes) == pytest.approx(spoken, abs=0.06)
