"""pandoc as the oracle: what we write, pandoc reads with the same text and footnotes."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markup_helpers import fixture_cases
from markup_strategies import blocks, inline_lists, plain_words
from tests.pandoc_reading import pandoc_json, read_ast, squash

from pleitbrief.markup import model as m
from pleitbrief.markup.parse import parse_markdown
from pleitbrief.markup.text import plain_text
from pleitbrief.markup.walk import iter_inlines
from pleitbrief.writers.markdown import render

# CommonMark with pandoc's extensions, less those that change text rather than read markup.
COMMONMARK = "commonmark+footnotes"  # what we write: CommonMark with footnotes, nothing more
MARKDOWN = "markdown-smart"


def pandoc(markdown: str, reader: str) -> tuple[str, list[str]]:
    """The running text and the footnote texts pandoc reads, whitespace collapsed."""
    return read_ast(pandoc_json(markdown.encode("utf-8"), reader))


def ours(model: list[m.Block]) -> tuple[str, list[str]]:
    """The same two things, from our model."""
    notes = [note for note in iter_inlines(model, notes=False) if isinstance(note, m.Note)]
    return _model_text(model), [_model_text(note.blocks) for note in notes]


def _model_text(blocks: list[m.Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        _block_text(block, parts)
    return squash(" ".join(parts))


def _block_text(block: m.Block, parts: list[str]) -> None:
    if isinstance(block, m.Paragraph | m.Heading):
        parts.append(plain_text(block.inlines))
    elif isinstance(block, m.BulletList | m.OrderedList):
        for item in block.items:
            for child in item.blocks:
                _block_text(child, parts)
    elif isinstance(block, m.BlockQuote):
        for child in block.blocks:
            _block_text(child, parts)


def check(model: list[m.Block], reader: str, *, spaces: bool = True) -> None:
    written = render(m.Document(model))
    theirs, want = pandoc(written, reader), ours(model)
    if not spaces:
        theirs, want = _unspaced(theirs), _unspaced(want)
    assert theirs == want, written


def _unspaced(texts: tuple[str, list[str]]) -> tuple[str, list[str]]:
    return texts[0].replace(" ", ""), [note.replace(" ", "") for note in texts[1]]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(blocks())
def test_pandoc_commonmark_reads_what_we_write(model: list[m.Block]) -> None:
    check(model, COMMONMARK)


# pandoc's own Markdown, for --keep-citations users: flatter documents (pandoc Markdown wants
# a blank line before a heading or quote where CommonMark does not) with spaces between the
# inlines (pandoc Markdown reads `[@a][x](u)` as one failed reference link, and `_` right
# after other emphasis as a literal) and code without edge spaces (pandoc Markdown trims them).
def spaced(inlines: list[m.Inline]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for inline in inlines:
        if isinstance(inline, m.Code):
            inline = m.Code(inline.text.strip() or "x")
        elif isinstance(inline, m.Emph | m.Strong | m.Link):
            inline = dataclasses.replace(inline, children=spaced(inline.children))
        elif isinstance(inline, m.Note):  # pandoc Markdown skips an empty definition
            inline = m.Note(spaced_blocks(inline.blocks) or [m.Paragraph([m.Text("x")])])
        out += [m.Text(" "), inline] if out else [inline]
    return out


def spaced_blocks(blocks: list[m.Block]) -> list[m.Block]:
    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            block = m.Paragraph(spaced(block.inlines))
        elif isinstance(block, m.BulletList):
            block = m.BulletList([m.ListItem(spaced_blocks(i.blocks)) for i in block.items])
        out.append(block)
    return out


spaced_paragraphs = st.builds(m.Paragraph, inline_lists(notes=1).map(spaced))
simple = st.lists(st.one_of(
    spaced_paragraphs,
    st.builds(m.BulletList, st.lists(st.builds(m.ListItem, st.lists(spaced_paragraphs,
                                                                    min_size=1, max_size=1)),
                                      min_size=1, max_size=3)),
    st.builds(m.Heading, st.integers(1, 3), st.lists(st.builds(m.Text, plain_words),
                                                       min_size=1, max_size=1)),
), min_size=1, max_size=4)


@SETTINGS
@given(simple)
def test_pandoc_markdown_reads_what_we_write(model: list[m.Block]) -> None:
    check(model, MARKDOWN, spaces=False)  # pandoc Markdown trims link texts


@pytest.mark.parametrize(("line", "title", "source", "expected"), fixture_cases("render.md"))
def test_pandoc_reads_the_golden_outputs(line: int, title: str, source: str, expected: str) -> None:
    assert pandoc(expected, COMMONMARK) == ours(parse_markdown(expected))


# --- citation syntax: the groups pandoc reads are the groups we read -----------------


def pandoc_groups(markdown: str) -> list[list[tuple[str, bool, str, str]]]:
    """pandoc's bracketed citation groups: (key, suppress author, prefix, suffix) each."""
    groups: list[list[tuple[str, bool, str, str]]] = []

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            if node.get("t") == "Cite":
                cites = node["c"][0]
                if all(c["citationMode"]["t"] != "AuthorInText" for c in cites):
                    groups.append([(c["citationId"], c["citationMode"]["t"] == "SuppressAuthor",
                                    _raw(c["citationPrefix"]), _loose(_raw(c["citationSuffix"])))
                                   for c in cites])
            visit(node.get("c"))

    visit(pandoc_json(markdown.encode("utf-8"), "markdown")["blocks"])
    return groups


def _raw(inlines: list[Any]) -> str:
    """Inlines back as (roughly) the Markdown they came from."""
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind == "Code":
            out.append(f"`{content[1]}`")
        elif kind == "Emph":
            out.append(f"*{_raw(content)}*")
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def _loose(text: str) -> str:
    """Locator and suffix compared without the commas, braces and spaces between them."""
    return "".join(c for c in text if c not in ",{} \xa0")


def our_groups(markdown: str) -> list[list[tuple[str, bool, str, str]]]:
    return [[(c.key, c.suppress_author, c.prefix, _loose(c.locator + c.suffix))
             for c in inline.citations]
            for inline in iter_inlines(parse_markdown(markdown))
            if isinstance(inline, m.CiteGroup)]


@pytest.mark.parametrize(("line", "title", "source", "expected"), fixture_cases("citations.md"))
def test_citation_groups_are_pandocs(line: int, title: str, source: str, expected: str) -> None:
    assert our_groups(source) == pandoc_groups(source)


@pytest.mark.parametrize("source", [
    "[see @doe99, pp. 33-35; also @smith04, chap. 1]",
    "[@doe99, pp. 33-35, 38-39 and *passim*]",
    "[@smith04; @doe99]",
    "[-@smith04, p. 33]",
    "Blah [@a, 12, 14-16; zie ook -@b, hfdst. 2] en [@c, § 3 lid 1].",
    "[@a, nr. 3441, p. ii]",
    "*[@a]* **[zie @b]** [*zie* @c]",
    "- [@a]\n  - [@b, p. 2]\n\n> [@c]\n",
])
def test_more_citation_groups_are_pandocs(source: str) -> None:
    assert our_groups(source) == pandoc_groups(source)
