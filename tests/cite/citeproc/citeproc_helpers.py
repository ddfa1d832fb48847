"""What the processor's tests share: its inlines in pandoc's JSON form, to compare with
what pandoc writes."""

from __future__ import annotations

from typing import Any

from pleitbrief.cite.citeproc.inlines import Inlines, Link, Quoted, Space, Span, Str, Styled

_KINDS = {
    "emph": "Emph",
    "strong": "Strong",
    "smallcaps": "SmallCaps",
    "superscript": "Superscript",
    "subscript": "Subscript",
    "underline": "Underline",
}


def to_pandoc(inlines: Inlines) -> list[dict[str, Any]]:
    """Inlines in pandoc's JSON form, to compare with what pandoc writes."""
    out: list[dict[str, Any]] = []
    for node in inlines:
        if isinstance(node, Str):
            out.append({"t": "Str", "c": node.text})
        elif isinstance(node, Space):
            out.append({"t": "Space"})
        elif isinstance(node, Styled):
            out.append({"t": _KINDS[node.kind], "c": to_pandoc(node.children)})
        elif isinstance(node, Span):
            out.append({"t": "Span", "c": [["", list(node.classes), []], to_pandoc(node.children)]})
        elif isinstance(node, Quoted):
            kind = "DoubleQuote" if node.double else "SingleQuote"
            out.append({"t": "Quoted", "c": [{"t": kind}, to_pandoc(node.children)]})
        elif isinstance(node, Link):
            link = [["", [], []], to_pandoc(node.children), [node.url, ""]]
            out.append({"t": "Link", "c": link})
        else:
            out.append({"t": "Note", "c": [{"t": "Para", "c": to_pandoc(node.children)}]})
    return out
