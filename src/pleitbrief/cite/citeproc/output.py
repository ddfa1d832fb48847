"""What evaluating a style gives: a tree of formatted pieces, and how it becomes text.

Evaluation (:mod:`.evaluate`) does not write text directly. It builds a tree (text,
formatting with affixes and delimiters, tags saying which part is a name, a date, an
item) because later steps need the parts: disambiguation compares names and dates,
collapsing groups items by author, "suppress author" removes names. :func:`render` then
writes the tree as inlines the way pandoc's citeproc does, including its punctuation
rule where two pieces meet (:func:`fix_punct`: no ``..``, no ``,.``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from pleitbrief.cite.citeproc import inlines as il
from pleitbrief.cite.citeproc.inlines import Inlines
from pleitbrief.records import record


@record(frozen=True)
class Formatting:
    """A style element's formatting attributes; ``None`` is "not set"."""

    font_style: str | None = None
    font_variant: str | None = None
    font_weight: str | None = None
    text_decoration: str | None = None
    vertical_align: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    display: str | None = None
    text_case: str | None = None
    delimiter: str | None = None
    strip_periods: bool = False
    quotes: bool = False
    affixes_inside: bool = False
    """Affixes go inside the other formatting (names' name-parts, date-parts)."""

    def over(self, other: Formatting) -> Formatting:
        """These attributes, with ``other``'s where these are not set."""
        return Formatting(
            font_style=_first(self.font_style, other.font_style),
            font_variant=_first(self.font_variant, other.font_variant),
            font_weight=_first(self.font_weight, other.font_weight),
            text_decoration=_first(self.text_decoration, other.text_decoration),
            vertical_align=_first(self.vertical_align, other.vertical_align),
            prefix=_first(self.prefix, other.prefix),
            suffix=_first(self.suffix, other.suffix),
            display=_first(self.display, other.display),
            text_case=_first(self.text_case, other.text_case),
            delimiter=_first(self.delimiter, other.delimiter),
            strip_periods=self.strip_periods or other.strip_periods,
            quotes=self.quotes or other.quotes,
            affixes_inside=self.affixes_inside or other.affixes_inside,
        )


def _first(a: str | None, b: str | None) -> str | None:
    return a if a is not None else b


PLAIN = Formatting()


@record(frozen=True)
class Tag:
    """What a piece of output is, for the steps after evaluation.

    ``kind`` and ``value``: ``term`` (None), ``item`` ((item type, item id)), ``name``
    (a :class:`~.reference.Name`), ``names`` ((variable, names format, names)), ``date``
    (a :class:`~.reference.Date`), ``year-suffix`` (int), ``citation-number`` (int),
    ``locator``, ``prefix``, ``suffix``, ``title`` (None).
    """

    kind: str
    value: Any = None


@record(frozen=True)
class Literal:
    inlines: Inlines


@record(frozen=True)
class Formatted:
    formatting: Formatting
    children: tuple[Output, ...]


@record(frozen=True)
class Linked:
    url: str
    children: tuple[Output, ...]


@record(frozen=True)
class InNote:
    child: Output


@record(frozen=True)
class Tagged:
    tag: Tag
    child: Output


@record(frozen=True)
class Null:
    """No output (an empty variable, a suppressed group)."""


NULL = Null()
Output = Literal | Formatted | Linked | InNote | Tagged | Null


@lru_cache(maxsize=4096)
def literal(text: str) -> Output:
    """Text as output (a node shared by every use of the same text: it never changes)."""
    return Literal(il.from_text(text)) if text else NULL


def formatted(formatting: Formatting, children: Sequence[Output]) -> Output:
    """The children under ``formatting``; nothing when none has output."""
    if len(children) == 1:
        only = children[0]
        if only is NULL:
            return NULL
        if is_plain(formatting):
            return only
        return Formatted(formatting, (only,))
    kept = tuple([c for c in children if c is not NULL])
    if not kept:
        return NULL
    if len(kept) == 1 and is_plain(formatting):
        return kept[0]
    return Formatted(formatting, kept)


def affixes(
    prefix: str | None = None, suffix: str | None = None, delimiter: str | None = None
) -> Formatting:
    """Formatting of affixes and a delimiter only; :data:`PLAIN` itself when none."""
    if prefix is None and suffix is None and delimiter is None:
        return PLAIN
    return Formatting(prefix=prefix, suffix=suffix, delimiter=delimiter)


def is_plain(f: Formatting) -> bool:
    """No formatting at all (the cheap checks first: this runs for every element)."""
    return f is PLAIN or (
        f.prefix is None and f.suffix is None and f.delimiter is None and f == PLAIN
    )


def grouped(children: Sequence[Output]) -> Output:
    return formatted(PLAIN, children)


def universe(output: Output) -> list[Output]:
    """The node and every node under it, parents first, in document order."""
    found: list[Output] = []
    stack = [output]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, Formatted | Linked):
            stack.extend(reversed(node.children))
        elif isinstance(node, InNote | Tagged):
            stack.append(node.child)
    return found


def tagged(output: Output, kind: str) -> list[Tagged]:
    """The nodes tagged ``kind`` in the output, outermost first, not looking inside them."""
    found: list[Tagged] = []
    stack = [output]
    while stack:
        node = stack.pop()
        if isinstance(node, Tagged):
            if node.tag.kind == kind:
                found.append(node)
                continue
            stack.append(node.child)
        elif isinstance(node, Formatted | Linked):
            stack.extend(reversed(node.children))
        elif isinstance(node, InNote):
            stack.append(node.child)
    return found


def transform(output: Output, change: Callable[[Output], Output]) -> Output:
    """``change`` applied bottom-up to every node (children before their parent)."""
    if isinstance(output, Formatted):
        output = Formatted(output.formatting, tuple(transform(c, change) for c in output.children))
    elif isinstance(output, Linked):
        output = Linked(output.url, tuple(transform(c, change) for c in output.children))
    elif isinstance(output, InNote):
        output = InNote(transform(output.child, change))
    elif isinstance(output, Tagged):
        output = Tagged(output.tag, transform(output.child, change))
    return change(output)


def to_text(output: Output) -> str:
    """The words of the output, formatting and affixes left out (citeproc's
    ``outputToText``: the pieces of a group joined by spaces)."""
    if isinstance(output, Literal):
        return il.stringify(output.inlines)
    if isinstance(output, Formatted | Linked):
        return " ".join(to_text(c) for c in output.children)
    if isinstance(output, InNote | Tagged):
        return to_text(output.child)
    return ""


def without_affixes(f: Formatting) -> Formatting:
    return replace(f, prefix=None, suffix=None)


# --- writing the tree ----------------------------------------------------------------


class Renderer:
    """Writes output trees as inlines, with a locale's quotes and text-case rules.

    ``parse_affix`` turns a style's prefix or suffix into inlines (they may hold CSL
    markup such as ``<i>``); ``change_case`` applies a ``text-case``; ``quote`` wraps
    inlines in quotation marks (flipping quotes inside).
    """

    def __init__(
        self,
        parse_affix: Callable[[str], Inlines],
        change_case: Callable[[Inlines, str], Inlines],
        quote: Callable[[Inlines], Inlines],
        links: bool = True,
    ) -> None:
        self.parse_affix = parse_affix
        self.change_case = change_case
        self.quote = quote
        self.links = links
        """Identifiers (URL, DOI) as links: pandoc's ``link-bibliography``, on by default."""

    def render(self, output: Output) -> Inlines:
        if isinstance(output, Literal):
            return output.inlines
        if isinstance(output, Tagged):
            return self.render(output.child)
        if isinstance(output, Formatted):
            linked = self._prefix_in_link(output)
            if linked is not None:
                return self.render(linked)
            parts = [p for p in (self.render(c) for c in output.children) if p]
            if output.formatting.delimiter is not None:
                parts = add_delimiters(parts, il.from_text(output.formatting.delimiter))
            return self.add_formatting(output.formatting, il.concat(*fix_punct(parts)))
        if isinstance(output, Linked):
            text = il.concat(*fix_punct([self.render(c) for c in output.children]))
            return (il.Link(output.url, text),) if self.links and text else text
        if isinstance(output, InNote):
            # a note style's citation; pandoc capitalises it where it makes a footnote
            text = il.drop_text_while(self.render(output.child), lambda c: c in ",;.:")
            return (il.Note(il.drop_text_while(text, str.isspace)),)
        return il.EMPTY

    def _prefix_in_link(self, output: Formatted) -> Output | None:
        """A link whose prefix makes its address (``https://doi.org/`` + a DOI) takes the
        prefix inside it."""
        if not self.links or len(output.children) != 1:
            return None
        link = output.children[0]
        if not isinstance(link, Linked):
            return None
        anchor = "".join(to_text(c) for c in link.children)
        if link.url != (output.formatting.prefix or "") + anchor:
            return None
        return Linked(link.url, (Formatted(output.formatting, link.children),))

    def add_formatting(self, f: Formatting, x: Inlines) -> Inlines:
        """citeproc's ``addFormatting``: the attributes applied inside out, in its order."""
        if il.is_blank(x):
            return il.EMPTY
        if f.strip_periods:
            x = il.map_strs(x, lambda t: t.replace(".", ""))
        if f.affixes_inside:
            x = self._affixes(f, x)
        if f.font_style in ("italic", "oblique"):
            x = il.styled("emph", x)
        if f.text_case is not None:
            x = self.change_case(x, f.text_case)
        if f.font_variant == "small-caps":
            x = il.styled("smallcaps", x)
        if f.font_weight == "bold":
            x = il.styled("strong", x)
        if f.text_decoration == "underline":
            x = il.styled("underline", x)
        elif f.text_decoration == "none":
            x = (il.Span(("nodecoration",), x),)
        if f.vertical_align in ("sup", "sub"):
            x = il.styled("superscript" if f.vertical_align == "sup" else "subscript", x)
        if f.quotes:
            x = self.quote(x)
        if not f.affixes_inside:
            x = self._affixes(f, x)
        if f.display is not None:
            x = (il.Span((f"csl-{f.display}",), x),)
        return x

    def _affixes(self, f: Formatting, x: Inlines) -> Inlines:
        if f.suffix:
            x = il.concat(*fix_punct([x, self.parse_affix(f.suffix)]))
        if f.prefix:
            x = il.concat(*fix_punct([self.parse_affix(f.prefix), x]))
        return x

    def text(self, output: Output) -> str:
        """What :meth:`render` writes, as plain text, without text case (for sort keys,
        which are case-folded): the same joins, affixes and punctuation rules on strings,
        several times faster than building inlines."""
        if isinstance(output, Literal):
            return il.stringify(output.inlines)
        if isinstance(output, Tagged):
            return self.text(output.child)
        if isinstance(output, Formatted):
            f = output.formatting
            parts = [p for p in (self.text(c) for c in output.children) if p]
            if f.delimiter is not None:
                delimiter = il.stringify(il.from_text(f.delimiter))
                parts = [
                    q
                    for i, p in enumerate(parts)
                    for q in ((delimiter, p) if i and p[0] not in ",;." else (p,))
                ]
            text = "".join(fix_punct_text(parts))
            if not text:
                return ""
            if f.strip_periods:
                text = text.replace(".", "")
            if f.suffix:
                text = "".join(fix_punct_text([text, self._affix_text(f.suffix)]))
            if f.prefix:
                text = "".join(fix_punct_text([self._affix_text(f.prefix), text]))
            return text
        if isinstance(output, Linked):
            return "".join(fix_punct_text([self.text(c) for c in output.children]))
        if isinstance(output, InNote):
            return self.text(output.child).lstrip(",;.:").lstrip()
        return ""

    def _affix_text(self, affix: str) -> str:
        return il.stringify(self.parse_affix(affix))


def add_delimiters(parts: list[Inlines], delimiter: Inlines) -> list[Inlines]:
    """The delimiter between the parts, except before a part that starts with ``,;.``."""
    out: list[Inlines] = []
    for i, part in enumerate(parts):
        if i > 0 and il.first_char(part) not in (",", ";", "."):
            out.append(delimiter)
        out.append(part)
    return out


# Where two pieces meet, which punctuation stays: citeproc-js's table, as citeproc has it.
_FIRST, _SECOND, _BOTH = 1, 2, 0
_MEETING: dict[tuple[str, str], int] = {
    ("!", "."): _FIRST, ("!", ":"): _FIRST, ("?", "."): _FIRST, ("?", ":"): _FIRST,
    (":", "!"): _SECOND, (":", "?"): _SECOND, (":", "."): _FIRST,
    (";", "!"): _SECOND, (";", "?"): _SECOND, (";", ":"): _FIRST, (";", "."): _FIRST,
    ("!", "!"): _FIRST, ("?", "?"): _FIRST, (".", "."): _FIRST, (":", ":"): _FIRST,
    (";", ";"): _FIRST, (",", ","): _FIRST,
    (" ", " "): _SECOND, (" ", ","): _SECOND, (" ", "."): _SECOND,
}  # fmt: skip


def fix_punct(parts: list[Inlines]) -> list[Inlines]:
    """Doubled punctuation where consecutive parts meet taken out (citeproc's ``fixPunct``)."""
    out = list(parts)
    i = 0
    while i + 1 < len(out):
        x, y = out[i], out[i + 1]
        y_start = il.first_char(y) or "\ufffd"
        x_end = _end_before_quote(x) if y_start == "." else None
        if x_end is None:
            x_end = il.last_char(x) or "\ufffd"
        keep = _MEETING.get((x_end, y_start), _BOTH)
        if keep == _FIRST:
            trimmed = il.drop_text_while(y, y_start.__eq__)
            if trimmed != y:
                out[i + 1] = trimmed
                continue  # the same pair again, as citeproc does
        elif keep == _SECOND:
            trimmed = il.drop_text_while_end(x, x_end.__eq__)
            if trimmed != x:
                out[i] = trimmed
                continue
        i += 1
    return out


def fix_punct_text(parts: list[str]) -> list[str]:
    """:func:`fix_punct` on plain strings (the same loop; see there)."""
    out = list(parts)
    i = 0
    while i + 1 < len(out):
        x, y = out[i], out[i + 1]
        y_start = y[0] if y else "\ufffd"
        x_end = _end_before_quote_text(x) if y_start == "." else None
        if x_end is None:
            x_end = x[-1] if x else "\ufffd"
        keep = _MEETING.get((x_end, y_start), _BOTH)
        if keep == _FIRST:
            trimmed = y.lstrip(y_start)
            if trimmed != y:
                out[i + 1] = trimmed
                continue
        elif keep == _SECOND:
            trimmed = x.rstrip(x_end)
            if trimmed != x:
                out[i] = trimmed
                continue
        i += 1
    return out


def _end_before_quote_text(text: str) -> str | None:
    trimmed = text.rstrip()
    if not trimmed or not _quote_like(trimmed[-1]):
        return None
    inner = trimmed
    while inner and (inner[-1].isspace() or _quote_like(inner[-1])):
        inner = inner[:-1]
    return inner[-1] if inner else None


def _end_before_quote(x: Inlines) -> str | None:
    """The last character before closing quotes, when the text ends in a quote."""
    last = il.last_char(x)
    if not last or not (_quote_like(last) or last.isspace()):
        return None
    trimmed = il.stringify(x).rstrip()
    if not trimmed or not _quote_like(trimmed[-1]):
        return None
    inner = trimmed
    while inner and (inner[-1].isspace() or _quote_like(inner[-1])):
        inner = inner[:-1]
    return inner[-1] if inner else None


def _quote_like(char: str) -> bool:
    return char in "\"'" or unicodedata.category(char) == "Pf"
