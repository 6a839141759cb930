"""UTM tags: appended once, the rest of the URL kept, a person's own tagging left alone, and
every URL in a text found without the punctuation around it."""

from __future__ import annotations

from datetime import date

import pytest

from pressroom.links.utm import UtmTags, tag_text, tags_for, urls_in, with_utm

TAGS = dict(source="linkedin", medium="social", campaign="acme-2026-03-27", content="p1")
SUFFIX = "utm_source=linkedin&utm_medium=social&utm_campaign=acme-2026-03-27&utm_content=p1"


def test_tags_are_appended_to_a_bare_url() -> None:
    assert with_utm("https://a.example/post", **TAGS) == f"https://a.example/post?{SUFFIX}"


def test_other_query_parameters_and_the_fragment_are_kept_in_place() -> None:
    url = "https://a.example/p?ref=nl&q=a%20b&empty=#top"
    assert with_utm(url, **TAGS) == f"https://a.example/p?ref=nl&q=a%20b&empty=&{SUFFIX}#top"


def test_a_url_with_an_empty_query_gets_no_stray_ampersand() -> None:
    assert with_utm("http://a.example/?", **TAGS) == f"http://a.example/?{SUFFIX}"


@pytest.mark.parametrize(
    "url",
    [
        "https://a.example/p?utm_source=newsletter",
        "https://a.example/p?x=1&UTM_Campaign=spring#f",
        "https://a.example/p?utm_content=",
    ],
)
def test_a_url_already_tagged_by_a_person_is_left_as_written(url: str) -> None:
    assert with_utm(url, **TAGS) == url


@pytest.mark.parametrize(
    "url", ["mailto:ana@a.example", "ftp://a.example/f", "/relative/path", "https://", "a.example"]
)
def test_only_http_urls_with_a_host_are_tagged(url: str) -> None:
    assert with_utm(url, **TAGS) == url


def test_values_are_encoded() -> None:
    tagged = with_utm("https://a.example", **(TAGS | {"campaign": "a b&c"}))
    assert "utm_campaign=a+b%26c" in tagged
    assert tagged.count("utm_campaign") == 1


def test_the_conventions_name_platform_medium_brand_day_and_piece() -> None:
    tags = tags_for(
        channel="instagram-reel", brand_slug="acme", run_date=date(2026, 3, 27), piece_id="p9"
    )
    assert tags == UtmTags(
        source="instagram", medium="social", campaign="acme-2026-03-27", content="p9"
    )
    x_tags = tags_for(channel="x", brand_slug="b", run_date=date(2026, 1, 2), piece_id="q")
    assert x_tags.source == "x"


def test_every_url_in_a_text_is_tagged_and_trailing_punctuation_stays_outside() -> None:
    text = (
        "Read https://a.example/guide. Then (see https://en.wikipedia.org/wiki/Crema_(coffee)). "
        "Ask https://a.example/?q=1, or https://a.example/x!\n"
        "Mail mailto:ana@a.example and keep https://a.example/t?utm_source=me"
    )
    tags = UtmTags(**TAGS)
    assert tag_text(text, tags) == (
        f"Read https://a.example/guide?{SUFFIX}. "
        f"Then (see https://en.wikipedia.org/wiki/Crema_(coffee)?{SUFFIX}). "
        f"Ask https://a.example/?q=1&{SUFFIX}, or https://a.example/x?{SUFFIX}!\n"
        "Mail mailto:ana@a.example and keep https://a.example/t?utm_source=me"
    )


def test_urls_are_found_in_order_without_quotes_brackets_or_full_stops() -> None:
    text = 'Links: "https://a.example/1", [https://a.example/2], <HTTPS://A.example/3>.'
    assert urls_in(text) == ["https://a.example/1", "https://a.example/2", "HTTPS://A.example/3"]


def test_tagging_twice_changes_nothing_more() -> None:
    tags = UtmTags(**TAGS)
    once = tag_text("Go to https://a.example/p#x now.", tags)
    assert tag_text(once, tags) == once
