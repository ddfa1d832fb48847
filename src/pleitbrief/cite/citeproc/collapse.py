"""Grouping and collapsing cites in one citation (author-date and numeric styles).

Cites of the same author are brought together ("Jansen 2019, 2021; Bakker 2020"), and
with ``collapse`` written shorter: "Jansen 2019a, b", citation numbers "[3–6]". A cite
with a prefix or suffix is never moved past. What pandoc's citeproc does, including its
choice of delimiters after a collapsed group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pleitbrief.cite.citeproc import style as st
from pleitbrief.cite.citeproc.output import (
    NULL,
    Formatted,
    Formatting,
    Output,
    Tagged,
    affixes,
    grouped,
    literal,
    transform,
    universe,
)

EN_DASH = "\u2013"

Language = Callable[[str], str | None]
"""An item's language by its id (:func:`.evaluate.item_language`)."""


def group_and_collapse(
    output: Output, group_delimiter: str, layout: st.Layout, language: Language
) -> Output:
    """``language`` gives an item's language (by its id): see :func:`_same_names`."""
    if not isinstance(output, Formatted):
        return output
    f = output.formatting
    cites = list(output.children)
    collapse = layout.collapse
    if collapse == "citation-number":
        pieces: list[Output] = []
        runs = _successive(cites, _adjacent_numbers)
        for i, run in enumerate(runs):
            pieces += _number_range(run, f, layout, last=i == len(runs) - 1)
        return Formatted(replace(f, delimiter=None), tuple(pieces))
    groups = _group_by_names(cites, language)
    if collapse is None:
        return Formatted(
            f, tuple(Formatted(affixes(delimiter=group_delimiter), tuple(g)) for g in groups)
        )
    out: list[Output] = []
    for i, group in enumerate(groups):
        out.append(
            _collapse_group(group, collapse, f, layout, group_delimiter, i == len(groups) - 1)
        )
    return Formatted(replace(f, delimiter=None), tuple(out))


def _number_range(run: list[Output], f: Formatting, layout: st.Layout, last: bool) -> list[Output]:
    if len(run) >= 3:
        pieces: list[Output] = [Formatted(affixes(delimiter=EN_DASH), (run[0], run[-1]))]
        if not last:
            delimiter = layout.after_collapse_delimiter
            pieces.append(literal(delimiter) if delimiter is not None else NULL)
        return pieces
    pieces = [Formatted(affixes(delimiter=f.delimiter), tuple(run))]
    if not last:
        pieces.append(literal(f.delimiter) if f.delimiter is not None else NULL)
    return pieces


def _collapse_group(
    group: list[Output],
    collapse: str,
    f: Formatting,
    layout: st.Layout,
    group_delimiter: str,
    last: bool,
) -> Output:
    first, rest = group[0], group[1:]
    without_names = [first, *(transform(c, _remove_names) for c in rest)]
    collapsed = _collapse_year_suffix(collapse, without_names, layout.year_suffix_delimiter)
    no_collapse = collapsed == group
    no_year_suffix_collapse = collapsed == without_names
    any_locator = any(_has(c, "locator") for c in collapsed)
    flipped = collapse == "year"
    after = layout.after_collapse_delimiter or f.delimiter

    pieces: list[Output] = []
    for i, cite in enumerate(collapsed):
        if i == len(collapsed) - 1:
            pieces.append(cite)
            continue
        if no_collapse or (no_year_suffix_collapse and not (flipped and any_locator)):
            suffix: str | None = group_delimiter
        else:
            suffix = after
        pieces.append(Formatted(affixes(suffix=suffix), (cite,)))
    if last:
        group_suffix = None
    elif no_collapse and not flipped:
        group_suffix = f.delimiter
    else:
        group_suffix = after
    return Formatted(affixes(suffix=group_suffix), tuple(pieces))


def _collapse_year_suffix(
    collapse: str, cites: list[Output], delimiter: str | None
) -> list[Output]:
    if collapse not in ("year-suffix", "year-suffix-ranged"):
        return cites
    ranged = collapse == "year-suffix-ranged"
    items: list[Output] = []
    current: list[Output] = []
    for cite in cites:
        if current and _years(current[0]) == _years(cite):
            # a cite of the same year: its date gives way to its year suffix, the rest
            # (a locator with its label) stays (pandoc 3.9: "2022d, e, para. 4")
            current.append(transform(cite, _date_to_year_suffix))
        else:
            if current:
                items.append(_suffix_group(current, ranged, delimiter))
            current = [cite]
    if current:
        items.append(_suffix_group(current, ranged, delimiter))
    return items


def _suffix_group(cites: list[Output], ranged: bool, delimiter: str | None) -> Output:
    if len(cites) == 1:
        return cites[0]
    pieces = _suffix_ranges(cites, delimiter) if ranged else cites
    return Formatted(affixes(delimiter=delimiter), tuple(pieces))


def _suffix_ranges(cites: list[Output], delimiter: str | None) -> list[Output]:
    out: list[Output] = []
    for run in _successive(cites, _successive_suffixes):
        if len(run) >= 3:
            out.append(Formatted(affixes(delimiter=EN_DASH), (run[0], run[-1])))
        elif len(run) == 1:
            out.append(run[0])
        else:
            out.append(Formatted(affixes(delimiter=delimiter), tuple(run)))
    return out


def _successive(
    items: list[Output], adjacent: Callable[[Output, Output], bool]
) -> list[list[Output]]:
    runs: list[list[Output]] = []
    for item in items:
        if runs and adjacent(runs[-1][-1], item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _successive_suffixes(x: Output, y: Output) -> bool:
    a = [n.tag.value for n in universe(x) if _is_tag(n, "year-suffix")]  # type: ignore[union-attr]
    b = [n.tag.value for n in universe(y) if _is_tag(n, "year-suffix")]  # type: ignore[union-attr]
    return len(a) == 1 and len(b) == 1 and b[0] == a[0] + 1


def _adjacent_numbers(x: Output, y: Output) -> bool:
    a, b = _citation_number(x), _citation_number(y)
    return a is not None and b is not None and b == a + 1


def _citation_number(cite: Output) -> int | None:
    """The number of a cite that is nothing but its citation number."""
    if not (isinstance(cite, Tagged) and cite.tag.kind == "item"):
        return None
    inner = cite.child
    if isinstance(inner, Formatted) and len(inner.children) == 1:
        inner = inner.children[0]
    if isinstance(inner, Tagged) and inner.tag.kind == "citation-number":
        value: int = inner.tag.value
        return value
    return None


def _years(cite: Output) -> list[list[int | None]]:
    return [
        [parts[0] if parts else None for parts in node.tag.value.parts]  # type: ignore[union-attr]
        for node in universe(cite)
        if _is_tag(node, "date") and node.tag.value.literal is None  # type: ignore[union-attr]
    ]


def _is_tag(node: Output, kind: str) -> bool:
    return isinstance(node, Tagged) and node.tag.kind == kind


def _has(cite: Output, kind: str) -> bool:
    return any(_is_tag(n, kind) for n in universe(cite))


def _date_to_year_suffix(node: Output) -> Output:
    if not _is_tag(node, "date"):
        return node
    return grouped([n for n in universe(node) if _is_tag(n, "year-suffix")])


def _remove_names(node: Output) -> Output:
    return NULL if _is_tag(node, "names") else node


def _group_by_names(cites: list[Output], language: Language) -> list[list[Output]]:
    """Cites with the same names brought together, never across a prefix or suffix."""
    groups: list[list[Output]] = []
    rest = list(cites)
    while rest:
        first, rest = rest[0], rest[1:]
        if _has(first, "suffix"):
            groups.append([first])
            continue
        free = 0
        while (
            free < len(rest) and not _has(rest[free], "prefix") and not _has(rest[free], "suffix")
        ):
            free += 1
        movable, fixed = rest[:free], rest[free:]
        if not movable:
            groups.append([first])
            continue
        same = [c for c in movable if _same_names(first, c, language)]
        groups.append([first, *same])
        rest = [c for c in movable if not _same_names(first, c, language)] + fixed
    return groups


def _same_names(x: Output, y: Output, language: Language) -> bool:
    """Whether two cites have the same author: the same names, or no names and the same
    output in their place (a substitute such as "Anon."); else both only a date."""
    found_a, found_b = _first_names_or_date(x), _first_names_or_date(y)
    if found_a is None or found_b is None:
        return False
    (a, item_a), (b, item_b) = found_a, found_b
    if a.tag.kind == "names" and b.tag.kind == "names":
        (var_a, _, names_a), (var_b, _, names_b) = a.tag.value, b.tag.value
        if var_a != var_b:
            return False
        if names_a == names_b and names_a:
            return True
        # citeproc compares the output trees, and every formatted piece of an item's
        # output carries the item's language: "Anon." with a text-case of its own is not
        # the same author for a Dutch and an English item, a bare "Anon" is
        return a.child == b.child and (
            language(item_a) == language(item_b)
            or not any(isinstance(n, Formatted) for n in universe(a.child))
        )
    return a.tag.kind == "date" and b.tag.kind == "date"


def _first_names_or_date(cite: Output) -> tuple[Tagged, str] | None:
    """The first names of the cite's item (else its first date), with the item's id."""
    items = [
        n
        for n in universe(cite)
        if isinstance(n, Tagged) and n.tag.kind == "item" and n.tag.value[0] != "author-only"
    ]
    if not items:
        return None
    for kind in ("names", "date"):
        for item in items:
            for node in universe(item):
                if isinstance(node, Tagged) and node.tag.kind == kind:
                    return node, item.tag.value[1]
    return None
