"""The cite stage: every citation group of a document becomes a footnote in a style.

As pandoc does with a note style, a group in running text becomes a ``Note`` of its own
(the space before it dropped, punctuation right after it moved in front of the mark),
while a group inside a plain footnote is written into that footnote, in place, instead of
nesting a note in a note. Plain and citation notes keep their document order; the writers
number them.

A style that needs the whole document (a CSL style: ibid, short forms after the first
note) gets every group at once, each with the number of its footnote; the document is
walked twice in the same order, once to collect the groups and once to place the texts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import field, replace

from pleitbrief.cite.styles import NoteStyle, PlacedGroup, WholeDocumentStyle
from pleitbrief.library.entry import Entry
from pleitbrief.markup.model import (
    Block,
    BlockQuote,
    BulletList,
    CiteGroup,
    Document,
    Emph,
    Heading,
    Inline,
    Link,
    ListItem,
    Note,
    OrderedList,
    Paragraph,
    Strong,
    Text,
)
from pleitbrief.records import record


def resolve_citations(doc: Document, entries: Mapping[str, Entry], style: NoteStyle) -> Document:
    """A copy of ``doc`` with each ``CiteGroup`` turned into footnote text by ``style``.

    Keys missing from ``entries`` show as ``?key``: reporting them is the checks' job,
    done before export; this stage only makes sure export never fails on them.

    Raises:
        pleitbrief.cite.csl.CiteprocError: a CSL style's engine failed.
    """
    return start_resolving(doc, entries, style).result()


def start_resolving(doc: Document, entries: Mapping[str, Entry], style: NoteStyle) -> Resolving:
    """:func:`resolve_citations` begun: a whole-document style's engine (pandoc for a CSL
    style) starts in the background, so the caller can do other work until ``result()``."""
    resolving = Resolving(doc, entries, style)
    if isinstance(style, WholeDocumentStyle):
        collector = _Resolver(entries, style, collected=[])
        for block in doc.blocks:
            collector.block(block, in_note=False)
        groups = collector.collected or []
        if not getattr(style, "in_process", False):
            resolving.worker = threading.Thread(
                target=resolving.format, args=(style, groups), name="citeproc", daemon=True
            )
            resolving.worker.start()
        else:  # Python work: a thread would only take turns with this one
            resolving.format(style, groups)
    return resolving


@record
class Resolving:
    """Citations being resolved; :meth:`result` waits for the style's engine if it runs."""

    doc: Document
    entries: Mapping[str, Entry]
    style: NoteStyle
    worker: threading.Thread | None = None
    texts: list[list[Inline]] | None = None
    failure: Exception | None = None

    def format(self, style: WholeDocumentStyle, groups: list[PlacedGroup]) -> None:
        try:
            self.texts = style.format_groups(groups, self.entries)
        except Exception as exc:  # handed to the caller's thread by result()
            self.failure = exc

    def result(self) -> Document:
        if self.worker is not None:
            self.worker.join()
        if self.failure is not None:  # from the thread, or from formatting in this one
            raise self.failure
        texts = iter(self.texts) if self.texts is not None else None
        resolver = _Resolver(self.entries, self.style, texts=texts)
        blocks = [resolver.block(b, in_note=False) for b in self.doc.blocks]
        return Document(blocks, replace(self.doc.meta))


@record
class _Resolver:
    entries: Mapping[str, Entry]
    style: NoteStyle
    texts: Iterator[list[Inline]] | None = None
    """The texts of a whole-document style, in document order."""
    collected: list[PlacedGroup] | None = None
    """When set, the walk only collects the groups (with their places) into this list."""
    note: int = 0
    """The number of the footnote last met (plain or citation)."""
    first_in_note: Inline | None = field(default=None, repr=False)
    """The inline a plain note starts with, if that note is one paragraph."""

    def block(self, block: Block, in_note: bool) -> Block:
        match block:
            case Paragraph(inlines):
                return Paragraph(self.inlines(inlines, in_note))
            case Heading(level, inlines):
                return Heading(level, self.inlines(inlines, in_note))
            case BulletList(items, tight):
                return BulletList([self.item(i, in_note) for i in items], tight)
            case OrderedList(items, start, tight):
                return OrderedList([self.item(i, in_note) for i in items], start, tight)
            case BlockQuote(blocks):
                return BlockQuote([self.block(b, in_note) for b in blocks])
        return block

    def item(self, item: ListItem, in_note: bool) -> ListItem:
        return ListItem([self.block(b, in_note) for b in item.blocks])

    def inlines(self, inlines: list[Inline], in_note: bool) -> list[Inline]:
        out: list[Inline] = []
        period_before = False  # an in-note citation's text just ended in a period
        for inline in inlines:
            if period_before and isinstance(inline, Text):
                inline = _without_second_period(inline)
                if not inline.text:
                    continue
            period_before = False
            match inline:
                case CiteGroup():
                    if not in_note:
                        self.note += 1
                    text = self.format(inline, in_note)
                    if in_note or not getattr(self.style, "notes", True):
                        out.extend(text)
                        period_before = in_note and _ends_in_period(text)
                    else:
                        out.append(Note([Paragraph(text)], citation=inline))
                case Note(blocks, None) if not in_note:
                    self.note += 1
                    self.first_in_note = _first_inline(blocks)
                    out.append(Note([self.block(b, in_note=True) for b in blocks]))
                case Note(blocks, None):  # a note in a note: part of the outer one
                    out.append(Note([self.block(b, in_note=True) for b in blocks]))
                case Note() if not in_note:  # resolved before: still a footnote
                    self.note += 1
                    out.append(inline)
                case Emph(children):
                    out.append(Emph(self.inlines(children, in_note)))
                case Strong(children):
                    out.append(Strong(self.inlines(children, in_note)))
                case Link(url, children):
                    out.append(Link(url, self.inlines(children, in_note)))
                case _:  # text, code, breaks, and notes already resolved
                    out.append(inline)
        return out if in_note else _place_citation_notes(out)

    def format(self, group: CiteGroup, in_note: bool) -> list[Inline]:
        if self.collected is not None:
            starts = in_note and group is self.first_in_note
            self.collected.append(PlacedGroup(group, self.note, in_note, starts))
            return []
        text = next(self.texts) if self.texts is not None else None
        if text is None:
            text = self.style.format_group(group, self.entries)
        # a group with nothing to show keeps its source, so no footnote is ever empty
        return text or [Text(group.source)]


def _first_inline(blocks: list[Block]) -> Inline | None:
    """What a note of one paragraph starts with (pandoc's test for "first in the note")."""
    if len(blocks) == 1 and isinstance(blocks[0], Paragraph) and blocks[0].inlines:
        return blocks[0].inlines[0]
    return None


def _ends_in_period(out: list[Inline]) -> bool:
    if not out:
        return False
    last = out[-1]
    while isinstance(last, Emph | Strong | Link) and last.children:
        last = last.children[-1]
    return isinstance(last, Text) and last.text.endswith(".")


def _without_second_period(text: Text) -> Text:
    """pandoc's rule: ``[@key].`` after a citation that ends in a period keeps one period."""
    if text.text == "." or (text.text.startswith(".") and text.text[1:2].isspace()):
        return Text(text.text[1:])
    return text


_MOVES_BEFORE_NOTE = ".,;:!?"


def _place_citation_notes(inlines: list[Inline]) -> list[Inline]:
    """Put each citation note where a footnote mark goes, as pandoc does for note styles.

    ``tekst [@a].`` reads ``tekst.¹``: the space before the group goes, and punctuation
    that follows it comes before the mark.
    """
    out: list[Inline] = []
    pending: list[Inline] = list(inlines)
    pending.reverse()
    while pending:
        inline = pending.pop()
        if not (isinstance(inline, Note) and inline.citation is not None):
            out.append(inline)
            continue
        if out and isinstance(out[-1], Text):
            before = out[-1].text.rstrip(" ")
            if before:
                out[-1] = Text(before)
            else:
                out.pop()
        if pending and isinstance(pending[-1], Text):
            after = pending[-1].text
            moved = len(after) - len(after.lstrip(_MOVES_BEFORE_NOTE))
            if moved:
                if out and isinstance(out[-1], Text):
                    out[-1] = Text(out[-1].text + after[:moved])
                else:
                    out.append(Text(after[:moved]))
                pending[-1] = Text(after[moved:])
                if not after[moved:]:
                    pending.pop()
        out.append(inline)
    return out
