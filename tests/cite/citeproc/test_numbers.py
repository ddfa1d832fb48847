"""Numbers as citeproc writes them (:mod:`pleitbrief.cite.citeproc.numbers`), then the
same values through pandoc's ``--citeproc``.

The oracle tests give pandoc a CSL-JSON bibliography of one item per value and a style
whose bibliography prints the value through the element under test (``<text
variable="page"/>`` in each ``page-range-format``, ``<number … form="ordinal"/>``,
``<label …/>``, ``is-numeric``, ``year-suffix``), read the plain text back and compare it,
item by item, with what the module computes from the same value and the same locale file.

The helpers at the top (a style, a pandoc run, locale terms in citeproc's order) serve
``test_locator.py`` too.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from pleitbrief.cite.citeproc import numbers
from pleitbrief.cite.citeproc.numbers import (
    EN_DASH,
    PageRangeFormat,
    TermLookup,
    TermVariant,
    format_locator,
    format_pages,
    format_range,
    is_numeric,
    is_plural,
    is_space,
    long_ordinal,
    ordinal,
    page_first,
    page_range_format,
    render_number,
    roman,
    split_number,
    year_suffix,
)
from pleitbrief.cite.csl import pandoc_path

# -- helpers: pandoc, styles and locale terms (test_locator.py uses them too) --------------

PANDOC = pandoc_path()
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="needs pandoc (pypandoc-binary)")

CSL = "{http://purl.org/net/xbiblio/csl}"
LOCALES = Path(numbers.__file__).resolve().parent / "locales"


def csl_style(citation: str, bibliography: str | None = None, attributes: str = "") -> str:
    """A style with these layouts (their inner XML) and ``<style>`` attributes."""
    bib = f"<bibliography><layout>{bibliography}</layout></bibliography>" if bibliography else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" '
        f"{attributes}><info><title>t</title><id>t</id>"
        "<updated>2024-01-01T00:00:00+00:00</updated></info>"
        f"<citation><layout>{citation}</layout></citation>{bib}</style>"
    )


def run_pandoc(
    folder: Path, style: str, body: str, refs: Sequence[dict[str, Any]], lang: str
) -> str:
    """pandoc's plain text for a Markdown body (no smart punctuation) in ``lang``."""
    assert PANDOC is not None
    (folder / "style.csl").write_text(style, encoding="utf-8")
    (folder / "refs.json").write_text(json.dumps(list(refs)), encoding="utf-8")
    document = f"---\nlang: {lang}\nnocite: '@*'\n---\n\n{body}\n"
    done = subprocess.run(
        [PANDOC, "--from=markdown-smart", "--to=plain", "--wrap=none", "--citeproc",
         f"--csl={folder / 'style.csl'}", f"--bibliography={folder / 'refs.json'}"],
        input=document, capture_output=True, text=True, encoding="utf-8", check=True,
    )  # fmt: skip
    return done.stdout


def bibliography_fields(output: str) -> dict[str, list[str]]:
    """The ``⟦…⟧`` fields of each bibliography entry printed as ``id⟦a⟧⟦b⟧…``."""
    entries = {}
    for line in output.splitlines():
        if match := re.fullmatch(r"(r\d+)((?:⟦[^⟧]*⟧)+)", line.strip()):
            entries[match[1]] = re.findall(r"⟦([^⟧]*)⟧", match[2])
    return entries


def field(expression: str) -> str:
    """Style XML printing ``expression`` (XML) between ``⟦`` and ``⟧``."""
    return f'<text value="⟦"/>{expression}<text value="⟧"/>'


class LocaleTerm(NamedTuple):
    name: str
    form: str
    number: str | None
    gender: str | None
    gender_form: str | None
    match: str | None
    text: str


@cache
def locale_terms(lang: str) -> dict[str, list[LocaleTerm]]:
    """The terms of a locale file by name, in citeproc's order: it prepends each term it
    reads, a ``<single>`` before its ``<multiple>``, so the last definition comes first."""
    terms: dict[str, list[LocaleTerm]] = {}
    for element in ET.fromstring(_locale_xml(lang)).iter(f"{CSL}term"):
        name = element.get("name", "")
        defined = [
            LocaleTerm(name, element.get("form", "long"), number, element.get("gender"),
                       element.get("gender-form"), element.get("match"), text)
            for number, text in _numbers_of(element)
        ]  # fmt: skip
        terms[name] = defined + terms.get(name, [])
    return terms


def _numbers_of(element: ET.Element) -> list[tuple[str | None, str]]:
    single, multiple = element.find(f"{CSL}single"), element.find(f"{CSL}multiple")
    if single is None and multiple is None:
        return [(None, element.text or "")]
    return [
        ("singular", "" if single is None else single.text or ""),
        ("plural", "" if multiple is None else multiple.text or ""),
    ]


def _locale_xml(lang: str) -> bytes:
    """The locale file as pandoc has it: the vendored copy, else the bytes in pandoc."""
    path = LOCALES / f"locales-{lang}.xml"
    if path.is_file():
        return path.read_bytes()
    assert PANDOC is not None, "no locale files and no pandoc to take them from"
    binary = Path(PANDOC).read_bytes()
    start = -1
    while (
        start := binary.find(b'<locale xmlns="http://purl.org/net/xbiblio/csl"', start + 1)
    ) >= 0:
        end = binary.index(b"</locale>", start) + len(b"</locale>")
        if f'xml:lang="{lang}"'.encode() in binary[start : start + 300]:
            return binary[start:end]
    raise LookupError(f"pandoc has no locale {lang}")


def term_lookup(lang: str) -> TermLookup:
    """The long-form definitions of a term, as :data:`numbers.TermLookup` wants them."""

    def lookup(name: str) -> list[TermVariant]:
        return [
            TermVariant(t.text, t.match, t.gender_form)
            for t in locale_terms(lang).get(name, [])
            if t.form == "long"
        ]

    return lookup


def term_text(lang: str, name: str, form: str = "long", number: str | None = None) -> str:
    """The first definition of a term in this form and number (no form fallback)."""
    for term in locale_terms(lang).get(name, []):
        if term.form == form and (number is None or term.number in (None, number)):
            return term.text
    return ""


def variable_gender(lang: str, variable: str) -> str | None:
    """The gender of the term named like a variable, as ``<number>`` takes it."""
    long_forms = [t for t in locale_terms(lang).get(variable, []) if t.form == "long"]
    return long_forms[0].gender if long_forms else None


def page_delimiter(lang: str) -> str:
    return term_text(lang, "page-range-delimiter")


def and_symbol(lang: str) -> str | None:
    symbols = [t.text for t in locale_terms(lang).get("and", []) if t.form == "symbol"]
    return symbols[0] if symbols else None


# -- page ranges ------------------------------------------------------------------------------


def test_page_range_format_reads_the_attribute_as_citeproc_does() -> None:
    assert page_range_format("chicago") == "chicago-15"
    assert page_range_format("chicago-16") == "chicago-16"
    assert page_range_format("minimal-two") == "minimal-two"
    assert page_range_format("Chicago") is None
    assert page_range_format(None) is None


@pytest.mark.parametrize(
    ("text", "range_format", "expected"),
    [
        ("42-45", None, "42–45"),
        ("12 - 15", None, "12–15"),
        ("1496-1504", "chicago-15", "1496–1504"),
        ("1496-1504", "chicago-16", "1496–504"),
        ("321-328", "chicago-15", "321–28"),
        ("107-108", "chicago-15", "107–8"),
        ("100-104", "chicago-15", "100–104"),
        ("125-27", "expanded", "125–127"),
        ("42-45", "minimal", "42–5"),
        ("107-108", "minimal-two", "107–08"),
        ("S12-S15", "minimal", "S12–5"),
        ("S12-15", "minimal", "S12–15"),
        ("S12-S15", "expanded", "S12–S15"),
        ("12\\-15", "minimal", "12-15"),
        ("1-2-3", "minimal", "1-2-3"),
        ("12-", "expanded", "12–12"),
        ("12-12", "minimal", "12–2"),
        ("a-a", "minimal", "a–"),
    ],
)
def test_format_range(text: str, range_format: PageRangeFormat | None, expected: str) -> None:
    assert format_range(text, range_format) == expected


def test_format_range_takes_the_locale_delimiter() -> None:
    assert format_range("12-15", None, "-") == "12-15"
    assert format_range("12–15", "minimal", "/") == "12/5"
    assert format_range("12-15", None, "") == "12–15"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12-15, 20-25", "12–5, 20–5"),
        ("12-15,20-25", "12–5, 20–5"),
        ("12 & 15", "12 & 15"),
        ("12&15", "12 & 15"),
        ("12,", "12,"),
        ("12, ,13", "12, 13"),
        ("12,,13", "12, 13"),
        ("12,,,13", "12,, 13"),
    ],
)
def test_format_pages_splits_at_commas_and_ampersands(text: str, expected: str) -> None:
    assert format_pages(text, "minimal") == expected


def test_format_locator_formats_pages_only_for_the_page_label() -> None:
    assert format_locator("3-5, 7-9", None, "minimal") == "3–5, 7–9"
    assert format_locator("3-5, 7-9", "page", None, "-") == "3-5, 7-9"
    assert format_locator("3-5", "chapter", "expanded", "-") == "3–5"
    assert format_locator("3-5, 7-9", "chapter") == "3-5, 7-9"
    assert format_locator("3-5", "") == "3–5"
    assert format_locator("3 & 5", "page", None, None, "and") == "3 and 5"


@pytest.mark.parametrize(
    ("page", "expected"),
    [("12-15", "12"), ("12 - 15", "12 "), ("12, 14", "12"), ("xii–xv", "xii"), (12, 12)],
)
def test_page_first(page: str | int, expected: str | int) -> None:
    assert page_first(page) == expected


# -- number parts and forms -------------------------------------------------------------------


def test_split_number_cuts_at_separators_and_reads_ascii_digits() -> None:
    assert split_number("2-3, 5a") == [2, EN_DASH, 3, ", ", "5a"]
    assert split_number("02") == [2]
    assert split_number("2 - 3") == [2, " - ", 3]
    assert split_number("١٢") == ["١٢"]  # Arabic-Indic digits are no digits to Haskell
    assert split_number("") == []


def test_split_number_wraps_like_a_64_bit_int() -> None:
    assert split_number("18446744073709551617") == [1]
    assert split_number("9223372036854775808") == [-9223372036854775808]


def test_is_space_is_haskells() -> None:
    assert is_space("\xa0") and is_space("\u2009") and is_space("\t")
    assert not is_space("\x85") and not is_space("\x1c") and not is_space("\u2028")
    assert "\x85".isspace()


EN_US_ORDINALS: dict[int, str] = {
    1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st",
    22: "22nd", 101: "101st", 111: "111th", 112: "112th", 0: "0th",
}  # fmt: skip


def test_ordinal_in_english() -> None:
    lookup = term_lookup("en-US")
    assert {n: ordinal(n, lookup) for n in EN_US_ORDINALS} == EN_US_ORDINALS


def test_ordinal_in_dutch_keeps_citeprocs_matching() -> None:
    lookup = term_lookup("nl-NL")
    # ordinal-00 matches the whole number only; ordinal-02 (last-two-digits) matches 102
    # but not 22, which falls back to the plain "ordinal" term.
    assert ordinal(0, lookup) == "0de"
    assert ordinal(100, lookup) == "100ste"
    assert ordinal(2, lookup) == "2de"
    assert ordinal(102, lookup) == "102de"
    assert ordinal(22, lookup) == "22ste"
    assert ordinal(8, lookup) == "8ste"


def test_ordinal_agrees_with_the_gender_given() -> None:
    lookup = term_lookup("fr-FR")
    assert ordinal(1, lookup, "feminine") == "1ʳᵉ"
    assert ordinal(1, lookup, "masculine") == "1ᵉʳ"
    assert ordinal(1, lookup) == "1ᵉʳ"  # no gender: the last definition wins
    assert ordinal(101, lookup, "feminine") == "101ᵉ"


def test_ordinal_without_terms_is_the_number() -> None:
    assert ordinal(3, lambda name: []) == "3"


def test_long_ordinal() -> None:
    lookup = term_lookup("nl-NL")
    assert long_ordinal(1, lookup) == "eerste"
    assert long_ordinal(10, lookup) == "tiende"
    assert long_ordinal(11, lookup) == "11de"


def test_roman() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1994, 3999)] == [
        "i", "iv", "ix", "xiv", "xl", "xc", "cd", "mcmxciv", "mmmcmxcix",
    ]  # fmt: skip
    assert roman(0) == ""
    assert roman(4000) == "4000"
    assert roman(-2) == "-2"


def test_render_number_renders_each_number_of_the_value() -> None:
    lookup = term_lookup("en-US")
    assert render_number("2, 3", "ordinal", lookup) == "2nd, 3rd"
    assert render_number("2-3", "roman", lookup) == "ii–iii"
    assert render_number("2E", "ordinal", lookup) == "2E"
    assert render_number("02", "numeric", lookup) == "2"
    assert render_number(3, "long-ordinal", lookup) == "third"
    assert render_number("3", "whatever", lookup) == "3"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", True), ("2nd", True), ("L2d", True), ("12-15", True), ("12–15", True),
        ("12, 13", True), ("12 ,13", True), ("2 - 3", True), ("1 & 2", True), (7, True),
        ("2a3", False), ("3.5", False), ("2;3", False), ("2—3", False), ("1\\-2", False),
        ("ii", False), ("12 a", False), ("1,", False), ("", False), ("٣", False),
    ],
)  # fmt: skip
def test_is_numeric(value: str | int, expected: bool) -> None:
    assert is_numeric(value) is expected


@pytest.mark.parametrize(
    ("value", "variable", "expected"),
    [
        ("12", "page", False), ("12-15", "page", True), ("12, 13", "locator", True),
        ("12 ", "locator", True), ("12\\-15", "page", False), ("", "page", False),
        (3, "number-of-volumes", True), ("3", "number-of-volumes", True),
        (1, "number-of-volumes", False), (3, "edition", False),
        ("1", "number-of-volumes", False), ("01", "number-of-volumes", True),
    ],
)  # fmt: skip
def test_is_plural(value: str | int, variable: str, expected: bool) -> None:
    assert is_plural(value, variable) is expected


def test_year_suffix() -> None:
    assert [year_suffix(n) for n in (1, 26, 27, 52, 53, 702)] == ["a", "z", "aa", "az", "ba", "zz"]
    with pytest.raises(ValueError):
        year_suffix(0)


# -- against pandoc ---------------------------------------------------------------------------

FORMATS: list[str | None] = [
    None, "chicago", "chicago-15", "chicago-16", "expanded", "minimal", "minimal-two", "bogus",
]  # fmt: skip

PAGES = [
    "42-45", "321-328", "2787-2816", "1496-1504", "107-108", "505-517", "1002-1006", "415-532",
    "11564-11568", "13792-13803", "3-10", "71-72", "100-104", "1100-1113", "12-5", "125-27",
    "S12-S15", "S12-15", "12-S15", "12a-15a", "e12-e15", "12-15, 20-25", "12-15,20-25",
    "12 - 15", "12–15", "12\\-15", "1-2-3", "12-", "-12", "12,", "12, ,13", "12 & 15", "12&15",
    "12-15 & 17-19", "xii-xv", "abc", "1234-1235", "1234-35", "9-11", "99-101", "0-5",
    "007-009", "1000-1050", "101-108", "1101-1109", "22-11", "A1-A3", "A-B", "12,,13",
    "12,,,13", "a-a", "12-12", "12.5-12.9", "12:3-12:9", "3\\-5, 7-9", "12 -", "1, 2 & 3",
    "1-1", "10-19", "110-119", "1110-1119", "2000-2010", "1999-2001", "1,000-1,005",
]  # fmt: skip


def _random_pages(count: int) -> list[str]:
    """Page values from pieces the formats react to, written as pandoc reads CSL-JSON
    strings (spaces single, none at the ends)."""
    rng = random.Random(20240611)
    pieces = ["1", "2", "9", "0", "12", "100", "-", "–", ",", " ", "&", "S", "a", ".", "\\-"]
    values = set()
    while len(values) < count:
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        value = " ".join(raw.split())
        if value:
            values.add(value)
    return sorted(values)


def _random_ranges(count: int) -> list[str]:
    """Ranges of numbers of one to five digits, some with a letter before both."""
    rng = random.Random(20240613)

    def number() -> str:
        return str(rng.randint(0, 10 ** rng.randint(1, 5) - 1))

    ranges = []
    for _ in range(count):
        prefix = rng.choice(["", "", "", "S", "e"])
        first = number()
        last = rng.choice([number(), str(int(first) + rng.randint(0, 120))])
        ranges.append(f"{prefix}{first}-{prefix}{last}")
    return ranges


PAGE_CASES = PAGES + _random_pages(150) + _random_ranges(300)

_PAGE_BIBLIOGRAPHY = (
    '<text variable="id"/>'
    + field('<text variable="page"/>')
    + field('<text variable="page-first"/>')
)


@needs_pandoc
@pytest.mark.parametrize(
    ("lang", "attribute"),
    [("en-US", f) for f in FORMATS] + [("nl-NL", None), ("nl-NL", "minimal")],
)
def test_pages_as_pandoc_writes_them(tmp_path: Path, lang: str, attribute: str | None) -> None:
    refs = [{"id": f"r{i}", "type": "book", "page": page} for i, page in enumerate(PAGE_CASES)]
    attributes = f'page-range-format="{attribute}"' if attribute else ""
    style = csl_style('<text variable="id"/>', _PAGE_BIBLIOGRAPHY, attributes)
    printed = bibliography_fields(run_pandoc(tmp_path, style, "", refs, lang))

    range_format, delimiter = page_range_format(attribute), page_delimiter(lang)
    expected = {
        f"r{i}": [format_pages(page, range_format, delimiter), page_first(page)]
        for i, page in enumerate(PAGE_CASES)
    }
    assert _mismatches(printed, expected, PAGE_CASES) == {}


def _mismatches(
    printed: dict[str, list[str]], expected: dict[str, list[Any]], values: Sequence[str | int]
) -> dict[str, tuple[list[str] | None, list[Any]]]:
    """Printed against expected fields by value, for the values that differ."""
    return {
        repr(value): (printed.get(key), want)
        for value, (key, want) in zip(values, expected.items(), strict=True)
        if printed.get(key) != want
    }


NUMBER_CASES: list[str | int] = [
    *(str(n) for n in range(26)), "100", "101", "102", "103", "104", "111", "112", "113", "121",
    "122", "123", "1001", "1011", "00", "02", "2, 3", "2-3", "2 - 3", "2–3", "2E", "2nd",
    "first", "1 & 2", "1 and 2", "12, 13", "12,13", "12 ,13", "x1", "IV",
    "L2", "4000", "3999", "1\\-2", "2;3", "1,", "-3", "3.5", "12a-15b", "01",
    "99999999999999999999", 1, 2, 3, 11, 111, 0, 4000,
]  # fmt: skip


def _random_numbers(count: int) -> list[str]:
    """Number values from digits, letters and the separators ``is-numeric`` and
    ``<number>`` react to (spaces single, none at the ends, as pandoc reads them)."""
    rng = random.Random(20240612)
    pieces = ["2", "13", "101", "a", "é", "ii", " ", ",", "-", "–", "&", ";", ".", "\xa0"]
    values = set()
    while len(values) < count:
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 7)))
        value = " ".join(raw.split(" ")).strip(" ")
        value = re.sub(" +", " ", value)
        if value and " ;" not in value:  # pandoc reads " ;" as a narrow space and ";"
            values.add(value)
    return sorted(values)


NUMBER_CASES += _random_numbers(150)

_NUMBER_BIBLIOGRAPHY = '<text variable="id"/>' + "".join(
    field(expression)
    for expression in (
        '<choose><if is-numeric="edition"><text value="Y"/></if>'
        '<else><text value="N"/></else></choose>',
        '<label variable="edition"/>',
        '<label variable="number-of-volumes"/>',
        '<number variable="edition"/>',
        '<number variable="edition" form="ordinal"/>',
        '<number variable="edition" form="long-ordinal"/>',
        '<number variable="edition" form="roman"/>',
        '<number variable="volume" form="ordinal"/>',
        '<number variable="volume" form="long-ordinal"/>',
        '<number variable="number" form="ordinal"/>',
    )
)


def _expected_number_fields(lang: str, value: str | int) -> list[str]:
    lookup = term_lookup(lang)
    edition, volume = variable_gender(lang, "edition"), variable_gender(lang, "volume")
    # fr-FR: edition is feminine, volume masculine, number has no gender (so the last of
    # the two ordinal-01 definitions applies).
    number = variable_gender(lang, "number")

    def label(variable: str) -> str:
        number = "plural" if is_plural(value, variable) else "singular"
        return term_text(lang, variable, number=number)

    return [
        "Y" if is_numeric(value) else "N",
        label("edition"),
        label("number-of-volumes"),
        render_number(value, "numeric", lookup, edition),
        render_number(value, "ordinal", lookup, edition),
        render_number(value, "long-ordinal", lookup, edition),
        render_number(value, "roman", lookup, edition),
        render_number(value, "ordinal", lookup, volume),
        render_number(value, "long-ordinal", lookup, volume),
        render_number(value, "ordinal", lookup, number),
    ]


@needs_pandoc
@pytest.mark.parametrize("lang", ["en-US", "nl-NL", "fr-FR"])
def test_numbers_as_pandoc_writes_them(tmp_path: Path, lang: str) -> None:
    refs = [
        {
            "id": f"r{i}",
            "type": "book",
            "edition": value,
            "number-of-volumes": value,
            "volume": value,
            "number": value,
        }
        for i, value in enumerate(NUMBER_CASES)
    ]
    style = csl_style('<text variable="id"/>', _NUMBER_BIBLIOGRAPHY)
    printed = bibliography_fields(run_pandoc(tmp_path, style, "", refs, lang))
    expected = {f"r{i}": _expected_number_fields(lang, v) for i, v in enumerate(NUMBER_CASES)}
    assert _mismatches(printed, expected, NUMBER_CASES) == {}


@needs_pandoc
def test_year_suffixes_as_pandoc_writes_them(tmp_path: Path) -> None:
    count = 60
    refs = [
        {"id": f"r{i}", "type": "book", "author": [{"family": "Jansen"}],
         "issued": {"date-parts": [[2020]]}}
        for i in range(count)
    ]  # fmt: skip
    style = csl_style(
        '<names variable="author"/><date variable="issued"><date-part name="year"/></date>',
        '<text variable="id"/>' + field('<text variable="year-suffix"/>'),
    ).replace("<citation>", '<citation disambiguate-add-year-suffix="true">')
    printed = bibliography_fields(run_pandoc(tmp_path, style, "", refs, "en-US"))
    assert sorted(fields[0] for fields in printed.values()) == sorted(
        year_suffix(n) for n in range(1, count + 1)
    )
