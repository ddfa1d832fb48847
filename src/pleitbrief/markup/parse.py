"""Markdown (CommonMark + pandoc citations + footnotes) → the document model.

markdown-it-py does the parsing: the CommonMark preset without raw HTML (a ``<`` in a
letter is text), mdit-py-plugins' footnotes (``^[…]`` and ``[^label]``) and our
citation rule (:mod:`pleitbrief.markup.citations`). This module turns its tokens into
model objects. Each footnote reference becomes a ``Note`` in place, holding a fresh copy
of the footnote's blocks; numbering is left to the writers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from pleitbrief.markup.citations import LOCATE, citations_plugin, fast_labels_plugin
from pleitbrief.markup.model import (
    Block,
    BlockQuote,
    BulletList,
    CiteGroup,
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
    ThematicBreak,
)
from pleitbrief.markup.walk import iter_inlines

__all__ = ["find_citation_groups", "markdown_parser", "parse_inline", "parse_markdown"]


@cache
def markdown_parser() -> MarkdownIt:
    """The shared markdown-it parser (CommonMark, no raw HTML, footnotes, citations)."""
    md = MarkdownIt("commonmark").disable(["html_block", "html_inline"])
    md.use(footnote_plugin)
    md.use(citations_plugin)
    md.use(fast_labels_plugin)
    md.core.ruler.at("inline", _inline_with_places)
    footnote_inline = md.inline.ruler.__rules__[md.inline.ruler.__find__("footnote_inline")].fn
    md.inline.ruler.at("footnote_inline", _keep_offset(footnote_inline))
    return md


def parse_markdown(text: str) -> list[Block]:
    """Parse Markdown into blocks; citation groups stay ``CiteGroup`` inlines."""
    tokens = markdown_parser().parse(text, {})
    return _Converter(tokens).document()


def parse_inline(text: str) -> list[Inline]:
    """Parse inline Markdown only (a citation's prefix or suffix, say): no blocks."""
    tokens = markdown_parser().parseInline(text, {})
    return _Converter([]).inlines(tokens[0].children or []) if tokens else []


def find_citation_groups(text: str) -> list[CiteGroup]:
    """Every citation group of ``text``, footnotes included, with its line and column.

    The order is the reading order of :func:`parse_markdown`'s model (a footnote's
    groups at the place of its reference); a group met twice (a ``[^label]`` footnote
    referenced twice) is listed once.
    """
    if "@" not in text:  # every citation names a key with '@': nothing to parse for
        return []
    seen: set[tuple[int, int, str]] = set()
    groups = []
    for inline in iter_inlines(parse_markdown(text)):
        if isinstance(inline, CiteGroup):
            place = (inline.line, inline.col, inline.source)
            if place not in seen:
                seen.add(place)
                groups.append(inline)
    return groups


# --- where each citation group is --------------------------------------------------
# markdown-it parses each paragraph's text on its own, without the block markers (`> `,
# list indents, `[^n]: `), and a `^[…]` note as a string of its own: keep track of both.

_CONTEXT = "pleitbrief_place_context"
_BASE = "pleitbrief_place_base"


def _inline_with_places(state: StateCore) -> None:
    """The core ``inline`` rule, telling the cite rule where each text starts."""
    lines = state.src.split("\n")
    state.env[LOCATE] = _place
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            state.env[_CONTEXT] = (token.map[0] if token.map else 0, token.content, lines)
            state.env[_BASE] = 0
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    for key in (LOCATE, _CONTEXT, _BASE):
        state.env.pop(key, None)


def _place(state: StateInline, pos: int, source: str) -> tuple[int, int]:
    """0-based line and column in the document of the group at ``pos`` in ``state.src``."""
    absolute = state.env[_BASE] + pos
    first_line, content, lines = state.env[_CONTEXT]
    line = first_line + content.count("\n", 0, absolute)
    content_col = absolute - (content.rfind("\n", 0, absolute) + 1)
    text = lines[line] if line < len(lines) else ""
    # The block markers were cut from the content: find the group in the source line, at
    # or after its column in the content.
    needle = source.split("\n", 1)[0]
    col = text.find(needle, content_col)
    if col < 0:
        col = text.find(needle)
    return line, col if col >= 0 else content_col


def _keep_offset(original: Callable[[StateInline, bool], bool]) -> Callable[..., bool]:
    """Wrap the ``^[…]`` rule, which parses the note as a new string, to keep its offset."""

    def footnote_inline(state: StateInline, silent: bool) -> bool:
        if silent:
            return original(state, silent)
        base = state.env.get(_BASE, 0)
        state.env[_BASE] = base + state.pos + 2
        try:
            return original(state, silent)
        finally:
            state.env[_BASE] = base

    return footnote_inline


# --- tokens → model ----------------------------------------------------------------


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token closing ``tokens[start]``."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return len(tokens) - 1


class _Converter:
    def __init__(self, tokens: list[Token]) -> None:
        self.footnotes: dict[int, list[Token]] = {}
        self.active: set[int] = set()
        end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), None)
        self.body = tokens if end is None else tokens[:end]
        current: list[Token] = []
        for token in tokens[len(self.body) :]:
            if token.type == "footnote_open":
                current = self.footnotes.setdefault(token.meta["id"], [])
            elif token.type not in ("footnote_close", "footnote_anchor", "footnote_block_close"):
                current.append(token)

    def document(self) -> list[Block]:
        return self.blocks(self.body)

    def blocks(self, tokens: list[Token]) -> list[Block]:
        out: list[Block] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            end = _closing(tokens, i) if token.nesting == 1 else i
            block = self.block(token, tokens[i + 1 : end])
            if block is not None:
                out.append(block)
            i = end + 1
        return out

    def block(self, token: Token, inner: list[Token]) -> Block | None:
        kind = token.type
        if kind == "paragraph_open":
            inlines = self.inlines(inner[0].children or []) if inner else []
            return Paragraph(inlines) if inlines else None
        if kind == "heading_open":
            return Heading(int(token.tag[1:]), self.inlines(inner[0].children or []))
        if kind == "blockquote_open":
            return BlockQuote(self.blocks(inner))
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(token, inner)
        if kind == "hr":
            return ThematicBreak()
        if kind in ("fence", "code_block"):
            # The model has no code block: keep the lines, in code font.
            lines: list[Inline] = []
            for line in token.content.rstrip("\n").split("\n"):
                lines += [LineBreak(), Code(line)] if lines else [Code(line)]
            return Paragraph(lines)
        return None

    def list_block(self, token: Token, inner: list[Token]) -> Block:
        items: list[ListItem] = []
        tight = True
        i = 0
        while i < len(inner):
            end = _closing(inner, i)
            item_tokens = inner[i + 1 : end]
            tight = tight and not any(
                t.type == "paragraph_open" and t.level == token.level + 2 and not t.hidden
                for t in item_tokens
            )
            items.append(ListItem(self.blocks(item_tokens)))
            i = end + 1
        if token.type == "bullet_list_open":
            return BulletList(items, tight)
        start = token.attrGet("start")
        return OrderedList(items, 1 if start is None else int(start), tight)

    def inlines(self, tokens: list[Token]) -> list[Inline]:
        root: list[Inline] = []
        stack = [root]
        for token in tokens:
            here = stack[-1]
            kind = token.type
            if kind in ("text", "text_special", "html_inline"):
                _add_text(here, token.content)
            elif kind == "softbreak":
                here.append(SoftBreak())
            elif kind == "hardbreak":
                here.append(LineBreak())
            elif kind == "code_inline":
                here.append(Code(token.content))
            elif kind in ("em_open", "strong_open", "link_open"):
                node: Emph | Strong | Link
                if kind == "em_open":
                    node = Emph([])
                elif kind == "strong_open":
                    node = Strong([])
                else:
                    node = Link(str(token.attrGet("href") or ""), [])
                here.append(node)
                stack.append(node.children)
            elif kind in ("em_close", "strong_close", "link_close") and len(stack) > 1:
                stack.pop()
            elif kind == "image":
                # No images in a letter: keep the alt text as a link to the picture.
                alt = self.inlines(token.children or [])
                here.append(Link(str(token.attrGet("src") or ""), alt))
            elif kind == "footnote_ref":
                note = self.note(token)
                if isinstance(note, Text):
                    _add_text(here, note.text)
                else:
                    here.append(note)
            elif kind == "cite_group":
                meta = token.meta
                # a copy of each (a [^label] note met twice gives two groups); their fields
                # are strings, so a shallow copy each is a deep one, at a tenth of the cost
                citations = [replace(c) for c in meta["citations"]]
                here.append(CiteGroup(citations, token.content, meta["line"], meta["col"]))
        return root

    def note(self, token: Token) -> Note | Text:
        number = token.meta["id"]
        if number in self.active or number not in self.footnotes:
            return Text(f"[^{token.meta.get('label', '')}]")  # a note citing itself
        self.active.add(number)
        try:
            return Note(self.blocks(self.footnotes[number]))
        finally:
            self.active.discard(number)


def _add_text(inlines: list[Inline], text: str) -> None:
    if not text:
        return
    if inlines and isinstance(inlines[-1], Text):
        inlines[-1].text += text
    else:
        inlines.append(Text(text))
