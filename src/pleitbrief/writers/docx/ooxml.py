"""WordprocessingML as text: namespaces, escaping, and parsing fragments into elements.

The writer lays out paragraphs and runs as XML text (easy to read, easy to test) and
parses them once into python-docx's lxml tree. Every string from the document goes
through :func:`text` or :func:`attr`, which drop what XML 1.0 cannot hold, so no input
can make the output invalid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml

from pleitbrief.sanitize import remove_control_characters

__all__ = ["NSDECLS", "attr", "clean", "fragment", "insert_in_order", "qn", "tags", "text", "words"]

NSDECLS = nsdecls("w", "r")
"""The namespace declarations every fragment is parsed with."""

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)


def clean(value: str) -> str:
    """``value`` without the characters XML 1.0 (or Word) cannot hold."""
    return remove_control_characters(value)


def text(value: str) -> str:
    """``value`` as element content."""
    return clean(value).translate(_TEXT)


def attr(value: str) -> str:
    """``value`` as the inside of a double-quoted attribute (line ends kept as such)."""
    return clean(value).translate(_ATTR)


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
