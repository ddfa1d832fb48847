"""Real Word footnotes: the ``footnotes.xml`` part, its separators, and ``w:footnotePr``.

A reference document that has a footnotes part keeps it (its separators stay, its notes
go); otherwise, or if it cannot be read, one is added
with the separator (id -1) and continuation separator (id 0) Word expects. The body
refers to each note with a ``w:footnoteReference``; Word numbers them in order. The
endnotes of a reference document are emptied the same way, since its body is replaced.
"""

from __future__ import annotations

from typing import Any

from pleitbrief.writers.docx.ooxml import (
    CT,
    NSDECLS,
    RT,
    XMLSyntaxError,
    fragment,
    insert_in_order,
    parse_xml,
    qn,
    tags,
)
from pleitbrief.writers.docx.package import Part
from pleitbrief.writers.docx.parts import int_values

__all__ = ["NotesPart"]

SEPARATORS = ("separator", "continuationSeparator", "continuationNotice")
"""The ``w:type`` of the special notes Word draws between the text and the notes."""


def _default_separators(kind: str) -> str:
    spacing = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    return "".join(
        f'<w:{kind} w:type="{mark}" w:id="{note_id}"><w:p>{spacing}<w:r><w:{mark}/></w:r>'
        f"</w:p></w:{kind}>"
        for note_id, mark in ((-1, "separator"), (0, "continuationSeparator"))
    )


# The settings the schema puts before w:footnotePr (CT_Settings' sequence).
_BEFORE_FOOTNOTE_PR = tags("""
    writeProtection view zoom removePersonalInformation removeDateAndTime
    doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText
    printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts
    saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges
    bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors
    hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate
    linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge
    revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection
    autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation
    consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength
    clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting
    bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing
    drawingGridVerticalSpacing displayHorizontalDrawingGridEvery
    displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin
    drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData
    noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars
    noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema
    saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml
    saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace
    updateFields hdrShapeDefaults
""")


class NotesPart:
    """A notes part (footnotes, or endnotes): the reference's separators, then our notes."""

    def __init__(self, document_part: Part, kind: str = "footnote") -> None:
        self.kind = kind
        reltype, content_type = _KINDS[kind]
        old = document_part.rels.related(reltype)
        self.root: Any = _separators_of(old, kind)
        if self.root is None or not len(self.root):
            self.root = parse_xml(f"<w:{kind}s {NSDECLS}>{_default_separators(kind)}</w:{kind}s>")
        name = old.partname if old is not None else f"/word/{kind}s.xml"
        # a new part: the old one's relationships (links, pictures) were its notes'
        self.part = Part(name, content_type, element=self.root)
        document_part.rels.replace(reltype, self.part)
        self.separator_ids = int_values(n.get(qn("w:id")) for n in self.root)
        self._next_id = max([0, *self.separator_ids]) + 1

    def add(self, paragraphs: str) -> int:
        """Add a note of ``paragraphs`` (``w:p`` XML); its id for the reference."""
        note_id = self._next_id
        self._next_id += 1
        kind = self.kind
        self.root.extend(fragment(f'<w:{kind} w:id="{note_id}">{paragraphs}</w:{kind}>'))
        return note_id

    def declare(self, settings: Any) -> None:
        """Name the separators in the settings' ``w:footnotePr``, as Word does."""
        tag = f"w:{self.kind}Pr"
        props = settings.find(qn(tag))
        if props is None:
            (props,) = fragment(f"<{tag}/>")
            before = _BEFORE_FOOTNOTE_PR + (("w:footnotePr",) if self.kind == "endnote" else ())
            insert_in_order(settings, props, before)
        for old in props.findall(qn(f"w:{self.kind}")):
            props.remove(old)
        props.extend(fragment("".join(f'<w:{self.kind} w:id="{i}"/>' for i in self.separator_ids)))


_KINDS = {
    "footnote": (RT.FOOTNOTES, CT.WML_FOOTNOTES),
    "endnote": (RT.ENDNOTES, CT.WML_ENDNOTES),
}


def _separators_of(part: Part | None, kind: str) -> Any:
    """The root of ``part`` with only its separators left; None if there is no part, or
    none that can be read (it is replaced)."""
    if part is None:
        return None
    root = _parse(part.blob)
    if root is None or root.tag != qn(f"w:{kind}s"):
        return None
    for note in list(root):
        if note.tag != qn(f"w:{kind}") or note.get(qn("w:type")) not in SEPARATORS:
            root.remove(note)
    return root


def _parse(blob: bytes) -> Any:
    try:
        return parse_xml(blob)
    except XMLSyntaxError:  # a broken part of a reference document is replaced
        return None
