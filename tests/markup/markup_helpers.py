"""Helpers for the markup tests: a readable dump of the model, position stripping, and
the canonical form of a model (what a Markdown round trip can give back)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from markdown_it.utils import read_fixture_file

from pleitbrief.markup import model as m
from pleitbrief.markup.walk import tidy_inlines

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "markup"


def fixture_cases(name: str) -> list[Any]:
    """``(line, title, input, expected)`` cases of a markdown-it-py style fixture file."""
    import pytest

    cases = read_fixture_file(FIXTURES / name)
    return [pytest.param(*case, id=f"{name}:{case[0]}:{case[1]}") for case in cases]


def dump(blocks: list[m.Block]) -> str:
    """The model as an indented tree, one node a line, for golden files."""
    lines: list[str] = []
    for block in blocks:
        _dump_block(block, 0, lines)
    return "\n".join(lines) + "\n"


def _dump_block(block: m.Block, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    if isinstance(block, m.Paragraph):
        out.append(f"{pad}Paragraph")
        _dump_inlines(block.inlines, depth + 1, out)
    elif isinstance(block, m.Heading):
        out.append(f"{pad}Heading {block.level}")
        _dump_inlines(block.inlines, depth + 1, out)
    elif isinstance(block, m.BulletList | m.OrderedList):
        start = f" start={block.start}" if isinstance(block, m.OrderedList) else ""
        out.append(f"{pad}{type(block).__name__}{start}{'' if block.tight else ' loose'}")
        for item in block.items:
            out.append(f"{pad}  ListItem")
            for child in item.blocks:
                _dump_block(child, depth + 2, out)
    elif isinstance(block, m.BlockQuote):
        out.append(f"{pad}BlockQuote")
        for child in block.blocks:
            _dump_block(child, depth + 1, out)
    else:
        out.append(f"{pad}{type(block).__name__}")


def _dump_inlines(inlines: list[m.Inline], depth: int, out: list[str]) -> None:
    pad = "  " * depth
    for inline in inlines:
        if isinstance(inline, m.Text | m.Code):
            out.append(f"{pad}{type(inline).__name__} {inline.text!r}")
        elif isinstance(inline, m.Emph | m.Strong):
            out.append(f"{pad}{type(inline).__name__}")
            _dump_inlines(inline.children, depth + 1, out)
        elif isinstance(inline, m.Link):
            out.append(f"{pad}Link {inline.url!r}")
            _dump_inlines(inline.children, depth + 1, out)
        elif isinstance(inline, m.CiteGroup):
            out.append(f"{pad}CiteGroup {inline.line}:{inline.col} {inline.source!r}")
            for c in inline.citations:
                fields = [f"{name}={getattr(c, name)!r}" for name in ("prefix", "locator", "suffix")
                          if getattr(c, name)]
                fields += ["suppress_author"] if c.suppress_author else []
                out.append(f"{pad}  Citation {c.key!r} {' '.join(fields)}".rstrip())
        elif isinstance(inline, m.Note):
            out.append(f"{pad}Note" + (" (citation)" if inline.citation else ""))
            for child in inline.blocks:
                _dump_block(child, depth + 1, out)
        else:
            out.append(f"{pad}{type(inline).__name__}")


def without_positions(node: Any) -> Any:
    """A copy of a model tree with every ``CiteGroup`` at line 0, column 0."""
    if isinstance(node, list):
        return [without_positions(n) for n in node]
    if isinstance(node, m.CiteGroup):
        return dataclasses.replace(node, line=0, col=0)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {f.name: without_positions(getattr(node, f.name))
                   for f in dataclasses.fields(node)}
        return dataclasses.replace(node, **changes)
    return node


def canonical(blocks: list[m.Block]) -> list[m.Block]:
    """The model a Markdown round trip gives back for ``blocks``."""
    from pleitbrief.writers.markdown import _writes_tight

    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            inlines = _canonical_inlines(block.inlines)
            if inlines:
                out.append(m.Paragraph(inlines))
        elif isinstance(block, m.Heading):
            flat = [m.Text(" ") if isinstance(i, m.SoftBreak | m.LineBreak) else i
                    for i in block.inlines]
            out.append(m.Heading(block.level, _canonical_inlines(flat)))
        elif isinstance(block, m.BulletList | m.OrderedList):
            items = [m.ListItem(canonical(item.blocks)) for item in block.items]
            new = dataclasses.replace(block, items=items)
            has_paragraph = any(isinstance(b, m.Paragraph) for i in items for b in i.blocks)
            new.tight = _writes_tight(new) or not has_paragraph
            out.append(new)
        elif isinstance(block, m.BlockQuote):
            out.append(m.BlockQuote(canonical(block.blocks)))
        else:
            out.append(block)
    return out


def _canonical_inlines(inlines: list[m.Inline]) -> list[m.Inline]:
    result = []
    for inline in tidy_inlines(inlines, block=True):
        if isinstance(inline, m.Note):
            inline = m.Note(canonical(inline.blocks), inline.citation)
        result.append(inline)
    return _deep(result)


def _deep(inlines: list[m.Inline]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for inline in inlines:
        if isinstance(inline, m.Emph | m.Strong | m.Link):
            inline = dataclasses.replace(inline, children=_deep(inline.children))
        elif isinstance(inline, m.Note):
            inline = m.Note(canonical(inline.blocks), inline.citation)
        out.append(inline)
    return out
