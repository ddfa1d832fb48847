"""Helpers for the DOCX writer's tests (no tests here): pandoc as the reader of both the
DOCX and the Markdown writer's output, and a look inside the package."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from typing import Any

import docx
import pypandoc
from docx.document import Document as DocxDocument

from pleitbrief.markup import model as m
from pleitbrief.markup.parse import parse_markdown
from pleitbrief.markup.walk import map_inlines
from pleitbrief.writers.docx import render
from pleitbrief.writers.markdown import render as render_markdown

PANDOC = pypandoc.get_pandoc_path()
# CommonMark with pandoc's extensions, less those that change text rather than read markup.
COMMONMARK = "commonmark_x-smart-emoji"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

Read = tuple[str, list[str]]
"""The running text and the footnote texts, in order, whitespace collapsed."""


def pandoc_json(data: bytes, reader: str) -> Any:
    result = subprocess.run(
        [PANDOC, "-f", reader, "-t", "json"],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def read_docx(data: bytes) -> Read:
    return _read(pandoc_json(data, "docx"))


def read_markdown(text: str) -> Read:
    return _read(pandoc_json(text.encode("utf-8"), COMMONMARK))


def _read(ast: Any) -> Read:
    notes: list[str] = []
    body = _text(ast["blocks"], notes)
    return _squash(body), notes


BLOCKS = {
    "Para",
    "Plain",
    "Header",
    "BlockQuote",
    "BulletList",
    "OrderedList",
    "CodeBlock",
    "HorizontalRule",
    "Div",
    "LineBlock",
    "DefinitionList",
    "Table",
    "Figure",
}


def _text(node: Any, notes: list[str]) -> str:
    """The text of ``node``: blocks and list items apart, inlines together."""
    if isinstance(node, list):
        return "".join(_text(n, notes) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node["t"], node.get("c")
    inner = _inner(kind, content, notes)
    return f" {inner} " if kind in BLOCKS else inner


def _inner(kind: str, content: Any, notes: list[str]) -> str:
    if kind == "Str":
        return str(content)
    if kind in ("Code", "CodeBlock"):
        return str(content[1])
    if kind == "Note":
        index = len(notes)
        notes.append("")  # its place in reading order, before the notes inside it
        notes[index] = _squash(_text(content, notes))
        return ""
    if kind in ("Header", "OrderedList"):
        content = content[-1]
    elif kind in ("Link", "Cite", "Span", "Div", "Quoted"):
        content = content[1]
    if kind.endswith("List"):
        return " ".join(_text(item, notes) for item in content)
    if isinstance(content, list):
        return _text(content, notes)
    return " "  # Space, SoftBreak, LineBreak, HorizontalRule


def _squash(text: str) -> str:
    return " ".join(text.split())


def ordered_lists(ast: Any) -> list[tuple[int, int]]:
    """``(start, number of items)`` of every ordered list pandoc reads, in order."""
    found: list[tuple[int, int]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("t") == "OrderedList":
                found.append((node["c"][0][0], len(node["c"][1])))
            walk(node.get("c"))

    walk(ast["blocks"])
    return found


def cite(doc: m.Document) -> m.Document:
    """A stand-in for the cite stage: each group in running text becomes a note naming
    its keys; a group inside a plain footnote is written into it instead."""

    def text(group: m.CiteGroup) -> list[m.Inline]:
        return [
            m.Text(
                "; ".join(c.key + (f", {c.locator}" if c.locator else "") for c in group.citations)
            )
        ]

    def in_note(inline: m.Inline) -> list[m.Inline] | None:
        return text(inline) if isinstance(inline, m.CiteGroup) else None

    def running(inline: m.Inline) -> list[m.Inline] | None:
        if isinstance(inline, m.CiteGroup):
            return [m.Note([m.Paragraph(text(inline))], citation=inline)]
        if isinstance(inline, m.Note):
            return [m.Note(map_inlines(inline.blocks, in_note), inline.citation)]
        return None

    return m.Document(map_inlines(doc.blocks, running), doc.meta)


def from_markdown(source: str, meta: m.Metadata | None = None) -> m.Document:
    return cite(m.Document(parse_markdown(source), meta or m.Metadata()))


def both(doc: m.Document) -> tuple[Read, Read]:
    """What pandoc reads from the DOCX, and from the Markdown writer's output."""
    return read_docx(render(doc)), read_markdown(render_markdown(doc))


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def parts(data: bytes) -> dict[str, bytes]:
    """The package's parts by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes, name: str) -> Any:
    """A part of the package as an lxml tree."""
    from lxml import etree

    return etree.fromstring(parts(data)[name])


def w(tag: str) -> str:
    """``w:tag`` in Clark notation, for ``find``."""
    return W + tag
