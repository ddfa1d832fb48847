"""The nl/en wording table against babel's CLDR data, and the babel path for the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.lists import format_list
from hypothesis import given
from hypothesis import strategies as st

from pleitbrief.i18n import LIST_AND, MONTHS, format_date, join_list
from pleitbrief.library.entry import PartialDate

LOCALES = {"nl": "nl_NL", "en": "en_GB"}


@pytest.mark.parametrize("lang", sorted(MONTHS))
def test_table_is_babels(lang: str) -> None:
    locale = Locale.parse(LOCALES[lang])
    for month in range(1, 13):
        day = dt.date(2022, month, 9)
        assert format_date(day, lang) == babel_format_date(day, "d MMMM y", locale=locale)
        assert format_date(PartialDate(2022, month), lang) == babel_format_date(
            day, "LLLL y", locale=locale
        )


@given(
    lang=st.sampled_from(sorted(LIST_AND)),
    items=st.lists(st.text(min_size=1, max_size=8), max_size=6),
)
def test_join_list_is_babels(lang: str, items: list[str]) -> None:
    expected = format_list(items, locale=Locale.parse(LOCALES[lang])) if items else ""
    assert join_list(items, lang) == expected


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_any_date_as_babel_writes_it(day: dt.date) -> None:
    assert format_date(day, "nl") == babel_format_date(day, "d MMMM y", locale="nl_NL")


def test_other_languages_go_through_babel() -> None:
    day = dt.date(2022, 9, 23)
    assert format_date(day, "de") == "23 September 2022"
    assert format_date(day, "fr") == "23 septembre 2022"
    assert join_list(["a", "b", "c"], "de") == "a, b und c"


def test_partial_and_impossible_dates() -> None:
    assert format_date(PartialDate(2022), "nl") == "2022"
    assert format_date(PartialDate(2022, 2, 31), "nl") == "februari 2022"
    assert format_date(PartialDate(2022, 2, 3), "en") == "3 February 2022"
