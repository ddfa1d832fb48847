"""WordprocessingML as text: names, escaping, and parsing fragments into elements.

The writer lays out paragraphs and runs as XML text (easy to read, easy to test) and
parses them once into the part's lxml tree. Every string from the document goes
through :func:`text` or :func:`attr`, which drop what XML 1.0 cannot hold, so no input
can make the output invalid. The names of the format (namespaces, relationship types,
content types) are here too, for the writer and :mod:`.package` alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs; elements are Any

from pleitbrief.sanitize import remove_control_characters

__all__ = [
    "CT",
    "NAMESPACES",
    "NSDECLS",
    "RT",
    "XMLSyntaxError",
    "attr",
    "clean",
    "fragment",
    "insert_in_order",
    "nsdecls",
    "parse_xml",
    "qn",
    "tags",
    "text",
    "words",
]

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
"""The prefixes the writer's tags and fragments use (core properties: cp, dc, dcterms, xsi)."""

_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE = "application/vnd.openxmlformats-officedocument."
_WML = _OFFICE + "wordprocessingml."


class RT:
    """Relationship types (ECMA-376 part 1, §11 and §15; part 2 for core properties)."""

    OFFICE_DOCUMENT = _OFFICE_RELS + "officeDocument"
    CORE_PROPERTIES = (
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    )
    EXTENDED_PROPERTIES = _OFFICE_RELS + "extended-properties"
    STYLES = _OFFICE_RELS + "styles"
    SETTINGS = _OFFICE_RELS + "settings"
    FONT_TABLE = _OFFICE_RELS + "fontTable"
    NUMBERING = _OFFICE_RELS + "numbering"
    FOOTNOTES = _OFFICE_RELS + "footnotes"
    ENDNOTES = _OFFICE_RELS + "endnotes"
    FOOTER = _OFFICE_RELS + "footer"
    HYPERLINK = _OFFICE_RELS + "hyperlink"


class CT:
    """Content types of the parts the writer reads, makes or names."""

    WML_DOCUMENT_MAIN = _WML + "document.main+xml"
    WML_STYLES = _WML + "styles+xml"
    WML_SETTINGS = _WML + "settings+xml"
    WML_FONT_TABLE = _WML + "fontTable+xml"
    WML_NUMBERING = _WML + "numbering+xml"
    WML_FOOTNOTES = _WML + "footnotes+xml"
    WML_ENDNOTES = _WML + "endnotes+xml"
    WML_FOOTER = _WML + "footer+xml"
    OPC_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
    OFC_EXTENDED_PROPERTIES = _OFFICE + "extended-properties+xml"
    OPC_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
    XML = "application/xml"


def qn(tag: str) -> str:
    """``w:p`` in Clark notation (``{uri}p``), as lxml names elements and attributes."""
    prefix, name = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{name}"


def nsdecls(*prefixes: str) -> str:
    """The ``xmlns:`` declarations of ``prefixes``, for the root of a fragment."""
    return " ".join(f'xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in prefixes)


NSDECLS = nsdecls("w", "r")
"""The namespace declarations every fragment is parsed with."""

# Blank text between elements dropped, as Word writes none and lxml would keep it; no
# entities expanded (a reference document is a file from anyone).
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


XMLSyntaxError: type[Exception] = etree.XMLSyntaxError
"""What :func:`parse_xml` raises for text that is not well-formed XML."""


def parse_xml(xml: str | bytes) -> Any:
    """The root element of ``xml``."""
    return etree.fromstring(xml, _PARSER)


# (old, new) in order, "&" first. str.replace, not str.translate: translate looks every
# character up in a dict, some twenty times slower on text with accents (Georgië).
_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTR = (*_TEXT, ('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"), ("\r", "&#13;"))


def _escape(value: str, table: tuple[tuple[str, str], ...]) -> str:
    for old, new in table:
        if old in value:
            value = value.replace(old, new)
    return value


def clean(value: str) -> str:
    """``value`` without the characters XML 1.0 (or Word) cannot hold."""
    return remove_control_characters(value)


def text(value: str) -> str:
    """``value`` as element content."""
    return _escape(clean(value), _TEXT)


def attr(value: str) -> str:
    """``value`` as the inside of a double-quoted attribute (line ends kept as such)."""
    return _escape(clean(value), _ATTR)


def fragment(xml: str) -> list[Any]:
    """The elements of an XML fragment that uses the ``w:`` and ``r:`` prefixes."""
    return list(parse_xml(f"<w:body {NSDECLS}>{xml}</w:body>"))


def insert_in_order(parent: Any, child: Any, after: Iterable[str]) -> None:
    """Add ``child`` to ``parent`` right after its last child named in ``after`` (the
    elements the schema puts before it), or first if there is none.

    Word rejects a part whose elements are out of schema order; placing by the elements
    that must come *before* keeps any unknown later ones (Office extensions) after it.
    """
    tags = {qn(tag) for tag in after}
    index = 0
    for position, existing in enumerate(parent):
        if existing.tag in tags:
            index = position + 1
    parent.insert(index, child)


def words(names: str) -> list[str]:
    """The words of a space-separated list (for long lists of names from the schema)."""
    return names.split()


def tags(names: str) -> tuple[str, ...]:
    """``w:``-prefixed tags from a space-separated list of names."""
    return tuple(f"w:{name}" for name in words(names))
