"""The document model → CommonMark with footnotes (SPEC §11).

Notes are numbered ``[^1]``, ``[^2]`` … in reading order, plain footnotes and resolved
citations alike, with their definitions at the end. Text is escaped just enough that
reading the output back (with :mod:`pleitbrief.markup.parse`, or pandoc) gives the same
text: a few characters always (``\\ * _ [ ] < ` ~ ^ $``), others only where they would
start something (``#``, ``1.``, ``-`` at a line start; ``&`` before an entity name).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from pleitbrief.markup.model import (
    Block,
    BlockQuote,
    BulletList,
    CiteGroup,
    Code,
    Document,
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
    ThematicBreak,
)
from pleitbrief.markup.walk import WHITESPACE, tidy_inlines
from pleitbrief.writers import WriteOptions

__all__ = ["MarkdownOptions", "render", "render_document"]


@dataclass(frozen=True)
class MarkdownOptions:
    keep_citations: bool = False
    """Write citation groups as their ``[@key]`` source, for pandoc users."""


def render(doc: Document, options: MarkdownOptions = MarkdownOptions()) -> str:
    """The document as CommonMark text, footnote definitions at the end.

    A ``Note`` made from a citation (``citation`` set) is a footnote like any other,
    unless ``keep_citations`` asks for its ``[@key]`` source; a ``CiteGroup`` the cite
    stage has not resolved is written as its source either way.
    """
    return _Writer(options).document(doc.blocks)


def render_document(doc: Document, options: WriteOptions) -> str:
    """The writers registry's entry point (see :mod:`pleitbrief.writers`)."""
    return render(doc, MarkdownOptions(keep_citations=options.keep_citations))


_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_ALWAYS = frozenset("\\`*_[]<~^$")
_ORDERED = re.compile(r"(\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)([.)])(?=[ \t]|$)")
_BULLET = re.compile(r"[-+](?=[ \t]|$)|[- \t]+$|=+[ \t]*$|~~~")
_LABEL = re.compile(r"\[(?:\\.|[^\]\\])*\]:")
_AUTOLINK = re.compile(r"[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*")


def escape_text(text: str, *, before_bracket: bool = False, after_bracket: bool = False) -> str:
    """Escape a text run; the flags say a ``[…]`` construct follows or precedes it."""
    out = []
    for i, c in enumerate(text):
        if (
            c in _ALWAYS
            or (c == "&" and _ENTITY.match(text, i))
            or (c == "!" and before_bracket and i == len(text) - 1)
            or (c in "({" and after_bracket and i == 0)
            or (c == "@" and (i == 0 or not text[i - 1].isalnum()) and _pandoc_key(text, i + 1))
        ):
            out.append("\\" + c)
        else:
            out.append(c)
    return "".join(out)


def _pandoc_key(text: str, i: int) -> bool:
    """Would pandoc read ``@`` before ``text[i]`` as an in-text citation?"""
    return i == len(text) or text[i].isalnum() or text[i] in "_{"


def escape_line_start(line: str) -> str:
    """Escape what would make a paragraph line start a heading, list, quote or the like."""
    if m := _ORDERED.match(line):
        return f"{m[1]}\\{m[2]}{line[m.end():]}"
    if _BULLET.match(line) or line[:1] in ("#", ">", "|", "%", ":"):
        return "\\" + line
    if m := _LABEL.match(line):  # `[^1]: …` would be a footnote definition
        return f"{line[: m.end() - 1]}\\:{line[m.end():]}"
    return line


def code_span(text: str) -> str:
    text = text.replace("\n", " ")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = text[:1] == "`" or text[-1:] == "`" or (text[:1] == text[-1:] == " " and text.strip())
    return f"{fence} {text} {fence}" if pad else f"{fence}{text}{fence}"


def link_destination(url: str) -> str:
    depth = 0
    for c in url:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            break
    if not url or depth or re.search(r"[\s<>\x00-\x1f]", url):
        return "<" + re.sub(r"([\\<>])", r"\\\1", url) + ">"
    return re.sub(r"\\|&(?=[#A-Za-z])", lambda m: "\\" + m[0], url)


def _tight_pair(first: Block, second: Block) -> bool:
    """Can ``second`` follow ``first`` in a list item without a blank line?"""
    if isinstance(first, Heading | ThematicBreak):
        return True
    if not isinstance(first, Paragraph):
        return False
    if isinstance(second, BulletList | OrderedList):  # may it interrupt a paragraph?
        first_item = bool(second.items and second.items[0].blocks)
        return first_item and (isinstance(second, BulletList) or second.start == 1)
    return isinstance(second, Heading | BlockQuote | ThematicBreak)


def _writes_tight(block: BulletList | OrderedList) -> bool:
    if not block.tight:
        return len(block.items) == 1 and len(block.items[0].blocks) <= 1
    return all(_tight_pair(a, b) for i in block.items for a, b in pairwise(i.blocks))


def _indent(body: str, first: str, rest: str) -> str:
    lines = body.split("\n")
    tail = [rest + line if line else "" for line in lines[1:]]
    return "\n".join([first + lines[0] if lines[0] else first.rstrip(), *tail])


class _Writer:
    def __init__(self, options: MarkdownOptions) -> None:
        self.options = options
        self.notes: list[Note] = []

    def document(self, blocks: list[Block]) -> str:
        parts = [self.blocks(blocks)]
        done = 0
        while done < len(self.notes):  # a note may hold notes: they join the queue
            note = self.notes[done]
            done += 1
            body = self.blocks(note.blocks)
            parts.append(_indent(body, f"[^{done}]: ", "    ") if body else f"[^{done}]:")
        text = "\n\n".join(part for part in parts if part)
        return text + "\n" if text else ""

    def blocks(self, blocks: list[Block], *, tight: bool = False, item: bool = False) -> str:
        out: list[str] = []
        previous: Block | None = None
        previous_marker = ""
        for block in blocks:
            marker = ""
            if isinstance(block, BulletList | OrderedList):
                # Two lists in a row need different markers, or they become one list.
                same = type(previous) is type(block)
                plain = "-" if isinstance(block, BulletList) else "."
                other = "+" if isinstance(block, BulletList) else ")"
                marker = other if same and previous_marker == plain else plain
            text = self.block(block, marker)
            if isinstance(block, ThematicBreak) and item:
                text = "***"  # `- ---` is a rule, not an item; `---` under a line, a heading
            if text or not isinstance(block, Paragraph):
                out.append(text)
                previous, previous_marker = block, marker
        return ("\n" if tight else "\n\n").join(out)

    def block(self, block: Block, marker: str) -> str:
        if isinstance(block, Paragraph):
            text = self.inlines(block.inlines)
            return "\n".join(escape_line_start(line) for line in text.split("\n"))
        if isinstance(block, Heading):
            text = self.inlines(block.inlines, heading=True)
            if text.endswith("#"):
                text = text[:-1] + "\\#"
            return "#" * min(max(block.level, 1), 6) + (" " + text if text else "")
        if isinstance(block, BulletList):
            tight = _writes_tight(block)
            return self.items(block.items, [marker] * len(block.items), tight)
        if isinstance(block, OrderedList):
            tight = _writes_tight(block)
            numbers = [f"{block.start + i}{marker}" for i in range(len(block.items))]
            return self.items(block.items, numbers, tight)
        if isinstance(block, BlockQuote):
            body = self.blocks(block.blocks)
            return "\n".join("> " + line if line else ">" for line in body.split("\n"))
        if isinstance(block, ThematicBreak):
            return "---"
        raise TypeError(f"not a block: {block!r}")

    def items(self, items: list[ListItem], markers: list[str], tight: bool) -> str:
        out = []
        for item, marker in zip(items, markers, strict=True):
            body = self.blocks(item.blocks, tight=tight, item=True)
            out.append(_indent(body, marker + " ", " " * (len(marker) + 1)))
        return ("\n" if tight else "\n\n").join(out)

    def inlines(self, inlines: list[Inline], *, heading: bool = False) -> str:
        pieces = Pieces()
        self.add(pieces, tidy_inlines(inlines, block=True), heading)
        return flank(pieces, before=" ", after=" ")

    def add(self, pieces: Pieces, inlines: list[Inline], heading: bool) -> None:
        for i, inline in enumerate(inlines):
            if isinstance(inline, Text):
                nxt = inlines[i + 1] if i + 1 < len(inlines) else None
                prev = inlines[i - 1] if i else None
                pieces.text(escape_text(
                    inline.text,
                    before_bracket=isinstance(nxt, Link | Note | CiteGroup),
                    after_bracket=isinstance(prev, Link | Note | CiteGroup),
                ))
            elif isinstance(inline, Emph | Strong):
                pair = pieces.open(2 if isinstance(inline, Strong) else 1)
                self.add(pieces, inline.children, heading)
                pieces.close(pair)
            elif isinstance(inline, Code):
                pieces.text(code_span(inline.text))
            elif isinstance(inline, Link):
                pieces.text(self.link(inline, heading))
            elif isinstance(inline, SoftBreak):
                pieces.text(" " if heading else "\n")
            elif isinstance(inline, LineBreak):
                pieces.text(" " if heading else "\\\n")
            elif isinstance(inline, Note):
                pieces.text(self.note(inline))
            else:
                pieces.text(inline.source.replace("\n", " ") if heading else inline.source)

    def link(self, link: Link, heading: bool) -> str:
        children = link.children
        if len(children) == 1 and isinstance(children[0], Text):
            text = children[0].text
            if text == link.url and _AUTOLINK.fullmatch(text):
                return f"<{text}>"
            if link.url == "mailto:" + text and _EMAIL.fullmatch(text):
                return f"<{text}>"
        pieces = Pieces()
        self.add(pieces, children, heading)
        label = flank(pieces, before="[", after=" ")
        return f"[{label}]({link_destination(link.url)})"

    def note(self, note: Note) -> str:
        if self.options.keep_citations and note.citation is not None:
            return note.citation.source
        self.notes.append(note)
        return f"[^{len(self.notes)}]"


# --- emphasis ------------------------------------------------------------------------
# `*` and `**` only work where CommonMark's flanking rules let them. Emphasis that touches
# other emphasis uses `_` so the runs stay apart; where a delimiter sits between a letter
# and punctuation, that letter is written as a character reference (`&#97;`).


class _Delim:
    __slots__ = ("char", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self.char = ""


class Pieces:
    """Rendered inline Markdown with its emphasis delimiters still to be chosen."""

    def __init__(self) -> None:
        self.items: list[str | tuple[_Delim, bool]] = []

    def text(self, text: str) -> None:
        if text:
            self.items.append(text)

    def open(self, size: int) -> _Delim:
        delim = _Delim(size)
        self.items.append((delim, True))
        return delim

    def close(self, delim: _Delim) -> None:
        self.items.append((delim, False))


def _punct(c: str) -> bool:
    return unicodedata.category(c).startswith(("P", "S"))


def _can(opening: bool, char: str, last: str, nxt: str) -> bool:
    """markdown-it's ``scanDelims``: can this run open (or close) emphasis?"""
    last_p, next_p = _punct(last), _punct(nxt)
    last_w, next_w = last in WHITESPACE, nxt in WHITESPACE
    left = not (next_w or (next_p and not (last_w or last_p)))
    right = not (last_w or (last_p and not (next_w or next_p)))
    if opening:
        return left and (char == "*" or not right or last_p)
    return right and (char == "*" or not left or next_p)


def flank(pieces: Pieces, *, before: str, after: str) -> str:
    """Choose the delimiters, make them open and close where meant, and join."""
    items = pieces.items
    touching: dict[_Delim, list[_Delim]] = {}
    for a, b in pairwise(items):
        if isinstance(a, tuple) and isinstance(b, tuple):
            touching.setdefault(a[0], []).append(b[0])
            touching.setdefault(b[0], []).append(a[0])
    for item in items:
        if isinstance(item, tuple) and not item[0].char:
            item[0].char = "*"
            todo = [item[0]]
            while todo:
                delim = todo.pop()
                for other in touching.get(delim, []):
                    if not other.char:
                        other.char = "_" if delim.char == "*" else "*"
                        todo.append(other)
    for k, item in enumerate(items):
        if isinstance(item, str):
            continue
        delim, opening = item
        prev, nxt = items[k - 1] if k else before, items[k + 1] if k + 1 < len(items) else after
        last = prev[-1] if isinstance(prev, str) else prev[0].char
        first = nxt[0] if isinstance(nxt, str) else nxt[0].char
        if _can(opening, delim.char, last, first):
            continue
        if opening and k and isinstance(prev, str) and not _punct(last):
            items[k - 1] = f"{prev[:-1]}&#{ord(last)};"
        elif not opening and k + 1 < len(items) and isinstance(nxt, str) and not _punct(first):
            items[k + 1] = f"&#{ord(first)};{nxt[1:]}"
    return "".join(i if isinstance(i, str) else i[0].char * i[0].size for i in items)
