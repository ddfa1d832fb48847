"""Pandoc citation groups (``[see @key, p. 3; @other]``) as a markdown-it-py inline rule.

The syntax follows pandoc's Markdown reader: a group is a bracketed list of citations
separated by top-level semicolons; each citation is a prefix, a key (``@key``, ``-@key``
or ``@{braced}``) and a suffix. Locators are split off the suffix the way pandoc's
citeproc does it (a known locator term, or a bare number), with Dutch terms added.

Deliberate differences from pandoc: only bracketed groups are citations (a bare
``@name`` stays text, so a Twitter handle never becomes a footnote), and the suffix
loses the comma that separates it from the key or locator.

Prefix, locator and suffix keep their Markdown source (whitespace collapsed); the cite
stage may run them through :func:`pleitbrief.markup.parse.parse_inline`.
"""

from __future__ import annotations

import re
import unicodedata
from types import ModuleType

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline

from pleitbrief.markup.model import Citation

_TERMS = """
    book books bk. bks. chapter chapters chap. chaps. ch. column columns col. cols.
    figure figures fig. figs. folio folios fol. fols. issue issues number numbers no. nos.
    line lines l. ll. note notes n. nn. opus opera op. opp. page pages p. pp.
    paragraph paragraphs para. paras. ¶ ¶¶ part parts pt. pts. section sections sec. secs.
    § §§ s.v. s.vv. verse verses v. vv. volume volumes vol. vols. article articles art. arts.
    boek boeken hoofdstuk hoofdstukken hfdst. hfd. kolom kolommen kol. figuur figuren
    nummer nummers nr. nrs. regel regels r. aantekening aantekeningen aant. noot noten nt.
    pagina pagina's blz. bladzijde bladzijden paragraaf paragrafen par. deel delen dl.
    sectie secties vers verzen artikel artikelen lid leden r.o. rov. rechtsoverweging
    rechtsoverwegingen overweging overwegingen randnummer randnummers rn. bijlage bijlagen
    \u0441. \u0441\u0442\u0440. \u0441\u0442. \u0433\u043b. \u043f.
"""
LOCATOR_TERMS = frozenset(_TERMS.split()) | {"sub verbo", "sub verbis"}
"""Locator labels (case-insensitive): CSL's English and Dutch terms, Dutch legal ones and
a few Russian ones (page, article, chapter, point)."""

_TERMS_BY_FIRST: dict[str, list[str]] = {}
for _term in sorted(LOCATOR_TERMS, key=len, reverse=True):
    _TERMS_BY_FIRST.setdefault(_term[0], []).append(_term)
"""Locator terms by their first character, longest first: one short list to try per call."""
_KEY_PUNCT = set(":.#$%&-+?<>~/")
_SLASH = {":/", "//"}  # pandoc lets `http://` through
_ROMAN = re.compile(r"(?=[mdclxvi])m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", re.I)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*>|<[^<>\s@]+@[^<>\s]+>")
_SPACE = re.compile(r"\s+")
_LEADING_COMMA = re.compile(r"^\s*,?\s*")


def _key_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _scan_key(s: str, i: int) -> tuple[str, int] | None:
    """Read a citation key at ``s[i]`` (just after ``@``): ``(key, end)`` or None."""
    if i < len(s) and s[i] == "{":
        depth, j = 0, i
        while j < len(s) and not s[j].isspace():
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                return (s[i + 1 : j], j + 1) if j > i + 1 else None
            j += 1
        return None
    if i >= len(s) or not _key_char(s[i]):
        return None
    j = i + 1
    while j < len(s):
        nxt = s[j + 1] if j + 1 < len(s) else ""
        if _key_char(s[j]) or (s[j] in _KEY_PUNCT and _key_char(nxt)) or s[j] + nxt in _SLASH:
            j += 1
        else:
            break
    return s[i:j], j


def _top_level(s: str) -> list[bool]:
    """Mark the characters outside escapes, code spans, autolinks and nested brackets."""
    mask = [False] * len(s)
    depth, i = 0, 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            i += 2
            continue
        if c == "`":
            run = len(s[i:]) - len(s[i:].lstrip("`"))
            close = s.find("`" * run, i + run)
            while close != -1 and s[close + run : close + run + 1] == "`":
                close = s.find("`" * run, close + run + 1)
            if close != -1:
                i = close + run
                continue
            i += run
            continue
        if c == "<" and (m := _AUTOLINK.match(s, i)):
            i = m.end()
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth:
            depth -= 1
        elif depth == 0:
            mask[i] = True
        i += 1
    return mask


def parse_group(content: str) -> list[Citation] | None:
    """Parse the text between a group's brackets; None when it is not a citation group."""
    if "@" not in content:
        return None
    mask = _top_level(content)
    cuts = [i for i, c in enumerate(content) if c == ";" and mask[i]]
    citations = []
    for start, end in zip([-1, *cuts], [*cuts, len(content)], strict=True):
        citation = _parse_citation(content, start + 1, end, mask)
        if citation is None:
            return None
        citations.append(citation)
    return citations


def _parse_citation(s: str, start: int, end: int, mask: list[bool]) -> Citation | None:
    for at in range(start, end):
        if s[at] != "@" or not mask[at] or (at > start and s[at - 1].isalnum()):
            continue
        scanned = _scan_key(s[:end], at + 1)
        if scanned is None:
            continue
        key, key_end = scanned
        suppress = at > start and s[at - 1] == "-" and (at - 1 == start or not s[at - 2].isalnum())
        prefix = s[start : at - 1 if suppress else at]
        locator, suffix = split_locator(s[key_end:end])
        return Citation(key, _squash(prefix), locator, suffix, suppress)
    return None


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# --- locators ------------------------------------------------------------------------


def split_locator(rest: str) -> tuple[str, str]:
    """Split what follows a key into ``(locator, suffix)``, as pandoc's citeproc does.

    >>> split_locator(", pp. 3-5, 7 en verder")
    ('pp. 3-5, 7', 'en verder')
    """
    rest = _squash(rest)
    body = rest[_LEADING_COMMA.match(rest).end() :]  # type: ignore[union-attr]
    if body.startswith("{") and (close := _balanced_end(body)) > 1:
        return body[1 : close - 1].strip(), _LEADING_COMMA.sub("", body[close:])
    label_end = _label_end(body)
    pos = label_end
    while pos < len(body) and body[pos].isspace():
        pos += 1
    end = _locator_words(body, pos, explicit=label_end > 0)
    if end is None:
        return "", _LEADING_COMMA.sub("", rest)
    return body[:end], _LEADING_COMMA.sub("", body[end:])


def _balanced_end(s: str) -> int:
    depth = 0
    for i, c in enumerate(s):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth == 0:
            return i + 1
    return -1


def _label_end(s: str) -> int:
    """Length of the locator term ``s`` starts with (the longest one), or 0."""
    for term in _TERMS_BY_FIRST.get(s[:1].casefold(), ()):
        if s[: len(term)].casefold() == term:
            after = s[len(term) : len(term) + 1]
            if term[-1].isalpha() and after.isalpha():
                continue
            return len(term)
    return 0


def _locator_punct(c: str) -> bool:
    return c not in "-–:" and unicodedata.category(c).startswith("P")


def _unit_end(s: str, i: int) -> int:
    while i < len(s) and not s[i].isspace() and not _locator_punct(s[i]):
        i += 1
    return i


def _page_seq(s: str, i: int) -> int:
    """``12``, ``3-5``, ``1.2.3`` (not a trailing period): the end, or ``i`` if none."""
    j = _unit_end(s, i)
    while j > i and j + 1 < len(s) and s[j] == "." and (k := _unit_end(s, j + 1)) > j + 1:
        j = k
    return j


def _word(s: str, i: int) -> tuple[int, bool, bool] | None:
    """A locator word at ``s[i]`` (``34(1)(a)``): ``(end, has_digit, is_roman)`` or None."""
    j = i
    while j < len(s):
        if s[j] in "([{":
            k = _page_seq(s, j + 1)
            if k < len(s) and s[k] == ")]}"["([{".index(s[j])]:
                j = k + 1
                continue
            break
        k = _page_seq(s, j)
        if k == j:
            break
        j = k
    if j == i:
        return None
    text = s[i:j]
    digit = any(c in "0123456789" for c in text)
    roman = any(_ROMAN.fullmatch(t) for t in re.split(r"[^A-Za-z]+", text) if t)
    return j, digit, roman


def _locator_words(s: str, pos: int, *, explicit: bool) -> int | None:
    """End of the locator words starting at ``s[pos]``; None if there is no locator."""
    first = _word(s, pos)
    if first is None or not (first[1] or (explicit and first[2])):
        return None
    end = first[0]
    while True:
        j = end
        if j < len(s) and s[j] in ",;":
            j += 1
        if j < len(s) and s[j].isspace():
            j += 1
        word = _word(s, j)
        if word is None or j == end or not (word[1] or (explicit and word[2])):
            return end
        end = word[0]


# --- the markdown-it rule ------------------------------------------------------------

LOCATE = "pleitbrief_locate"
"""``env`` key of a ``(state, pos, source) -> (line, col)`` function that places a group in
the whole document; :mod:`pleitbrief.markup.parse` sets it. Without it, the place is in the
inline text being parsed."""


_LABEL_END = re.compile(r"[^\[\]`<\\]*\]")
"""Up to the first ``]``, past nothing that could hide or nest one: no bracket, code span,
autolink or escape."""


def _plain_label_end(src: str, start: int, stop: int) -> int | None:
    """Where the label opened at ``start`` ends, when its text is plain; else None.

    markdown-it's ``parseLinkLabel`` runs every inline rule over the label to skip what
    could hold a ``]``, which is most of a citation's parsing time; a label with nothing
    of that kind ends at its first ``]`` (the same answer, found at a regex's speed).
    """
    match = _LABEL_END.match(src, start + 1, stop)
    return match.end() - 1 if match else None


def cite_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: a bracketed citation group becomes one ``cite_group`` token."""
    start = state.pos
    if state.src[start] != "[" or "@" not in state.src[start : state.posMax]:
        return False
    end = _plain_label_end(state.src, start, state.posMax)
    if end is None:
        end = parseLinkLabel(state, start)
    if end < 0:
        return False
    citations = parse_group(state.src[start + 1 : end])
    if citations is None:
        return False
    if not silent:
        token = state.push("cite_group", "", 0)
        token.content = state.src[start : end + 1]
        locate = state.env.get(LOCATE, _place_in_inline)
        line, col = locate(state, start, token.content)
        token.meta = {"citations": citations, "line": line, "col": col}
    state.pos = end + 1
    return True


def _place_in_inline(state: StateInline, pos: int, source: str) -> tuple[int, int]:
    return state.src.count("\n", 0, pos), pos - (state.src.rfind("\n", 0, pos) + 1)


def fast_labels_plugin(md: MarkdownIt) -> None:
    """markdown-it's link and image rules find where ``[…]`` ends as the citation rule did:
    with ``parseLinkLabel``, once for every ``[`` (each citation group is first tried as a
    link). This parser gets its own helpers, whose ``parseLinkLabel`` answers a plain
    label by :func:`_plain_label_end` (the same answer, ``tests/markup/test_label_end.py``)
    and asks markdown-it's for the rest. The module markdown-it shares stays as it is.
    """
    shared = md.helpers

    def parse_link_label(state: StateInline, start: int, disable_nested: bool = False) -> int:
        end = _plain_label_end(state.src, start, state.posMax)
        return shared.parseLinkLabel(state, start, disable_nested) if end is None else end

    own = ModuleType(f"{shared.__name__} (pleitbrief)")
    own.__dict__.update(vars(shared), parseLinkLabel=parse_link_label)
    md.helpers = own


def citations_plugin(md: MarkdownIt) -> None:
    """Read citation groups (after links: ``[@key](url)`` is a link, as in pandoc)."""
    md.inline.ruler.push("cite_group", cite_rule)
