"""Language-dependent wording: dates and list joining, through babel."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.lists import format_list

from pleitbrief.library.entry import PartialDate

SUPPORTED_LANGS = ("nl", "en")
"""Document languages with wording of our own (house styles, template phrases)."""

_BABEL_LOCALE = {"nl": "nl_NL", "en": "en_GB"}


@cache
def babel_locale(lang: str) -> Locale:
    """The babel locale of a document language (``nl`` → nl_NL, ``en`` → en_GB)."""
    return Locale.parse(_BABEL_LOCALE.get(lang, lang.replace("-", "_")))


def format_date(value: dt.date | PartialDate, lang: str) -> str:
    """A date as the text of a letter writes it: ``23 september 2022``, ``23 September 2022``.

    A date without its day gives ``september 2022``; without its month, ``2022``.
    """
    locale = babel_locale(lang)
    if isinstance(value, dt.date):
        return _babel_format_date(value, format="d MMMM y", locale=locale)
    if value.month is None:
        return str(value.year)
    if value.day is None:
        # "LLLL" is the stand-alone month name: lower case in Dutch, as in running text.
        return _babel_format_date(dt.date(value.year, value.month, 1), "LLLL y", locale=locale)
    try:
        day = dt.date(value.year, value.month, value.day)
    except ValueError:  # 31 February and friends: say the month rather than fail
        return format_date(PartialDate(value.year, value.month), lang)
    return _babel_format_date(day, format="d MMMM y", locale=locale)


def join_list(items: list[str], lang: str) -> str:
    """``a, b en c`` in Dutch, ``a, b and c`` in English (no serial comma, as in the seeds)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    if lang == "en":
        # babel's en_GB pattern already has no serial comma
        return format_list(items, locale=babel_locale("en"))
    return format_list(items, locale=babel_locale(lang))
