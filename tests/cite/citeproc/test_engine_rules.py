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
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" {style_attrs}>
  <info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  {macros}
  <citation {citation_attrs}>
    {sort}
    <layout prefix="(" suffix=")" delimiter="; ">{layout}</layout>
  </citation>
  {bibliography}
</style>
"""


def style_file(tmp_path: Path, layout: str, **parts: str) -> Path:
    path = tmp_path / "style.csl"
    values = {
        "style_attrs": "", "macros": "", "citation_attrs": "", "sort": "", "bibliography": "",
        **parts,
    }  # fmt: skip
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
    keys = {c.key for g in groups for c in g}
    refs = [i for i in items if i["id"] in keys]
    missing = keys - {i["id"] for i in refs}
    monkeypatch.setenv("PLEITBRIEF_NO_CACHE", "1")
    out = []
    for engine in ("", "pandoc"):
        monkeypatch.setenv(csl.ENGINE_VARIABLE, engine)
        texts = csl._format(placed, refs, style, lang, missing)
        out.append(["".join(getattr(i, "text", "") for i in t) for t in texts])
    return out[0], out[1]


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
