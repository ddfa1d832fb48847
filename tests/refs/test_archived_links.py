"""``links: archived``: the house style prints a source's archived copy where it has one."""

from __future__ import annotations

from pathlib import Path

from pleitbrief.cite.house import HouseStyle, with_links
from pleitbrief.library.entry import Entry
from pleitbrief.markup.model import Citation, CiteGroup, Link
from pleitbrief.markup.text import plain_text

NEWS = Entry(
    "nos",
    "online",
    {
        "title": "Reservisten",
        "journaltitle": "NOS",
        "date": "2022-09-22",
        "url": "https://nos.nl/artikel/1",
        "archiveurl": "https://web.archive.org/web/2022/https://nos.nl/artikel/1",
    },
    {},
    Path("b.bib"),
    1,
)
PLAIN = Entry(
    "plain", "online", {"title": "Zonder", "url": "https://x.org/a"}, {}, Path("b.bib"), 9
)
PAPER = Entry(
    "kst",
    "misc",
    {
        "type": "kamerstuk",
        "dossier": "19637",
        "number": "3100",
        "url": "https://zoek.officielebekendmakingen.nl/kst-19637-3100",
        "archiveurl": "https://web.archive.org/kst",
    },
    {},
    Path("b.bib"),
    20,
)
ENTRIES = {e.key: e for e in (NEWS, PLAIN, PAPER)}


def footnote(style: HouseStyle, key: str) -> tuple[str, list[str]]:
    inlines = style.format_group(CiteGroup([Citation(key)], f"[@{key}]"), ENTRIES)
    return plain_text(inlines), [i.url for i in inlines if isinstance(i, Link)]


def test_archived_links_replace_the_original_where_there_is_a_copy() -> None:
    style = with_links(HouseStyle("pleitbrief-nl", "nl"), "archived")
    text, links = footnote(style, "nos")
    assert text == (
        "NOS, 22 september 2022, «Reservisten» "
        "(https://web.archive.org/web/2022/https://nos.nl/artikel/1)"
    )
    assert links == ["https://web.archive.org/web/2022/https://nos.nl/artikel/1"]
    assert footnote(style, "plain")[1] == ["https://x.org/a"]  # no copy: the original
    assert footnote(style, "kst") == ("Kamerstuk 19 637, nr. 3100", ["https://web.archive.org/kst"])


def test_original_links_are_the_default_and_anything_else_changes_nothing() -> None:
    house = HouseStyle("pleitbrief-nl", "nl")
    assert footnote(house, "nos")[1] == ["https://nos.nl/artikel/1"]
    assert with_links(house, None) is house
    assert with_links(house, "gearchiveerd") is house
    assert with_links(house, "original") == house
    other = object()
    assert with_links(other, "archived") is other
