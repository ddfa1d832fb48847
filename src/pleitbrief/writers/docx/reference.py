"""The reference document: the house style (styles, page setup, headers and footers)
the letter is written into, as pandoc's ``--reference-doc``.

Its body is replaced by the letter, and what only that body used goes with it: pictures,
links, embedded objects and comments. Everything else stays as the user made it.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.part import Part, XmlPart

from pleitbrief.writers import WriterError
from pleitbrief.writers.docx.ooxml import words

__all__ = ["DEFAULT_REFERENCE", "ReferenceDocError", "open_reference"]

DEFAULT_REFERENCE = "reference.docx"
"""The house style shipped in ``pleitbrief/data`` (made by ``tools/make_reference_docx.py``)."""

R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

# Relationships only body content refers to (by their last path segment).
_CONTENT_RELS = set(
    words("""
    image hyperlink chart oleObject package diagramData diagramLayout diagramQuickStyle
    diagramColors diagramDrawing audio video media control aFChunk subDocument comments
    commentsExtended commentsIds commentsExtensible
""")
)


class ReferenceDocError(WriterError):
    """A reference document that cannot be read as a Word (.docx) document."""


def open_reference(path: Path | None = None) -> DocxDocument:
    """The reference document at ``path`` (the default house style if None), its body
    emptied (the final section properties, page size and margins, stay)."""
    if path is None:
        data = (Path(__file__).parents[2] / "data" / DEFAULT_REFERENCE).read_bytes()
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ReferenceDocError(
                f"cannot read reference document {path}: {exc.strerror or exc}"
            ) from exc
    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx, zipfile and lxml each raise their own
        raise ReferenceDocError(
            f"reference document {path} is not a Word document (.docx): {exc}"
        ) from exc
    document.element.body.clear_content()
    _drop_body_relationships(document.part)
    return document


def _drop_body_relationships(part: Part) -> None:
    """Forget what the old body alone referred to, so the output carries none of it."""
    if not isinstance(part, XmlPart):
        return
    used = {
        value
        for node in part.element.iter()
        for key, value in node.attrib.items()
        if key.startswith(R_NS)
    }
    for rel in list(part.rels.values()):
        if rel.reltype.rsplit("/", 1)[-1] in _CONTENT_RELS and rel.rId not in used:
            part.rels.pop(rel.rId)
