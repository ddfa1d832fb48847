"""CSL-JSON rich text into pandoc inlines, and the quote handling around it.

A CSL-JSON value may carry a little HTML-like markup (citeproc-js's "rich text"):
``<i>``, ``<b>``, ``<u>``, ``<sup>``, ``<sub>``, ``<sc>`` or ``<span
style="font-variant:small-caps;">``, ``<span class="nocase">`` (text case leaves it
alone), ``<span class="nodecor">`` and ``<span style="baseline">``, plus quotation marks
and apostrophes. pandoc's citeproc (0.13, ``parseCslJson`` in ``Citeproc.CslJson`` and
pandoc's ``fromCslJson``) reads it with a small parser, and the processor must read it the
same way, because text case, punctuation fixing and quote localisation all work on the
structure it gives. :func:`parse_rich_text` is that parser. Its rules:

- a tag is markup only when its closing tag follows; anything else (a lone ``<i>``, an
  unknown tag, ``<span style="font-style:normal;">``, ``&amp;``) stays text as written;
- ``"`` or ``'`` opens a quotation when a non-space follows and a matching close comes
  later; so do the open quotes of :class:`Quotes`, closed by their own close quote. The
  first matching close ends it (a quotation cannot hold one with the same mark), and an
  empty quotation is text. Which mark was used is forgotten: quotations nest, and only
  the nesting decides the marks printed (:func:`localize_quotes`);
- ``'`` or ``’`` between two letters or digits joins them with ``’`` ("it’s"), once
  per word; any other ``'`` that is not a quotation mark becomes ``’`` too;
- a space before ``;``, ``?``, ``!`` or ``»``, or after ``«``, becomes a narrow no-break
  space (French typography, whatever the language);
- whitespace becomes ``Space`` as in pandoc's ``B.text`` (a newline too: pandoc makes a
  ``SoftBreak`` there, which these inlines do not have), and pieces are joined as
  pandoc's builder joins them, except that two emphases that meet keep their words as
  separate ``Str`` (pandoc appends their contents without joining them);
- this grammar cannot fail: every character parses as text or as a symbol, so the
  "whole text literal on a parse error" fallback of citeproc never happens.

pandoc parses a CSL-JSON bibliography's values with citeproc's default marks (“ ” and
‘ ’, :data:`DEFAULT_QUOTES`) whatever the document's language, and a style's affixes and
``<text value>`` with the marks of the style's locale.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from pleitbrief.cite.citeproc.inlines import (
    SPACE,
    Inline,
    Inlines,
    Note,
    Quoted,
    Space,
    Span,
    Str,
    Styled,
    with_children,
)
from pleitbrief.cite.citeproc.textcase import is_alnum
from pleitbrief.records import record


@record(frozen=True)
class Quotes:
    """A locale's quotation marks: the terms ``open-quote``, ``close-quote``,
    ``open-inner-quote`` and ``close-inner-quote``."""

    open: str
    close: str
    open_inner: str
    close_inner: str


DEFAULT_QUOTES = Quotes("“", "”", "‘", "’")
"""citeproc's marks where a locale has none, and those it reads CSL-JSON values with."""

_APOSTROPHES = frozenset("'’")
_MARKUP_SPACES = frozenset(" \t\n\r")
"""The parser's whitespace (an explicit list, not ``isSpace``): what may not follow an
opening quote, and what may stand between the pieces of a span's attribute."""
_BUILDER_SPACES = frozenset(" \t\n\r")
"""Where pandoc's ``B.text`` breaks words."""
_NARROW = (("« ", "«\u202f"), (" »", "\u202f»"), (" !", "\u202f!"), (" ?", "\u202f?"))
_NARROW_LAST = (" ;", "\u202f;")
_MELDING = frozenset(("emph", "strong", "superscript", "subscript", "underline"))
"""Wrappers pandoc's builder joins when two meet (their contents appended as they are)."""


def _wrap(kind: str) -> Callable[[Inlines], Inlines]:
    return lambda inner: (Styled(kind, inner),)


def _span(cls: str) -> Callable[[Inlines], Inlines]:
    return lambda inner: (Span((cls,), inner),)


# The elements of the markup: how one opens (a tag, or ``<span`` and the pieces of its
# attribute, spaces allowed before each piece), the tag that ends it, what it becomes.
_ELEMENTS: tuple[tuple[str, tuple[str, ...], str, Callable[[Inlines], Inlines]], ...] = (
    ("<i>", (), "</i>", _wrap("emph")),
    ("<b>", (), "</b>", _wrap("strong")),
    ("<u>", (), "</u>", _wrap("underline")),
    ("<sc>", (), "</sc>", _wrap("smallcaps")),
    ("<sup>", (), "</sup>", _wrap("superscript")),
    ("<sub>", (), "</sub>", _wrap("subscript")),
    ("<span", ('class="nodecor"', ">"), "</span>", _span("nodecoration")),
    ("<span", ('class="nocase"', ">"), "</span>", _span("nocase")),
    ("<span", ('style="font-variant:', "small-caps;", '"', ">"), "</span>", _wrap("smallcaps")),
    ("<span", ('style="baseline">',), "</span>", lambda inner: inner),
)

_Parsed = tuple[Inlines, int] | None
"""What a parser gives: the inlines and where it stopped, or None where it fails."""


def parse_rich_text(text: str, quotes: Quotes = DEFAULT_QUOTES) -> Inlines:
    """``text`` (a CSL-JSON value, an affix, a ``<text value>``) as pandoc's citeproc reads
    it, quotation marks recognised with ``quotes`` besides the straight ones. Quotations
    come out as ``Quoted(True, …)`` without marks; :func:`localize_quotes` prints them."""
    if _PLAIN.fullmatch(text):  # most values: nothing for the parser to find
        return _from_text(text)
    return _Parser(text, quotes).parse()


_PLAIN = re.compile("[^<>'\"’‘“”„«»\u2039\u203a「」『』;?!\n]*")
"""Text without markup, quotation marks, apostrophes or the characters French spacing
changes."""


class _Parser:
    """A backtracking parser of the markup, remembering what it found at each position
    (so unclosed tags cost a second look, not an exponential number of them)."""

    def __init__(self, text: str, quotes: Quotes) -> None:
        self.text = text
        self.quotes = quotes
        self.quote_chars = frozenset(
            quotes.open + quotes.close + quotes.open_inner + quotes.close_inner
        )
        self.item_at = cache(self._item)

    def parse(self) -> Inlines:
        out: list[Inline] = []
        pos = 0
        while pos < len(self.text):
            item, pos = self.item_at(pos)
            _join(out, item)
        return tuple(out)

    def is_special(self, char: str) -> bool:
        return char in "<>'\"’" or (not char.isascii() and char in self.quote_chars)

    def _item(self, pos: int) -> tuple[Inlines, int]:
        """One piece: text, a quotation, an element, or else one special character."""
        for parser in (self.words, self.quotation, self.element):
            parsed = parser(pos)
            if parsed is not None:
                return parsed
        char = self.text[pos]
        return _from_text("’" if char in _APOSTROPHES else char), pos + 1

    def words(self, pos: int) -> _Parsed:
        """A run of letters and digits (with one apostrophe joining a second run), or a
        run of other characters that mean nothing to the parser."""
        text = self.text
        end = pos
        alnum = is_alnum(text[pos])
        while end < len(text) and self.plain(text[end], alnum):
            end += 1
        if end == pos:
            return None
        run = text[pos:end]
        if alnum and end + 1 < len(text) and text[end] in _APOSTROPHES:
            after = end + 1
            while after < len(text) and is_alnum(text[after]):
                after += 1
            if after > end + 1:
                run, end = f"{run}’{text[end + 1 : after]}", after
        return _from_text(_narrow_spaces(run)), end

    def plain(self, char: str, alnum: bool) -> bool:
        return is_alnum(char) == alnum and not self.is_special(char)

    def quotation(self, pos: int) -> _Parsed:
        marks = self.opening_quote(pos)
        if marks is None:
            return None
        opening, closing = marks
        start = pos + len(opening)
        if start >= len(self.text) or self.text[start] in _MARKUP_SPACES:
            return None
        if self.text[start] == closing:
            return None  # an empty quotation
        parsed = self.until(start, closing)
        return None if parsed is None else ((Quoted(True, parsed[0]),), parsed[1])

    def opening_quote(self, pos: int) -> tuple[str, str] | None:
        """The opening mark at ``pos`` and the closing mark it waits for, if any."""
        quotes = self.quotes
        for opening, closing in (
            ('"', '"'),
            ("'", "'"),
            (quotes.open, quotes.close),
            (quotes.open_inner, quotes.close_inner),
        ):
            if opening and self.text.startswith(opening, pos):
                return opening, closing
        return None

    def element(self, pos: int) -> _Parsed:
        """An element of the markup whose end tag comes later."""
        for opening, attribute, closing, make in _ELEMENTS:
            if not self.text.startswith(opening, pos):
                continue
            start = self.attribute(pos + len(opening), attribute)
            parsed = None if start is None else self.until(start, closing)
            if parsed is not None:
                return make(parsed[0]), parsed[1]
        return None

    def attribute(self, pos: int, pieces: tuple[str, ...]) -> int | None:
        """Where the content starts after a span's attribute, or None if it is another."""
        for piece in pieces:
            pos = self.skip_spaces(pos)
            if not self.text.startswith(piece, pos):
                return None
            pos += len(piece)
        return pos

    def skip_spaces(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in _MARKUP_SPACES:
            pos += 1
        return pos

    def until(self, pos: int, closing: str) -> _Parsed:
        """Pieces up to the first ``closing`` (checked before each piece), or None when
        the text ends first."""
        out: list[Inline] = []
        while not self.text.startswith(closing, pos):
            if pos >= len(self.text):
                return None
            item, pos = self.item_at(pos)
            _join(out, item)
        return tuple(out), pos + len(closing)


def _narrow_spaces(run: str) -> str:
    for plain, narrow in _NARROW:
        run = run.replace(plain, narrow)
    return run.replace(*_NARROW_LAST)


def _from_text(text: str) -> Inlines:
    """pandoc's ``B.text``: words as ``Str``, each whitespace run one ``Space``, leading
    and trailing whitespace kept."""
    out: list[Inline] = []
    word: list[str] = []
    for char in text:
        if char in _BUILDER_SPACES:
            if word:
                out.append(Str("".join(word)))
                word = []
            if not out or out[-1] != SPACE:
                out.append(SPACE)
        else:
            word.append(char)
    if word:
        out.append(Str("".join(word)))
    return tuple(out)


def _join(out: list[Inline], inlines: Inlines) -> None:
    """``inlines`` appended as pandoc's builder appends: only where the two meet."""
    for node in inlines:
        last = out[-1] if out else None
        if isinstance(node, Space) and isinstance(last, Space):
            continue
        if isinstance(node, Str) and isinstance(last, Str):
            out[-1] = Str(last.text + node.text)
        elif (
            isinstance(node, Styled)
            and isinstance(last, Styled)
            and node.kind == last.kind
            and node.kind in _MELDING
        ):
            out[-1] = Styled(node.kind, last.children + node.children)
        else:
            out.append(node)


# --- quotation marks in the output -----------------------------------------------------


def localize_quotes(inlines: Inlines, quotes: Quotes) -> Inlines:
    """Every quotation printed with the locale's marks: outer marks at the top, inner
    marks inside a quotation, outer again inside that (the flip-flop), as
    ``Span((), (Str(open), …, Str(close)))`` — what pandoc leaves of its ``csl-quoted``
    spans. Quotations inside emphasis, links and notes count the same. citeproc does this
    last, to each rendered citation and bibliography entry (after
    :func:`move_punctuation_inside_quotes`)."""
    return tuple(_localize(node, quotes, outer=True) for node in inlines)


def _localize(node: Inline, quotes: Quotes, outer: bool) -> Inline:
    if isinstance(node, Quoted):
        opening, closing = (
            (quotes.open, quotes.close) if outer else (quotes.open_inner, quotes.close_inner)
        )
        inner = tuple(_localize(child, quotes, not outer) for child in node.children)
        return Span((), (Str(opening), *inner, Str(closing)))
    if isinstance(node, Str | Space):
        return node
    children = tuple(_localize(child, quotes, outer) for child in node.children)
    if all(new is old for new, old in zip(children, node.children, strict=True)):
        return node  # no quotation inside: nothing to rebuild
    return with_children(node, children)


def move_punctuation_inside_quotes(inlines: Inlines) -> Inlines:
    """A comma or full stop right after a quotation moved inside it ("“a”, b" → "“a,”
    b"); dropped instead when the quotation already ends in ``.,;:!?``. Only the first
    character moves. citeproc does this to each rendered citation and bibliography entry
    when the locale's ``punctuation-in-quote`` is true (en-US; not nl-NL), before
    :func:`localize_quotes`: at every level of nesting, then once more at the top."""
    return _move_punctuation(_move_nested(inlines))


def _move_nested(inlines: Inlines) -> Inlines:
    nodes: list[Inline] = []
    for node in inlines:
        if isinstance(node, Str | Space):
            nodes.append(node)
        else:
            nodes.append(with_children(node, _move_nested(node.children)))
    return _move_punctuation(tuple(nodes))


def _move_punctuation(inlines: Inlines) -> Inlines:
    out: list[Inline] = []
    index = 0
    while index < len(inlines):
        node = inlines[index]
        after = inlines[index + 1] if index + 1 < len(inlines) else None
        if isinstance(node, Quoted) and isinstance(after, Str) and after.text[:1] in (".", ","):
            moved = () if _ends_in_punctuation(node.children) else (Str(after.text[0]),)
            out.append(Quoted(node.double, node.children + moved))
            if len(after.text) > 1:
                out.append(Str(after.text[1:]))
            index += 2
        else:
            out.append(node)
            index += 1
    return tuple(out)


def _ends_in_punctuation(inlines: Inlines) -> bool:
    text = _plain(inlines)
    return not text or text[-1] in ".,;:!?"


def _plain(inlines: Inlines) -> str:
    """The text as citeproc sees it before quotes are localised: quotations without
    marks, notes left out."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Str):
            parts.append(node.text)
        elif isinstance(node, Space):
            parts.append(" ")
        elif not isinstance(node, Note):
            parts.append(_plain(node.children))
    return "".join(parts)
