"""Golden files: Markdown in, the model out (citations.md) or Markdown out (render.md)."""

from __future__ import annotations

import pytest
from markup_helpers import dump, fixture_cases, without_positions

from pleitbrief.markup.citations import parse_group, split_locator
from pleitbrief.markup.model import Citation, CiteGroup, Document, Emph, Note, Paragraph, Text
from pleitbrief.markup.parse import find_citation_groups, parse_inline, parse_markdown
from pleitbrief.writers.markdown import render

CITATIONS = fixture_cases("citations.md")
RENDER = fixture_cases("render.md")


@pytest.mark.parametrize(("line", "title", "source", "expected"), CITATIONS)
def test_parse(line: int, title: str, source: str, expected: str) -> None:
    assert dump(parse_markdown(source)) == expected


@pytest.mark.parametrize(("line", "title", "source", "expected"), CITATIONS + RENDER)
def test_group_positions_point_at_the_group(
    line: int, title: str, source: str, expected: str
) -> None:
    lines = source.split("\n")
    for group in find_citation_groups(source):
        first = group.source.split("\n")[0]
        assert lines[group.line][group.col :].startswith(first), (group, lines[group.line])


@pytest.mark.parametrize(("line", "title", "source", "expected"), RENDER)
def test_render(line: int, title: str, source: str, expected: str) -> None:
    blocks = parse_markdown(source)
    assert render(Document(blocks)) == expected
    assert without_positions(parse_markdown(expected)) == without_positions(blocks)


def test_find_citation_groups_reading_order_and_once_each() -> None:
    text = "A [@a] B[^n] C^[[@b]] D[^n] E [@c]\n\n[^n]: In noot [@d].\n"
    groups = find_citation_groups(text)
    assert [g.citations[0].key for g in groups] == ["a", "d", "b", "c"]
    assert [(g.line, g.col) for g in groups] == [(0, 2), (2, 14), (0, 16), (0, 30)]


def test_a_note_referencing_itself_does_not_loop() -> None:
    blocks = parse_markdown("Tekst[^a].\n\n[^a]: Zie [^a].\n")
    assert blocks == [Paragraph([
        Text("Tekst"), Note([Paragraph([Text("Zie [^a].")])]), Text("."),
    ])]


def test_repeated_footnote_gives_independent_copies() -> None:
    blocks = parse_markdown("A[^x] B[^x]\n\n[^x]: Zie [@k].\n")
    assert isinstance(blocks[0], Paragraph)
    first, second = (i for i in blocks[0].inlines if isinstance(i, Note))
    assert first == second
    assert first.blocks[0] is not second.blocks[0]


def test_parse_inline_for_prefixes_and_suffixes() -> None:
    assert parse_inline("*passim*") == [Emph([Text("passim")])]
    assert parse_inline("1. en - verder") == [Text("1. en - verder")]
    assert parse_inline("") == []


@pytest.mark.parametrize(
    ("rest", "locator", "suffix"),
    [
        (", p. 12", "p. 12", ""),
        (", art. 4", "art. 4", ""),
        (", Art. 4", "Art. 4", ""),
        (" p. 4", "p. 4", ""),
        (", pp. 3-5, 7 en verder", "pp. 3-5, 7", "en verder"),
        (", 33", "33", ""),
        (", § 2", "§ 2", ""),
        (", p.3", "p.3", ""),
        (", 34(1)(a)", "34(1)(a)", ""),
        (", ch. xii, passim", "ch. xii", "passim"),
        (", sub verbo 3", "sub verbo 3", ""),
        (", bijlage 2", "bijlage 2", ""),
        (", p. a", "", "p. a"),
        (", xii", "", "xii"),
        (", 12.", "12", "."),
        (", {iv, 8}", "iv, 8", ""),
        ("", "", ""),
    ],
)
def test_split_locator(rest: str, locator: str, suffix: str) -> None:
    assert split_locator(rest) == (locator, suffix)


def test_parse_group_rejects_what_pandoc_rejects() -> None:
    for content in ["", "mail a@b.nl", "@", "@-x", "@a;", "; @a", "@a;; @b", "x@a", "zie [@a]"]:
        assert parse_group(content) is None, content
    assert parse_group("@a") == [Citation("a")]


def test_group_positions_inside_nested_containers() -> None:
    text = "> 1. Een\n>    [zie @a]\n>\n>    > ^[noot [@b]]\n"
    groups = find_citation_groups(text)
    assert [(g.line, g.col) for g in groups] == [(1, 5), (3, 14)]
    assert all(isinstance(g, CiteGroup) for g in groups)
