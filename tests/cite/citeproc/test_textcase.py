"""Text case as pandoc's citeproc does it: the rules one by one, then against pandoc.

The oracle test gives pandoc a CSL-JSON bibliography of titles that exercise the rules,
one item per (title, text case, item language), and a style that prints only the title
in the text case the item's type stands for. Each citation stands in a paragraph of its
own, so pandoc's JSON gives the title's inlines as they are. The expected inlines are
made by this package: the title parsed (:mod:`markup`), its case changed, a comma or full
stop moved into a quotation where the locale wants that, the quotes localised — what
citeproc does to a citation — and compared node for node in pandoc's JSON form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from citeproc_helpers import pandoc_citations, to_pandoc

from pleitbrief.cite.citeproc.inlines import (
    Inlines,
    Link,
    Note,
    Quoted,
    Space,
    Span,
    Str,
    Styled,
    words,
)
from pleitbrief.cite.citeproc.markup import (
    Quotes,
    localize_quotes,
    move_punctuation_inside_quotes,
    parse_rich_text,
)
from pleitbrief.cite.citeproc.textcase import (
    capitalize_note,
    change_case,
    language_code,
    title_case_applies,
)
from pleitbrief.cite.csl import pandoc_path


def text(inlines: Inlines) -> str:
    return "".join(
        " " if isinstance(n, Space) else n.text for n in inlines if isinstance(n, Str | Space)
    )


def case(title: str, text_case: str, lang: str | None = None) -> str:
    return text(change_case(words(title), text_case, lang))


# --- the rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("the quick brown fox", "The Quick Brown Fox"),
        ("a tale of two cities", "A Tale of Two Cities"),
        ("of mice and men", "Of Mice and Men"),  # the first word always
        ("the end of", "The End Of"),  # the last word always
        ("on the road: a story", "On the Road: A Story"),  # after a colon and a space
        ("iPhone and McDonald", "iPhone and McDonald"),  # mixed case kept
        ("the WWW of things", "The WWW of Things"),  # all caps kept
        ("THE ALL CAPS TITLE", "THE ALL CAPS TITLE"),
        ("3d printing in 3D", "3d Printing in 3D"),  # no lowercase letter: an acronym
        ("self-made up-to-date", "Self-Made up-to-Date"),  # hyphens break words
        ("it's the dog's life", "It's the Dog's Life"),  # the apostrophe does not
        ("a b c word", "A b c Word"),  # single letters stay
        ("on The way", "On The Way"),  # "The" is not a stop word: mixed case, kept
        ("ludwig van beethoven", "Ludwig van Beethoven"),  # particles are stop words
        ("foo:bar baz", "Foo:bar Baz"),  # a colon without a space starts nothing
    ],
)
def test_title_case(title: str, expected: str) -> None:
    assert case(title, "title") == expected


@pytest.mark.parametrize(
    ("text_case", "title", "expected"),
    [
        ("sentence", "The Quick Brown Fox", "The quick brown fox"),
        ("sentence", "the iPhone Of NASA", "The iPhone of NASA"),  # only capitalised words
        ("sentence", "Foo. Bar Baz", "Foo. Bar baz"),  # a new sentence after . and a space
        ("sentence", "FOO bar", "FOO bar"),  # an all-caps first word kept
        ("capitalize-first", "the road", "The road"),
        ("capitalize-first", "iPhone road", "iPhone road"),
        ("capitalize-first", "“quoted” road", "“Quoted” road"),  # punctuation does not count
        ("capitalize-all", "the road to x-ray", "The Road To X-Ray"),
        ("capitalize-all", "a.b c", "A.b C"),  # not after a full stop without a space
        ("uppercase", "straße and ﬁne", "STRASSE AND FINE"),
        ("lowercase", "ΣΟΦΟΣ IS Greek", "σοφοσ is greek"),  # no final sigma
    ],
)
def test_other_cases(text_case: str, title: str, expected: str) -> None:
    assert case(title, text_case) == expected


def test_turkish_dotted_i() -> None:
    assert case("istanbul \u0131l\u0131k", "uppercase", "tr") == "İSTANBUL ILIK"
    assert case("İSTANBUL IŞIK", "lowercase", "tr-TR") == "istanbul \u0131ş\u0131k"
    assert case("istanbul", "uppercase", "nl") == "ISTANBUL"


def test_small_caps_super_and_subscript_are_left_alone_but_move_the_state() -> None:
    title = (Styled("smallcaps", (Str("the"),)), Space(), Str("end"), Space(), Str("of"))
    assert change_case(title, "uppercase", None) == (
        Styled("smallcaps", (Str("the"),)),
        Space(),
        Str("END"),
        Space(),
        Str("OF"),
    )
    # the small caps were the first word, so "of" after them is a stop word (not first)
    sub = (Str("x"), Styled("subscript", (Str("of"),)), Space(), Str("of"), Space(), Str("it"))
    assert text(change_case(sub, "title", None)[2:]) == " of It"


def test_nocase_span() -> None:
    kept = (Str("keep"), Space(), Span(("nocase",), (Str("this"),)), Space(), Str("now"))
    assert change_case(kept, "title") == (
        Str("Keep"),
        Space(),
        Span(("nocase",), (Str("this"),)),
        Space(),
        Str("Now"),
    )
    # right after a letter, pandoc drops the class (the text is kept as it is)
    glued = (Str("word"), Span(("nocase",), (Str("Case"),)), Space(), Str("tail"))
    assert change_case(glued, "lowercase")[1] == Span((), (Str("Case"),))


def test_emphasis_quotes_and_links_are_changed_inside() -> None:
    title = (
        Styled("emph", (Str("the"), Space(), Str("end"))),
        Space(),
        Quoted(True, (Str("of"), Space(), Str("it"))),
        Space(),
        Link("https://example.org", (Str("here"),)),
    )
    assert change_case(title, "title") == (
        Styled("emph", (Str("The"), Space(), Str("End"))),
        Space(),
        Quoted(True, (Str("of"), Space(), Str("It"))),
        Space(),
        Link("https://example.org", (Str("Here"),)),
    )


def test_notes_are_skipped() -> None:
    title = (Str("the"), Note((Str("note"),)), Space(), Str("end"))
    assert change_case(title, "uppercase") == (
        Str("THE"),
        Note((Str("note"),)),
        Space(),
        Str("END"),
    )


def test_last_word_only_at_the_top_and_without_a_word_break() -> None:
    assert case("the end of", "title") == "The End Of"
    assert case("the end-of", "title") == "The End-of"  # the last Str has a break
    emphasised = (Str("end"), Space(), Styled("emph", (Str("of"),)))
    assert change_case(emphasised, "title")[2] == Styled("emph", (Str("of"),))


def test_footnote_capitalisation() -> None:
    assert text(capitalize_note(words("ibid., 12"))) == "Ibid., 12"
    assert text(capitalize_note(words("iPhone, 12"))) == "iPhone, 12"


def test_unknown_case() -> None:
    with pytest.raises(ValueError, match="text-case"):
        change_case(words("x"), "titlecase")


@pytest.mark.parametrize(
    ("item", "locale", "applies"),
    [
        ("en", "nl-NL", True),
        ("EN-gb", "nl-NL", True),
        ("en_US", "nl-NL", True),
        ("nl", "en-US", False),
        ("English", "en-US", False),  # read as the language "english"
        ("eng", "en-US", False),
        (None, "en-US", True),
        (None, "nl-NL", False),
        ("", "en-US", True),  # unreadable: the locale decides
        ("x-foo", "nl-NL", False),
        ("123", "en-US", True),
    ],
)
def test_title_case_only_for_english(item: str | None, locale: str, applies: bool) -> None:
    assert title_case_applies(item, locale) is applies


def test_language_code() -> None:
    assert language_code("zh-Hant-TW") == "zh"
    assert language_code("a b") is None
    assert language_code(None) is None


# --- against pandoc ----------------------------------------------------------------------

TITLES = [
    "the quick brown fox",
    "a tale of two cities",
    "on the road to nowhere: a story of the end",
    "iPhone and the WWW of things",
    "self-made man in the up-to-date world",
    "it's the dog's life",
    "Hello <i>italic words</i> end",
    'keep <span class="nocase">this one</span> now',
    "what is it for?",
    "foo. bar baz",
    "THE ALL CAPS TITLE OF NOTE",
    "The Title Already In Title Case",
    "McDonald's and the USA: a history",
    "a word/another word – and — more",
    "x-ray vision of the past",
    "the end of",
    "about the way to",
    "of mice and men",
    "Ludwig van Beethoven and de Gaulle",
    "l'état c'est moi",
    "données économiques à l’échelle",
    "ijsland en het IJsselmeer in de IJzertijd",
    "straße und ǆemal ǅemal",
    "the <sc>small caps</sc> part",
    "H<sub>2</sub>O and E = mc<sup>2</sup>",
    'word<span class="nocase">Case</span> tail',
    '"quoted title" of the year',
    "the 1990s in review",
    "why? because! ok: then",
    "a <b>bold</b> move",
    "<i>all italic title of it</i>",
    "one",
    "ΣΟΦΟΣ ΟΔΟΣ and σοφος",
    "éCOLE normale",
    "the end-of",
    '<span class="nocase">iPod</span> sales',
    "part 2: the sequel",
    "the (parenthetical) word",
    "co-operation in the EU",
    "first sentence. second sentence",
    "a A b B",
    "über alles in der welt",
    "Ärger mit dem ÖPNV",
    "rock 'n' roll in the 50's",
    "de\u0301cor of the e\u0301cole",
    "ﬁnal ﬂow",
    "tab\tand  double  spaces",
    "x <i>y</i>",
    "to be or not to be",
    '<span class="nodecor">nodecor words</span> after',
    "istanbul \u0131l\u0131k İSTANBUL",
    "word<sc>small</sc> after",
    "<b>Bold</b><b>again</b> at the start",
    "'single quoted' words, and \"double\", too",
    "a “curly” and ‘single’ thing",
    "ends with a quote “like this”",
    "3D printing of mp3 files in COVID19 times",
    "x86 and X86 and 64bit and 64BIT and a1B2 of 3d",
    "the book I read and A thing",
    "a\u00a0b of c, thin\u2009space of it",
    "\U0001d518\U0001d52b\U0001d526 \U0001d531\U0001d522\U0001d535 and \U0001f600 emoji",
    'the end of <span class="nocase">it</span>',
    "O’Neil’s and o’neil’s",
    "hello...world: of it",
    "¿qué pasa? ¡hola!",
    "e.g. the thing i.e. that",
    "the Ⅳ roman Ⅻ numerals ⅳ and circled Ⓐ ⓐ",
    "ß at start and ẞ capital",
]
"""Titles that exercise the rules (CSL-JSON rich text)."""

TYPES = {
    "none": "document",
    "lowercase": "webpage",
    "uppercase": "thesis",
    "capitalize-first": "chapter",
    "capitalize-all": "report",
    "sentence": "article-journal",
    "title": "book",
}
"""The text case each item type stands for in the oracle's style."""

ITEM_LANGUAGES = [None, "en", "nl", "tr", "English"]

LOCALES = {
    "en-US": (Quotes("“", "”", "‘", "’"), True),
    "nl-NL": (Quotes("‘", "’", "“", "”"), False),
}
"""Per document language: the locale's quotes and its ``punctuation-in-quote``."""

KNOWN: dict[tuple[str, str, str, str | None], str] = {}
"""Cases that cannot match, with the reason: (locale, title, text case, item language)."""

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>text-case-oracle</id><title>oracle</title>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><choose>{branches}</choose></layout></citation>
</style>
"""


def style() -> str:
    branches = []
    for index, (text_case, item_type) in enumerate(TYPES.items()):
        tag = "if" if index == 0 else "else-if"
        attribute = "" if text_case == "none" else f' text-case="{text_case}"'
        text_element = f'<text variable="title"{attribute}/>'
        branches.append(f'<{tag} type="{item_type}">{text_element}</{tag}>')
    return STYLE.format(branches="".join(branches))


Case = tuple[str, str, str | None]


def oracle_cases() -> list[Case]:
    cases: list[Case] = [(t, c, None) for t in TITLES for c in TYPES]
    cases += [(t, c, lang) for t in TITLES[:24] for c in TYPES for lang in ITEM_LANGUAGES[1:]]
    return cases


def run_pandoc(tmp_path: Path, cases: list[Case], lang: str) -> list[Any]:
    """pandoc's rendering of each case's citation, as pandoc JSON inlines."""
    items = []
    for index, (title, text_case, item_language) in enumerate(cases):
        item = {"id": f"i{index}", "type": TYPES[text_case], "title": title}
        if item_language is not None:
            item["language"] = item_language
        items.append(item)
    return pandoc_citations(tmp_path, items, style(), lang)


def expected(title: str, text_case: str, item_language: str | None, lang: str) -> Inlines:
    quotes, punctuation_in_quote = LOCALES[lang]
    inlines = parse_rich_text(title)
    if text_case != "none" and (text_case != "title" or title_case_applies(item_language, lang)):
        inlines = change_case(inlines, text_case, item_language)
    if punctuation_in_quote:
        inlines = move_punctuation_inside_quotes(inlines)
    return localize_quotes(inlines, quotes)


@pytest.mark.skipif(pandoc_path() is None, reason="needs pandoc (pypandoc-binary)")
@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_against_pandoc(tmp_path: Path, lang: str) -> None:
    cases = oracle_cases()
    rendered = run_pandoc(tmp_path, cases, lang)
    assert len(rendered) == len(cases)
    wrong = []
    for (title, text_case, item_language), theirs in zip(cases, rendered, strict=True):
        ours = to_pandoc(expected(title, text_case, item_language, lang))
        key = (lang, title, text_case, item_language)
        if (ours == theirs) == (key in KNOWN):
            wrong.append(f"{key}:\n  pandoc {theirs}\n  ours   {ours}")
    assert not wrong, "\n".join(wrong)
