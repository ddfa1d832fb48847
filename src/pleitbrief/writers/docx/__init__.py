"""The document model → a Word document (.docx) with real footnotes (SPEC §11).

The letter is written into a reference document (the house style in
``pleitbrief/data/reference.docx``, or the user's letterhead, as pandoc's
``--reference-doc``): its styles, page setup, headers and footers stay, its body is
replaced. Notes are real Word footnotes, numbered by Word in the order the Markdown writer
numbers them; lists are real Word numbering. All of it happens in memory.

Modules: :mod:`.reference` opens the house style, a :mod:`.package` (the zip of parts,
read and saved without python-docx); :mod:`.styles` finds or adds the styles;
:mod:`.body` and :mod:`.runs` lay out blocks and inlines, in one of the :mod:`.stories`;
:mod:`.footnotes` and :mod:`.numbering` own those parts; :mod:`.properties` the title,
author and language; :mod:`.ooxml` holds the names and the escaping of the format.
"""

from __future__ import annotations

from pathlib import Path

from pleitbrief.markup.model import Document
from pleitbrief.writers import WriteOptions
from pleitbrief.writers.docx.body import BlockWriter
from pleitbrief.writers.docx.footnotes import NotesPart
from pleitbrief.writers.docx.numbering import Numbering
from pleitbrief.writers.docx.ooxml import RT, fragment, qn
from pleitbrief.writers.docx.properties import (
    core_properties,
    language_tag,
    reset_proofing,
    set_core_properties,
)
from pleitbrief.writers.docx.reference import ReferenceDocError, open_reference
from pleitbrief.writers.docx.stories import BodyStory
from pleitbrief.writers.docx.styles import ensure_styles, set_language

__all__ = ["ReferenceDocError", "render", "render_document"]


def render(doc: Document, reference_doc: Path | None = None) -> bytes:
    """The document as the bytes of a .docx file.

    Raises:
        ReferenceDocError: ``reference_doc`` cannot be read as a Word document.
    """
    reference = open_reference(reference_doc)
    styles = ensure_styles(reference.styles)
    set_language(reference.styles, language_tag(doc.meta.lang))

    part = reference.document
    footnotes = NotesPart(part)
    # the reference's endnotes, if any, belonged to the body that is replaced
    has_endnotes = part.rels.related(RT.ENDNOTES) is not None
    endnotes = NotesPart(part, "endnote") if has_endnotes else None
    numbering = Numbering(part)
    story = BodyStory(part, styles, footnotes, numbering)
    paragraphs = BlockWriter(story, numbering).blocks(doc.blocks) or ["<w:p/>"]

    body = reference.body
    section = body.find(qn("w:sectPr"))  # the last child of the body, where it must stay
    for element in fragment("".join(paragraphs)):
        if section is not None:
            section.addprevious(element)
        else:
            body.append(element)

    settings = reference.settings
    footnotes.declare(settings)
    if endnotes is not None:
        endnotes.declare(settings)
    reset_proofing(settings)
    set_core_properties(core_properties(reference.package), doc.meta)
    return reference.package.save()


def render_document(doc: Document, options: WriteOptions) -> bytes:
    """The writers registry's entry point (see :mod:`pleitbrief.writers`)."""
    return render(doc, options.reference_doc)
