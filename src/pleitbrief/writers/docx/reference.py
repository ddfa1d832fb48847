"""The reference document: the house style (styles, page setup, headers and footers)
the letter is written into, as pandoc's ``--reference-doc``.

Its body is replaced by the letter, and what only that body used goes with it: pictures,
links, embedded objects and comments. Everything else stays as the user made it.

A Word template (.dotx) is as good a letterhead as a document, and so are their
macro-enabled kinds (.docm, .dotm): the letter is always a document (.docx), so its main
part is typed as one, and macros are left behind (Word opens no .docx that holds them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pleitbrief.records import record
from pleitbrief.writers import WriterError
from pleitbrief.writers.docx.ooxml import CT, NSDECLS, RT, qn, words
from pleitbrief.writers.docx.package import Package, Part

__all__ = ["DEFAULT_REFERENCE", "Reference", "ReferenceDocError", "open_reference"]

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


_MAIN_PARTS = (
    CT.WML_DOCUMENT_MAIN,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
"""The main part's content type in a .docx, .dotx, .docm and .dotm."""

_MACRO_RELS = {
    "http://schemas.microsoft.com/office/2006/relationships/" + name
    for name in ("vbaProject", "keyMapCustomizations", "attachedToolbars")
}
"""What a macro-enabled document relates its main part to for its macros."""


class ReferenceDocError(WriterError):
    """A reference document that cannot be read as a Word (.docx) document."""


@record
class Reference:
    """A reference document opened for writing, its body emptied."""

    package: Package
    document: Part
    """The main document part (``word/document.xml``)."""
    body: Any
    """Its ``w:body``: only the final section properties (page size, margins) are left."""
    styles: Any
    """The ``w:styles`` element of the styles part."""
    settings: Any
    """The ``w:settings`` element of the settings part."""


def open_reference(path: Path | None = None) -> Reference:
    """The reference document at ``path`` (the default house style if None)."""
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
        reference = _open(data)
    except Exception as exc:  # zipfile and lxml each raise several kinds for a broken file
        raise ReferenceDocError(
            f"reference document {path} is not a Word document (.docx, .dotx): {exc}"
        ) from exc
    _drop_body_relationships(reference.document)
    return reference


def _open(data: bytes) -> Reference:
    package = Package.from_bytes(data)
    document = package.part_related_by(RT.OFFICE_DOCUMENT)
    if document.content_type not in _MAIN_PARTS:
        raise ValueError(f"its main part is {document.content_type}")
    document.content_type = CT.WML_DOCUMENT_MAIN
    for rel in list(document.rels.values()):
        if rel.reltype in _MACRO_RELS:
            del document.rels[rel.rid]
    body = document.element.find(qn("w:body"))
    if body is None:
        raise ValueError("its document has no body")
    for child in list(body):
        # elements only (a comment can stay), and never the section properties
        if isinstance(child.tag, str) and child.tag != qn("w:sectPr"):
            body.remove(child)
    styles = _root(document, RT.STYLES, "/word/styles.xml", CT.WML_STYLES, "w:styles")
    settings = _root(document, RT.SETTINGS, "/word/settings.xml", CT.WML_SETTINGS, "w:settings")
    return Reference(package, document, body, styles, settings)


def _root(document: Part, reltype: str, name: str, content_type: str, tag: str) -> Any:
    """The root element of the part ``document`` relates to by ``reltype``, or of an empty
    one added if there is none."""
    return document.related_or_new(reltype, name, content_type, f"<{tag} {NSDECLS}/>").element


def _drop_body_relationships(part: Part) -> None:
    """Forget what the old body alone referred to, so the output carries none of it."""
    used = {
        value
        for node in part.element.iter()
        for key, value in node.attrib.items()
        if key.startswith(R_NS)
    }
    for rel in list(part.rels.values()):
        if rel.reltype.rsplit("/", 1)[-1] in _CONTENT_RELS and rel.rid not in used:
            del part.rels[rel.rid]
