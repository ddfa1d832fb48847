"""The same source under another key: by DOI, URL, or title with date."""

from __future__ import annotations

from pathlib import Path

import pytest

from pleitbrief.library.dedupe import DuplicateIndex, normal_doi, normal_title, normal_url
from pleitbrief.library.entry import Entry


def entry(key: str, **fields: str) -> Entry:
    return Entry(key, "online", dict(fields), {}, Path("b.bib"), 1)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.nos.nl/artikel/1/", "http://nos.nl/artikel/1"),
        ("https://nos.nl/a?utm_source=x&id=3#top", "https://NOS.nl/a?id=3"),
        ("https://nos.nl/a?b=2&a=1", "https://nos.nl/a?a=1&b=2"),
    ],
)
def test_urls_that_lead_to_the_same_page_are_the_same(a: str, b: str) -> None:
    assert normal_url(a) == normal_url(b)


def test_urls_that_differ_in_path_or_query_differ() -> None:
    assert normal_url("https://nos.nl/a") != normal_url("https://nos.nl/b")
    assert normal_url("https://nos.nl/a?id=1") != normal_url("https://nos.nl/a?id=2")


def test_dois_and_titles_are_compared_as_written_differently() -> None:
    assert (
        normal_doi("https://doi.org/10.1000/XYZ") == normal_doi("doi:10.1000/xyz") == "10.1000/xyz"
    )
    assert (
        normal_title("Café — «Über» the {Box}!")
        == normal_title("cafe uber THE box")
        == "cafe uber the box"
    )
    assert normal_title("Частичная мобилизация") == "частичная мобилизация"


def test_a_source_is_found_under_another_key() -> None:
    index = DuplicateIndex.of(
        [
            entry("doi", doi="10.1/A", title="Eén"),
            entry("web", url="https://nos.nl/1", title="Twee"),
            entry("titel", title="Drie: een rapport", date="2022-09-22"),
        ]
    )
    assert index.find(entry("x", doi="https://doi.org/10.1/a")).reason == "same DOI"  # type: ignore[union-attr]
    assert index.find(entry("x", url="http://www.nos.nl/1/")).entry.key == "web"  # type: ignore[union-attr]
    same = index.find(entry("x", title="drie – een Rapport", date="2022-09"))
    assert same is not None and same.reason == "same title and date"
    assert index.find(entry("x", title="Drie: een rapport", date="2023")) is None
    assert index.find(entry("x", title="Drie: een rapport")) is None  # no date: not enough
    assert index.find(entry("x", title="Vier", date="2022")) is None
