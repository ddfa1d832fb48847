"""Inline Markdown syntax for the writer: escaping, code spans, link destinations and
emphasis delimiters that read back as meant.

Text is escaped just enough that a CommonMark reader (markdown-it-py, pandoc) gives the same
text back: a few characters always (``\\ * _ [ ] < ` ~ ^ $``), others only where they
would start something (``#``, ``1.``, ``-`` at a line start; ``&`` before an entity name;
``@`` before a name, which pandoc would read as a citation).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from pleitbrief.markup.walk import WHITESPACE

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_ALWAYS = frozenset("\\`*_[]<~^$")
_MAY_NEED_ESCAPE = re.compile(r"[\\`*_\[\]<~^$&!({@]")
_ORDERED = re.compile(r"(\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)([.)])(?=[ \t]|$)")
_BULLET = re.compile(r"[-+](?=[ \t]|$)|[- \t]+$|=+[ \t]*$|~~~")
_LABEL = re.compile(r"\[(?:\\.|[^\]\\])*\]:")
AUTOLINK = re.compile(r"[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*")
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?", re.A)


def escape_text(text: str, *, before_bracket: bool = False, after_bracket: bool = False) -> str:
    """Escape a text run; the flags say a ``[…]`` construct follows or precedes it."""

    def escape(found: re.Match[str]) -> str:
        c, i = found[0], found.start()
        if (
            c in _ALWAYS
            or (c == "&" and _ENTITY.match(text, i))
            or (c == "!" and before_bracket and i == len(text) - 1)
            or (c in "({" and after_bracket and i == 0)
            or (c == "@" and _pandoc_key(text, i))
        ):
            return "\\" + c
        return c

    # only the characters that may need it are looked at (most text has none)
    return _MAY_NEED_ESCAPE.sub(escape, text)


def _pandoc_key(text: str, i: int) -> bool:
    """Could pandoc read the ``@`` at ``text[i]`` as a citation (``@name``, ``@*``)?"""
    if i + 1 == len(text):
        return True  # what follows is other markup: `*0@*` would be pandoc's `@*`
    return (i == 0 or not text[i - 1].isalnum()) and (text[i + 1].isalnum() or text[i + 1] in "_{")


def escape_line_start(line: str) -> str:
    """Escape what would make a paragraph line start a heading, list, quote or the like."""
    if found := _ORDERED.match(line):
        return f"{found[1]}\\{found[2]}{line[found.end():]}"
    if _BULLET.match(line) or line[:1] in ("#", ">", "|", "%", ":"):
        return "\\" + line
    if found := _LABEL.match(line):  # `[^1]: …` would be a footnote definition
        return f"{line[: found.end() - 1]}\\:{line[found.end():]}"
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
    return re.sub(r"\\|&(?=[#A-Za-z])", lambda found: "\\" + found[0], url)


# --- emphasis ------------------------------------------------------------------------
# `*` and `**` only work where CommonMark's flanking rules let them. Emphasis that touches
# other emphasis alternates with `_` so the runs stay apart; where a delimiter would sit
# between a letter and punctuation, that letter is written as a character reference.


class Delim:
    """One emphasis' delimiters: ``size`` 1 (emphasis) or 2 (strong); ``char`` is chosen
    by :func:`flank`."""

    __slots__ = ("char", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self.char = ""


Pieces = list[str | tuple[Delim, bool]]
"""Rendered inline Markdown, its emphasis delimiters (and whether they open) still to choose."""


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
    items = [piece for piece in pieces if piece != ""]
    touching: dict[Delim, list[Delim]] = {}
    for a, b in pairwise(items):
        if isinstance(a, tuple) and isinstance(b, tuple):
            touching.setdefault(a[0], []).append(b[0])
            touching.setdefault(b[0], []).append(a[0])
    # Colour from the right: the last emphasis of a touching run keeps `*`, so `_` rarely
    # opens right after another emphasis closes (which pandoc's own Markdown misreads).
    for item in reversed(items):
        if isinstance(item, tuple) and not item[0].char:
            item[0].char = "*"
            todo = [item[0]]
            while todo:
                delim = todo.pop()
                for other in touching.get(delim, []):
                    if not other.char:
                        other.char = "_" if delim.char == "*" else "*"
                        todo.append(other)
    while _fix_flanking(items, before, after):  # a fix can upset a neighbour: again
        pass
    return "".join(i if isinstance(i, str) else i[0].char * i[0].size for i in items)


def _fix_flanking(items: list[str | tuple[Delim, bool]], before: str, after: str) -> bool:
    """Turn the letter that stops a delimiter opening or closing into a reference."""
    for k, item in enumerate(items):
        if isinstance(item, str):
            continue
        delim, opening = item
        prev, nxt = items[k - 1] if k else before, items[k + 1] if k + 1 < len(items) else after
        last = prev[-1] if isinstance(prev, str) else prev[0].char
        first = nxt[0] if isinstance(nxt, str) else nxt[0].char
        if _can(opening, delim.char, last, first):
            continue
        if opening and k and isinstance(prev, str) and not _punct(last) and last not in WHITESPACE:
            items[k - 1] = f"{prev[:-1]}&#{ord(last)};"
            return True
        if not opening and isinstance(nxt, str) and k + 1 < len(items) and not _punct(first) \
                and first not in WHITESPACE:
            items[k + 1] = f"&#{ord(first)};{nxt[1:]}"
            return True
    return False
