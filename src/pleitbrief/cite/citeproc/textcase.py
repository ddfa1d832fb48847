"""CSL ``text-case`` on formatted text, word by word, as pandoc's citeproc does it.

pandoc (citeproc 0.13, ``Citeproc.CaseTransform`` and ``caseTransform`` in
``Citeproc.Pandoc``) does not change case with a title-case algorithm over the plain
text: it walks the inlines and cuts every ``Str`` into runs of letters and digits, runs
of whitespace and single other characters. A small state machine remembers what came
before (start of the text, start of a sentence after ``.?!:`` and a space, after a word
break such as a space, ``-``, ``/``, en or em dash, after a letter) and each transform
decides per run from that state. So the rules are those of the state machine, not of a
style guide:

- a run with both upper- and lowercase letters ("iPhone", "McDonald") is left alone by
  ``title``, ``capitalize-first`` and ``capitalize-all``; a run without lowercase
  letters ("WWW", "3D") by ``title`` too;
- ``title`` lowercases and capitalises a run at the start, after ``.?!:`` and a space,
  after a word break unless it is a stop word ("of", "the", "van" …, compared as written:
  "The" is not one) or a single letter, and before the last word;
- ``sentence`` lowercases a capitalised run ("The") unless it starts the text or a
  sentence, where it capitalises a capitalised or lowercase run;
- "it’s" is three runs ("it", "’", "s"): the apostrophe is not a word break, so "s" is
  left alone; "up-to-date" is five, and "to" after "-" is a stop word;
- small caps, superscript, subscript and ``nocase`` spans are not changed, but their
  text moves the state on (as if it were one run without spaces); notes are skipped;
- ``lowercase`` and ``uppercase`` change every run of letters and digits the same way,
  with the same exceptions for small caps and the like.

The last word is special only at the top level: when the text ends in a ``Str`` without a
word break and something comes before it, the state before that ``Str`` becomes "before
the last word" (title case then capitalises a stop word there).

Language matters twice, both decided by the caller from the item's ``language``
variable: Turkish (``tr``) maps dotted and dotless i to İ and I (pandoc is built without
ICU, so that is the only language rule), and ``title`` is applied only to English items
(citeproc's ``withFormatting``): see :func:`title_case_applies`. The footnote form of a
citation in a note style gets ``capitalize-first`` without a language (pandoc's
``addNote``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from enum import Enum

from pleitbrief.cite.citeproc.inlines import (
    Inline,
    Inlines,
    Link,
    Quoted,
    Space,
    Span,
    Str,
    Styled,
)

TEXT_CASES = frozenset(
    ("lowercase", "uppercase", "capitalize-first", "capitalize-all", "sentence", "title")
)
"""The values of CSL's ``text-case`` attribute."""

_OPAQUE = frozenset(("smallcaps", "superscript", "subscript"))
"""Wrappers whose text keeps its case (citeproc treats them as implicit ``nocase``)."""

_STOP_WORDS = frozenset(
    (
        *("a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into"),
        *("nor", "of", "on", "onto", "or", "over", "so", "the", "till", "to", "up", "via"),
        *("with", "yet", "about", "van", "von", "de", "d", "l"),
    )
)
"""citeproc's list: the CSL spec's, plus "about", name particles and elided articles."""

_WORD_BREAKS = frozenset("-/\u2013\u2014")
"""Besides whitespace: hyphen, slash, en dash and em dash end a word."""

_SENTENCE_END = frozenset(".?!:")

_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?![A-Za-z])")
"""The language subtag citeproc's language-tag parser accepts at the start of a value."""


# --- characters as Haskell's Data.Char sees them ---------------------------------------


def is_alnum(char: str) -> bool:
    """``isAlphaNum``: a letter or a number of any kind (not a combining mark)."""
    if char < "\x80":
        return char.isalnum()
    return unicodedata.category(char)[0] in "LN"


def is_space(char: str) -> bool:
    """``isSpace``: ASCII whitespace, no-break space and the other space separators."""
    if ord(char) <= 0x377:
        return char in " \t\n\v\f\r\xa0"
    return unicodedata.category(char) == "Zs"


def _is_upper(char: str) -> bool:
    if char < "\x80":
        return "A" <= char <= "Z"
    return unicodedata.category(char) in ("Lu", "Lt")


def _is_lower(char: str) -> bool:
    if char < "\x80":
        return "a" <= char <= "z"
    return unicodedata.category(char) == "Ll"


def _is_word_break(char: str) -> bool:
    return char in _WORD_BREAKS or is_space(char)


# --- languages -------------------------------------------------------------------------


def language_code(value: str | None) -> str | None:
    """The primary language of a CSL ``language`` value ("en-GB" → "en", "English" →
    "english"), or None where citeproc cannot read one ("", "x-foo", "123")."""
    found = _LANGUAGE.match(value or "")
    return found.group(0).lower() if found else None


def title_case_applies(item_language: str | None, locale_language: str | None) -> bool:
    """Whether ``text-case="title"`` is applied at all: only to English items, judged by
    the item's ``language`` variable where citeproc can read one and by the style's
    locale (pandoc's ``lang``) otherwise. Elsewhere the text keeps its case."""
    language = language_code(item_language) or language_code(locale_language)
    return language == "en"


_TURKISH_UPPER = str.maketrans({"i": "\u0130", "\u0131": "I"})
_TURKISH_LOWER = str.maketrans({"\u0130": "i", "I": "\u0131"})


def _upper(text: str, lang: str | None) -> str:
    if lang == "tr":
        text = text.translate(_TURKISH_UPPER)
    return text.upper()


def _lower(text: str, lang: str | None) -> str:
    if lang == "tr":
        text = text.translate(_TURKISH_LOWER)
    # Character by character: no final-sigma rule, as Haskell's Data.Text.toLower.
    return "".join(char.lower() for char in text)


def _capitalize(text: str, lang: str | None) -> str:
    return _upper(text[:1], lang) + text[1:]


# --- the transforms, run by run ----------------------------------------------------------


class _State(Enum):
    START = "start"
    START_SENTENCE = "start of a sentence"
    AFTER_WORD_END = "after a word break"
    AFTER_WORD_CHAR = "after a letter or digit"
    AFTER_SENTENCE_END = "after .?!:"
    BEFORE_LAST_WORD = "before the last word"


_STARTS = (_State.START, _State.START_SENTENCE)
_WORD_STARTS = (*_STARTS, _State.AFTER_WORD_END, _State.BEFORE_LAST_WORD)

_Change = Callable[[_State, str], str]


def _is_mixed(run: str) -> bool:
    return any(map(_is_upper, run)) and any(map(_is_lower, run))


def _is_capitalized(run: str) -> bool:
    return _is_upper(run[0]) and all(map(_is_lower, run[1:]))


def _transform(case: str, lang: str | None) -> _Change:
    def lowercase(_state: _State, run: str) -> str:
        return _lower(run, lang)

    def uppercase(_state: _State, run: str) -> str:
        return _upper(run, lang)

    def capitalize_first(state: _State, run: str) -> str:
        if state is _State.START and all(map(_is_lower, run)):
            return _capitalize(run, lang)
        return run

    def capitalize_all(state: _State, run: str) -> str:
        if state in _WORD_STARTS and all(map(_is_lower, run)):
            return _capitalize(run, lang)
        return run

    def sentence(state: _State, run: str) -> str:
        if state in _STARTS:
            if _is_capitalized(run) or all(map(_is_lower, run)):
                return _capitalize(_lower(run, lang), lang)
            return run
        return _lower(run, lang) if _is_capitalized(run) else run

    def title(state: _State, run: str) -> str:
        # A run without lowercase letters ("WWW", "3D", "COVID19") is kept: an acronym.
        if _is_mixed(run) or not any(map(_is_lower, run)):
            return run
        if (
            state in _STARTS
            or (state is _State.AFTER_WORD_END and run not in _STOP_WORDS and len(run) > 1)
            or (state is _State.BEFORE_LAST_WORD and len(run) > 1)
        ):
            return _capitalize(_lower(run, lang), lang)
        return run

    transforms: dict[str, _Change] = {
        "lowercase": lowercase,
        "uppercase": uppercase,
        "capitalize-first": capitalize_first,
        "capitalize-all": capitalize_all,
        "sentence": sentence,
        "title": title,
    }
    return transforms[case]


def _next_state(state: _State, run: str) -> _State:
    last = run[-1]
    if last in _SENTENCE_END:
        return _State.AFTER_SENTENCE_END
    if is_alnum(last):
        return _State.AFTER_WORD_CHAR
    if is_space(last) and state is _State.AFTER_SENTENCE_END:
        return _State.START_SENTENCE
    if _is_word_break(last):
        return _State.AFTER_WORD_END
    return state


def _runs(text: str) -> list[str]:
    """``Str`` text cut as citeproc cuts it: letters and digits together, whitespace
    together, every other character on its own."""
    if text.isascii():
        return _ASCII_RUNS.findall(text)
    runs: list[str] = []
    for char in text:
        if runs and _same_run(runs[-1][0], char):
            runs[-1] += char
        else:
            runs.append(char)
    return runs


_ASCII_RUNS = re.compile(r"[A-Za-z0-9]+|[ \t\n\v\f\r]+|.", re.DOTALL)


def _same_run(first: str, char: str) -> bool:
    return (is_alnum(first) and is_alnum(char)) or (is_space(first) and is_space(char))


def _str_text(nodes: Inlines) -> str:
    """The text of every ``Str`` inside, without spaces (what citeproc feeds the state
    machine for a part it leaves alone)."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Str):
            parts.append(node.text)
        elif not isinstance(node, Space):
            parts.append(_str_text(node.children))
    return "".join(parts)


class _CaseWalk:
    """One pass over the inlines in reading order, carrying the state."""

    def __init__(self, change: _Change, first_only: bool = False) -> None:
        self.change = change
        self.state = _State.START
        self.first_only = first_only
        """Only a word at the very start can change (capitalize-first): once the state
        has left START it never comes back, so the rest is passed through as it is."""

    def top(self, inlines: Inlines) -> Inlines:
        if len(inlines) < 2 or not _is_last_word(inlines[-1]):
            return self.nodes(inlines)
        head = self.nodes(inlines[:-1])
        if self.state in (_State.AFTER_WORD_END, *_STARTS):
            self.state = _State.BEFORE_LAST_WORD
        return (*head, self.node(inlines[-1]))

    def nodes(self, inlines: Inlines) -> Inlines:
        return tuple(self.node(node) for node in inlines)

    def node(self, node: Inline) -> Inline:
        if self.first_only and self.state is not _State.START:
            return node
        if isinstance(node, Str):
            return Str("".join(self.run(run) for run in _runs(node.text)))
        if isinstance(node, Space):
            self.run(" ")
            return node
        if isinstance(node, Styled):
            if node.kind in _OPAQUE:
                return self.leave(node)
            return Styled(node.kind, self.nodes(node.children))
        if isinstance(node, Span):
            return self.span(node)
        if isinstance(node, Quoted):
            return Quoted(node.double, self.nodes(node.children))
        if isinstance(node, Link):
            return Link(node.url, self.nodes(node.children))
        return node

    def span(self, node: Span) -> Inline:
        if "nocase" not in node.classes:
            return Span(node.classes, self.nodes(node.children))
        # citeproc drops a lone ``nocase`` class when the span goes on a word (as in
        # "foo<span class="nocase">Bar</span>"); the text is kept as it is either way.
        if node.classes == ("nocase",) and self.state is _State.AFTER_WORD_CHAR:
            node = Span((), node.children)
        return self.leave(node)

    def leave(self, node: Styled | Span) -> Inline:
        text = _str_text(node.children)
        if text:
            self.run(text)
        return node

    def run(self, run: str) -> str:
        state = self.state
        self.state = _next_state(state, run)
        return self.change(state, run) if all(map(is_alnum, run)) else run


def _is_last_word(node: Inline) -> bool:
    return isinstance(node, Str) and not any(map(_is_word_break, node.text))


def change_case(inlines: Inlines, case: str, lang: str | None = None) -> Inlines:
    """``inlines`` in the CSL text case ``case`` (one of :data:`TEXT_CASES`), as
    citeproc's ``addTextCase``. ``lang`` is the item's ``language`` variable as written
    (None without one): only Turkish changes the letters. Apply ``title`` only where
    :func:`title_case_applies`. The structure is kept; only ``Str`` text changes (and a
    ``nocase`` span right after a letter loses its class, as in pandoc)."""
    if case not in TEXT_CASES:
        raise ValueError(f"unknown text-case {case!r}")
    first_only = case == "capitalize-first" and not _has_nocase(inlines)
    walk = _CaseWalk(_transform(case, language_code(lang)), first_only)
    return walk.top(inlines)


def _has_nocase(inlines: Inlines) -> bool:
    """A ``nocase`` span inside (the walk may change its class, so it must get there)."""
    for node in inlines:
        if isinstance(node, Span) and "nocase" in node.classes:
            return True
        if not isinstance(node, Str | Space) and _has_nocase(node.children):
            return True
    return False


def capitalize_note(inlines: Inlines) -> Inlines:
    """A note style's citation as pandoc puts it in a footnote of its own: the first word
    capitalised (``capitalize-first`` without a language, pandoc's ``addNote``). Not for
    a citation that already sits in a footnote of the text."""
    return change_case(inlines, "capitalize-first")
