"""The Markdown writer: golden files and the cases a parsed document never shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from pleitbrief.markup.model import (
    BulletList,
    Citation,
    CiteGroup,
    Code,
    Document,
    Emph,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Note,
    OrderedList,
    Paragraph,
    SoftBreak,
    Strong,
    Text,
    ThematicBreak,
)
from pleitbrief.markup.parse import parse_markdown
from pleitbrief.markup.walk import map_inline_list, map_inlines
from pleitbrief.writers import FORMATS, WriteOptions
from pleitbrief.writers import render as render_format
from pleitbrief.writers.markdown import MarkdownOptions, render

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "markup"


def cite(doc: Document) -> Document:
    """A stand-in for the cite stage: each group becomes a note naming its keys;
    a group inside a plain footnote is written into it instead."""

    def text(group: CiteGroup) -> list[Inline]:
        return [Text("; ".join(c.key + (f", {c.locator}" if c.locator else "")
                               for c in group.citations))]

    def in_note(inline: Inline) -> list[Inline] | None:
        return text(inline) if isinstance(inline, CiteGroup) else None

    def running(inline: Inline) -> list[Inline] | None:
        if isinstance(inline, CiteGroup):
            return [Note([Paragraph(text(inline))], citation=inline)]
        if isinstance(inline, Note):
            return [Note(map_inlines(inline.blocks, in_note), inline.citation)]
        return None

    return Document(map_inlines(doc.blocks, running), doc.meta)


def cases(name: str) -> list[object]:
    return [pytest.param(*case, id=f"{name}:{case[0]}:{case[1]}")
            for case in read_fixture_file(FIXTURES / name)]


@pytest.mark.parametrize(("line", "title", "source", "expected"), cases("render_cited.md"))
def test_resolved_citations_are_numbered_with_the_notes(
    line: int, title: str, source: str, expected: str
) -> None:
    assert render(cite(Document(parse_markdown(source)))) == expected


@pytest.mark.parametrize(("line", "title", "source", "expected"), cases("render_keep.md"))
def test_keep_citations_writes_the_groups_back(
    line: int, title: str, source: str, expected: str
) -> None:
    options = MarkdownOptions(keep_citations=True)
    assert render(cite(Document(parse_markdown(source))), options) == expected


def md(*inlines: Inline) -> str:
    return render(Document([Paragraph(list(inlines))]))


def test_empty_document_is_empty() -> None:
    assert render(Document([])) == ""
    assert render(Document([Paragraph([Text("  ")])])) == ""


def test_leftover_group_is_written_as_its_source_either_way() -> None:
    group = CiteGroup([Citation("a", locator="p. 3")], "[@a, p. 3]")
    for keep in (False, True):
        assert md(Text("Zie "), group) == "Zie [@a, p. 3]\n"
        assert render(Document([Paragraph([group])]), MarkdownOptions(keep)) == "[@a, p. 3]\n"


def test_note_inside_a_note_is_numbered_after_the_running_text() -> None:
    inner = Note([Paragraph([Text("binnen")])])
    outer = Note([Paragraph([Text("buiten"), inner])])
    doc = Document([Paragraph([Text("a"), outer, Text(" b"), Note([Paragraph([Text("twee")])])])])
    assert render(doc) == "a[^1] b[^2]\n\n[^1]: buiten[^3]\n\n[^2]: twee\n\n[^3]: binnen\n"


def test_empty_note() -> None:
    assert md(Text("a"), Note([])) == "a[^1]\n\n[^1]:\n"


def test_emphasis_whitespace_moves_outside() -> None:
    assert md(Text("a"), Emph([Text(" b ")]), Text("c")) == "a *b* c\n"
    assert md(Emph([SoftBreak(), Text("x")])) == "*x*\n"
    assert md(Emph([Text("  ")])) == ""


def test_emphasis_between_letter_and_punctuation_uses_a_character_reference() -> None:
    out = md(Text("a"), Emph([Text('"b"')]), Text("c"))
    assert out == '&#97;*"b"*&#99;\n'
    assert parse_markdown(out) == [Paragraph([Text("a"), Emph([Text('"b"')]), Text("c")])]


def test_nested_same_emphasis_is_flattened() -> None:
    assert md(Emph([Text("a "), Emph([Text("b")])])) == "*a b*\n"
    assert md(Strong([Strong([Text("x")])]), Strong([Text("y")])) == "**xy**\n"


def test_breaks_are_tidied() -> None:
    assert md(Text("a  "), SoftBreak(), SoftBreak(), Text("  b")) == "a\nb\n"
    breaks = md(LineBreak(), Text("a"), SoftBreak(), LineBreak(), Text("b"), LineBreak())
    assert breaks == "a\\\nb\n"
    assert md(Text("regel\neen")) == "regel\neen\n"


def test_code_spans_pick_a_fence() -> None:
    assert md(Code("a`b")) == "``a`b``\n"
    assert md(Code("`x")) == "`` `x ``\n"
    assert md(Code(" x ")) == "`  x  `\n"
    assert md(Code("")) == ""


def test_link_destinations() -> None:
    assert md(Link("http://x.nl/a_(b)", [Text("t")])) == "[t](http://x.nl/a_(b))\n"
    assert md(Link("http://x.nl/a)", [Text("t")])) == "[t](<http://x.nl/a)>)\n"
    assert md(Link("", [Text("t")])) == "[t](<>)\n"
    assert md(Link("mailto:a@b.nl", [Text("a@b.nl")])) == "<a@b.nl>\n"
    assert md(Link("http://x.nl", [Text("http://x.nl")])) == "<http://x.nl>\n"
    assert md(Link("a", [Text("b"), Link("c", [Text("d")])])) == "[bd](a)\n"


def test_text_before_and_after_brackets() -> None:
    note = Note([Paragraph([Text("n")])])
    assert md(Text("Let op!"), Link("u", [Text("x")])) == "Let op\\![x](u)\n"
    assert md(Text("a"), note, Text("(b)")) == "a[^1]\\(b)\n\n[^1]: n\n"
    assert md(Text("x^"), note) == "x\\^[^1]\n\n[^1]: n\n"


def test_tight_list_that_cannot_be_tight_is_written_loose() -> None:
    item = ListItem([Paragraph([Text("een")]), Paragraph([Text("twee")])])
    assert render(Document([BulletList([item], tight=True)])) == "- een\n\n  twee\n"


def test_ordered_list_after_a_paragraph_in_an_item() -> None:
    inner = OrderedList([ListItem([Paragraph([Text("x")])])], start=3)
    item = ListItem([Paragraph([Text("a")]), inner])
    assert render(Document([BulletList([item])])) == "- a\n\n  3. x\n"


def test_thematic_break_in_a_list_item() -> None:
    item = ListItem([ThematicBreak()])
    assert render(Document([BulletList([item, item])])) == "- ***\n- ***\n"


def test_registry_renders_markdown() -> None:
    doc = cite(Document(parse_markdown("Tekst [@a].\n")))
    assert FORMATS["md"].module == "pleitbrief.writers.markdown"
    assert render_format(doc, "md", WriteOptions()) == b"Tekst [^1].\n\n[^1]: a\n"
    assert render_format(doc, "md", WriteOptions(keep_citations=True)) == b"Tekst [@a].\n"


def test_map_inline_list_keeps_what_is_not_replaced() -> None:
    inlines: list[Inline] = [Emph([Text("a")]), Text("b")]
    assert map_inline_list(inlines, lambda i: None) == inlines
