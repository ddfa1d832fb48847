"""Small traversals of the document model (and its tidying), shared by the stages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from pleitbrief.markup.model import (
    Block,
    BlockQuote,
    BulletList,
    Code,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Note,
    OrderedList,
    Paragraph,
    SoftBreak,
    Strong,
    Text,
)


def child_blocks(block: Block) -> list[Block]:
    """The blocks directly inside a container block (list items flattened)."""
    if isinstance(block, BlockQuote):
        return block.blocks
    if isinstance(block, BulletList | OrderedList):
        return [b for item in block.items for b in item.blocks]
    return []


def block_inlines(block: Block) -> list[Inline]:
    """The inlines of a paragraph or heading; empty for other blocks."""
    return block.inlines if isinstance(block, Paragraph | Heading) else []


def iter_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block, containers before their contents (notes are not entered)."""
    for block in blocks:
        yield block
        yield from iter_blocks(child_blocks(block))


def iter_inlines(blocks: Iterable[Block], *, notes: bool = True) -> Iterator[Inline]:
    """Every inline in reading order, nested ones after their parent.

    With ``notes`` (the default) the inside of each ``Note`` comes right after the note,
    so citation groups inside footnotes are met in footnote-numbering order.
    """
    for block in blocks:
        yield from _walk(block_inlines(block), notes)
        yield from iter_inlines(child_blocks(block), notes=notes)


def _walk(inlines: Iterable[Inline], notes: bool) -> Iterator[Inline]:
    for inline in inlines:
        yield inline
        if isinstance(inline, Emph | Strong | Link):
            yield from _walk(inline.children, notes)
        elif isinstance(inline, Note) and notes:
            yield from iter_inlines(inline.blocks)


Replace = Callable[[Inline], list[Inline] | None]


def map_inlines(blocks: Iterable[Block], replace: Replace) -> list[Block]:
    """A copy of ``blocks`` where ``replace`` may swap any inline for a list of inlines.

    ``replace`` returns None to keep an inline (its children are then mapped too), or the
    inlines to put in its place (taken as they are). Notes' blocks are mapped as well.
    """
    return [_map_block(block, replace) for block in blocks]


def _map_block(block: Block, replace: Replace) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(map_inline_list(block.inlines, replace))
    if isinstance(block, Heading):
        return Heading(block.level, map_inline_list(block.inlines, replace))
    if isinstance(block, BlockQuote):
        return BlockQuote(map_inlines(block.blocks, replace))
    if isinstance(block, BulletList):
        items = [ListItem(map_inlines(i.blocks, replace)) for i in block.items]
        return BulletList(items, block.tight)
    if isinstance(block, OrderedList):
        items = [ListItem(map_inlines(i.blocks, replace)) for i in block.items]
        return OrderedList(items, block.start, block.tight)
    return block


def map_inline_list(inlines: Iterable[Inline], replace: Replace) -> list[Inline]:
    """:func:`map_inlines` for a list of inlines."""
    out: list[Inline] = []
    for inline in inlines:
        new = replace(inline)
        if new is not None:
            out.extend(new)
        elif isinstance(inline, Emph):
            out.append(Emph(map_inline_list(inline.children, replace)))
        elif isinstance(inline, Strong):
            out.append(Strong(map_inline_list(inline.children, replace)))
        elif isinstance(inline, Link):
            out.append(Link(inline.url, map_inline_list(inline.children, replace)))
        elif isinstance(inline, Note):
            out.append(Note(map_inlines(inline.blocks, replace), inline.citation))
        else:
            out.append(inline)
    return out


# --- tidying -------------------------------------------------------------------------

WHITESPACE = "\t\n\v\f\r \xa0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
"""Unicode whitespace as CommonMark (and markdown-it) counts it."""


def tidy_inlines(inlines: Iterable[Inline], *, block: bool = False) -> list[Inline]:
    """An equivalent, canonical copy of ``inlines``, as a Markdown reader would give back.

    Adjacent texts, code spans and same emphasis merge; empty ones go; emphasis inside
    the same emphasis and links inside links are flattened; whitespace and breaks at
    the edges of emphasis move outside it; a newline in a text becomes a ``SoftBreak``.
    With ``block`` (the whole content of a paragraph or heading) the edges are trimmed,
    runs of breaks become one, and the spaces around a break are dropped.
    """
    out = _tidy(list(inlines), set())
    return _trim_block(out) if block else out


def _tidy(inlines: list[Inline], inside: set[type]) -> list[Inline]:
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text):
            lines = inline.text.replace("\r\n", "\n").split("\n")
            for i, line in enumerate(lines):
                if i:
                    _push(out, SoftBreak())
                _push(out, Text(line))
        elif isinstance(inline, Emph | Strong | Link):
            kind = type(inline)
            children = _tidy(inline.children, inside | {kind})
            if kind in inside:
                for child in children:
                    _push(out, child)
            elif isinstance(inline, Link):
                out.append(Link(inline.url, children))
            else:
                lead, core, trail = _hoist(children)
                wrapped = Emph(core) if kind is Emph else Strong(core)
                for child in [*lead, *([wrapped] if core else []), *trail]:
                    _push(out, child)
        else:
            _push(out, inline)
    return _trim_breaks(out)


def _trim_breaks(inlines: list[Inline]) -> list[Inline]:
    """One break where there are several; no spaces before a break or after it."""
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, SoftBreak | LineBreak):
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text.rstrip(" "))
                if not out[-1].text:
                    out.pop()
            if out and isinstance(out[-1], SoftBreak | LineBreak):
                if isinstance(inline, LineBreak):
                    out[-1] = inline
                continue
        elif isinstance(inline, Text) and out and isinstance(out[-1], SoftBreak | LineBreak):
            inline = Text(inline.text.lstrip(" \t"))
        _push(out, inline)
    return out


def _push(out: list[Inline], inline: Inline) -> None:
    last = out[-1] if out else None
    if isinstance(inline, Text | Code) and not inline.text:
        return
    if isinstance(last, Text) and isinstance(inline, Text):
        out[-1] = Text(last.text + inline.text)
    elif isinstance(last, Code) and isinstance(inline, Code):
        out[-1] = Code(last.text + inline.text)
    elif isinstance(last, Emph) and isinstance(inline, Emph):
        out[-1] = Emph(_tidy([*last.children, *inline.children], {Emph}))
    elif isinstance(last, Strong) and isinstance(inline, Strong):
        out[-1] = Strong(_tidy([*last.children, *inline.children], {Strong}))
    else:
        out.append(inline)


def _hoist(children: list[Inline]) -> tuple[list[Inline], list[Inline], list[Inline]]:
    """Split off the whitespace and breaks at both ends of an emphasis' content."""
    lead: list[Inline] = []
    trail: list[Inline] = []
    core = list(children)
    while core and (isinstance(core[0], SoftBreak | LineBreak) or _starts_blank(core[0])):
        first = core.pop(0)
        if isinstance(first, Text) and first.text.lstrip(WHITESPACE):
            stripped = first.text.lstrip(WHITESPACE)
            lead.append(Text(first.text[: len(first.text) - len(stripped)]))
            core.insert(0, Text(stripped))
        else:
            lead.append(first)
    while core and (isinstance(core[-1], SoftBreak | LineBreak) or _ends_blank(core[-1])):
        last = core.pop()
        if isinstance(last, Text) and last.text.rstrip(WHITESPACE):
            stripped = last.text.rstrip(WHITESPACE)
            trail.insert(0, Text(last.text[len(stripped) :]))
            core.append(Text(stripped))
        else:
            trail.insert(0, last)
    return lead, core, trail


def _starts_blank(inline: Inline) -> bool:
    return isinstance(inline, Text) and inline.text[:1] in WHITESPACE and inline.text != ""


def _ends_blank(inline: Inline) -> bool:
    return isinstance(inline, Text) and inline.text[-1:] in WHITESPACE and inline.text != ""


def _trim_block(inlines: list[Inline]) -> list[Inline]:
    out = list(inlines)
    while out and (isinstance(out[0], SoftBreak | LineBreak) or _starts_blank(out[0])):
        first = out.pop(0)
        if isinstance(first, Text) and first.text.lstrip(WHITESPACE):
            out.insert(0, Text(first.text.lstrip(WHITESPACE)))
    while out and (isinstance(out[-1], SoftBreak | LineBreak) or _ends_blank(out[-1])):
        last = out.pop()
        if isinstance(last, Text) and last.text.rstrip(WHITESPACE):
            out.append(Text(last.text.rstrip(WHITESPACE)))
    return _trim_breaks(out)
