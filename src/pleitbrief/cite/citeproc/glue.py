"""Between pleitbrief's citation groups and the processor: what pandoc does around citeproc.

pleitbrief sends every citation group of a letter to pandoc as one small JSON document
(:mod:`pleitbrief.cite.csl`: a ``Cite`` per group, a plain footnote's groups inside a
``Note``). Between that document and the citeproc library, pandoc's own code
(``Text.Pandoc.Citeproc``) makes the decisions the processor does not: which items a
citation has and how its prefix, locator and suffix are split up; and afterwards where
each formatted citation goes — a footnote of its own, capitalised, for a citation in the
running text; its text in parentheses for one inside a plain footnote, unless it starts
that footnote. For the in-process processor to give what pandoc gives, this module does
those steps on the same input:

- :func:`citations_for` makes the processor's citations from the groups, as pandoc makes
  them from the ``Cite`` elements ``csl.py`` sends, with a locator parser such as
  :func:`locator_parser` (:mod:`.locator` on the suffix's text);
- :func:`texts_for` turns the processor's results into each group's text, as ``csl.py``
  reads it from pandoc's answer (``?key`` for a key missing from the library included).

pandoc's other steps have nothing to do here: the request has no bibliography
(``suppress-bibliography``), hence no links from citations to it, no ``nocite``, no
sections that reset positions; and its moving of punctuation around note marks only ever
touches the running text around a ``Cite``, which the request does not have (pleitbrief
places the notes in the letter itself: :mod:`pleitbrief.cite.resolve`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence

from pleitbrief.cite.citeproc import inlines as il
from pleitbrief.cite.citeproc import locator as loc
from pleitbrief.cite.citeproc.citations import Citation, CitationItem
from pleitbrief.cite.citeproc.inlines import Inlines
from pleitbrief.cite.citeproc.textcase import capitalize_note
from pleitbrief.cite.styles import PlacedGroup
from pleitbrief.markup import model as m
from pleitbrief.markup.parse import parse_inline

LocatorParser = Callable[[Inlines], tuple[tuple[str, str] | None, Inlines]]
"""pandoc's ``parseLocator`` with the locale's locator terms bound: a citation's whole
suffix as pandoc has it → ``((label, locator), rest)`` when it starts with a locator, else
``(None, rest)``; ``rest`` is the suffix the item keeps (pandoc puts ``", "`` before one
that does not start with punctuation or a space)."""


_WORDS = re.compile(r"\S+|\s+")
"""How ``csl.py`` cuts text into pandoc's ``Str`` and ``Space`` (``\\s`` is Unicode
whitespace, so a no-break space separates words there)."""
_SUFFIX_JOINS = ",;:.)"
"""A suffix starting with one of these follows the locator without a comma."""
_PERIOD_WRAPPERS = frozenset(("emph", "strong", "smallcaps"))
"""The wrappers pandoc looks into for a citation's final period (not super- or subscript,
underline or links)."""
_RIGHT_QUOTES = frozenset("\u201d\u2019\u00bb")
"""Closing marks pandoc looks past for a final period: ”, ’ and »."""


# --- groups → citations ---------------------------------------------------------------


def citations_for(groups: Sequence[PlacedGroup], parse_locator: LocatorParser) -> list[Citation]:
    """The processor's citations for ``groups``, one each, in order: what pandoc's
    ``getCitations`` makes of the ``Cite`` elements ``csl.py`` sends for them.

    ``groups`` are those ``csl.py`` sends, each with a citation (one without any would be
    a citation without items). ``parse_locator`` splits an item's suffix into its locator
    and the rest, as pandoc does with the locale's terms (see :data:`LocatorParser`).
    """
    return [_citation(placed, parse_locator) for placed in groups]


def _citation(placed: PlacedGroup, parse_locator: LocatorParser) -> Citation:
    cited = placed.group.citations
    # pandoc numbers a citation by its first item's note number, "none" for 0
    note = placed.note if cited and placed.note > 0 else None
    # pandoc drops "@*" (its "cite everything" key) from a citation's items
    items = tuple(_item(c, parse_locator) for c in cited if c.key != "*")
    return Citation(id=None, note_number=note, items=items)


def _item(c: m.Citation, parse_locator: LocatorParser) -> CitationItem:
    prefix, suffix = _sent_affixes(c)
    found, rest = parse_locator(suffix)
    return CitationItem(
        id=c.key,
        label=found[0] if found else None,
        locator=found[1] if found else None,
        type="suppress-author" if c.suppress_author else "normal",
        prefix=_spaced(prefix) if prefix else None,
        suffix=rest or None,
    )


def _spaced(prefix: Inlines) -> Inlines:
    """pandoc ends a prefix with a space, joined as its builder joins inlines."""
    return prefix if isinstance(prefix[-1], il.Space) else (*prefix, il.SPACE)


def _sent_affixes(c: m.Citation) -> tuple[Inlines, Inlines]:
    """The prefix and suffix of ``c`` as ``csl.py`` sends them to pandoc: the prefix's
    Markdown, and the locator and suffix as one suffix (``, p. 3, zie ook``), which pandoc
    parses for the locator."""
    prefix = c.prefix.strip()
    suffix = _suffix_text(c)
    prefix_inlines = _from_model(parse_inline(prefix)) if prefix else il.EMPTY
    suffix_inlines = _from_model(parse_inline(suffix)) if suffix else il.EMPTY
    if suffix.startswith(" "):  # csl.py marks a suffix that starts with a space once more
        suffix_inlines = (il.SPACE, *suffix_inlines)
    return prefix_inlines, suffix_inlines


def _suffix_text(c: m.Citation) -> str:
    locator = c.locator.strip()
    suffix = f", {locator}" if locator else ""
    if c.suffix.strip():
        text = c.suffix.rstrip()
        suffix += text if text[0].isspace() or text[0] in _SUFFIX_JOINS else ", " + text
    return suffix


def _from_model(inlines: Sequence[m.Inline]) -> Inlines:
    """Model inlines as the pandoc inlines ``csl.py`` writes for them (and pandoc reads
    back unchanged: no adjacent words are joined); a footnote is left out, as there."""
    out: list[il.Inline] = []
    for inline in inlines:
        match inline:
            case m.Text(text) | m.CiteGroup(_, text):  # a group in an affix is its source
                out.extend(_words(text))
            case m.Emph(children):
                out.append(il.Styled("emph", _from_model(children)))
            case m.Strong(children):
                out.append(il.Styled("strong", _from_model(children)))
            case m.Link(url, children):
                out.append(il.Link(url, _from_model(children)))
            case m.Code(text):  # the processor's inlines have no code: its text
                out.append(il.Str(text))
            case m.SoftBreak() | m.LineBreak():
                out.append(il.SPACE)
    return tuple(out)


def _words(text: str) -> Inlines:
    return tuple(il.SPACE if word.isspace() else il.Str(word) for word in _WORDS.findall(text))


# --- the locator in a suffix ----------------------------------------------------------


def locator_parser(labels: Mapping[str, str]) -> LocatorParser:
    """:func:`.locator.parse_locator`, which reads a suffix's text, as a
    :data:`LocatorParser` for the locale whose ``labels`` (:func:`.locator.locator_map`)
    it is given: what is left of the suffix keeps its formatting (``, p. 3, *zie*``).

    The rest is the end of the suffix as long as the text :func:`.locator.parse_locator`
    leaves, so a suffix that starts with two spaces (a doubled ``Space``, which pandoc
    keeps) keeps one."""

    def parse(suffix: Inlines) -> tuple[tuple[str, str] | None, Inlines]:
        text = il.stringify(suffix)
        found = loc.parse_locator(text, labels)
        info = (
            None if found.label is None or found.locator is None else (found.label, found.locator)
        )
        rest = found.suffix
        if info is None and rest.startswith(", ") and not text.startswith(","):
            # pandoc puts a comma before a suffix that is no locator, as words of its own
            return None, (il.Str(","), il.SPACE, *_last_chars(suffix, len(rest) - 2))
        return info, _last_chars(suffix, len(rest))

    return parse


def _last_chars(inlines: Inlines, count: int) -> Inlines:
    """The end of ``inlines`` that holds the last ``count`` characters of their text, cut
    inside a word or a formatted stretch where need be."""
    out: list[il.Inline] = []
    for node in reversed(inlines):
        if count <= 0:
            break
        size = len(il.stringify((node,)))
        out.append(_last_chars_of(node, count) if size > count else node)
        count -= size
    return tuple(reversed(out))


def _last_chars_of(node: il.Inline, count: int) -> il.Inline:
    match node:
        case il.Str(text):
            return il.Str(text[-count:])
        case il.Styled(kind, children):
            return il.Styled(kind, _last_chars(children, count))
        case il.Link(url, children):
            return il.Link(url, _last_chars(children, count))
    return node  # an affix holds no other inlines (see _from_model)


# --- results → texts -------------------------------------------------------------------


def texts_for(
    results: Sequence[Inlines], groups: Sequence[PlacedGroup], missing_keys: Collection[str]
) -> list[list[m.Inline]]:
    """Each group's text from the processor's ``results`` for the citations
    :func:`citations_for` made of ``groups`` (one per group, in order), as ``csl.py`` reads
    it from pandoc's answer: for a note style, a citation of the running text is its
    footnote's text, capitalised; one inside a plain footnote is written into it, in
    parentheses and without a final period unless it starts the footnote. A key in
    ``missing_keys`` shows as ``?key``.
    """
    opening = _opens_note(groups)
    return [
        _unknown_keys_marked(il.to_model(_placed(result, placed, opens)), missing_keys)
        for result, placed, opens in zip(results, groups, opening, strict=True)
    ]


def _opens_note(groups: Sequence[PlacedGroup]) -> list[bool]:
    """Per group: it is the first thing in its plain footnote in the request ``csl.py``
    sends. A footnote there is a run of groups with the same note number, and only its
    first group can start it."""
    out: list[bool] = []
    previous: PlacedGroup | None = None
    for placed in groups:
        new_note = previous is None or not previous.in_note or previous.note != placed.note
        out.append(placed.in_note and placed.starts_note and new_note)
        previous = placed
    return out


def _placed(result: Inlines, placed: PlacedGroup, opens_note: bool) -> Inlines:
    """What pandoc's ``deNote`` and ``addNote`` make of one citation.

    A note style's processor wraps each citation in a ``Note`` (citeproc's ``csl-note``
    span); an in-text style's citations have none and stay as they are.
    """
    if not any(isinstance(node, il.Note) for node in result):
        return result
    if not placed.in_note:
        first = next(node for node in result if isinstance(node, il.Note))
        return capitalize_note(first.children)
    if opens_note:
        return tuple(il.Span((), n.children) if isinstance(n, il.Note) else n for n in result)
    return _in_parentheses(result)


def _in_parentheses(result: Inlines) -> Inlines:
    """A note citation written into a footnote: `` (text)`` without its final period, the
    space dropped at the start."""
    out: list[il.Inline] = []
    for node in result:
        if isinstance(node, il.Note):
            out += [il.SPACE, il.Str("("), *_without_final_period(node.children), il.Str(")")]
        else:
            out.append(node)
    while out and isinstance(out[0], il.Space):
        del out[0]
    return tuple(out)


def _without_final_period(inlines: Inlines) -> Inlines:
    """pandoc's ``removeFinalPeriod``: the period at the very end goes, looked for only in
    the last inline, through spans, quotes, emphasis, strong and small caps, and before a
    closing quotation mark. An empty last word stops it: that is what citeproc leaves
    where it dropped a doubled period, so ``Ibid.`` keeps its period."""
    if not inlines:
        return inlines
    *before, last = inlines
    match last:
        case il.Span(classes, children):
            return (*before, il.Span(classes, _without_final_period(children)))
        case il.Quoted(double, children):  # it closes with ” or ’, marks pandoc looks past
            return (*before, il.Quoted(double, _without_final_period(children)))
        case il.Styled(kind, children) if kind in _PERIOD_WRAPPERS:
            return (*before, il.Styled(kind, _without_final_period(children)))
        case il.Str(text) if text.endswith("."):
            return (*before, il.Str(text[:-1]))
        case il.Str(text) if text[-1:] in _RIGHT_QUOTES:
            rest = (*before, il.Str(text[:-1])) if text[:-1] else tuple(before)
            return (*_without_final_period(rest), il.Str(text[-1]))
    return inlines


def _unknown_keys_marked(inlines: list[m.Inline], missing: Collection[str]) -> list[m.Inline]:
    """citeproc writes a key it has no reference for as bold ``key?`` (capitalised in a
    footnote of its own); pleitbrief shows ``?key``, as its house styles do."""
    if not missing:
        return inlines
    wanted = {f"{key}?".lower(): key for key in missing}
    out: list[m.Inline] = []
    for inline in inlines:
        match inline:
            case m.Strong([m.Text(text)]) if text.lower() in wanted:
                out.append(m.Text("?" + wanted[text.lower()]))
            case _:
                out.append(inline)
    return out
