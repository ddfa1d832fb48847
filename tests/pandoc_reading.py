"""pandoc as a reader in the tests: the running text and the footnote texts of its AST."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pypandoc

PANDOC = pypandoc.get_pandoc_path()

Read = tuple[str, list[str]]
"""The running text and the footnote texts, in order, whitespace collapsed."""


def pandoc_json(data: bytes, reader: str) -> Any:
    """pandoc's JSON AST of ``data`` read as ``reader``."""
    result = subprocess.run(
        [PANDOC, "-f", reader, "-t", "json"],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def read_ast(ast: Any) -> Read:
    """The running text and the footnote texts (in reading order) of a pandoc AST."""
    notes: list[str] = []
    body = _text(ast["blocks"], notes)
    return squash(body), notes


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
        notes[index] = squash(_text(content, notes))
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


def squash(text: str) -> str:
    return " ".join(text.split())
