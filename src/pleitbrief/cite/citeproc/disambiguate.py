"""Disambiguation: making two different items' citations read differently.

Every citation is evaluated, together with one "ghost" cite of each item that is not
cited, or cited only with its author suppressed (an item the reader could confuse with a
cited one). Normal cites whose text is the same for different items are ambiguous; the
style's methods are tried in CSL's order, each only on what is still ambiguous: more
names before "et al.", given names or initials, a year suffix ("2020a") in bibliography
order, and last the ``disambiguate="true"`` condition. The citations are then evaluated
once more with what was decided.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pleitbrief.cite.citeproc import style as st
from pleitbrief.cite.citeproc.citations import (
    Citation,
    CitationItem,
    CitationState,
    LazyKeys,
    evaluate_citation,
)
from pleitbrief.cite.citeproc.evaluate import Disambiguation, Evaluator
from pleitbrief.cite.citeproc.names import initialize
from pleitbrief.cite.citeproc.output import Output, Tagged, tagged, to_text, universe
from pleitbrief.cite.citeproc.reference import Date, Name
from pleitbrief.records import record


@record(frozen=True)
class _Cite:
    item: str
    names: tuple[Name, ...]
    dates: tuple[Date, ...]
    text: str


def disambiguate(
    ev: Evaluator,
    style: st.Style,
    citations: Sequence[Citation],
    bibliography_keys: LazyKeys,
) -> list[Output]:
    cleaned = [_clean(c) for c in citations]
    cited = {item.id for c in cleaned for item in c.items if item.type == "normal"}
    # in the order of their ids, as pandoc 3.9 takes them from its map of references
    ghosts = sorted(i for i in ev.references if i not in cited)
    if ghosts:
        cleaned.append(Citation(None, None, tuple(CitationItem(i) for i in ghosts)))
    outputs = _render(ev, style, cleaned)
    strategy = style.options.disambiguation
    lang = ev.ctx.locale.lang
    rule = strategy.add_givenname
    if rule is not None and rule != "by-cite":
        _global_name_hints(ev, outputs, rule, lang)
        outputs = _render(ev, style, cleaned)
    ambiguities = _ambiguities(outputs)

    def after(step: Callable[[list[list[_Cite]]], None]) -> list[list[_Cite]]:
        """What is still ambiguous after a step; nothing rendered again when the step
        decided nothing new."""
        before = _decisions(ev)
        step(ambiguities)
        if _decisions(ev) == before:
            return ambiguities
        return _ambiguities(_render(ev, style, cleaned))

    def add_names(groups: list[list[_Cite]]) -> None:
        for group in groups:
            _add_names(ev, group, rule, lang)

    def add_given_names(groups: list[list[_Cite]]) -> None:
        for group in groups:
            _add_given_names(ev, group, lang)

    def add_year_suffixes(groups: list[list[_Cite]]) -> None:
        _add_year_suffixes(ev, groups, bibliography_keys)

    if ambiguities and strategy.add_names:
        ambiguities = after(add_names)
    if ambiguities and rule == "by-cite":
        ambiguities = after(add_given_names)
    if ambiguities and strategy.add_year_suffix:
        ambiguities = after(add_year_suffixes)
    for group in ambiguities:
        for cite in group:
            _disamb(ev, cite.item).condition = True
    return _render(ev, style, list(citations))


def _decisions(ev: Evaluator) -> dict[str, tuple[object, ...]]:
    return {item: d.snapshot() for item, d in ev.disambiguation.items()}


def _clean(citation: Citation) -> Citation:
    """Without prefixes, suffixes and locators; "author in text" as a normal cite.

    A cite with its author suppressed keeps its kind: pandoc 3.9 compares normal cites
    only, and an item cited with its author suppressed alone is a ghost (after every
    cited item, in the order of the ids), so it still gets a year suffix, but the last.
    """
    items = list(citation.items)
    if len(items) >= 2 and items[0].type == "author-only" and items[1].type == "suppress-author":
        items = [CitationItem(items[1].id), *items[2:]]
    return Citation(
        citation.id, citation.note_number, tuple(CitationItem(i.id, type=i.type) for i in items)
    )


def _render(ev: Evaluator, style: st.Style, citations: Sequence[Citation]) -> list[Output]:
    state = CitationState()
    return [
        evaluate_citation(ev, style.citation, n, citation, state)
        for n, citation in enumerate(citations, 1)
    ]


def _disamb(ev: Evaluator, item: str) -> Disambiguation:
    return ev.disambiguation.setdefault(item, Disambiguation())


def _ambiguities(outputs: Sequence[Output]) -> list[list[_Cite]]:
    cites = [
        _cite(node.tag.value[1], node.child)
        for output in outputs
        for node in tagged(output, "item")
        if node.tag.value[0] == "normal"
    ]
    groups: dict[str, list[_Cite]] = {}
    for cite in sorted((c for c in cites if c is not None), key=lambda c: c.text):
        groups.setdefault(cite.text, []).append(cite)
    found = []
    for text, group in sorted(groups.items()):
        if not text or len(group) < 2:
            continue
        unique: dict[str, _Cite] = {}
        for cite in group:
            unique.setdefault(cite.item, cite)
        if len(unique) > 1:
            found.append(list(unique.values()))
    return found


def _cite(item: str, output: Output) -> _Cite | None:
    """What tells a cite apart; None for an "ibid" (two of those are not ambiguous)."""
    names: list[Name] = []
    dates: list[Date] = []
    for node in universe(output):
        if isinstance(node, Tagged):
            kind = node.tag.kind
            if kind == "names":
                names.extend(node.tag.value[2])
            elif kind == "date":
                dates.append(node.tag.value)
            elif kind == "term" and node.tag.value.name == "ibid":
                return None
    return _Cite(item, tuple(names), tuple(dates), to_text(output))


# --- the methods ------------------------------------------------------------------------


def _initials(name: Name, lang: str | None) -> Name | str | None:
    if name.given is None:
        return None
    return initialize(name.given, True, False, "", lang)


def _global_name_hints(ev: Evaluator, outputs: list[Output], rule: str, lang: str | None) -> None:
    """For the rules other than by-cite: one set of name hints for every citation."""
    groups = [
        node.tag.value[2]
        for output in outputs
        for node in universe(output)
        if isinstance(node, Tagged) and node.tag.kind == "names"
    ]
    if rule in ("primary-name", "primary-name-with-initials"):
        relevant = list(dict.fromkeys(n for g in groups for n in g[:1]))
    else:
        relevant = list(dict.fromkeys(n for g in groups for n in g))
    hints: dict[Name, str] = {}
    for family in dict.fromkeys(n.family for n in relevant if n.family is not None):
        same = [n for n in relevant if n.family == family]
        if len(same) < 2:
            continue
        for name in same:
            others = [o for o in same if o != name]
            if any(_initials_match(name, o, lang) for o in others):
                hint = _WHEN_INITIALS_MATCH.get(rule, "add-given-name")
            else:
                hint = (
                    "add-initials-if-primary" if rule.startswith("primary-name") else "add-initials"
                )
            if hint is not None:
                hints[name] = hint
    for ref_id in ev.references:
        _disamb(ev, ref_id).name_hints = dict(hints)


_WHEN_INITIALS_MATCH: dict[str, str | None] = {
    "all-names-with-initials": None,
    "primary-name-with-initials": None,
    "primary-name": "add-given-name-if-primary",
}
"""The hint for a name whose initials another name shares, per rule (default: add the
given name); None where the rule allows initials only."""


def _initials_match(a: Name, b: Name, lang: str | None) -> bool:
    if a.given is None or b.given is None:
        return False
    return initialize(a.given, True, False, "", lang) == initialize(b.given, True, False, "", lang)


def _distinguishing(name: Name, rule: str | None, lang: str | None, first: bool) -> Name:
    """What of a name counts when checking whether more names tell cites apart."""
    from dataclasses import replace

    if rule in ("all-names", "by-cite"):
        return name
    if rule == "all-names-with-initials" or (rule == "primary-name-with-initials" and first):
        given = initialize(name.given, True, False, "", lang) if name.given is not None else None
        return replace(name, given=given)
    if rule == "primary-name" and first:
        return name
    return replace(name, given=None)


def _distinct(
    group: list[_Cite], cite: _Cite, count: int, rule: str | None, lang: str | None
) -> bool:
    def key(c: _Cite) -> tuple[Name, ...]:
        return tuple(_distinguishing(n, rule, lang, i == 0) for i, n in enumerate(c.names[:count]))

    mine = key(cite)
    return all(other == cite or key(other) != mine for other in group)


def _add_names(ev: Evaluator, group: list[_Cite], rule: str | None, lang: str | None) -> None:
    """Show the fewest names before "et al." that tell the cites apart."""
    if rule == "by-cite":
        _add_given_names(ev, group, lang)
    remaining = list(group)
    n = 1
    while n <= max((len(c.names) for c in remaining), default=0):
        resolved = [c for c in remaining if _distinct(remaining, c, n, rule, lang)]
        if resolved:
            for cite in remaining:
                _disamb(ev, cite.item).et_al_names = n
            remaining = [c for c in remaining if c not in resolved]
        n += 1


def _add_given_names(ev: Evaluator, group: list[_Cite], lang: str | None) -> None:
    """By cite: add initials, or given names, to names that share a family name."""
    remaining = list(group)
    longest = max((len(c.names) for c in group), default=0)
    for column in range(longest):
        if not remaining:
            break
        # the column's names of every cite that has one (a ragged transpose)
        pairs = [(c.item, c.names[column]) for c in group if column < len(c.names)]
        names = [name for _, name in pairs]
        hinted = set()
        for item, name in pairs:
            matches = [n for n in names if n != name and n.family == name.family]
            if not matches:
                continue
            hint = (
                "add-given-name"
                if any(_initials_match(name, m, lang) for m in matches)
                else "add-initials"
            )
            _disamb(ev, item).name_hints[name] = hint
            hinted.add(item)
        remaining = [c for c in remaining if c.item not in hinted]


def _add_year_suffixes(
    ev: Evaluator, ambiguities: list[list[_Cite]], bibliography_keys: LazyKeys
) -> None:
    """Suffixes a, b, c … in bibliography order to the cites each one is confused with."""

    def companions(cite: _Cite) -> tuple[_Cite, ...]:
        together = [c for group in ambiguities if cite in group for c in group]
        return tuple(sorted(together, key=lambda c: bibliography_keys[c.item]))

    every = sorted({c for group in ambiguities for c in group}, key=_cite_order)
    groups = sorted({companions(c) for c in every}, key=lambda g: tuple(map(_cite_order, g)))
    for companions_group in groups:
        for n, cite in enumerate(companions_group, 1):
            _disamb(ev, cite.item).year_suffix = n


def _cite_order(cite: _Cite) -> tuple[str, str]:
    return cite.item, cite.text
