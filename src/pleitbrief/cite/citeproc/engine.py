"""The processor put together: a style file, a language, CSL-JSON items and citations in;
each citation's text out, as pandoc's ``--citeproc`` would write it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pleitbrief.cite.citeproc import inlines as il
from pleitbrief.cite.citeproc.citations import Citation, process
from pleitbrief.cite.citeproc.inlines import Inlines
from pleitbrief.cite.citeproc.locale import Locale, merge_locales, quotes
from pleitbrief.cite.citeproc.markup import (
    DEFAULT_QUOTES,
    Quotes,
    localize_quotes,
    move_punctuation_inside_quotes,
    parse_rich_text,
)
from pleitbrief.cite.citeproc.output import Renderer
from pleitbrief.cite.citeproc.reference import read_reference
from pleitbrief.cite.citeproc.style import Style, read_style
from pleitbrief.cite.citeproc.textcase import change_case


def format_citations(
    style_path: Path, lang: str, items: Sequence[Mapping[str, Any]], citations: Sequence[Citation]
) -> list[Inlines]:
    """Each citation's text in the style at ``style_path`` and the locale ``lang``.

    Raises:
        StyleError: the style cannot be read.
    """
    style = _style(style_path, *_stamp(style_path))
    locale = _locale(style, lang)
    marks = Quotes(*quotes(locale))
    renderer = Renderer(
        parse_affix=_affix_parser(marks),
        change_case=lambda inlines, case: change_case(inlines, case, locale.lang),
        quote=lambda inlines: (il.Quoted(True, inlines),),
    )
    references = [read_reference(item, _read_value) for item in items]

    def finish(text: Inlines) -> Inlines:
        if locale.punctuation_in_quote:
            text = move_punctuation_inside_quotes(text)
        return localize_quotes(text, marks)

    results, _warnings = process(style, locale, references, citations, renderer, finish)
    return results


@lru_cache(maxsize=16)
def _affix_parser(marks: Quotes) -> Callable[[str], Inlines]:
    """A style's affixes, parsed once each (a style has a few dozen, written thousands of
    times)."""
    return lru_cache(maxsize=1024)(lambda text: parse_rich_text(text, marks))


def locator_labels(style_path: Path, lang: str) -> dict[str, str]:
    """The locator labels pandoc recognises in a citation's suffix (``p.``, ``hfdst.``),
    from the terms of the style's locale."""
    from pleitbrief.cite.citeproc.locator import LOCATOR_TERMS, locator_map

    locale = _locale(_style(style_path, *_stamp(style_path)), lang)
    return locator_map(
        {name: [text for _, text in locale.terms.get(name, ())] for name in LOCATOR_TERMS}
    )


def _read_value(text: str) -> Inlines:
    return parse_rich_text(text, DEFAULT_QUOTES)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _style(path: Path, _mtime_ns: int, _size: int) -> Style:
    return read_style(path)


def _locale(style: Style, lang: str) -> Locale:
    return merge_locales(lang, style.locales)
