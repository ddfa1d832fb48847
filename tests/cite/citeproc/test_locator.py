"""The locator in a citation's suffix (:mod:`pleitbrief.cite.citeproc.locator`), then the
same suffixes through pandoc's ``--citeproc``.

The oracle test writes one citation per paragraph, ``[@item<suffix>]``, and a style whose
citation prints the locator's label (through ``<choose locator=…>``), the label's long
term (singular or plural) and the locator itself, between ``⟦`` and ``⟧``: pandoc then
prints the suffix it left right after. What the module parses from the same suffix,
formatted by :func:`numbers.format_locator`, must read the same. A second test shows, by
``ibid`` against ``ibid-with-locator``, that pandoc keeps the locator unstripped.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise
from pathlib import Path

import pytest
from test_numbers import (
    and_symbol,
    csl_style,
    locale_terms,
    needs_pandoc,
    page_delimiter,
    run_pandoc,
    term_text,
)

from pleitbrief.cite.citeproc.locator import (
    LOCATOR_TERMS,
    ParsedLocator,
    locator_map,
    parse_locator,
)
from pleitbrief.cite.citeproc.numbers import (
    PageRangeFormat,
    format_locator,
    is_plural,
    page_range_format,
)


def labels_of(lang: str) -> dict[str, str]:
    """The locator map of a locale file: every text of every locator term."""
    terms = locale_terms(lang)
    return locator_map({name: [t.text for t in terms.get(name, [])] for name in LOCATOR_TERMS})


# -- the map ----------------------------------------------------------------------------------


def test_locator_map_prefers_the_earlier_term_and_folds_case() -> None:
    mapping = locator_map(
        {
            "number-of-pages": ["p.", "pp."],
            "page": ["P.", "pp."],
            "article-locator": ["art."],
            "chapter": ["Hfdst."],
        }
    )
    assert mapping == {"p.": "page", "pp.": "page", "hfdst.": "chapter"}


def test_locator_map_of_dutch_knows_the_dutch_terms() -> None:
    mapping = labels_of("nl-NL")
    assert mapping["hfdst."] == "chapter"
    assert mapping["pagina's"] == "page"
    assert mapping["§§"] == "section"
    assert mapping["s.v."] == "sub-verbo"
    assert "art." not in mapping


# -- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [
        (", p. 12", ("page", "12", "")),
        (", pp. 3-5, with extra remarks", ("page", "3-5", ", with extra remarks")),
        (" 12", ("page", "12", "")),
        (", hfdst. 3", ("chapter", "3", "")),
        (", art. 4", (None, None, ", art. 4")),
        (", r.o. 4.2", (None, None, ", r.o. 4.2")),
        (", {iv, 3}", ("", "iv, 3", "")),
        (", 33-35 and passim", ("page", "33-35", " and passim")),
        (", p.12", ("page", "12", "")),
        (", P. 12", ("page", "12", "")),
        (", 12a", ("page", "12a", "")),
        (", 12.", ("page", "12", ".")),
        (", 12.3.", ("page", "12.3", ".")),
        (", 12, 13 and 14", ("page", "12, 13", " and 14")),
        (", p. xiv", ("page", "xiv", "")),
        (", xiv", (None, None, ", xiv")),
        (", p. (a)", (None, None, ", p. (a)")),
        (", 12(a)(iv)", ("page", "12(a)(iv)", "")),
        (", {p. 12 }", ("page", "12 ", "")),
        (", {3}", ("page", "3", "")),
        (", {12}", ("", "12", "")),
        (", {}", (None, None, "")),
        (", {} foo", (None, None, " foo")),
        ("foo", (None, None, ", foo")),
        (" foo", (None, None, " foo")),
        ("", (None, None, "")),
        (", \xa012", ("page", " 12", "")),
        (",\xa012", ("page", "12", "")),
        (", p. 12; 13", ("page", "12; 13", "")),
        (", 12\u2009a", ("page", "12\u2009a", "")),
        (", 1:2-3", ("page", "1:2-3", "")),
        (", §\xa03", ("section", "3", "")),
        (", hfdst.  3\n en verder", ("chapter", "3", " en verder")),
    ],
)
def test_parse_locator(suffix: str, expected: tuple[str | None, str | None, str]) -> None:
    assert parse_locator(suffix, labels_of("nl-NL")) == ParsedLocator(*expected)


def test_a_label_needs_a_word_with_a_digit_or_roman_numeral_after_it() -> None:
    labels = labels_of("en-US")
    assert parse_locator(", p. mix", labels) == ParsedLocator("page", "mix", "")
    assert parse_locator(", p. civil", labels) == ParsedLocator(None, None, ", p. civil")
    assert parse_locator(", chap. 3 & 4", labels) == ParsedLocator("chapter", "3", " & 4")


def test_the_longest_label_wins() -> None:
    labels = locator_map({"page": ["p."], "section": ["p. s."]})
    assert parse_locator(", p. s. 3", labels) == ParsedLocator("section", "3", "")


# -- against pandoc ---------------------------------------------------------------------------

SUFFIXES = [
    ", p. 12", ", pp. 3-5, with extra remarks", " 12", ", hfdst. 3", ", Hfdst. 3-5", ", art. 4",
    ", r.o. 4.2", ", {iv, 3}", ", 33-35 and passim", ", pagina 4", ", pagina's 4-6",
    ", par. 3.2", ", § 3", ", §§ 3-4", ", nr. 12", ", deel 2", ", vol. 3", ", regel 4",
    ", aantekening 5", ", n. 5", ", s.v. bestuursorgaan", ", sub verbo 3", ", s.v. 3",
    ", fig. 2", ", boek 3", ", bk. 1", ", sectie 4", ", sec. 4", ", vers 3", ", vv. 3-5",
    ", col. 2", ", f. 12", ", op. 3", ", kamerstukken II 2020/21, 35 000, nr. 3",
    ", p. 12 e.v.", ", p. 12 en 14", ", 12 en 14", ", {p. 12 en 14}", ", {hfdst. 3 en 4}",
    ", {nr. 5}", ", {ECLI:NL:HR:2020:123}", ", {}", ", {} foo", ", p. xiv-xvi", ", p. XIV",
    ", p. ix, 3", ", p. 3(a)", ", p. 3 (a)", ", p. [17]", ", p. [17]-[18]", ", 591 [84]",
    ", p. 12.3.4", ", p. 12.", ", p. 12, 14, 16-18", ", p. 12,14", ", pp. 12–15",
    ", p. 12\\-15", ", {p. 12\\-15}", ", {hfdst. 3\\-5 }", ", p.", ", p.12a", ", pp.12-14",
    ", p 12", ", PAGE 3", ", page 3", ", pages 3-4", ", chapter 2", ", chapters 2-3",
    ", ch. 3", ", chap. 2", ", chap. 3-5, 7-9", ", line 4", ", l. 4", ", ll. 4-5", ", note 3",
    ", nn. 3-4", ", para. 3", ", ¶ 3", ", ¶¶ 3-4", ", vols. 2-3", ", fol. 3", ", no. 3",
    ", nos. 3-4", ", pt. 3", ", p. mix", ", p. mdcc", ", p. iv-x", ", p. viv", ", p. ivi",
    ", p. iiv", ", iv", ", 3, iv", ", 3 iv", ", 12a, 12b", ", 1:23", ", 12-", ", 12 ,13",
    ", 12 , 13", ", 12,,13", ", , 12", ", ,12", ",12", " ,12", " p. 12", " foo", ", foo",
    ", p.\xa012", ",\xa012", ", 12\xa0and 13", ", 12\u2009a", ", 12\u2009and", ", {a [b] c}",
    ", {a [b c] d}", ", {[3] x}", ", {p. [3]}", ", {{3}}", ", {3} {4}", ", {3}, p. 4",
    ", p. 3 & 5", ", {p. 3 & 5}", ", {chap. 3 & 5}", ", p. 3-5 & 7", ", {p. 3-5, 7-9}",
    ", {p. 3-5 , 7-9}", ", {p. 12 }", ", {12}", ", {3}", ", { 3 }", ", {iv}", ", {  p. 4}",
    ", p. 12(a)(iv)", ", 12(a)", ", 12 (a)", ", (a)", ", (12)", ", 12(", ", 12)", ", p. 12, (a)",
    ", 12 13", ", 12, and 13", ", C22", ", p. C22", ", §3", ", §§3-4", ", 12–",
    ", 2nd ed.", ", 3rd", ", pp. 12ff.", ", 12 ff.", ", p. 12 n. 3", ", p. 12, n. 3",
    ", n. 3, p. 12", ", vol. 2, p. 12", ", 2:12-15", ", 12:", ", 12.a", ", 12..3", ", .5",
    ", p. .5", ", 12-13-14", ", 12/13", ", 12+13", ", p. 12/13", ", Sub Verbo 3",
    ", Pagina's 3", ", P. xiv", ", HFDST. 3", ", 12 e.v.", ", 12 e.v., 13",
]  # fmt: skip


def _random_suffixes(count: int) -> list[str]:
    """Suffixes strung together from labels, numbers, numerals, brackets and punctuation
    (spaces single, none at the end: pandoc's Markdown reader would drop them)."""
    rng = random.Random(20240614)
    pieces = [
        ",", " ", "p.", "pp.", "P.", "12", "3-5", "iv", "xiv", "x", "(", ")", "[", "]", "{",
        "}", ".", "a", "and", "chap.", "hfdst.", "§", "\xa0", "mix", "&", ":", "–", "1.2",
        "12a", "sec.", "s.v.", "sub verbo", "n.",
    ]  # fmt: skip
    suffixes: set[str] = set()
    while len(suffixes) < count:
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        text = rng.choice([", ", " ", ","]) + re.sub(" +", " ", text)
        text = text.rstrip(" \xa0")
        if text.strip(" ,"):
            suffixes.add(text)
    return sorted(suffixes)


SUFFIXES += _random_suffixes(300)


def _markdown(suffix: str) -> str:
    """The suffix as Markdown that pandoc reads back as this text."""
    return re.sub(r"([\\`*_\[\]$<>@^~|#])", r"\\\1", suffix)


_LABEL_NAMES = "".join(
    f'<{"if" if i == 0 else "else-if"} locator="{name}"><text value="{name}"/>'
    f"</{'if' if i == 0 else 'else-if'}>"
    for i, name in enumerate(LOCATOR_TERMS)
)
_LOCATOR_CITATION = (
    '<text value="⟦"/>'
    '<choose><if variable="locator">'
    f'<choose>{_LABEL_NAMES}<else><text value="?"/></else></choose>'
    '</if><else><text value="-"/></else></choose>'
    '<text value="|"/><label variable="locator" form="long"/>'
    '<text value="|"/><text variable="locator"/><text value="⟧"/>'
)


def _expected(
    suffix: str, lang: str, range_format: PageRangeFormat | None, labels: dict[str, str]
) -> str:
    parsed = parse_locator(suffix, labels)
    if parsed.locator is None:
        return f"⟦-||⟧{parsed.suffix}"
    name = parsed.label or "?"
    number = "plural" if is_plural(parsed.locator, "locator") else "singular"
    term = term_text(lang, parsed.label, number=number) if parsed.label else ""
    term = term.replace("'", "\u2019")  # pandoc prints a term's apostrophe curly
    locator = format_locator(
        parsed.locator, parsed.label, range_format, page_delimiter(lang), and_symbol(lang)
    )
    return f"⟦{name}|{term}|{locator}⟧{parsed.suffix}"


@needs_pandoc
@pytest.mark.parametrize(
    ("lang", "attribute"), [("nl-NL", None), ("en-US", None), ("en-US", "minimal")]
)
def test_locators_as_pandoc_reads_them(tmp_path: Path, lang: str, attribute: str | None) -> None:
    attributes = f'page-range-format="{attribute}"' if attribute else ""
    style = csl_style(_LOCATOR_CITATION, attributes=attributes)
    body = "\n\n".join(f"[@item{_markdown(suffix)}]" for suffix in SUFFIXES)
    refs = [{"id": "item", "type": "book", "title": "T"}]
    printed = run_pandoc(tmp_path, style, body, refs, lang).strip().split("\n\n")

    labels, range_format = labels_of(lang), page_range_format(attribute)
    expected = [_expected(suffix, lang, range_format, labels) for suffix in SUFFIXES]
    assert len(printed) == len(SUFFIXES)
    mismatches = {
        suffix: (got, want)
        for suffix, got, want in zip(SUFFIXES, printed, expected, strict=True)
        if got != want
    }
    assert mismatches == {}


_POSITION_CITATION = (
    '<choose><if position="ibid-with-locator"><text value="ibid-with-locator"/></if>'
    '<else-if position="ibid"><text value="ibid"/></else-if>'
    '<else><text value="other"/></else></choose>'
)

_REPEATS = [
    ", p. 12", ", {p. 12 }", ", p. 12", ", {p. 12}", " 12", ",\xa012", ", {12}", ", {12}",
    ", {3}", ", p. 3", "", "", ", chap. 3", ", sec. 3", ", sec. 3",
]  # fmt: skip


def _position(previous: ParsedLocator | None, current: ParsedLocator) -> str:
    """citeproc's position of a citation right after one of the same item alone."""
    if previous is None:
        return "other"
    if previous.locator is None:
        return "ibid" if current.locator is None else "ibid-with-locator"
    if current.locator is None:
        return "other"
    same = (previous.label, previous.locator) == (current.label, current.locator)
    return "ibid" if same else "ibid-with-locator"


@needs_pandoc
def test_locators_are_compared_unstripped_as_pandoc_leaves_them(tmp_path: Path) -> None:
    body = "\n\n".join(f"[@item{_markdown(suffix)}]" for suffix in _REPEATS)
    refs = [{"id": "item", "type": "book", "title": "T"}]
    printed = run_pandoc(tmp_path, csl_style(_POSITION_CITATION), body, refs, "en-US")

    labels = labels_of("en-US")
    parsed = [parse_locator(suffix, labels) for suffix in _REPEATS]
    expected = [_position(None, parsed[0])] + [
        _position(before, after) for before, after in pairwise(parsed)
    ]
    assert printed.split() == expected
