"""Formatted text as pandoc builds it: the values a style's output is made of.

pandoc's citeproc writes its output as pandoc inlines (``Str`` words, ``Space``, ``Emph`` …),
and several of its rules look at that structure: punctuation is fixed where two pieces
meet, text case works word by word and skips small caps, quotes flip inside quotes. So
the processor keeps the same structure, with the same joining rule as pandoc's builder:
two adjacent ``Str`` become one, two ``Space`` one, two ``Emph`` one. :func:`to_model`
makes pleitbrief's document model of it at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from pleitbrief.markup import model as m
from pleitbrief.records import record


@record(frozen=True)
class Str:
    text: str


@record(frozen=True)
class Space:
    pass


@record(frozen=True)
class Styled:
    """Text in one of pandoc's wrappers: ``emph``, ``strong``, ``smallcaps``,
    ``superscript``, ``subscript``, ``underline``."""

    kind: str
    children: tuple[Inline, ...]


@record(frozen=True)
class Span:
    """A span with classes: ``nocase`` (text case leaves it alone), ``nodecoration``,
    ``csl-block`` …; an empty class list is a plain group."""

    classes: tuple[str, ...]
    children: tuple[Inline, ...]


@record(frozen=True)
class Quoted:
    double: bool
    children: tuple[Inline, ...]


@record(frozen=True)
class Link:
    url: str
    children: tuple[Inline, ...]


@record(frozen=True)
class Note:
    """A footnote: what a note style makes of a citation in the running text."""

    children: tuple[Inline, ...]


Inline = Str | Space | Styled | Span | Quoted | Link | Note
Inlines = tuple[Inline, ...]
SPACE = Space()
EMPTY: Inlines = ()

_BREAKS = re.compile("[ \t\n\r]+")
"""What pandoc's builder breaks words at: not a no-break space."""
_MERGING = ("emph", "strong", "superscript", "subscript", "underline")
"""Wrappers pandoc's builder joins when two meet (not small caps, spans or quotes)."""


def concat(*parts: Inlines) -> Inlines:
    """The parts joined as pandoc's builder joins them. Each part is already joined
    within itself, so only the places where two parts meet are looked at."""
    out: list[Inline] = []
    for part in parts:
        if not part:
            continue
        if out:
            _append(out, part[0])
            out.extend(part[1:])
        else:
            out.extend(part)
    return tuple(out)


def _append(out: list[Inline], node: Inline) -> None:
    last = out[-1]
    kind = type(node)
    if kind is Space and type(last) is Space:
        return
    if kind is Str and type(last) is Str:
        out[-1] = Str(last.text + node.text)  # type: ignore[union-attr]
        return
    if (
        kind is Styled
        and type(last) is Styled
        and node.kind == last.kind  # type: ignore[union-attr]
        and node.kind in _MERGING  # type: ignore[union-attr]
    ):
        # pandoc appends the two wrappers' contents without joining them
        out[-1] = Styled(node.kind, last.children + node.children)  # type: ignore[union-attr]
        return
    out.append(node)


def words(text: str) -> Inlines:
    """Words as ``Str``, whitespace runs between them as one ``Space``; whitespace at
    either end dropped (:func:`from_text` keeps it, as citeproc does)."""
    if not _BREAKS.search(text):
        return (Str(text),) if text else EMPTY
    out: list[Inline] = []
    for word in _BREAKS.split(text.strip(" \t\n\r")):
        if out:
            out.append(SPACE)
        out.append(Str(word))
    return tuple(out) if out != [Str("")] else EMPTY


def from_text(text: str) -> Inlines:
    """Text as citeproc brings it into pandoc: a leading or trailing space is kept."""
    if not text:
        return EMPTY
    body = words(text)
    lead = (SPACE,) if text[0] == " " else EMPTY
    tail = (SPACE,) if text[-1] == " " else EMPTY
    return concat(lead, body, tail)


def styled(kind: str, inlines: Inlines) -> Inlines:
    return (Styled(kind, inlines),) if inlines else EMPTY


def stringify(inlines: Iterable[Inline]) -> str:
    """The plain text, as citeproc sees it while it works: notes left out, and a
    quotation without marks (they are written last, :func:`.markup.localize_quotes`)."""
    return "".join(_strings(inlines))


def _strings(inlines: Iterable[Inline]) -> Iterator[str]:
    for node in inlines:
        if isinstance(node, Str):
            yield node.text
        elif isinstance(node, Space):
            yield " "
        elif isinstance(node, Note):
            continue
        else:
            yield from _strings(node.children)


def map_strs(inlines: Inlines, change: Callable[[str], str]) -> Inlines:
    """``change`` applied to the text of every ``Str``, at any depth (notes included)."""
    return tuple(_map_node(node, change) for node in inlines)


def _map_node(node: Inline, change: Callable[[str], str]) -> Inline:
    if isinstance(node, Str):
        return Str(change(node.text))
    if isinstance(node, Space):
        return node
    return with_children(node, map_strs(node.children, change))


def with_children(node: Inline, children: Inlines) -> Inline:
    """The same wrapper (emphasis, span, quotation, link, note) around other children."""
    if isinstance(node, Styled):
        return Styled(node.kind, children)
    if isinstance(node, Span):
        return Span(node.classes, children)
    if isinstance(node, Quoted):
        return Quoted(node.double, children)
    if isinstance(node, Link):
        return Link(node.url, children)
    if isinstance(node, Note):
        return Note(children)
    return node


def drop_text_while(inlines: Inlines, drop: Callable[[str], bool]) -> Inlines:
    """Leading characters for which ``drop`` holds removed, through wrappers, as citeproc's
    ``dropTextWhile``: text is taken off until the first character it keeps. An emptied
    word stays as an empty ``Str``, as in citeproc (pandoc looks at it later)."""
    done = False

    def walk(nodes: Inlines) -> Inlines:
        nonlocal done
        out: list[Inline] = []
        for node in nodes:
            if done:
                out.append(node)
            elif isinstance(node, Str):
                kept = _lstrip(node.text, drop)
                if kept:
                    done = True
                out.append(Str(kept))
            elif isinstance(node, Space):
                if drop(" "):
                    out.append(Str(""))
                else:
                    done = True
                    out.append(node)
            else:
                out.append(with_children(node, walk(node.children)))
        return tuple(out)

    return walk(inlines)


def drop_text_while_end(inlines: Inlines, drop: Callable[[str], bool]) -> Inlines:
    """Trailing characters for which ``drop`` holds removed, as pandoc 3.9's citeproc
    does it in ``dropTextWhileEnd``: only the outer inlines are taken from the end; the
    text inside a wrapper (emphasis, a span, a note) is walked from its start, as
    citeproc's walk over the reversed list goes through a node's children in their own
    order. So the first word in there that keeps a character ends it, and a space at the
    end of a wrapper stays (``Note[zie, Space]``: the prefix of a note citation that
    prints nothing keeps its space). An emptied word stays as an empty ``Str``, and a
    space ``drop`` does not take does not end it, both as in citeproc."""
    done = False

    def strip(node: Inline) -> Inline:
        nonlocal done
        if done:
            return node
        if isinstance(node, Str):
            kept = _rstrip(node.text, drop)
            done = bool(kept)
            return Str(kept)
        if isinstance(node, Space):
            return Str("") if drop(" ") else node
        return with_children(node, tuple(strip(child) for child in node.children))

    return tuple(reversed([strip(node) for node in reversed(inlines)]))


def _lstrip(text: str, drop: Callable[[str], bool]) -> str:
    start = 0
    while start < len(text) and drop(text[start]):
        start += 1
    return text[start:]


def _rstrip(text: str, drop: Callable[[str], bool]) -> str:
    end = len(text)
    while end > 0 and drop(text[end - 1]):
        end -= 1
    return text[:end]


def first_char(inlines: Sequence[Inline]) -> str:
    """The first character of the text ("" if none), without writing the whole text."""
    for node in inlines:
        if isinstance(node, Str):
            if node.text:
                return node.text[0]
        elif isinstance(node, Space):
            return " "
        elif not isinstance(node, Note):
            found = first_char(node.children)
            if found:
                return found
    return ""


def last_char(inlines: Sequence[Inline]) -> str:
    """The last character of the text ("" if none)."""
    for node in reversed(inlines):
        if isinstance(node, Str):
            if node.text:
                return node.text[-1]
        elif isinstance(node, Space):
            return " "
        elif not isinstance(node, Note):
            found = last_char(node.children)
            if found:
                return found
    return ""


def is_blank(inlines: Sequence[Inline]) -> bool:
    """No text at all (spaces are text)."""
    return not first_char(inlines)


# --- into pleitbrief's document model -----------------------------------------------

_QUOTES = {True: ("“", "”"), False: ("‘", "’")}


def to_model(inlines: Iterable[Inline]) -> list[m.Inline]:
    """The document model's inlines: emphasis, strong and links kept, quotes as marks,
    small caps, super- and subscript and spans as their text (as
    :func:`pleitbrief.cite.pandoc_ast.from_pandoc` reads pandoc's answer)."""
    out: list[m.Inline] = []
    for node in inlines:
        if isinstance(node, Str):
            _add_text(out, node.text)
        elif isinstance(node, Space):
            _add_text(out, " ")
        elif isinstance(node, Styled) and node.kind in ("emph", "strong"):
            children = to_model(node.children)
            if children:
                out.append(m.Emph(children) if node.kind == "emph" else m.Strong(children))
        elif isinstance(node, Link):
            out.append(m.Link(node.url, to_model(node.children)))
        elif isinstance(node, Quoted):
            left, right = _QUOTES[node.double]
            _add_text(out, left)
            for child in to_model(node.children):
                _add_model(out, child)
            _add_text(out, right)
        elif isinstance(node, Note):
            continue
        else:
            for child in to_model(node.children):
                _add_model(out, child)
    return out


def _add_text(out: list[m.Inline], text: str) -> None:
    if text:  # an emptied word is not text
        _add_model(out, m.Text(text))


def _add_model(out: list[m.Inline], item: m.Inline) -> None:
    if isinstance(item, m.Text) and out and isinstance(out[-1], m.Text):
        out[-1] = m.Text(out[-1].text + item.text)
    else:
        out.append(item)
