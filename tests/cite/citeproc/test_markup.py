"""CSL-JSON rich text, quotation marks and punctuation in quotes, as pandoc's citeproc.

The oracle tests give pandoc a CSL-JSON bibliography and a style whose citation prints
either the title, the title in quotes followed by ", x" (so punctuation meets the
quotes), or a ``<text value>`` of the style (parsed with the locale's quotation marks),
each citation in a paragraph of its own. The expected inlines are made by this package,
:func:`parse_rich_text`, then what citeproc does to a citation: punctuation moved into
quotes where the locale wants it, quotes localised; compared in pandoc's JSON form.
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
    concat,
)
from pleitbrief.cite.citeproc.markup import (
    DEFAULT_QUOTES,
    Quotes,
    localize_quotes,
    move_punctuation_inside_quotes,
    parse_rich_text,
)
from pleitbrief.cite.csl import pandoc_path

S = Space()


def emph(*children: Any) -> Styled:
    return Styled("emph", tuple(children))


def q(*children: Any) -> Quoted:
    return Quoted(True, tuple(children))


# --- the parser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "parsed"),
    [
        ("", ()),
        ("plain words", (Str("plain"), S, Str("words"))),
        ("a<i> b </i>c", (Str("a"), emph(S, Str("b"), S), Str("c"))),
        ("<b>b</b> <u>u</u>", (Styled("strong", (Str("b"),)), S, Styled("underline", (Str("u"),)))),
        ("<sc>s</sc>", (Styled("smallcaps", (Str("s"),)),)),
        (
            '<span style="font-variant: small-caps; " >s</span>',
            (Styled("smallcaps", (Str("s"),)),),
        ),
        (
            "<sup>2</sup><sub>n</sub>",
            (Styled("superscript", (Str("2"),)), Styled("subscript", (Str("n"),))),
        ),
        ('<span class="nocase">iPod</span>', (Span(("nocase",), (Str("iPod"),)),)),
        ('<span class="nodecor">n</span>', (Span(("nodecoration",), (Str("n"),)),)),
        ('<span style="baseline">base</span>line', (Str("baseline"),)),
        # two emphases meet: one emphasis, its words not joined (pandoc's builder)
        ("<i>a</i><i>b</i>", (emph(Str("a"), Str("b")),)),
        # small caps are not joined at all
        (
            "<sc>a</sc><sc>b</sc>",
            (Styled("smallcaps", (Str("a"),)), Styled("smallcaps", (Str("b"),))),
        ),
        ("<i><i>x</i></i>", (emph(emph(Str("x"))),)),
        ("<i></i>x", (emph(), Str("x"))),
    ],
)
def test_elements(source: str, parsed: Inlines) -> None:
    assert parse_rich_text(source) == parsed


@pytest.mark.parametrize(
    "source",
    [
        "unclosed <i>italic",
        "broken </i> close",
        "<I>upper case tags</I>",
        '<span style="font-style:normal;">no</span>',
        '<span class = "nocase">spaced</span>',
        "a &amp; b < c > d",
        "<br/>",
    ],
)
def test_what_is_not_markup_stays_text(source: str) -> None:
    parsed = parse_rich_text(source)
    assert not any(isinstance(node, Styled | Span) for node in parsed)
    assert flat(parsed) == " ".join(source.split())


def flat(inlines: Inlines) -> str:
    """The text, quotations in straight marks."""
    return "".join(
        " "
        if isinstance(node, Space)
        else f'"{flat(node.children)}"'
        if isinstance(node, Quoted)
        else getattr(node, "text", "?")
        for node in inlines
    )


@pytest.mark.parametrize(
    ("source", "parsed"),
    [
        ("a 'b' \"c\"", (Str("a"), S, q(Str("b")), S, q(Str("c")))),
        ("“curly” ‘single’", (q(Str("curly")), S, q(Str("single")))),
        # nesting, with any mark inside any other
        ("\"a 'b' c\"", (q(Str("a"), S, q(Str("b")), S, Str("c")),)),
        # the first matching close ends a quotation
        ('"a "b" c"', (q(Str("a"), S), Str('b"'), S, Str('c"'))),
        # not followed by a space, not empty, and closed
        ('x " y', (Str("x"), S, Str('"'), S, Str("y"))),
        ('""', (Str('""'),)),
        ('"open only', (Str('"open'), S, Str("only"))),
        # other marks only with the quotes given
        ("„laag“", (Str("„laag“"),)),
    ],
)
def test_quotations(source: str, parsed: Inlines) -> None:
    assert parse_rich_text(source) == parsed


def test_the_locales_marks() -> None:
    german = Quotes("„", "“", "\u201a", "‘")
    assert parse_rich_text("„laag“ \u201aklein‘", german) == (q(Str("laag")), S, q(Str("klein")))
    french = Quotes("«\xa0", "\xa0»", "“", "”")
    assert parse_rich_text("«\xa0oui\xa0»", french) == (q(Str("oui")),)


@pytest.mark.parametrize(
    ("source", "parsed"),
    [
        ("it's O'Neil's", (Str("it’s"), S, Str("O’Neil’s"))),
        ("it’s", (Str("it’s"),)),
        ("the '90s", (Str("the"), S, Str("’90s"))),
        ("word' end", (Str("word’"), S, Str("end"))),
        ("rock'n'roll", (Str("rock’n’roll"),)),
    ],
)
def test_apostrophes(source: str, parsed: Inlines) -> None:
    assert parse_rich_text(source) == parsed


def test_narrow_spaces_before_high_punctuation() -> None:
    assert parse_rich_text("a ; b ? c ! « d »") == (
        Str("a\u202f;"),
        S,
        Str("b\u202f?"),
        S,
        Str("c\u202f!"),
        S,
        Str("«\u202fd\u202f»"),
    )
    assert parse_rich_text("a\xa0;") == (Str("a\xa0;"),)


def test_unclosed_tags_do_not_take_long() -> None:
    source = "<i>" * 200 + '"' * 200
    assert parse_rich_text(source) == (Str(source),)


# --- quotes in the output --------------------------------------------------------------------


def test_localize_quotes_flips_with_nesting() -> None:
    quotes = Quotes("‘", "’", "“", "”")
    inlines = (q(Str("a"), S, emph(q(Str("b"), S, q(Str("c"))))),)
    assert localize_quotes(inlines, quotes) == (
        Span(
            (),
            (
                Str("‘"),
                Str("a"),
                S,
                emph(
                    Span(
                        (),
                        (Str("“"), Str("b"), S, Span((), (Str("‘"), Str("c"), Str("’"))), Str("”")),
                    )
                ),
                Str("’"),
            ),
        ),
    )


def test_localize_quotes_inside_notes_and_links() -> None:
    inlines = (Note((Link("u", (q(Str("x")),)),)),)
    assert localize_quotes(inlines, DEFAULT_QUOTES) == (
        Note((Link("u", (Span((), (Str("“"), Str("x"), Str("”"))),)),)),
    )


@pytest.mark.parametrize(
    ("source", "moved"),
    [
        ((q(Str("b")), Str(", c")), (q(Str("b"), Str(",")), Str(" c"))),
        ((q(Str("b")), Str(".")), (q(Str("b"), Str(".")),)),
        # already ending in punctuation: the comma goes
        ((q(Str("b!")), Str(",")), (q(Str("b!")),)),
        # only commas and full stops, only the first of them
        ((q(Str("b")), Str(";")), (q(Str("b")), Str(";"))),
        # nested quotations count as their text, without marks
        ((q(Str("b"), S, q(Str("c."))), Str(",")), (q(Str("b"), S, q(Str("c."))),)),
        # at every level
        ((emph(q(Str("b")), Str(".")),), (emph(q(Str("b"), Str("."))),)),
    ],
)
def test_move_punctuation_inside_quotes(source: Inlines, moved: Inlines) -> None:
    assert move_punctuation_inside_quotes(source) == moved


def test_punctuation_moves_twice_at_the_top() -> None:
    # citeproc runs the move at every level and then once more at the top level
    assert move_punctuation_inside_quotes((q(Str("b")), Str(",,"), S)) == (q(Str("b"), Str(",")), S)
    nested = (emph(q(Str("b")), Str(",,")),)
    assert move_punctuation_inside_quotes(nested) == (emph(q(Str("b"), Str(",")), Str(",")),)


# --- against pandoc ----------------------------------------------------------------------------

TITLES = [
    "a 'single' and \"double\" b",
    "outer \"with 'inner' quote\" end",
    "outer 'with \"inner\" quote' end",
    '"one \'two "three" two\' one"',
    "curly “double” and ‘single’",
    "nl ‘enkel’ en „laag“ en «guil»",
    'unclosed "quote here',
    "'unclosed single",
    "unclosed <i>italic",
    "broken </i> close",
    "rock 'n' roll",
    "the '90s and 1990's",
    "word' end and 'start",
    "x <b>bold</b> <sc>sc</sc> <sup>2</sup> <sub>n</sub> <u>u</u>",
    '<span style="font-variant:small-caps;">SmallCaps</span> x',
    '<span  style="font-variant: small-caps; " >spaced</span> x',
    '<span class="nodecor">nd</span> y',
    '<span class = "nocase">not quite</span>',
    '<span style="font-style:normal;">norm</span>',
    '<span style="baseline">bl</span>ine',
    "a ; b ? c ! « d » and a  ; b and a\u00a0; c",
    'x " y',
    "a<i> b </i>c",
    "amp &amp; lt < gt > and <br/>",
    "<i>a</i><i>b</i>",
    "<i>a </i><i> b</i> and <b>c</b><b>d</b>",
    "<sc>a</sc><sc>b</sc> and <sup>a</sup><sup>b</sup>",
    'quote "at end"',
    '" leading space"',
    "'tis it''s",
    "l'homme d'état",
    "O'Neil's",
    "it’s curly",
    "\"\" and '' empty",
    '"a "b" c"',
    "<i><b>nested</b> and <i>same</i></i>",
    "<i>unclosed <b>bold</b> inside",
    '"<i>quoted italic</i>"',
    '<i>"italic quote"</i>',
    "E=mc² and x™",
    "<I>upper tag</I>",
    "<i></i>empty",
    "«\u00a0x\u00a0»",
    'he said "don\'t" twice',
    "a\u2019b and a’",
    '<span class="nocase"><i>nested</i> nocase</span>',
    "<i>a</i> <i>b</i>",
    "tab\tand  two",
    'a "b", c',
    'a "b". c',
    'x "y".',
    'a "b", "c", d',
    'a "b,", c',
    "a 'b \"c\"', d",
    'a <i>"b"</i>, c',
    'a "<i>b</i>", c',
    'a "b"; c',
    'a "b"!',
    'a "b",, c',
    "a \"b 'c.'\", d",
    '"b".x',
    'a "b"... c',
    "a\nb",
]
"""CSL-JSON rich text that exercises the parser and the quotes."""

VALUES = [
    "see \"x\" and 'y'",
    "'t Hooft's \"q\"",
    "<i>in</i> <b>b</b>",
    "„d“ \u201ae‘ “f” ‘g’",
    "«\u00a0h\u00a0» and « i »",
    "a ; b",
    'the "end".',
    "<sc>Sc</sc> and <sup>1</sup>",
]
"""A style's ``<text value>``: parsed with the locale's quotation marks."""

VALUE_TYPES = [
    "article", "bill", "broadcast", "chapter", "dataset", "entry", "figure", "graphic",
    "interview", "legislation", "manuscript", "map", "pamphlet", "patent", "report", "speech",
]  # fmt: skip
"""Item types that each print one of :data:`VALUES`."""

LOCALES = {
    "en-US": (Quotes("“", "”", "‘", "’"), True),
    "nl-NL": (Quotes("‘", "’", "“", "”"), False),
    "de-DE": (Quotes("„", "“", "\u201a", "‘"), False),
    "fr-FR": (Quotes("«\u00a0", "\u00a0»", "“", "”"), False),
}
"""Per document language: the locale's quotes and its ``punctuation-in-quote``."""

KNOWN: dict[tuple[str, str, str], str] = {
    (lang, form, "a\nb"): (
        "a newline is a SoftBreak in pandoc; these inlines have no SoftBreak, so it is a Space"
    )
    for lang in LOCALES
    for form in ("title", "quoted")
}
"""Cases that cannot match, with the reason: (locale, form, text)."""

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>markup-oracle</id><title>oracle</title>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><choose>
    <if type="document"><text variable="title"/></if>
    <else-if type="book"><text variable="title" quotes="true"/><text value=", x"/></else-if>
    {values}
  </choose></layout></citation>
</style>
"""


def attribute(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


Case = tuple[str, str]
"""(form, text): "title" and "quoted" print a title, "value" a ``<text value>``."""


def oracle_cases() -> list[Case]:
    return [(form, title) for title in TITLES for form in ("title", "quoted")] + [
        ("value", value) for value in VALUES
    ]


def run_pandoc(tmp_path: Path, cases: list[Case], lang: str) -> list[Any]:
    """pandoc's rendering of each case's citation, as pandoc JSON inlines."""
    types = {"title": "document", "quoted": "book"}
    types |= {f"value{index}": item_type for index, item_type in enumerate(VALUE_TYPES)}
    items = []
    for index, (form, text) in enumerate(cases):
        if form == "value":
            item = {"id": f"i{index}", "type": VALUE_TYPES[VALUES.index(text)], "title": "-"}
        else:
            item = {"id": f"i{index}", "type": types[form], "title": text}
        items.append(item)
    values = "".join(
        f'<else-if type="{item_type}"><text value="{attribute(value)}"/></else-if>'
        for item_type, value in zip(VALUE_TYPES, VALUES, strict=False)
    )
    return pandoc_citations(tmp_path, items, STYLE.format(values=values), lang)


def expected(form: str, text: str, lang: str) -> Inlines:
    quotes, punctuation_in_quote = LOCALES[lang]
    if form == "value":
        inlines = parse_rich_text(text, quotes)
    elif form == "quoted":
        inlines = concat((Quoted(True, parse_rich_text(text)),), parse_rich_text(", x", quotes))
    else:
        inlines = parse_rich_text(text)
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
    for (form, text), theirs in zip(cases, rendered, strict=True):
        ours = to_pandoc(expected(form, text, lang))
        key = (lang, form, text)
        if (ours == theirs) == (key in KNOWN):
            wrong.append(f"{key}:\n  pandoc {theirs}\n  ours   {ours}")
    assert not wrong, "\n".join(wrong)
