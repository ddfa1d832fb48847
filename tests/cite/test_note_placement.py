"""Citation notes sit where a footnote mark goes, as pandoc places them for note styles."""

from __future__ import annotations

import pytest

from pleitbrief.cite.resolve import resolve_citations
from pleitbrief.cite.styles import get_style
from pleitbrief.library.entry import Entry
from pleitbrief.markup.model import Document, Note, Paragraph, Text
from pleitbrief.markup.parse import parse_markdown

ENTRIES = {"a": Entry("a", "online", {"title": "T", "journaltitle": "NOS"})}


def running_text(markdown: str) -> str:
    doc = resolve_citations(Document(parse_markdown(markdown)), ENTRIES,
                            get_style("pleitbrief-nl", "nl"))
    paragraph = doc.blocks[0]
    assert isinstance(paragraph, Paragraph)
    return "".join(i.text if isinstance(i, Text) else "¹" if isinstance(i, Note) else "?"
                   for i in paragraph.inlines)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("tekst [@a] verder", "tekst¹ verder"),
        ("tekst [@a].", "tekst.¹"),
        ("tekst [@a], en [@a]; of [@a]?!", "tekst,¹ en;¹ of?!¹"),
        ("[@a] aan het begin", "¹ aan het begin"),
        ("tekst^[een noot] en [@a]", "tekst¹ en¹"),
    ],
)
def test_note_mark_placement(markdown, expected):
    assert running_text(markdown) == expected


def test_a_citation_inside_a_plain_note_stays_in_that_note():
    doc = resolve_citations(Document(parse_markdown("tekst^[zie [@a].]")), ENTRIES,
                            get_style("pleitbrief-nl", "nl"))
    note = doc.blocks[0].inlines[-1]
    assert isinstance(note, Note) and note.citation is None
    assert "".join(i.text for i in note.blocks[0].inlines if isinstance(i, Text)) == "zie NOS, «T»."
