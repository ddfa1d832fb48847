"""The locator in a citation's suffix, found the way pandoc finds it.

pandoc reads ``[@item, p. 12, with remarks]`` as a citation whose suffix is
``, p. 12, with remarks``; before handing the citation to citeproc it takes the locator out
of that suffix (``Text/Pandoc/Citeproc/Locator.hs``, ``parseLocator``): the label
``page``, the locator ``12`` and the suffix ``, with remarks`` that is left. This module
does the same on the suffix as plain text (:func:`parse_locator`), so that pleitbrief's
own processor gives the style what pandoc gives it.

The label is recognised by the texts of the locale's locator terms, in every form and
number (``p.``, ``pp.``, ``page``, ``pages``; ``hfdst.`` in Dutch): the caller builds the
map once per locale with :func:`locator_map`. A bare number is a page. Only the terms of
:data:`LOCATOR_TERMS` count: ``art.`` in nl-NL (``article-locator``) is no label, so
``, art. 4`` stays suffix. ``{…}`` gives the locator verbatim: ``, {iv, 3}`` (label ``""``
when no term starts it and it does not start with a lone digit).

pandoc parses inlines, not text, and the parse depends on how they split: words are
``Str`` runs, whitespace is ``Space``, and before parsing every punctuation mark (but
``:``) and every space character inside a word becomes a token of its own. This module
cuts the text the same way (:func:`_tokens`): a run of spaces, tabs and newlines is one
space, as pandoc's Markdown reader makes it (a newline is then a ``Space``, not pandoc's
``SoftBreak``, which only differs where a comma is put back before a suffix), and a
no-break space is a token that counts as a space. Formatting inside the suffix (emphasis,
math, code) is not seen: the caller passes its text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from pleitbrief.cite.citeproc.numbers import is_punctuation, is_space, strip

LOCATOR_TERMS = (
    "book", "chapter", "column", "figure", "folio", "issue", "line", "note", "opus", "page",
    "number-of-pages", "paragraph", "part", "section", "sub-verbo", "verse", "volume",
)  # fmt: skip
"""The terms pandoc takes a locator label from, in its order of precedence: a text two of
them share (``p.`` is ``page`` and ``number-of-pages``) is the earlier one's."""

_SPACE = " "
"""The token of a run of whitespace (pandoc's ``Space``); no word token is a plain space."""

_NO_BREAK_SPACE = "\xa0"


class ParsedLocator(NamedTuple):
    """What pandoc passes to citeproc for one cited item."""

    label: str | None
    """The locator's label (``page``, ``chapter``, ``sub-verbo`` …); ``""`` for a
    ``{…}`` locator no term or lone digit starts; None when there is no locator."""
    locator: str | None
    """The locator as written (``12``, ``3-5``, ``12 ``: not stripped), or None."""
    suffix: str
    """What is left of the suffix; when no locator was found, ``, `` is put before one
    that starts with neither a space nor punctuation (``passim`` → ``, passim``)."""


def locator_map(term_texts: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """The label each locator term text stands for, keyed case-folded.

    ``term_texts`` gives, by term name, every text the merged locale (the style's
    ``<locale>`` overrides and the locale file) defines for it: all forms (long, short,
    symbol, verb…) and both numbers. Names outside :data:`LOCATOR_TERMS` are ignored."""
    mapping: dict[str, str] = {}
    for name in reversed(LOCATOR_TERMS):  # earlier terms overwrite later ones
        for text in term_texts.get(name, ()):
            mapping[text.casefold()] = name
    return mapping


def parse_locator(suffix: str, labels: Mapping[str, str]) -> ParsedLocator:
    """The label, locator and remaining suffix of a citation's suffix, as pandoc splits it.

    After an optional leading comma and space, either a ``{…}`` locator (balanced ``{}``
    and ``[]`` inside, one token deep) or a label followed by locator words: the longest
    run of tokens that is a known label (``labels``, from :func:`locator_map`; matched
    case-insensitively, spaces around ignored), or ``page`` when a word with a digit
    follows. Locator words are separated by ``,`` or ``;`` and spaces; a word is a run of
    non-punctuation (hyphens, en dashes and colons included, ``.`` only between parts:
    ``1.2``), roman numerals, and ``()[]{}`` around such runs; each needs a digit (or a
    roman numeral, after an explicit label). The first word that does not qualify ends the
    locator and starts what is left: ``, 33-35 and passim`` → ``page``, ``33-35``,
    `` and passim``."""
    tokens = _tokens(suffix)
    parser = _Parser(tokens, labels)
    found = parser.parse()
    if found is None:
        return ParsedLocator(None, None, _maybe_add_comma(tokens))
    label, locator, end = found
    rest = tokens[end:]
    if not label and not locator:
        return ParsedLocator(None, None, _maybe_add_comma(rest))
    return ParsedLocator(label, locator, "".join(rest))


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for char in text:
        if char in " \t\n\r":
            word = _flush(tokens, word)
            if not tokens or tokens[-1] != _SPACE:
                tokens.append(_SPACE)
        elif is_space(char) or (is_punctuation(char) and char != ":"):
            word = _flush(tokens, word)
            tokens.append(char)
        else:
            word += char
    _flush(tokens, word)
    return tokens


def _flush(tokens: list[str], word: str) -> str:
    if word:
        tokens.append(word)
    return ""


def _maybe_add_comma(tokens: list[str]) -> str:
    text = "".join(tokens)
    if not text or tokens[0] == _SPACE or is_punctuation(text[0]):
        return text
    return ", " + text


class _Word(NamedTuple):
    """A parsed stretch of locator: whether it holds a digit or roman numeral, its text,
    and the index of the token after it."""

    digit_like: bool
    text: str
    end: int


_Lookahead = Callable[[int], bool]


class _Parser:
    """pandoc's Parsec grammar over the tokens; a method returns None where the grammar
    fails, having consumed nothing (every failing branch in pandoc is wrapped in ``try``
    or fails before consuming)."""

    def __init__(self, tokens: list[str], labels: Mapping[str, str]) -> None:
        self.tokens = tokens
        self.labels = labels

    def parse(self) -> tuple[str, str, int] | None:
        pos = 0
        if self._is(pos, ","):
            pos += 1
        if self._is_space(pos):
            pos += 1
        return self._delimited(pos) or self._integrated(pos)

    # -- tokens

    def _is(self, pos: int, text: str) -> bool:
        return pos < len(self.tokens) and self.tokens[pos] == text

    def _is_space(self, pos: int) -> bool:
        return self._is(pos, _SPACE) or self._is(pos, _NO_BREAK_SPACE)

    def _is_one_of(self, pos: int, chars: str) -> bool:
        return pos < len(self.tokens) and len(self.tokens[pos]) == 1 and self.tokens[pos] in chars

    def _is_locator_punct(self, pos: int) -> bool:
        token = self.tokens[pos] if pos < len(self.tokens) else ""
        return len(token) == 1 and is_punctuation(token) and token not in "-\u2013:"

    # -- the label

    def _label(self, pos: int, limit: _Lookahead, acc: str = "") -> tuple[str, int] | None:
        """The longest label from ``pos``: grow one token, then on to where ``limit``
        matches; the text so far is looked up each time, the longest match wins."""
        if pos >= len(self.tokens):
            return None
        end = pos + 1
        while not limit(end):
            if end >= len(self.tokens):
                return None
            end += 1
        text = acc + "".join(self.tokens[pos:end])
        longer = self._label(end, limit, text)
        if longer is not None:
            return longer
        label = self.labels.get(strip(text).casefold())
        return None if label is None else (label, end)

    # -- {…} locators

    def _delimited(self, pos: int) -> tuple[str, str, int] | None:
        if not self._is(pos, "{"):
            return None
        pos += 1
        while self._is_space(pos):
            pos += 1
        found = self._label(pos, lambda end: end < len(self.tokens))
        if found is not None:
            label, pos = found
        elif self._is_one_of(pos, "0123456789"):
            label = "page"
        else:
            label = ""
        text = ""
        while (unit := self._delimited_unit(pos)) is not None:
            text, pos = text + unit[0], unit[1]
        if not self._is(pos, "}"):
            return None
        return label, text, pos + 1

    def _delimited_unit(self, pos: int) -> tuple[str, int] | None:
        """A token that is no brace, or one (or none) inside ``[]`` or ``{}``: its text
        and the index after it."""
        for open_, close in ("[]", "{}"):
            if self._is(pos, open_):
                inner = 0 if self._is_one_of(pos + 1, "{}[]") or pos + 1 >= len(self.tokens) else 1
                if self._is(pos + 1 + inner, close):
                    text = open_ + "".join(self.tokens[pos + 1 : pos + 1 + inner]) + close
                    return text, pos + 2 + inner
        if pos >= len(self.tokens) or self._is_one_of(pos, "{}[]"):
            return None
        return self.tokens[pos], pos + 1

    # -- label and locator words

    def _integrated(self, pos: int) -> tuple[str, str, int] | None:
        found = self._label(pos, self._starts_word)
        if found is not None:
            label, pos = found
            implicit = False
        elif (word := self._word(pos, first=True)) is not None and _has_digit(word.text):
            label, implicit = "page", True
        else:
            return None
        # A page assumed from a bare number needs digits in every word; after an explicit
        # label, roman numerals do too (p. xiv).
        word = self._qualified(pos, not implicit, implicit)
        if word is None:
            return None
        text, pos = word.text, word.end
        while (word := self._qualified(pos, False, implicit)) is not None:
            text, pos = text + word.text, word.end
        return label, text, pos

    def _starts_word(self, pos: int) -> bool:
        word = self._word(pos, first=True)
        return word is not None and word.digit_like

    def _qualified(self, pos: int, first: bool, implicit: bool) -> _Word | None:
        word = self._word(pos, first)
        if word is None:
            return None
        if implicit and not _has_digit(word.text):
            return None
        if not implicit and not word.digit_like:
            return None
        return word

    def _word(self, pos: int, first: bool) -> _Word | None:
        """One locator word: (after a ``,`` or ``;`` unless first) an optional space,
        then page sequences, bare or in ``()``, ``[]``, ``{}``."""
        lead = ""
        if not first and self._is_one_of(pos, ",;"):
            lead, pos = self.tokens[pos], pos + 1
        if self._is_space(pos):
            lead, pos = lead + " ", pos + 1
        digit_like, text = False, ""
        while (part := self._bracketed_seq(pos)) is not None:
            digit_like, text, pos = digit_like or part.digit_like, text + part.text, part.end
        if not text:
            return None
        return _Word(digit_like, lead + text, pos)

    def _bracketed_seq(self, pos: int) -> _Word | None:
        for open_, close in ("{}", "[]", "()"):
            if self._is(pos, open_):
                inner = self._page_seq(pos + 1) if not self._is_brace(pos + 1) else None
                after = inner.end if inner is not None else pos + 1
                if not self._is(after, close):
                    return None
                middle = inner.text if inner is not None else ""
                digit_like = inner.digit_like if inner is not None else False
                return _Word(digit_like, open_ + middle + close, after + 1)
        if self._is_brace(pos):
            return None
        return self._page_seq(pos)

    def _is_brace(self, pos: int) -> bool:
        return self._is_one_of(pos, "(){}[]")

    def _page_seq(self, pos: int) -> _Word | None:
        """``1``, ``1.2``, ``1.2.3``, or ``.2``: units joined by periods (a period with
        no unit after it is left alone)."""
        unit = self._page_unit(pos)
        if unit is None:
            return self._with_period(pos)
        digit_like, text, pos = unit
        while (more := self._with_period(pos)) is not None:
            digit_like, text, pos = digit_like or more.digit_like, text + more.text, more.end
        return _Word(digit_like, text, pos)

    def _with_period(self, pos: int) -> _Word | None:
        if not self._is(pos, "."):
            return None
        unit = self._page_unit(pos + 1)
        return None if unit is None else _Word(unit.digit_like, "." + unit.text, unit.end)

    def _page_unit(self, pos: int) -> _Word | None:
        """A roman numeral token, else a run of tokens up to a space or punctuation
        (hyphens, en dashes and colons belong to the run)."""
        if pos < len(self.tokens) and _is_roman(self.tokens[pos]):
            return _Word(True, self.tokens[pos], pos + 1)
        end = pos
        while end < len(self.tokens) and not (self._is_space(end) or self._is_locator_punct(end)):
            end += 1
        if end == pos:
            return None
        text = "".join(self.tokens[pos:end])
        return _Word(_has_digit(text), text, end)


def _has_digit(text: str) -> bool:
    return any(char in "0123456789" for char in text)


_ROMAN_STEPS = ("M*", "CM", "D", "CD", "C*", "XC", "L", "XL", "X*", "IX", "V", "IV", "I*")
"""pandoc's ``romanNumeral``, step by step: ``X*`` any number of X, ``CM`` the pair or
nothing; a numeral is read greedily through the steps and must use up the word."""


def _is_roman(token: str) -> bool:
    text = token.upper()
    if not text or text[0] not in "IVXLCDM":
        return False
    pos = 0
    for step in _ROMAN_STEPS:
        if step.endswith("*"):
            while text[pos : pos + 1] == step[0]:
                pos += 1
        elif text.startswith(step, pos):
            pos += len(step)
    return pos == len(text)
