"""The two places text goes: the body, where a note becomes a real footnote, and a
footnote, where a note cannot go (Word forbids a footnote reference inside a note), so a
note in a note is written into it, in brackets.
"""

from __future__ import annotations

from pleitbrief.markup import model as m
from pleitbrief.markup.walk import iter_blocks
from pleitbrief.writers.docx.body import BlockWriter, paragraph_xml, tidy
from pleitbrief.writers.docx.footnotes import NotesPart
from pleitbrief.writers.docx.numbering import Numbering
from pleitbrief.writers.docx.ooxml import attr
from pleitbrief.writers.docx.package import Part
from pleitbrief.writers.docx.parts import HyperlinkTargets
from pleitbrief.writers.docx.runs import inlines_xml, run_xml
from pleitbrief.writers.docx.styles import StyleIds

__all__ = ["BodyStory", "NoteStory"]


class NoteStory:
    """The inside of a footnote."""

    def __init__(self, part: Part, styles: StyleIds) -> None:
        self.part = part
        self._styles = styles
        self._links = HyperlinkTargets(part)

    @property
    def styles(self) -> StyleIds:
        return self._styles

    def hyperlink(self, target: str) -> str:
        return self._links.rid(target)

    def note(self, note: m.Note) -> str:
        inlines: list[m.Inline] = []
        for block in iter_blocks(note.blocks):
            if isinstance(block, m.Paragraph | m.Heading) and (text := tidy(block.inlines)):
                inlines += [m.Text("; "), *text] if inlines else text
        if not inlines:
            return ""
        return inlines_xml(self, [m.Text(" ("), *inlines, m.Text(")")])


class BodyStory:
    """The document body: each note is added to the footnotes, a reference left here."""

    def __init__(
        self, part: Part, styles: StyleIds, notes: NotesPart, numbering: Numbering
    ) -> None:
        self.part = part
        self._styles = styles
        self._links = HyperlinkTargets(part)
        self.notes = notes
        self.note_writer = BlockWriter(NoteStory(notes.part, styles), numbering, in_note=True)

    @property
    def styles(self) -> StyleIds:
        return self._styles

    def hyperlink(self, target: str) -> str:
        return self._links.rid(target)

    def note(self, note: m.Note) -> str:
        note_id = self.notes.add(self._note_paragraphs(note))
        style = attr(self.styles.footnote_reference)
        return (
            f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>'
        )

    def _note_paragraphs(self, note: m.Note) -> str:
        """The note's blocks, its mark (Word's ``w:footnoteRef``) before the first text."""
        style = attr(self.styles.footnote_reference)
        mark = f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:footnoteRef/></w:r>'
        mark += run_xml(self.styles, " ")
        writer = self.note_writer
        blocks = list(note.blocks)
        first = ""
        while not first and blocks and isinstance(paragraph := blocks[0], m.Paragraph):
            first = writer.runs(paragraph.inlines)  # an empty paragraph writes nothing
            blocks.pop(0)
        lead = paragraph_xml(mark + first, self.styles.footnote_text)
        return lead + "".join(writer.blocks(blocks))
