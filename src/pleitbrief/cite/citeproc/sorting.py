"""Sort keys: what a style's ``<sort>`` makes of an item, and how two items compare.

A key is a variable's value or a macro's output as text, case-folded and split into
words (citeproc's ``normalizeSortKey``); numbers are zero-padded so they sort as numbers,
dates as digits. Keys compare word by word with the Unicode collation of the document's
language (:mod:`.collate`); an item without a value sorts after those with one, in either
direction.
"""

from __future__ import annotations

from pleitbrief.cite.citeproc import inlines as il
from pleitbrief.cite.citeproc import style as st
from pleitbrief.cite.citeproc.collate import (
    SortKey,
    date_sort_words,
    number_sort_words,
    sort_key,
    sort_words,
)
from pleitbrief.cite.citeproc.evaluate import Evaluator
from pleitbrief.cite.citeproc.reference import Date, Name, Reference

SortKeys = tuple[SortKey, ...]
"""An item's values for a layout's ``<key>`` elements, compared as tuples."""


def sort_keys(ev: Evaluator, layout: st.Layout, ref: Reference) -> SortKeys:
    lang = ev.ctx.locale.lang
    with ev.within(in_sort_key=True):
        return tuple(
            sort_key(_words(ev, key, ref), key.descending, lang) for key in layout.sort_keys
        )


def missing_keys(ev: Evaluator, layout: st.Layout) -> SortKeys:
    """The keys of an item that is not there: no value for any key."""
    lang = ev.ctx.locale.lang
    return tuple(sort_key(None, key.descending, lang) for key in layout.sort_keys)


def _words(ev: Evaluator, key: st.SortKey, ref: Reference) -> list[str] | None:
    if key.variable is None:
        with ev.on_item(ref):
            return sort_words(ev.render_text(ev.elements(key.elements)))
    value = ref.lookup(key.variable)
    if value is None:
        return None
    if value.kind == "number":
        return number_sort_words(value.value)
    if value.kind in ("text", "rich"):
        return sort_words(value.as_text(il.stringify) or "")
    if value.kind == "names":
        return sort_words(",".join(" ".join(_name_parts(ev, n)) for n in value.value))
    if value.kind == "date":
        date: Date = value.value
        return date_sort_words(date.parts)
    return None


def _name_parts(ev: Evaluator, name: Name) -> list[str]:
    if name.literal is not None:
        return [name.literal]
    if not name.byzantine:
        return [name.family or "", name.given or ""]
    if ev.ctx.options.demote_non_dropping_particle == "never":
        return [
            (name.non_dropping_particle or "") + (name.family or ""),
            name.dropping_particle or "",
            name.given or "",
            name.suffix or "",
        ]
    return [
        name.family or "",
        (name.dropping_particle or "") + (name.non_dropping_particle or ""),
        name.given or "",
        name.suffix or "",
    ]
