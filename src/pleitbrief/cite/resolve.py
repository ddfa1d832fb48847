"""The cite stage: every citation group of a document becomes a footnote in a style.

As pandoc does with a note style, a group in running text becomes a ``Note`` of its own
(the space before it dropped, punctuation right after it moved in front of the mark),
while a group inside a plain footnote is written into that footnote, in place, instead of
nesting a note in a note. Plain and citation notes keep their document order; the writers
number them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from pleitbrief.cite.styles import NoteStyle
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


def resolve_citations(doc: Document, entries: Mapping[str, Entry], style: NoteStyle) -> Document:
    """A copy of ``doc`` with each ``CiteGroup`` turned into footnote text by ``style``.

    Keys missing from ``entries`` show as ``?key``: reporting them is the checks' job,
    done before export; this stage only makes sure export never fails on them.
    """
    resolver = _Resolver(entries, style)
    return Document([resolver.block(b, in_note=False) for b in doc.blocks], replace(doc.meta))


@dataclass(slots=True)
class _Resolver:
    entries: Mapping[str, Entry]
    style: NoteStyle

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
        for inline in inlines:
            match inline:
                case CiteGroup():
                    text = self.format(inline)
                    if in_note:
                        out.extend(text)
                    else:
                        out.append(Note([Paragraph(text)], citation=inline))
                case Note(blocks, None):
                    out.append(Note([self.block(b, in_note=True) for b in blocks]))
                case Emph(children):
                    out.append(Emph(self.inlines(children, in_note)))
                case Strong(children):
                    out.append(Strong(self.inlines(children, in_note)))
                case Link(url, children):
                    out.append(Link(url, self.inlines(children, in_note)))
                case _:  # text, code, breaks, and notes already resolved
                    out.append(inline)
        return out if in_note else _place_citation_notes(out)

    def format(self, group: CiteGroup) -> list[Inline]:
        # a group with nothing to show keeps its source, so no footnote is ever empty
        return self.style.format_group(group, self.entries) or [Text(group.source)]


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
