from __future__ import annotations

import pytest

from pressroom.platforms.channels import CHANNELS, read_draft
from pressroom.platforms.drafts import HookType, Scene, YouTubeShortDraft
from pressroom.platforms.validation import validate
from tests.platforms.samples import words

RATE = 2.0  # 60 s is 120 words


def make_short(
    *,
    value_words: int = 40,
    title: str = "Why fresh beans taste better",
    caption: str = "Roast dates matter.",
    description: str = "More at example.com",
    hashtags: list[str] | None = None,
    scene_seconds: tuple[float, float, float] | None = None,
) -> YouTubeShortDraft:
    seconds = scene_seconds or (3, value_words / RATE, 5)
    beats = ("hook", "value", "cta")
    return YouTubeShortDraft(
        hook_type=HookType.QUESTION,
        title=title,
        hook=words(6, "stop"),
        value=words(value_words, "roast"),
        cta=words(10, "follow"),
        scenes=[
            Scene(beat=beat, duration_seconds=s, visual_prompt="Beans", voiceover="")
            for beat, s in zip(beats, seconds, strict=True)
        ],
        caption=caption,
        description=description,
        hashtags=["coffee"] if hashtags is None else hashtags,
    )


def problems(draft: YouTubeShortDraft) -> list[tuple[str, str]]:
    report = validate("youtube-short", draft, words_per_second=RATE)
    return [(p.code, p.path) for p in report.problems]


def test_a_well_formed_short_is_valid_with_its_measures() -> None:
    draft = make_short()
    report = validate("youtube-short", draft, words_per_second=RATE)
    assert report.valid, report.feedback()
    posted = "Roast dates matter.\n\nMore at example.com\n\n#coffee"
    assert draft.render_caption() == posted
    assert report.measures["description_length"] == len(posted)
    assert report.measures["title_length"] == len("Why fresh beans taste better")
    assert CHANNELS["youtube-short"].platform == "youtube"


@pytest.mark.parametrize(
    ("value_words", "expected"),
    [
        (1, []),  # no minimum length on YouTube
        (103, []),
        (104, []),
        (105, [("spoken_too_long", ""), ("scenes_too_long", "scenes")]),
    ],
)
def test_the_script_runs_at_most_60_seconds(
    value_words: int, expected: list[tuple[str, str]]
) -> None:
    assert problems(make_short(value_words=value_words)) == expected


def test_scenes_add_up_to_the_spoken_time() -> None:
    assert problems(make_short(scene_seconds=(3, 23, 5))) == []  # 31 s for 28 s spoken
    assert problems(make_short(scene_seconds=(3, 23.1, 5))) == [("scene_time_mismatch", "scenes")]


@pytest.mark.parametrize(("length", "valid"), [(99, True), (100, True), (101, False)])
def test_title_limit(length: int, valid: bool) -> None:
    report = validate("youtube-short", make_short(title="t" * length), words_per_second=RATE)
    assert report.valid is valid
    if not valid:
        (problem,) = report.problems
        assert (problem.code, problem.path, problem.limit, problem.actual) == (
            "title_too_long",
            "title",
            100,
            101,
        )
        assert problem.message == (
            "The title has 101 characters; YouTube allows 100. Cut about 1 character."
        )


def test_a_title_is_required() -> None:
    assert problems(make_short(title="  ")) == [("empty_section", "title")]


@pytest.mark.parametrize(("length", "valid"), [(4999, True), (5000, True), (5001, False)])
def test_description_limit_counts_caption_description_and_hashtags(
    length: int, valid: bool
) -> None:
    fixed = len("Roast dates matter.\n\n") + len("\n\n#coffee")
    report = validate(
        "youtube-short", make_short(description="d" * (length - fixed)), words_per_second=RATE
    )
    assert report.measures["description_length"] == length
    assert report.valid is valid
    if not valid:
        (problem,) = report.problems
        assert (problem.code, problem.limit, problem.actual) == (
            "description_too_long",
            5000,
            5001,
        )
        assert "YouTube allows 5,000. Cut about 1 character." in problem.message


@pytest.mark.parametrize(("count", "valid"), [(60, True), (61, False)])
def test_hashtag_limit(count: int, valid: bool) -> None:
    report = validate(
        "youtube-short",
        make_short(hashtags=[f"tag{n}" for n in range(count)]),
        words_per_second=RATE,
    )
    assert [p.code for p in report.problems] == ([] if valid else ["too_many_hashtags"])


@pytest.mark.parametrize("description", ["More at example.com", ""])
def test_the_plain_text_format_reads_back(description: str) -> None:
    draft = make_short(description=description, hashtags=["coffee", "roasting"])
    text = draft.render_text()
    assert text.startswith("TITLE: Why fresh beans taste better\n\nHOOK:")
    assert "DESCRIPTION:\n" in text
    read = read_draft("youtube-short", text)
    assert read == draft.model_copy(update={"hook_type": HookType.STATEMENT})
