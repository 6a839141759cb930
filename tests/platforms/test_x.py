"""X counting is checked against X's own conformance suite: the examples below are the
``WeightedTweetsWithDiscountedEmojiCounterTest`` and ``UnicodeDirectionalMarkerCounterTest``
cases of twitter-text's ``conformance/validate.yml`` (v3 configuration, the one X uses)."""

from __future__ import annotations

import pytest

from pressroom.platforms.validation import validate
from pressroom.platforms.x import X, validate_thread, weighted_length
from tests.platforms.samples import make_thread

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # ZWJ sequence
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
POEM = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)

CONFORMANCE = [
    ("Regular Tweet with url", "Hi http://test.co", 26),
    ("Just url", "http://test.co", 23),
    ("Long tweet, overflow at char index 280", "285 chars-" + "xxxxxxxxxx-" * 25, 285),
    (
        "Long tweet with url in the middle",
        "285 chars- http://www.twitter.com/jack " + "xxxxxxxxxx-" * 24,
        299,
    ),
    (
        "Long tweet with url at the end",
        "xxxxxxxxxx-" * 24 + " http://www.twitter.com/jack ",
        289,
    ),
    ("10 url string, no overflow", "https://www.twitter.com/aloha " * 10, 240),
    ("160 CJK char", POEM, 320),
    ("160 emoji char", "\U0001f637" * 160, 320),
    ("3 latin char + 160 CJK char", "the" + POEM, 323),
    ("'Á' is normalized into 1 char", "A\u0301B", 2),
    ("שּׁ is normalized into 3 chars", "A\ufb2c", 4),
    (
        "282 chars with a normalized character",
        "282 chars-" + "xxxxxxxxxx-" * 24 + "xxxxxA\u0301x",
        281,
    ),
    ("Mix of single byte and double word", f"H\U0001f431\u263a{FAMILY}", 7),
    ("Emoji inside the BMP", "\U0001f637\U0001f47e\U0001f621\U0001f525\U0001f4a9", 10),
    (
        "Emoji with skin tone modifiers",
        "\U0001f64b\U0001f3fd\U0001f468\u200d\U0001f3a4",
        4,
    ),
    (
        "General punctuation characters with visible spaces (u2000-200A)",
        "This is a tweet with general punctuation characters: "
        + "".join(chr(code) for code in range(0x2000, 0x200E))
        + " "
        + " ".join(chr(code) for code in range(0x2010, 0x2017))
        + "  \u2017 "
        + " ".join(chr(code) for code in range(0x2018, 0x2020))
        + " "
        + " ".join(chr(code) for code in range(0x2032, 0x2038)),
        112,
    ),
    (
        "A 64 character domain without protocol",
        "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com",
        68,
    ),
    ("140 family emoji", FAMILY * 140, 280),
    ("Emoji with a leading latin character", "1\u20e3", 2),
    (
        "Unicode 10.0 emoji",
        f"Unicode 10.0 emoji: \U0001f92a; \U0001f9d5; \U0001f9d5\U0001f3fe; {ENGLAND}",
        34,
    ),
    ("Unicode 9.0 emoji", "Unicode 9.0 emoji: \U0001f920; \U0001f483; \U0001f483\U0001f3fe", 29),
    ("Invalid characters still count", "ABC\u202a\uffffABC\ufffe", 12),
    (
        "Directional characters around a URL",
        "\u2066\u202ahttp://foobar.\u067e\u0627\u06a9\u0633\u062a\u0627\u0646/\u202c\u2069",
        31,
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in CONFORMANCE],
)
def test_weighted_length_matches_x_conformance(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain ascii", 11),
        ("read https://example.com/a/very/long/path/that/goes/on/and/on?utm_source=x", 28),
        ("日本語", 6),
        ("👋🏿 and 👩‍💻", 9),
        ("cafe\u0301", 4),
    ],
)
def test_weighted_length_examples(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


@pytest.mark.parametrize(
    ("post", "valid"),
    [
        ("x" * 280, True),
        ("x" * 281, False),
        ("字" * 140, True),
        ("字" * 140 + "a", False),
        ("🚀" * 140, True),
        ("🚀" * 140 + "!", False),
        ("https://example.com/" + "p" * 300 + " " + "x" * 256, True),
        ("https://example.com/" + "p" * 300 + " " + "x" * 257, False),
    ],
)
def test_each_post_is_at_most_280_weighted_characters(post: str, valid: bool) -> None:
    report = validate("x", make_thread(post))
    assert report.valid is valid
    assert report.measures["weighted_length"] == [280 if valid else 281]


def test_a_long_post_says_which_and_how_much_to_cut() -> None:
    report = validate("x", make_thread("fine", "y" * 301))
    (problem,) = report.problems
    assert (problem.code, problem.path, problem.limit, problem.actual) == (
        "post_too_long",
        "posts[1]",
        280,
        301,
    )
    assert problem.message.startswith("Post 2 is 301 characters as X counts them; X allows 280")
    assert "Cut about 21 characters" in problem.message


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, ["too_few_posts"]), (1, []), (5, []), (6, ["too_many_posts"])],
)
def test_thread_size_boundaries(count: int, expected: list[str]) -> None:
    report = validate("x", make_thread(*[f"post {n}" for n in range(count)]))
    assert [p.code for p in report.problems] == expected
    assert report.measures["posts"] == count


def test_empty_posts_are_problems() -> None:
    report = validate("x", make_thread("one", "", "  \n "))
    assert [(p.code, p.path) for p in report.problems] == [
        ("empty_post", "posts[1]"),
        ("empty_post", "posts[2]"),
    ]
    assert report.measures["weighted_length"] == [3, 0, 0]


def test_characters_x_rejects_are_named() -> None:
    report = validate("x", make_thread("ok\ufffe then \uffff"))
    (problem,) = report.problems
    assert problem.code == "invalid_characters"
    assert problem.actual == ["U+FFFE", "U+FFFF"]
    assert "U+FFFE, U+FFFF" in problem.message


def test_every_problem_is_reported_together() -> None:
    posts = ["a", "", "b" * 300, "c\ufffe", "d" * 290, "e"]
    report = validate("x", make_thread(*posts))
    assert [(p.code, p.path) for p in report.problems] == [
        ("too_many_posts", "posts"),
        ("empty_post", "posts[1]"),
        ("post_too_long", "posts[2]"),
        ("invalid_characters", "posts[3]"),
        ("post_too_long", "posts[4]"),
    ]


def test_limits_come_from_the_rules_data() -> None:
    short = X.model_copy(update={"max_weighted_length": 10, "thread_max_posts": 1})
    report = validate_thread(make_thread("eleven char", "two"), rules=short)
    assert [(p.code, p.limit) for p in report.problems] == [
        ("too_many_posts", 1),
        ("post_too_long", 10),
    ]
