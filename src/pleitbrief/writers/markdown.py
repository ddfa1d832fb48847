"""The document model → CommonMark with footnotes (SPEC §11).

Notes are numbered ``[^1]``, ``[^2]`` … in reading order, plain footnotes and resolved
citations alike, with their definitions at the end; lists keep their numbers. Reading the
output back (with :mod:`pleitbrief.markup.parse`, or pandoc) gives the same document:
blocks are laid out here, inline syntax and escaping are in :mod:`.markdown_inline`.
"""

from __future__ import annotations

from itertools import pairwise

from pleitbrief.markup import model as m
from pleitbrief.markup.walk import WHITESPACE, tidy_inlines
from pleitbrief.records import record
from pleitbrief.writers import WriteOptions
from pleitbrief.writers.markdown_inline import (
    AUTOLINK,
    EMAIL,
    Delim,
    Pieces,
    code_span,
    escape_line_start,
    escape_text,
    flank,
    link_destination,
)

__all__ = ["MarkdownOptions", "render", "render_document"]


@record(frozen=True)
class MarkdownOptions:
    keep_citations: bool = False
    """Write citation groups as their ``[@key]`` source, for pandoc users."""


DEFAULT_OPTIONS = MarkdownOptions()


def render(doc: m.Document, options: MarkdownOptions = DEFAULT_OPTIONS) -> str:
    """The document as CommonMark text, footnote definitions at the end.

    A ``Note`` made from a citation (``citation`` set) is a footnote like any other,
    unless ``keep_citations`` asks for its ``[@key]`` source; a ``CiteGroup`` the cite
    stage has not resolved is written as its source either way.
    """
    return _Writer(options).document(doc.blocks)


def render_document(doc: m.Document, options: WriteOptions) -> str:
    """The writers registry's entry point (see :mod:`pleitbrief.writers`)."""
    return render(doc, MarkdownOptions(keep_citations=options.keep_citations))


def _tight_pair(first: m.Block, second: m.Block) -> bool:
    """Can ``second`` follow ``first`` in a list item without a blank line?"""
    if isinstance(first, m.Heading | m.ThematicBreak):
        return True
    if not isinstance(first, m.Paragraph):
        return False
    if isinstance(second, m.BulletList | m.OrderedList):  # may it interrupt a paragraph?
        first_item = bool(second.items and _prune(second.items[0].blocks))
        return first_item and (isinstance(second, m.BulletList) or second.start == 1)
    return isinstance(second, m.Heading | m.BlockQuote | m.ThematicBreak)


def _tidy(inlines: list[m.Inline]) -> list[m.Inline]:
    return tidy_inlines(inlines, block=True)


def _prune(blocks: list[m.Block]) -> list[m.Block]:
    """The blocks that write something: a paragraph of only whitespace does not."""
    return [b for b in blocks if not isinstance(b, m.Paragraph) or _writes(b.inlines)]


def _writes(inlines: list[m.Inline]) -> bool:
    # Tidying never drops a visible character of a text, so a paragraph with one writes
    # something; only the rest (spaces, breaks, empty emphasis) needs the whole tidy.
    if any(isinstance(i, m.Text) and i.text.strip(WHITESPACE) for i in inlines):
        return True
    return bool(_tidy(inlines))


def _writes_tight(block: m.BulletList | m.OrderedList) -> bool:
    """Join the list without blank lines? Only if every item can be written so; and a loose
    list is written loose only where a reader sees it (paragraphs, more than one block)."""
    items = [_prune(item.blocks) for item in block.items]
    if not all(_tight_pair(a, b) for blocks in items for a, b in pairwise(blocks)):
        return False
    if block.tight or not any(isinstance(b, m.Paragraph) for blocks in items for b in blocks):
        return True
    return len(items) == 1 and len(items[0]) <= 1


def _indent(body: str, first: str, rest: str) -> str:
    lines = body.split("\n")
    tail = [rest + line if line else "" for line in lines[1:]]
    return "\n".join([first + lines[0] if lines[0] else first.rstrip(), *tail])


class _Writer:
    def __init__(self, options: MarkdownOptions) -> None:
        self.options = options
        self.notes: list[m.Note] = []

    def document(self, blocks: list[m.Block]) -> str:
        parts = [self.blocks(blocks)]
        done = 0
        while done < len(self.notes):  # a note may hold notes: they join the queue
            note = self.notes[done]
            done += 1
            body, label = self.blocks(note.blocks), f"[^{done}]:"
            if not body:
                parts.append(label)
            elif isinstance(_prune(note.blocks)[0], m.Paragraph):
                parts.append(_indent(body, label + " ", "    "))
            else:  # a list or heading is read safely only on the line after the label
                parts.append(label + "\n" + _indent(body, "    ", "    "))
        text = "\n\n".join(part for part in parts if part)
        return text + "\n" if text else ""

    def blocks(self, blocks: list[m.Block], *, tight: bool = False, item: str = "") -> str:
        """Blocks joined by a blank line (a newline if ``tight``); ``item`` is the marker
        of the list item they are in, if any."""
        out: list[str] = []
        previous: m.Block | None = None
        previous_marker = ""
        for block in _prune(blocks):
            marker = ""
            if isinstance(block, m.BulletList | m.OrderedList):
                # Two lists in a row need different markers, or they become one list; and
                # `- - -` (a list first in an item of a list …) would be a rule.
                plain, other = ("-", "+") if isinstance(block, m.BulletList) else (".", ")")
                after_list = type(previous) is type(block) and previous_marker == plain
                marker = other if after_list or (previous is None and item == plain) else plain
            text = self.block(block, marker)
            if isinstance(block, m.ThematicBreak) and item:
                text = "***"  # `- ---` is a rule, not an item; `---` under a line, a heading
            out.append(text)
            previous, previous_marker = block, marker
        return ("\n" if tight else "\n\n").join(out)

    def block(self, block: m.Block, marker: str) -> str:
        if isinstance(block, m.Paragraph):
            text = self.inlines(block.inlines)
            return "\n".join(escape_line_start(line) for line in text.split("\n"))
        if isinstance(block, m.Heading):
            text = self.inlines(block.inlines, heading=True)
            if text.endswith("#"):
                text = text[:-1] + "\\#"
            return "#" * min(max(block.level, 1), 6) + (" " + text if text else "")
        if isinstance(block, m.BulletList):
            tight = _writes_tight(block)
            return self.items(block.items, [marker] * len(block.items), tight)
        if isinstance(block, m.OrderedList):
            tight = _writes_tight(block)
            numbers = [f"{block.start + i}{marker}" for i in range(len(block.items))]
            return self.items(block.items, numbers, tight)
        if isinstance(block, m.BlockQuote):
            body = self.blocks(block.blocks)
            return "\n".join("> " + line if line else ">" for line in body.split("\n"))
        if isinstance(block, m.ThematicBreak):
            return "---"
        raise TypeError(f"not a block: {block!r}")

    def items(self, items: list[m.ListItem], markers: list[str], tight: bool) -> str:
        out = []
        for item, marker in zip(items, markers, strict=True):
            body = self.blocks(item.blocks, tight=tight, item=marker)
            out.append(_indent(body, marker + " ", " " * (len(marker) + 1)))
        return ("\n" if tight else "\n\n").join(out)

    def inlines(self, inlines: list[m.Inline], *, heading: bool = False) -> str:
        pieces: Pieces = []
        self.add(pieces, _tidy(inlines), heading)
        return flank(pieces, before=" ", after=" ")

    def add(self, pieces: Pieces, inlines: list[m.Inline], heading: bool) -> None:
        for i, inline in enumerate(inlines):
            if isinstance(inline, m.Text):
                nxt = inlines[i + 1] if i + 1 < len(inlines) else None
                prev = inlines[i - 1] if i else None
                pieces.append(
                    escape_text(
                        inline.text,
                        before_bracket=isinstance(nxt, m.Link | m.Note | m.CiteGroup),
                        after_bracket=isinstance(prev, m.Link | m.Note | m.CiteGroup),
                    )
                )
            elif isinstance(inline, m.Emph | m.Strong):
                pair = Delim(2 if isinstance(inline, m.Strong) else 1)
                pieces.append((pair, True))
                self.add(pieces, inline.children, heading)
                pieces.append((pair, False))
            elif isinstance(inline, m.Code):
                pieces.append(code_span(inline.text))
            elif isinstance(inline, m.Link):
                pieces.append(self.link(inline, heading))
            elif isinstance(inline, m.SoftBreak):
                pieces.append(" " if heading else "\n")
            elif isinstance(inline, m.LineBreak):
                pieces.append(" " if heading else "\\\n")
            elif isinstance(inline, m.Note):
                pieces.append(self.note(inline))
            else:
                pieces.append(inline.source.replace("\n", " ") if heading else inline.source)

    def link(self, link: m.Link, heading: bool) -> str:
        children = link.children
        if len(children) == 1 and isinstance(children[0], m.Text):
            text = children[0].text
            if text == link.url and AUTOLINK.fullmatch(text):
                return f"<{text}>"
            if link.url == "mailto:" + text and EMAIL.fullmatch(text):
                return f"<{text}>"
        pieces: Pieces = []
        self.add(pieces, children, heading)
        label = flank(pieces, before="[", after=" ")
        return f"[{label}]({link_destination(link.url)})"

    def note(self, note: m.Note) -> str:
        if self.options.keep_citations and note.citation is not None:
            return note.citation.source
        self.notes.append(note)
        return f"[^{len(self.notes)}]"
