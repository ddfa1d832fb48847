"""Our inlines ↔ pandoc's JSON AST inlines, for the citation groups sent to pandoc.

Only what a citation needs goes out: a prefix or suffix as ``Str``/``Space`` runs with
emphasis and links. What comes back is whatever a CSL style makes, folded into the
document model: emphasis, strong and links stay; small caps, super- and subscript,
spans and quotes become their text (the model has no such formatting).
"""

from __future__ import annotations

import re
from typing import Any

from pleitbrief.markup import model as m

Json = dict[str, Any]

API_VERSION = [1, 23, 1]
"""The pandoc-types version of the JSON we write (pandoc 3.x reads it)."""

_WORDS = re.compile(r"\S+|\s+")
_QUOTES = {"SingleQuote": ("‘", "’"), "DoubleQuote": ("“", "”")}


def to_pandoc(inlines: list[m.Inline]) -> list[Json]:
    """Model inlines as pandoc JSON: text split into ``Str`` and ``Space`` like pandoc's reader."""
    out: list[Json] = []
    for inline in inlines:
        match inline:
            case m.Text(text):
                out.extend(text_to_pandoc(text))
            case m.Emph(children):
                out.append({"t": "Emph", "c": to_pandoc(children)})
            case m.Strong(children):
                out.append({"t": "Strong", "c": to_pandoc(children)})
            case m.Link(url, children):
                out.append({"t": "Link", "c": [["", [], []], to_pandoc(children), [url, ""]]})
            case m.Code(text):
                out.append({"t": "Code", "c": [["", [], []], text]})
            case m.SoftBreak() | m.LineBreak():
                out.append({"t": "Space"})
            case m.CiteGroup(_, source):
                out.extend(text_to_pandoc(source))
    return out


def text_to_pandoc(text: str) -> list[Json]:
    return [
        {"t": "Space"} if word.isspace() else {"t": "Str", "c": word}
        for word in _WORDS.findall(text)
    ]


def from_pandoc(inlines: list[Json]) -> list[m.Inline]:
    """Pandoc JSON inlines (a style's output) as model inlines, adjacent text merged."""
    out: list[m.Inline] = []
    for node in inlines:
        kind: str = node["t"]
        content: Any = node.get("c")
        if kind == "Str":
            _add(out, m.Text(content))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            _add(out, m.Text(" "))
        elif kind == "Emph":
            out.append(m.Emph(from_pandoc(content)))
        elif kind == "Strong":
            out.append(m.Strong(from_pandoc(content)))
        elif kind == "Link":
            out.append(m.Link(content[2][0], from_pandoc(content[1])))
        elif kind == "Code":
            out.append(m.Code(content[1]))
        elif kind == "Quoted":
            left, right = _QUOTES.get(content[0]["t"], ("“", "”"))
            for item in [m.Text(left), *from_pandoc(content[1]), m.Text(right)]:
                _add(out, item)
        elif kind in ("Span", "Cite"):  # [attributes or citations, inlines]
            for item in from_pandoc(content[1]):
                _add(out, item)
        elif kind in ("SmallCaps", "Superscript", "Subscript", "Underline", "Strikeout"):
            for item in from_pandoc(content):
                _add(out, item)
        elif kind == "Math":
            _add(out, m.Text(content[1]))
        # Note, RawInline, Image: nothing a citation text can hold
    return out


def _add(out: list[m.Inline], item: m.Inline) -> None:
    if isinstance(item, m.Text) and out and isinstance(out[-1], m.Text):
        out[-1] = m.Text(out[-1].text + item.text)
    elif not (isinstance(item, m.Text) and not item.text):
        out.append(item)


def para(inlines: list[Json]) -> Json:
    return {"t": "Para", "c": inlines}


def note(blocks: list[Json]) -> Json:
    return {"t": "Note", "c": blocks}


def cite(citations: list[Json], fallback: str) -> Json:
    return {"t": "Cite", "c": [citations, [{"t": "Str", "c": fallback}]]}


def citation(
    key: str, prefix: list[Json], suffix: list[Json], note_number: int, suppress_author: bool
) -> Json:
    mode = "SuppressAuthor" if suppress_author else "NormalCitation"
    return {
        "citationId": key,
        "citationPrefix": prefix,
        "citationSuffix": suffix,
        "citationMode": {"t": mode},
        "citationNoteNum": note_number,
        "citationHash": 0,
    }


def document(blocks: list[Json], meta: dict[str, str]) -> Json:
    return {
        "pandoc-api-version": API_VERSION,
        "meta": {k: {"t": "MetaString", "c": v} for k, v in meta.items()},
        "blocks": blocks,
    }
