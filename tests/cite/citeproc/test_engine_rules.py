"""Rules of pandoc 3.9 the processor follows that its older source did not show, and what
it does with input pandoc would refuse: each checked against pandoc on a small style."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pleitbrief.cite import csl
from pleitbrief.cite.citeproc.citations import Citation, CitationItem
from pleitbrief.cite.citeproc.engine import format_citations
from pleitbrief.cite.citeproc.inlines import Note, stringify
from pleitbrief.cite.citeproc.style import StyleError, read_style
from pleitbrief.cite.styles import PlacedGroup
from pleitbrief.markup import model as m

needs_pandoc = pytest.mark.skipif(csl.pandoc_path() is None, reason="needs pandoc")

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="{style_class}" version="1.0" {style_attrs}>
  <info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  {macros}
  <citation {citation_attrs}>
    {sort}
    <layout {layout_attrs}>{layout}</layout>
  </citation>
  {bibliography}
</style>
"""


def style_file(tmp_path: Path, layout: str, **parts: str) -> Path:
    path = tmp_path / "style.csl"
    values = {
        "style_class": "in-text",
        "style_attrs": "",
        "layout_attrs": 'prefix="(" suffix=")" delimiter="; "',
        "macros": "",
        "citation_attrs": "",
        "sort": "",
        "bibliography": "",
        **parts,
    }
    path.write_text(STYLE.format(layout=layout, **values), encoding="utf-8")
    return path


def both(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    style: Path,
    items: list[dict[str, Any]],
    groups: list[list[m.Citation]],
    lang: str = "en-US",
) -> tuple[list[str], list[str]]:
    """The groups' texts from the processor and from pandoc."""
    placed = [PlacedGroup(m.CiteGroup(g, "x"), n) for n, g in enumerate(groups, 1)]
    return both_placed(monkeypatch, style, items, placed, lang)


def both_placed(
    monkeypatch: pytest.MonkeyPatch,
    style: Path,
    items: list[dict[str, Any]],
    placed: list[PlacedGroup],
    lang: str = "en-US",
) -> tuple[list[str], list[str]]:
    """The placed groups' texts (in plain footnotes too) from the processor and from
    pandoc."""
    keys = {c.key for p in placed for c in p.group.citations}
    refs = [i for i in items if i["id"] in keys]
    missing = keys - {i["id"] for i in refs}
    monkeypatch.setenv("PLEITBRIEF_NO_CACHE", "1")
    out = []
    for engine in ("", "pandoc"):
        monkeypatch.setenv(csl.ENGINE_VARIABLE, engine)
        texts = csl._format(placed, refs, style, lang, missing)
        out.append([plain(t) for t in texts])
    return out[0], out[1]


def plain(inlines: list[m.Inline]) -> str:
    """The text, emphasis as ``*…*``."""
    out = []
    for inline in inlines:
        match inline:
            case m.Text(text):
                out.append(text)
            case m.Emph(children):
                out.append(f"*{plain(children)}*")
    return "".join(out)


BOOK = {"id": "b", "type": "book", "title": "Boek", "issued": {"date-parts": [[2020]]}}
ARTICLE = {"id": "a", "type": "article-journal", "title": "Artikel"}


@needs_pandoc
@pytest.mark.parametrize("match", ["", 'match="all"', 'match="any"', 'match="none"'])
def test_a_list_of_types_holds_for_any_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, match: str
) -> None:
    layout = (
        f'<choose><if type="book article-journal" {match}><text value="Y"/></if>'
        '<else><text value="N"/></else></choose>'
    )
    style = style_file(tmp_path, layout)
    ours, pandocs = both(tmp_path, monkeypatch, style, [BOOK], [[m.Citation("b")]])
    assert ours == pandocs
    assert ours == (["(N)"] if "none" in match else ["(Y)"])


@needs_pandoc
@pytest.mark.parametrize(
    "cited",
    [
        ["-nos", "hand", "nos"],
        ["-reuters", "-meduza", "-ah", "nos"],
        ["hand", "-nos", "-ah", "reuters", "-meduza", "ah"],
    ],
    ids=["cited again", "only suppressed", "mixed"],
)
def test_a_cite_with_its_author_suppressed_gets_its_year_suffix_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cited: list[str]
) -> None:
    """Only normal cites are compared; an item cited with its author suppressed alone
    is still told apart, as if not cited: after the cited items, in the order of the
    ids (``-`` marks a suppressed author)."""
    items = [
        {"id": i, "type": "webpage", "issued": {"date-parts": [[2022]]}}
        for i in ("reuters", "nos", "meduza", "hand", "ah")
    ]
    style = style_file(
        tmp_path,
        '<group delimiter=" "><names variable="author"/>'
        '<date variable="issued"><date-part name="year"/></date></group>',
        citation_attrs='disambiguate-add-year-suffix="true"',
    )
    groups = [[m.Citation(key.lstrip("-"), suppress_author=key.startswith("-"))] for key in cited]
    ours, pandocs = both(tmp_path, monkeypatch, style, items, groups)
    assert ours == pandocs


DATED: dict[str, dict[str, Any] | None] = {
    "nov": {"date-parts": [[2022, 11, 3]]},
    "sep21": {"date-parts": [[2022, 9, 21]]},
    "sep3": {"date-parts": [[2022, 9, 3]]},
    "dec": {"date-parts": [[2021, 12]]},
    "bc": {"date-parts": [[-50]]},
    "ad": {"date-parts": [[5]]},
    "range": {"date-parts": [[2020], [2022]]},
    "open": {"date-parts": [[2020], [0]]},
    "days": {"date-parts": [[2020, 9, 3], [2022, 1, 2]]},
    "season": {"date-parts": [[2020]], "season": 2},
    "literal": {"literal": "circa 1900"},
    "none": None,
}
YEAR_MONTH_DAY = (
    '<date variable="issued"><date-part name="year"/><date-part name="month"/>'
    '<date-part name="day"/></date>'
)


def _dated(titles: str) -> list[dict[str, Any]]:
    """The items of DATED, titled in turn with the letters of ``titles``."""
    return [
        {
            "id": item_id, "type": "webpage", "title": titles[n % len(titles)],
            **({"issued": issued} if issued is not None else {}),
        }
        for n, (item_id, issued) in enumerate(DATED.items())
    ]  # fmt: skip


@needs_pandoc
@pytest.mark.parametrize(
    "macro",
    [
        YEAR_MONTH_DAY,
        '<date variable="issued"><date-part name="month"/><date-part name="year"/></date>',
        '<date variable="issued"><date-part name="month"/><date-part name="day"/></date>',
        '<date variable="issued" form="text"/>',
        '<date variable="issued" form="text" date-parts="year"/>',
        '<group><text variable="title"/><date variable="issued" prefix="z">'
        '<date-part name="month" prefix="q"/><date-part name="year"/></date></group>',
        '<group><text value="g"/><date variable="issued" prefix="z">'
        '<date-part name="month"/><date-part name="day"/></date></group>',
    ],
    ids=[
        "year month day", "month year", "month day", "text", "text year", "title and date",
        "group with a date it cannot show",
    ],
)  # fmt: skip
def test_a_date_in_a_sort_key_sorts_by_its_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, macro: str
) -> None:
    """Not by its text ("November" before "September"): the parts the date shows, year
    first, as numbers; here in the bibliography's sort, which the year suffixes follow
    (every cite reads "Zelfde", so every item gets one)."""
    style = style_file(
        tmp_path,
        '<text value="Zelfde"/><text variable="year-suffix"/>',
        citation_attrs='disambiguate-add-year-suffix="true"',
        macros=f'<macro name="sorted">{macro}</macro>',
        bibliography='<bibliography><sort><key macro="sorted"/></sort>'
        '<layout><text variable="title"/></layout></bibliography>',
    )
    groups = [[m.Citation(item_id)] for item_id in reversed(DATED)]
    ours, pandocs = both(tmp_path, monkeypatch, style, _dated("AB"), groups)
    assert ours == pandocs


@needs_pandoc
def test_a_date_in_a_citation_sort_key_sorts_by_its_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    style = style_file(
        tmp_path,
        '<text variable="title"/>',
        macros=f'<macro name="sorted">{YEAR_MONTH_DAY}</macro>',
        sort='<sort><key macro="sorted"/></sort>',
    )
    items = [{**item, "title": item["id"]} for item in _dated("-")]
    groups = [[m.Citation(item_id) for item_id in reversed(DATED)]]
    ours, pandocs = both(tmp_path, monkeypatch, style, items, groups)
    assert ours == pandocs
    assert ours[0].index("sep3") < ours[0].index("sep21") < ours[0].index("nov")


@needs_pandoc
def test_a_key_missing_from_the_library_sorts_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    style = style_file(
        tmp_path, '<text variable="title"/>', sort='<sort><key variable="title"/></sort>'
    )
    groups = [[m.Citation("zz"), m.Citation("b")]]
    ours, pandocs = both(tmp_path, monkeypatch, style, [BOOK], groups)
    assert ours == pandocs == ["(Boek; ?zz)"]


@needs_pandoc
@pytest.mark.parametrize("lang", ["en-gb", "EN-GB", "en-GB-oxendict", "nl-nl"])
def test_a_language_tag_in_any_case_finds_its_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    item = {"id": "d", "type": "book", "title": "T", "issued": {"date-parts": [[2020, 5, 3]]}}
    style = style_file(tmp_path, '<date variable="issued" form="text"/>')
    ours, pandocs = both(tmp_path, monkeypatch, style, [item], [[m.Citation("d")]], lang)
    assert ours == pandocs
    assert ours[0] in ("(3 May 2020)", "(3 mei 2020)")


@needs_pandoc
@pytest.mark.parametrize("lang", ["en-US", "nl-NL"])
def test_an_items_language_is_read_as_pandoc_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Title case is for English items; pandoc reads ``en_US`` as en-US, and a tag up to
    where it stops being one."""
    languages = ["en_US", "nl_NL", "EN-gb", "en-US (American)", "english", "123", ""]
    items = [
        {"id": f"i{n}", "type": "book", "title": "the title of a book", "language": language}
        for n, language in enumerate(languages)
    ]
    style = style_file(tmp_path, '<text variable="title" text-case="title"/>')
    groups = [[m.Citation(item["id"])] for item in items]
    ours, pandocs = both(tmp_path, monkeypatch, style, items, groups, lang)
    assert ours == pandocs
    assert ours[0] == "(The Title of a Book)"


@needs_pandoc
def test_a_sort_key_takes_no_name_options_from_the_style_element(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``initialize-with`` on ``<style>`` shows in the names, not in a sort key's macro."""
    jan = {"family": "Jansen", "given": "Jan"}
    j = {"family": "Jansen", "given": "J."}
    items = [
        {"id": "j1", "type": "book", "title": "Aansprakelijkheid", "author": [jan]},
        {"id": "j2", "type": "book", "title": "Zorgplicht", "author": [j]},
    ]
    macros = '<macro name="author"><names variable="author"><name/></names></macro>'
    style = style_file(
        tmp_path,
        '<text macro="author"/><text variable="title" prefix=" "/>',
        style_attrs='initialize-with=". "',
        macros=macros,
        sort='<sort><key macro="author"/><key variable="title"/></sort>',
    )
    groups = [[m.Citation("j1"), m.Citation("j2")]]
    ours, pandocs = both(tmp_path, monkeypatch, style, items, groups)
    # with the initials in the key both would be "Jansen J." and the titles decide
    assert ours == pandocs == ["(J. Jansen Zorgplicht; J. Jansen Aansprakelijkheid)"]


def test_a_style_with_two_layouts_is_not_read(tmp_path: Path) -> None:
    style = style_file(tmp_path, '<text value="A"/></layout><layout><text value="B"/>')
    with pytest.raises(StyleError, match="layout"):
        read_style(style)


@pytest.mark.parametrize(
    "value",
    [
        {"author": [None]},
        {"author": [5]},
        {"issued": {"date-parts": [["abc"]]}},
        {"issued": {"date-parts": [2020]}},
        {"issued": {"date-parts": [[2020]], "season": "Spring"}},
        {"issued": {"literal": 2020}},
    ],
    ids=[
        "null name", "number as name", "text date part", "flat date parts", "season text",
        "number literal",
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_shape_is_left_out_not_a_crash(
    tmp_path: Path, value: dict[str, Any]
) -> None:
    style = style_file(tmp_path, '<text variable="title"/><date variable="issued" prefix=" "/>')
    item = {"id": "x", "type": "book", "title": "T", **value}
    (text,) = format_citations(style, "en-US", [item], [Citation(None, None, (CitationItem("x"),))])
    assert stringify([n for n in text if not isinstance(n, Note)]).startswith("(T")


def test_an_odd_number_in_a_style_is_no_number(tmp_path: Path) -> None:
    style = style_file(
        tmp_path, '<names variable="author"><name/></names>', citation_attrs='et-al-min="²"'
    )
    read_style(style)  # no crash: the attribute is ignored, as pandoc does


@needs_pandoc
@pytest.mark.parametrize(
    ("style_class", "affixes", "expected"),
    [
        ("note", "", ["T", "Zie ", "zie ", "U", "(zie )", "Zie ook ; zie "]),
        ("note", 'suffix="."', ["T.", "Zie.", "zie.", "U.", "(zie)", "Zie ook ; zie."]),
        (
            "in-text",
            'prefix="(" suffix=")"',
            ["(T)", "(zie )", "(zie )", "(U)", "(zie )", "(zie ook ; zie )"],
        ),
        ("in-text", "", ["T", "zie", "zie", "U", "zie", "zie ook ; zie"]),
    ],
    ids=["note", "note-with-suffix", "in-text", "in-text-bare"],
)  # fmt: skip
def test_a_citation_that_prints_nothing_leaves_its_prefix_with_its_space_in_a_note(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    style_class: str,
    affixes: str,
    expected: list[str],
) -> None:
    """citeproc trims the spaces at the end of a citation, but only the outer ones: a note
    style's citation is inside its note, so a prefix whose item prints nothing keeps the
    space pandoc put after it (in a footnote of its own, and in a plain footnote)."""
    layout = (
        '<choose><if position="first"><text variable="title"/></if>'
        '<else><text variable="volume"/></else></choose>'  # a later cite prints nothing
    )
    style = style_file(
        tmp_path, layout, style_class=style_class, layout_attrs=f'{affixes} delimiter="; "'
    )
    items = [
        {"id": "t", "type": "book", "title": "T"},
        {"id": "u", "type": "book", "title": "U"},
    ]
    see = m.Citation("t", prefix="zie")
    placed = [
        PlacedGroup(m.CiteGroup([m.Citation("t")], "x"), 1),
        PlacedGroup(m.CiteGroup([see], "x"), 2),
        PlacedGroup(m.CiteGroup([see], "x"), 3, in_note=True, starts_note=True),
        PlacedGroup(m.CiteGroup([m.Citation("u")], "x"), 4, in_note=True, starts_note=True),
        PlacedGroup(m.CiteGroup([see], "x"), 4, in_note=True),
        PlacedGroup(m.CiteGroup([m.Citation("t", prefix="zie ook"), see], "x"), 5),
    ]
    ours, pandocs = both_placed(monkeypatch, style, items, placed)
    assert ours == pandocs == expected


@needs_pandoc
def test_punctuation_where_two_pieces_meet_is_trimmed_from_the_start_of_a_wrapper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where ``:`` meets ``!`` (or a space meets ``,``) citeproc drops the first piece's
    last character, walking an italic title's words from its start, as it walks inside
    any wrapper: a title of more than one word keeps it, one word loses it."""
    pairs = [("a b:", "!c"), ("ab:", "!c"), ("a b;", "?c"), ("a b ", ",c"), ("a b ", " c")]
    items = [
        {"id": f"i{n}", "type": "book", "title": title, "note": note}
        for n, (title, note) in enumerate(pairs)
    ]
    style = style_file(
        tmp_path, '<text variable="title" font-style="italic"/><text variable="note"/>'
    )
    groups = [[m.Citation(item["id"])] for item in items]
    ours, pandocs = both(tmp_path, monkeypatch, style, items, groups)
    assert ours == pandocs == ["(*a b:*!c)", "(*ab*!c)", "(*a b;*?c)", "(*a b *,c)", "(*a b * c)"]


@needs_pandoc
def test_a_title_printed_for_a_missing_author_leaves_the_short_title_to_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``<substitute>`` printed is not printed again, form by form: after the long
    title a short one still prints (polish-legal: ``Vreemdelingenwet 2000, Vw 2000...``),
    after the short title neither does, and a short title printed as its own variable
    leaves the long one for ``form="short"``. An item without a short title has one
    (for conditions) once the short form was printed."""
    cases = {  # the item's type: (what substitutes for the author, what follows)
        "legislation": ('<text variable="title"/>', '<text variable="title" form="short"/>'),
        "bill": (
            '<text variable="title" form="short"/>',
            '<text variable="title"/><text variable="title-short"/>',
        ),
        "book": ('<text variable="title-short"/>', '<text variable="title" form="short"/>'),
        "report": (
            '<text variable="title" form="short"/>',
            '<choose><if variable="title-short"><text value="short"/></if></choose>',
        ),
        "legal_case": ('<text variable="title"/>', '<text variable="title" form="short"/>'),
    }
    branches = [
        f'type="{kind}"><group delimiter=" | "><names variable="author">'
        f"<substitute>{sub}</substitute></names>{rest}</group>"
        for kind, (sub, rest) in cases.items()
    ]
    layout = f"<if {branches[0]}</if>" + "".join(f"<else-if {b}</else-if>" for b in branches[1:])
    style = style_file(tmp_path, f"<choose>{layout}</choose>")
    titled = {"title": "Vreemdelingenwet 2000", "title-short": "Vw 2000"}
    items = [
        {"id": "wet", "type": "legislation", **titled},
        {"id": "voorstel", "type": "bill", **titled},
        {"id": "boek", "type": "book", **titled},
        {"id": "rapport", "type": "report", "title": "Rapport"},
        {"id": "zaak", "type": "legal_case", "title": "Uitspraak"},
    ]
    groups = [[m.Citation(item["id"])] for item in items]
    ours, pandocs = both(tmp_path, monkeypatch, style, items, groups)
    assert ours == pandocs
    assert ours == [
        "(Vreemdelingenwet 2000 | Vw 2000)",
        "(Vw 2000)",
        "(Vw 2000 | Vreemdelingenwet 2000)",
        "(Rapport | short)",
        "(Uitspraak)",
    ]


# --- grouping cites by author when <substitute> stands in for the author -------------
#
# pandoc's citeproc groups two cites when the output of their first <names> is the same.
# It compares output trees, and every formatted piece of an item's output carries the
# item's language: a substitute with formatting of its own ("Anon." with text-case) is
# the same only for items of one language, a bare term or text for all. Real names are
# compared as names, whatever the language.


def _book(key: str, year: int, language: str | None, **more: Any) -> dict[str, Any]:
    item = {"id": key, "type": "book", "title": "Titel", "issued": {"date-parts": [[year]]}}
    if language is not None:
        item["language"] = language
    return {**item, **more}


JANSEN = [{"family": "Jansen", "given": "Jan"}]
BAKKER = [{"family": "Bakker", "given": "Piet"}]
ITEMS = [
    _book("nl1", 2020, "nl-NL"),
    _book("nl2", 2021, "nl-NL"),
    _book("en1", 2019, "en-US"),
    _book("en2", 2022, "en_us"),  # the same language as en-US for pandoc
    _book("gb", 2018, "en-GB"),
    _book("none1", 2017, None),
    _book("none2", 2016, None),
    _book("bad", 2015, "123"),  # no language pandoc can read: as good as none
    _book("jansen-nl", 2014, "nl-NL", author=JANSEN),
    _book("jansen-en", 2013, "en-US", author=JANSEN),
    _book("bakker-nl", 2012, "nl-NL", editor=BAKKER),
    _book("bakker-en", 2011, "en-US", editor=BAKKER),
]
GROUPS = [
    ["nl1", "nl2"],
    ["nl1", "en1"],
    ["en1", "en2"],
    ["en1", "gb"],
    ["none1", "en1"],
    ["none1", "none2"],
    ["none1", "bad"],
    ["nl1", "jansen-nl", "en1", "nl2", "jansen-en"],
    ["jansen-nl", "jansen-en"],
    ["bakker-nl", "bakker-en"],
    ["bakker-nl", "nl1", "bakker-en", "nl2"],
]
SUBSTITUTES = {
    "term": '<text term="anonymous" form="short"/>',
    "term with text-case": '<text term="anonymous" form="short" text-case="capitalize-first"/>',
    "macro": '<text macro="anon"/>',
    "value with affixes": '<text value="Anon" prefix="[" suffix="]"/>',
    "title": '<text variable="title"/>',
}
MODES = {
    "cite-group-delimiter": 'cite-group-delimiter=", "',
    "collapse year": 'collapse="year"',
    "collapse year-suffix": 'collapse="year-suffix" disambiguate-add-year-suffix="true"',
}
MACRO = (
    '<macro name="anon">'
    '<text term="anonymous" form="short" text-case="capitalize-first" strip-periods="true"/>'
    "</macro>"
)


@needs_pandoc
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("substitute", SUBSTITUTES)
def test_a_substituted_author_groups_as_pandoc_groups_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, substitute: str, mode: str
) -> None:
    layout = (
        '<group delimiter=" "><names variable="author"><name form="short"/>'
        f'<substitute><names variable="editor"/>{SUBSTITUTES[substitute]}</substitute>'
        '</names><date variable="issued"><date-part name="year"/></date></group>'
    )
    style = style_file(tmp_path, layout, macros=MACRO, citation_attrs=MODES[mode])
    groups = [[m.Citation(key) for key in group] for group in GROUPS]
    ours, pandocs = both(tmp_path, monkeypatch, style, ITEMS, groups)
    assert ours == pandocs
    if mode == "collapse year":
        # the same author in two languages is still one author
        assert ours[GROUPS.index(["jansen-nl", "jansen-en"])] == "(Jansen 2014, 2013)"
        assert ours[GROUPS.index(["bakker-nl", "bakker-en"])] == "(Bakker 2012, 2011)"
        apart = "(Anon 2020; Anon 2019)" if substitute == "macro" else None
        if apart is not None:
            assert ours[GROUPS.index(["nl1", "en1"])] == apart
