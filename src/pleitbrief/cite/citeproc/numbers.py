"""Numbers as pandoc's CSL engine (the Haskell ``citeproc`` library) writes them.

Pure text functions, each the counterpart of one piece of ``citeproc``'s ``Eval.hs``:

- :func:`format_pages` (``pageRange``): the ``page`` variable, and a locator labelled
  ``page`` (or not labelled): comma and ``&`` separated ranges, each shortened or expanded
  by the style's ``page-range-format`` and joined by the locale's ``page-range-delimiter``;
- :func:`format_range` (``formatPageRange``): one range; a locator with another label
  goes through it whole, without a format and with an en dash (:func:`format_locator`);
- :func:`split_number` (``splitNums``) and :func:`render_number` (``eNumber`` and
  ``evalNumber``): ``<number>`` in its numeric, ordinal, long-ordinal and roman forms,
  where each bare number of a value like ``2, 3`` is rendered on its own;
- :func:`is_numeric` (the ``is-numeric`` condition), :func:`is_plural` (a label's
  contextual plural), :func:`year_suffix` and :func:`page_first`.

The quirks are citeproc's and kept on purpose: the output must be pandoc's, character for
character (``tests/cite/citeproc/test_numbers.py`` holds it to pandoc). Characters are
classified as Haskell's ``Data.Char`` does (:func:`is_space`, :func:`is_punctuation`,
ASCII-only digits), which differs from Python's ``str`` methods.

Locale terms reach this module through :data:`TermLookup`: a callable that gives every
long-form definition of a term by name, in the order citeproc prefers them (see there).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Literal, NamedTuple

EN_DASH = "\u2013"

PageRangeFormat = Literal["chicago-15", "chicago-16", "expanded", "minimal", "minimal-two"]

_PAGE_RANGE_FORMATS: dict[str, PageRangeFormat] = {
    # CSL 1.0.2 keeps "chicago" as the name of chicago-15 (1.1 will move it to 16).
    "chicago": "chicago-15",
    "chicago-15": "chicago-15",
    "chicago-16": "chicago-16",
    "expanded": "expanded",
    "minimal": "minimal",
    "minimal-two": "minimal-two",
}

Number = str | int
"""A number variable's value: text as written, or a number (CSL-JSON ``"edition": 2``)."""

_ASCII_DIGITS = frozenset("0123456789")


class TermVariant(NamedTuple):
    """One long-form definition of a locale term, as far as numbers need it."""

    text: str
    match: str | None = None
    """``last-digit``, ``last-two-digits`` or ``whole-number`` (ordinal suffixes)."""
    gender_form: str | None = None
    """``masculine`` or ``feminine``: the noun gender this ordinal suffix agrees with."""


TermLookup = Callable[[str], Sequence[TermVariant]]
"""``lookup(name)``: every long-form definition of the term ``name`` in the merged
locale, the one citeproc uses first: the style's ``<locale>`` overrides before the locale
file, and within one locale the *last* definition first (citeproc prepends each term it
reads). An unknown name gives an empty sequence."""


# -- characters, as Haskell's Data.Char and Data.Text classify them -------------------------


def is_space(char: str) -> bool:
    """Haskell's ``isSpace``: ASCII whitespace and no-break space below U+0378, above it
    the space separators (Zs); not U+0085 nor U+001C–U+001F, unlike ``str.isspace``."""
    code = ord(char)
    if code <= 0x377:
        return code == 32 or 9 <= code <= 13 or code == 0xA0
    return unicodedata.category(char) == "Zs"


def is_punctuation(char: str) -> bool:
    """Haskell's ``isPunctuation``: the Unicode punctuation categories (P*)."""
    return unicodedata.category(char).startswith("P")


def strip(text: str) -> str:
    """Haskell's ``Data.Text.strip``: leading and trailing :func:`is_space` removed."""
    start, end = 0, len(text)
    while start < end and is_space(text[start]):
        start += 1
    while end > start and is_space(text[end - 1]):
        end -= 1
    return text[start:end]


# -- joining output the way citeproc renders it ----------------------------------------------

_KEEP_FIRST = frozenset(
    {"!.", "!:", "?.", "?:", ":.", ";:", ";.", "!!", "??", "..", "::", ";;", ",,"}
)
_KEEP_SECOND = frozenset({":!", ":?", ";!", ";?", "  ", " ,", " ."})


def _join_output(pieces: Sequence[str], delimiter: str | None = None) -> str:
    """Rendered sibling outputs put together as citeproc's ``renderOutput`` does: empty
    ones dropped, the delimiter put between them (never before one starting with ``,``,
    ``;`` or ``.``), then doubled punctuation at each seam resolved (``fixPunct``)."""
    kept = [piece for piece in pieces if piece]
    if delimiter is not None:
        kept = _add_delimiters(kept, delimiter)
    return "".join(_fix_punct(kept))


def _add_delimiters(pieces: list[str], delimiter: str) -> list[str]:
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index and piece[0] not in ",;.":
            out.append(delimiter)
        out.append(piece)
    return out


def _fix_punct(pieces: list[str]) -> list[str]:
    # At a seam where two marks clash, one side loses every copy of its mark there, and
    # the new seam is looked at again (citeproc's rules, after citeproc-js).
    out: list[str] = []
    todo = list(pieces)
    while len(todo) >= 2:
        first, second = todo[0], todo[1]
        end = first[-1] if first else "\ufffd"
        start = second[0] if second else "\ufffd"
        if end + start in _KEEP_FIRST:
            todo[1] = second.lstrip(start)
        elif end + start in _KEEP_SECOND:
            todo[0] = first.rstrip(end)
        else:
            out.append(todo.pop(0))
    return out + todo


# -- page ranges ------------------------------------------------------------------------------


def page_range_format(attribute: str | None) -> PageRangeFormat | None:
    """The ``page-range-format`` attribute of ``<style>`` as citeproc reads it:
    ``chicago`` is ``chicago-15``; a missing or unknown value is no format."""
    return _PAGE_RANGE_FORMATS.get(attribute or "")


def format_pages(
    text: str, range_format: PageRangeFormat | None = None, delimiter: str | None = None
) -> str:
    """The ``page`` variable (and a locator labelled ``page`` or not labelled): split at
    every ``,`` and ``&`` (each kept as a piece of its own), each range formatted by
    :func:`format_range`, the pieces joined with spaces (``12-15,20`` → ``12–15, 20``).

    ``delimiter`` is the text of the locale's ``page-range-delimiter`` term; None or empty
    means the en dash (the style's ``page-range-delimiter`` attribute plays no part)."""
    pieces = [
        piece if piece in (",", "&") else format_range(piece, range_format, delimiter)
        for piece in (strip(part) for part in _split_ranges(text))
    ]
    return _join_output(pieces, " ")


def _split_ranges(text: str) -> list[str]:
    """Runs of text between ``,`` and ``&``, each of which is a piece of its own."""
    parts: list[str] = []
    for char in text:
        if char in ",&" or not parts or parts[-1] in (",", "&"):
            parts.append(char)
        else:
            parts[-1] += char
    return parts


def format_range(
    text: str, range_format: PageRangeFormat | None = None, delimiter: str | None = None
) -> str:
    """One range, ``first-last`` (hyphen or en dash; spaces around are dropped), in the
    given format with the delimiter between. Text with ``\\-`` is an escaped hyphen, kept
    as ``-`` and not a range; text with more than one dash stays as it is.

    A format applies only when both numbers have the same non-digit prefix
    (``S12-S15``): the prefix is written once, before the first number."""
    delimiter = delimiter or EN_DASH
    if "\\-" in text:
        return text.replace("\\-", "-")
    parts = [strip(part) for part in text.replace(EN_DASH, "-").split("-")]
    if len(parts) == 1:
        return parts[0]
    if len(parts) > 2:
        return text
    first, last = parts
    if range_format is None:
        return _in_range("", first, last, delimiter)
    prefix = first.rstrip("0123456789")
    if prefix != last.rstrip("0123456789"):
        return _in_range("", first, last, delimiter)
    low, high = first[len(prefix) :], last[len(prefix) :]
    if len(high) < len(low):  # an abbreviated end: 125-7 is 125-127
        high = low[: len(low) - len(high)] + high
    return _formatted_range(range_format, prefix, low, high, delimiter)


def _formatted_range(
    range_format: PageRangeFormat, prefix: str, low: str, high: str, delimiter: str
) -> str:
    if range_format == "expanded":
        return _in_range("", prefix + low, prefix + high, delimiter)
    if range_format == "minimal":
        return _minimal(1, prefix, low, high, delimiter)
    if range_format == "minimal-two":
        return _minimal(2, prefix, low, high, delimiter)
    return _chicago(range_format, prefix, low, high, delimiter)


def _chicago(
    range_format: PageRangeFormat, prefix: str, low: str, high: str, delimiter: str
) -> str:
    if len(low) < 3 or low.endswith("00"):
        return _in_range(prefix, low, high, delimiter)
    # Only chicago-15 keeps four-digit ranges whole when three digits change (1496-1504),
    # even where the second last digit is 0 (9504-9477).
    if range_format == "chicago-15" and len(low) == 4 and _changed_digits(low, high) >= 3:
        return _in_range(prefix, low, high, delimiter)
    if low[-2:-1] == "0":
        return _minimal(1, prefix, low, high, delimiter)
    return _minimal(2, prefix, low, high, delimiter)


def _changed_digits(low: str, high: str) -> int:
    padded = low.ljust(len(high))
    return sum(1 for a, b in zip(padded, high, strict=False) if a != b)


def _minimal(threshold: int, prefix: str, low: str, high: str, delimiter: str) -> str:
    if len(high) > len(low):  # 5-55, 12-123: the end is never shortened
        return _in_range(prefix, low, high, delimiter)
    common = 0
    while common < min(len(low), len(high)) and low[common] == high[common]:
        common += 1
    if not common:
        return _in_range(prefix, low, high, delimiter)
    rest = high[common:]
    if len(rest) < threshold and len(high) >= threshold:
        rest = high[-threshold:]
    return _in_range(prefix, low, rest, delimiter)


def _in_range(prefix: str, first: str, last: str, delimiter: str) -> str:
    return _join_output([prefix, first, delimiter, last])


def format_locator(
    locator: str,
    label: str | None,
    range_format: PageRangeFormat | None = None,
    delimiter: str | None = None,
    and_symbol: str | None = None,
) -> str:
    """``<text variable="locator"/>``: each ``&`` replaced by ``and_symbol`` (the locale's
    ``and`` term in its symbol form, None if it has none), then a locator labelled
    ``page`` or not labelled formatted as pages (:func:`format_pages`); any other label
    (``""`` too) makes it one range with an en dash and no format."""
    if and_symbol is not None and "&" in locator:
        locator = locator.replace("&", and_symbol)
    if label is None or label == "page":
        return format_pages(locator, range_format, delimiter)
    return format_range(locator)


def page_first(page: Number) -> Number:
    """The ``page-first`` variable: a number as it is, else the text of ``page`` up to
    its first ``,``, ``;``, hyphen or en dash (spaces before it are kept)."""
    if isinstance(page, int):
        return page
    for index, char in enumerate(page):
        if _is_sep_punct(char):
            return page[:index]
    return page


# -- numbers ----------------------------------------------------------------------------------


def _is_sep_punct(char: str) -> bool:
    return char in ",;-\u2013"


def _is_separator(char: str) -> bool:
    return _is_sep_punct(char) or is_space(char)


def split_number(text: str) -> list[Number]:
    """A number variable cut into runs of separators (``,``, ``;``, hyphen, en dash,
    spaces) and runs of anything else; a run of ASCII digits is a number (an int), a lone
    hyphen becomes an en dash. ``2-3, 5a`` → ``[2, "–", 3, ", ", "5a"]``."""
    runs: list[str] = []
    for char in text:
        if runs and _is_separator(runs[-1][0]) == _is_separator(char):
            runs[-1] += char
        else:
            runs.append(char)
    return [_number_part(run) for run in runs]


def _number_part(run: str) -> Number:
    if all(char in _ASCII_DIGITS for char in run):
        return _as_haskell_int(int(run))
    return EN_DASH if run == "-" else run


def _as_haskell_int(value: int) -> int:
    # citeproc reads digits into a 64-bit Int, which wraps around.
    value %= 1 << 64
    return value - (1 << 64) if value >= 1 << 63 else value


def render_number(value: Number, form: str, lookup: TermLookup, gender: str | None = None) -> str:
    """``<number variable=… form=…/>``: each number of the value (see
    :func:`split_number`) in ``form`` (``numeric``, ``ordinal``, ``long-ordinal``,
    ``roman``; anything else is numeric), the text between as written. ``02`` is ``2``.

    ``gender`` is the ``gender`` attribute of the variable's own term (``edition`` in
    fr-FR is feminine: the first long-form definition of the term named like the
    variable); ordinal suffixes defined for the other gender are then passed over."""
    parts = [value] if isinstance(value, int) else split_number(value)
    return _join_output(
        [
            _render_int(part, form, lookup, gender) if isinstance(part, int) else part
            for part in parts
        ]
    )


def _render_int(number: int, form: str, lookup: TermLookup, gender: str | None) -> str:
    if form == "ordinal":
        return ordinal(number, lookup, gender)
    if form == "long-ordinal":
        return long_ordinal(number, lookup, gender)
    if form == "roman":
        return roman(number)
    return str(number)


def ordinal(number: int, lookup: TermLookup, gender: str | None = None) -> str:
    """The number with its ordinal suffix: the term ``ordinal-NN`` for the last two
    digits (not a ``whole-number`` one above 99), else ``ordinal-0N`` for the last digit
    (above 10 only one without ``match`` or with ``last-digit``), else ``ordinal``."""
    two = _variants(lookup, f"ordinal-{number % 100:02d}", gender)
    if number > 99:
        two = [v for v in two if v.match != "whole-number"]
    one = _variants(lookup, f"ordinal-{number % 10:02d}", gender)
    if number > 10:
        one = [v for v in one if v.match in (None, "last-digit")]
    # The plain "ordinal" fallback is looked up without the gender.
    for found in (two, one, lookup("ordinal")):
        if found:
            return f"{number}{found[0].text}"
    return str(number)


def long_ordinal(number: int, lookup: TermLookup, gender: str | None = None) -> str:
    """``long-ordinal-01`` … ``-10`` for 1 to 10 (``first``), else :func:`ordinal`."""
    if 1 <= number <= 10:
        found = _variants(lookup, f"long-ordinal-{number:02d}", gender)
        if found:
            return found[0].text
    return ordinal(number, lookup, gender)


def _variants(lookup: TermLookup, name: str, gender: str | None) -> list[TermVariant]:
    return [
        variant
        for variant in lookup(name)
        if gender is None or variant.gender_form is None or variant.gender_form == gender
    ]


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def roman(number: int) -> str:
    """Lower-case roman numerals below 4000 (0 is empty); other numbers in digits."""
    if not 0 <= number < 4000:
        return str(number)
    out = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def is_numeric(value: Number) -> bool:
    """The ``is-numeric`` condition: a number, or text made of numbers separated by
    ``,``, ``&``, hyphens or en dashes (spaces around them allowed), each number ASCII
    digits with letters before or after them only: ``12``, ``2nd``, ``L2d``, ``12-15``,
    ``2 & 3`` are numeric; ``2a3``, ``3.5``, ``2;3``, ``ii``, ``12 a``, ``1,`` are not."""
    if isinstance(value, int):
        return True
    for sep in ",&\u2013":
        value = value.replace(sep, "-")
    return all(_is_numeral(strip(chunk)) for chunk in value.split("-"))


def _is_numeral(text: str) -> bool:
    start, end = 0, len(text)
    while start < end and text[start].isalpha():
        start += 1
    while end > start and text[end - 1].isalpha():
        end -= 1
    return start < end and all(char in _ASCII_DIGITS for char in text[start:end])


def is_plural(value: Number, variable: str = "") -> bool:
    """Whether a label (``<label plural="contextual">``) takes the plural term for this
    value of ``variable``: text that :func:`split_number` cuts into more than one run
    (``12-15``, ``12, 13``, even ``12 ``) unless it holds ``\\-``; for
    ``number-of-volumes`` any text but ``0`` and ``1``. A number counts as its digits."""
    if isinstance(value, int):
        value = str(value)
    if variable == "number-of-volumes" and value not in ("0", "1"):
        return True
    return "\\-" not in value and len(split_number(value)) > 1


def year_suffix(number: int) -> str:
    """The disambiguating year suffix for the ``number``-th work: ``a`` … ``z``, then
    ``aa``, ``ab`` …; past ``zz`` (702) citeproc's arithmetic runs on beyond ``z``."""
    if number < 1:
        raise ValueError(f"year suffixes count from 1, not {number}")
    if number < 27:
        return chr(ord("a") + number - 1)
    first, second = divmod(number - 1, 26)
    return chr(ord("a") - 1 + first) + chr(ord("a") + second)
