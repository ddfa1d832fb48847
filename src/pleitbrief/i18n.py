"""Language-dependent wording: dates and list joining.

For the two languages pleitbrief writes its own wording in (``nl``, ``en``), month names
and the list conjunction come from a small table: loading babel and its locale data costs
~25 ms, a sixth of a whole small export, to look up twelve words. A test holds the table to
babel's CLDR data, so it cannot drift. Every other language goes through babel.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from pleitbrief.library.entry import PartialDate

if TYPE_CHECKING:
    from babel import Locale

SUPPORTED_LANGS = ("nl", "en")
"""Document languages with wording of our own (house styles, template phrases)."""

_BABEL_LOCALE = {"nl": "nl_NL", "en": "en_GB"}

MONTHS = {
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
"""CLDR's wide month names of nl_NL and en_GB (the same standing alone and in a date)."""

LIST_AND = {"nl": " en ", "en": " and "}
"""CLDR's list pattern of nl_NL and en_GB: ``a, b en c``, no serial comma."""


@cache
def babel_locale(lang: str) -> Locale:
    """The babel locale of a document language (``nl`` → nl_NL, ``en`` → en_GB)."""
    from babel import Locale

    return Locale.parse(_BABEL_LOCALE.get(lang, lang.replace("-", "_")))


def format_date(value: dt.date | PartialDate, lang: str) -> str:
    """A date as the text of a letter writes it: ``23 september 2022``, ``23 September 2022``.

    A date without its day gives ``september 2022``; without its month, ``2022``.
    """
    if isinstance(value, dt.date):
        return _day_month_year(value, lang)
    if value.month is None:
        return str(value.year)
    if value.day is None:
        return _month_year(value.year, value.month, lang)
    try:
        day = dt.date(value.year, value.month, value.day)
    except ValueError:  # 31 February and friends: say the month rather than fail
        return _month_year(value.year, value.month, lang)
    return _day_month_year(day, lang)


def _day_month_year(day: dt.date, lang: str) -> str:
    if lang in MONTHS:
        return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="d MMMM y", locale=babel_locale(lang))


def _month_year(year: int, month: int, lang: str) -> str:
    if lang in MONTHS:
        return f"{MONTHS[lang][month - 1]} {year}"
    from babel.dates import format_date as babel_format_date

    # "LLLL" is the stand-alone month name: lower case in Dutch, as in running text.
    return babel_format_date(dt.date(year, month, 1), "LLLL y", locale=babel_locale(lang))


def join_list(items: list[str], lang: str) -> str:
    """``a, b en c`` in Dutch, ``a, b and c`` in English (no serial comma, as in the seeds)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    if lang in LIST_AND:
        return ", ".join(items[:-1]) + LIST_AND[lang] + items[-1]
    from babel.lists import format_list

    return format_list(items, locale=babel_locale(lang))
