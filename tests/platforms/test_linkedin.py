from __future__ import annotations

import pytest

from pressroom.platforms.linkedin import LINKEDIN, TONE_LINTS, all_caps_words, validate_post
from pressroom.platforms.validation import validate
from tests.platforms.samples import linkedin_text, make_linkedin, words


def codes(draft_text: str, hashtags: list[str] | None = None) -> list[str]:
    report = validate("linkedin", make_linkedin(text=draft_text, hashtags=hashtags))
    return [problem.code for problem in report.problems]


def test_a_well_formed_post_is_valid_with_its_measures() -> None:
    draft = make_linkedin()
    report = validate("linkedin", draft)
    assert report.valid
    assert report.problems == []
    assert report.measures == {
        "words": 200,
        "paragraphs": 2,
        "hashtags": 2,
        "length": len(draft.render_text()),
    }


@pytest.mark.parametrize(
    ("word_count", "expected"),
    [(149, ["too_few_words"]), (150, []), (300, []), (301, ["too_many_words"])],
)
def test_word_count_boundaries(word_count: int, expected: list[str]) -> None:
    assert codes(linkedin_text(word_count)) == expected


def test_word_problems_say_how_many_words_to_add_or_cut() -> None:
    long = validate("linkedin", make_linkedin(text=linkedin_text(342))).problems[0]
    assert long.message == (
        "The post has 342 words; LinkedIn posts must be 150–300 words (hashtags not counted). "
        "Cut about 42 words."
    )
    assert (long.path, long.limit, long.actual) == ("text", 300, 342)
    short = validate("linkedin", make_linkedin(text=linkedin_text(149))).problems[0]
    assert short.message.endswith("Add about 1 word.")
    assert (short.limit, short.actual) == (150, 149)


def test_hashtags_in_the_body_are_not_words() -> None:
    text = linkedin_text(150) + " #growth #teams"
    report = validate("linkedin", make_linkedin(text=text, hashtags=[]))
    assert report.measures["words"] == 150
    assert report.measures["hashtags"] == 2
    assert report.valid


def test_a_post_needs_a_blank_line_between_paragraphs() -> None:
    one_block = f"{words(100)}.\n{words(100, 'teams')}."
    report = validate("linkedin", make_linkedin(text=one_block))
    assert [p.code for p in report.problems] == ["missing_paragraph_break"]
    assert (report.problems[0].limit, report.problems[0].actual) == (1, 0)
    # A "blank" line holding only spaces still separates paragraphs.
    assert codes(f"{words(100)}.\n   \n{words(100, 'teams')}.") == []


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        (["a1", "b2", "c3", "d4", "e5"], []),
        (["a1", "b2", "c3", "d4", "e5", "f6"], ["too_many_hashtags"]),
    ],
)
def test_hashtag_limit_boundary(listed: list[str], expected: list[str]) -> None:
    assert codes(linkedin_text(), listed) == expected


def test_hashtags_are_counted_once_across_body_and_list_in_any_case() -> None:
    text = linkedin_text() + " Why #AI and #Growth matter."
    report = validate(
        "linkedin", make_linkedin(text=text, hashtags=["ai", "#growth", "x1", "x2", "x3"])
    )
    assert report.valid
    assert report.measures["hashtags"] == 5


def test_too_many_hashtags_message_names_the_limit() -> None:
    text = linkedin_text() + " #one #two #three #four"
    problem = validate("linkedin", make_linkedin(text=text, hashtags=["five", "six", "seven"]))
    (only,) = problem.problems
    assert only.code == "too_many_hashtags"
    assert (only.limit, only.actual) == (5, 7)
    assert "at most 5. Remove 2 hashtags" in only.message


def test_a_listed_hashtag_must_be_one_word() -> None:
    report = validate("linkedin", make_linkedin(hashtags=["machine learning", "2024", "AI"]))
    problems = [(p.code, p.path, p.actual) for p in report.problems]
    assert problems == [
        ("invalid_hashtag", "hashtags[0]", "machine learning"),
        ("invalid_hashtag", "hashtags[1]", "2024"),
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("Our AI and CEO agree.", []),
        ("Our AI and CEO agree. AI again, I think.", []),
        ("THIS IS HUGE news.", ["shouting"]),
        ("Our AI, CEO and B2B team.", ["shouting"]),
        ("Tags do not shout: #AI #CEO #B2B.", []),
    ],
)
def test_shouting_allows_a_couple_of_acronyms(extra: str, expected: list[str]) -> None:
    assert codes(f"{linkedin_text()} {extra}", []) == expected


def test_all_caps_words_are_distinct_and_need_two_letters() -> None:
    assert all_caps_words("I met the CEO. The CEO said OK to B2B, not to Q1 or X.") == [
        "CEO",
        "OK",
        "B2B",
    ]


@pytest.mark.parametrize(("marks", "expected"), [(2, []), (3, ["too_many_exclamations"])])
def test_exclamation_marks(marks: int, expected: list[str]) -> None:
    assert codes(linkedin_text() + " Wow" + "!" * marks, []) == expected


@pytest.mark.parametrize(
    ("emoji", "expected"),
    [
        # A ZWJ family and a skin-toned thumb are one emoji each.
        ("🎉 👨‍👩‍👧‍👦 👍🏽", []),
        ("🎉 👨‍👩‍👧‍👦 👍🏽 🚀", ["too_many_emoji"]),
    ],
)
def test_emoji_limit(emoji: str, expected: list[str]) -> None:
    assert codes(f"{linkedin_text()} {emoji}", []) == expected


def test_every_problem_is_reported_together() -> None:
    text = "THIS IS BIG!!! 🎉🎉🎉🎉 #a #b #c #d #e #f"
    report = validate("linkedin", make_linkedin(text=text, hashtags=["bad tag"]))
    assert not report.valid
    assert [p.code for p in report.problems] == [
        "too_few_words",
        "missing_paragraph_break",
        "invalid_hashtag",
        "too_many_hashtags",
        "shouting",
        "too_many_exclamations",
        "too_many_emoji",
    ]
    assert len(report.feedback()) == 7


def test_limits_come_from_the_rules_data() -> None:
    strict = LINKEDIN.model_copy(
        update={"min_words": 50, "max_words": 100, "max_hashtags": 1, "tone": ""}
    )
    report = validate_post(
        make_linkedin(text=f"{linkedin_text(120)} WOW WOW NOW BIG"), rules=strict
    )
    assert [(p.code, p.limit) for p in report.problems] == [
        ("too_many_words", 100),
        ("too_many_hashtags", 1),
    ]
    assert "must be 50–100 words" in report.problems[0].message
    # The tone lint is chosen by the rules' tone; LinkedIn's is the professional one.
    assert LINKEDIN.tone in TONE_LINTS
