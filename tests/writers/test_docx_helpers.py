"""Helpers for the DOCX writer's tests (no tests here): pandoc as the reader of both the
DOCX and the Markdown writer's output, and a look inside the package."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.document import Document as DocxDocument
from tests.pandoc_reading import Read, pandoc_json, read_ast

from pleitbrief.markup import model as m
from pleitbrief.markup.parse import parse_markdown
from pleitbrief.markup.walk import map_inlines
from pleitbrief.writers.docx import render
from pleitbrief.writers.markdown import render as render_markdown

# CommonMark with pandoc's extensions, less those that change text rather than read markup.
COMMONMARK = "commonmark_x-smart-emoji"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

def read_docx(data: bytes) -> Read:
    return read_ast(pandoc_json(data, "docx"))


def read_markdown(text: str) -> Read:
    return read_ast(pandoc_json(text.encode("utf-8"), COMMONMARK))


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
