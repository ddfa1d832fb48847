"""Formatting a document's citations: the processor's entry point, :func:`process`.

The steps are pandoc's citeproc's, in its order:

1. number the items in the order they are cited (``citation-number``), or in the
   bibliography's order when the style has a bibliography;
2. sort the items inside each citation by the style's citation sort keys (never across a
   prefix or suffix);
3. evaluate every citation in order, keeping track of where each item was cited before
   (first, subsequent, ibid, near-note) and in which note;
4. disambiguate (:mod:`.disambiguate`) and evaluate again where that changed anything;
5. group and collapse cites with the same author (:mod:`.collapse`);
6. take the names out of "suppress author" cites, and wrap a note style's citation in a
   note;
7. write each citation as inlines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from pleitbrief.cite.citeproc import inlines as il
from pleitbrief.cite.citeproc import style as st
from pleitbrief.cite.citeproc.evaluate import Evaluator, item_language
from pleitbrief.cite.citeproc.inlines import Inlines
from pleitbrief.cite.citeproc.locale import Locale
from pleitbrief.cite.citeproc.output import (
    NULL,
    PLAIN,
    Formatted,
    Formatting,
    InNote,
    Literal,
    Output,
    Renderer,
    Tag,
    Tagged,
    formatted,
    grouped,
    tagged,
    transform,
)
from pleitbrief.cite.citeproc.reference import Reference, Val
from pleitbrief.cite.citeproc.sorting import SortKeys, missing_keys, sort_keys
from pleitbrief.records import record


@record(frozen=True)
class CitationItem:
    id: str
    label: str | None = None
    locator: str | None = None
    type: str = "normal"
    """``normal``, ``author-only`` or ``suppress-author``."""
    prefix: Inlines | None = None
    suffix: Inlines | None = None


@record(frozen=True)
class Citation:
    id: str | None
    note_number: int | None
    items: tuple[CitationItem, ...]


@record(frozen=True)
class _LastCited:
    group: int
    note: int | None
    position: int
    alone: bool
    label: str | None
    locator: str | None


class CitationState:
    """Where each item was cited last, and which items each note cites."""

    def __init__(self) -> None:
        self.last: dict[str, _LastCited] = {}
        self.notes: dict[int, set[str]] = {}


def process(
    style: st.Style,
    locale: Locale,
    references: Sequence[Reference],
    citations: Sequence[Citation],
    renderer: Renderer,
    finish: Callable[[Inlines], Inlines],
) -> tuple[list[Inlines], set[str]]:
    """Each citation's text, and the warnings. ``finish`` is applied to each (pandoc's
    citeproc moves punctuation into quotes there when the locale wants it)."""
    by_id: dict[str, Reference] = {}
    for ref in references:  # the last item with an id wins, at the place of the first
        by_id.setdefault(ref.id, ref)
        by_id[ref.id] = ref
    ordered = list(by_id.values())
    ev = Evaluator(style.options, locale, dict(by_id), renderer)

    order: dict[str, int] = {}
    for citation in citations:
        for item in citation.items:
            order.setdefault(item.id, len(order) + 1)
    cited_first = sorted(ordered, key=lambda r: order.get(r.id, 1 << 60))
    _number(ev, [r.id for r in cited_first])
    bibliography_keys = LazyKeys(ev, style.bibliography)
    if style.bibliography is not None and style.options.uses_citation_number:
        # the bibliography's order numbers the items (nothing else needs it sorted)
        if style.bibliography.sort_keys:
            sorted_ids = sorted((r.id for r in ordered), key=bibliography_keys.__getitem__)
        else:
            sorted_ids = [r.id for r in cited_first]
        _number(ev, sorted_ids[::-1] if _descending_by_number(style.bibliography) else sorted_ids)
    citation_keys = LazyKeys(ev, style.citation)
    sorted_citations = [_sort_items(c, citation_keys) for c in citations]

    from pleitbrief.cite.citeproc.disambiguate import disambiguate

    outputs = disambiguate(ev, style, sorted_citations, bibliography_keys)
    delimiter = style.options.cite_group_delimiter
    if delimiter is None and style.citation.collapse is not None:
        delimiter = ", "
    if delimiter is not None:
        from pleitbrief.cite.citeproc.collapse import group_and_collapse

        def language(item_id: str) -> str | None:
            ref = ev.references.get(item_id)
            return None if ref is None else item_language(ref)

        outputs = [group_and_collapse(o, delimiter, style.citation, language) for o in outputs]
    results = []
    for citation, output in zip(sorted_citations, outputs, strict=True):
        output = _author_only(output, style.options.note)
        if any(item.type == "suppress-author" for item in citation.items):
            output = _suppress_authors(output)
        text = renderer.render(output)
        results.append(finish(il.drop_text_while_end(text, lambda c: c == " ")))
    return results, ev.warnings


def _number(ev: Evaluator, ids: Sequence[str]) -> None:
    for n, ref_id in enumerate(ids, 1):
        ref = ev.references[ref_id]
        variables = dict(ref.variables)
        variables["citation-number"] = Val("number", n)
        variables.setdefault("citation-label", Val("text", _trigraph(ref)))
        ev.references[ref_id] = Reference(ref.id, ref.type, variables)


def _descending_by_number(layout: st.Layout) -> bool:
    if not layout.sort_keys or not layout.sort_keys[0].descending:
        return False
    key = layout.sort_keys[0]
    if key.variable == "citation-number":
        return True
    first = key.elements[0] if key.elements else None
    return (isinstance(first, st.Number) and first.variable == "citation-number") or (
        isinstance(first, st.TextVariable) and first.variable == "citation-number"
    )


class LazyKeys:
    """The items' sort keys for a layout, each worked out when first asked for: most
    citations hold one item, and the bibliography's keys matter only for year suffixes
    (and citation numbers)."""

    def __init__(self, ev: Evaluator, layout: st.Layout | None) -> None:
        self.ev = ev
        self.layout = layout
        self.known: dict[str, SortKeys] = {}

    def __getitem__(self, ref_id: str) -> SortKeys:
        found = self.known.get(ref_id)
        if found is None:
            ref = self.ev.references.get(ref_id)
            if self.layout is None:
                found = ()
            elif ref is None:  # a key missing from the library: after every item
                found = missing_keys(self.ev, self.layout)
            else:
                found = sort_keys(self.ev, self.layout, ref)
            self.known[ref_id] = found
        return found


def _sort_items(citation: Citation, keys: LazyKeys) -> Citation:
    """Items sorted within runs of items without a prefix or suffix: one with either
    stays where it is (pandoc 3.9; its citeproc's source once only split at them)."""
    runs: list[list[CitationItem]] = []
    for item in citation.items:
        if runs and _bare(runs[-1][-1]) and _bare(item):
            runs[-1].append(item)
        else:
            runs.append([item])
    items = [
        i for run in runs for i in (sorted(run, key=lambda i: keys[i.id]) if len(run) > 1 else run)
    ]
    return replace(citation, items=tuple(items))


def _bare(item: CitationItem) -> bool:
    return item.prefix is None and item.suffix is None


# --- evaluating one citation ---------------------------------------------------------


def evaluate_citation(
    ev: Evaluator, layout: st.Layout, group_number: int, citation: Citation, state: CitationState
) -> Output:
    first_author_only = bool(citation.items) and citation.items[0].type == "author-only"
    items = []
    for index, item in enumerate(citation.items, 0 if first_author_only else 1):
        positions = _positions(ev, state, group_number, citation.note_number, item, index)
        out = _evaluate_item(ev, layout, item, positions)
        _remember(ev, state, group_number, index, citation, item)
        items.append(_wrap_item(ev, item, out))
    return _layout_formatting(layout.formatting, items)


def _layout_formatting(formatting: Formatting, items: list[Output]) -> Output:
    moved = _suffix_inside_display(items, formatting.suffix)
    if moved is None:
        return formatted(formatting, items)
    return formatted(replace(formatting, suffix=None), moved)


def _suffix_inside_display(items: list[Output], suffix: str | None) -> list[Output] | None:
    """The layout's suffix moved into a last ``display`` block (citeproc does this for
    second-field-align bibliographies)."""
    if not items or suffix is None:
        return None
    last = items[-1]
    if isinstance(last, Tagged) and last.tag.kind == "item" and isinstance(last.child, Formatted):
        inner = _suffix_inside_display(list(last.child.children), suffix)
        if inner is None:
            return None
        return [*items[:-1], Tagged(last.tag, Formatted(last.child.formatting, tuple(inner)))]
    if isinstance(last, Formatted):
        if last.formatting.display is not None:
            f = replace(last.formatting, suffix=(last.formatting.suffix or "") + suffix)
            return [*items[:-1], Formatted(f, last.children)]
        inner = _suffix_inside_display(list(last.children), suffix)
        if inner is None:
            return None
        return [*items[:-1], Formatted(last.formatting, tuple(inner))]
    return None


def _evaluate_item(
    ev: Evaluator, layout: st.Layout, item: CitationItem, positions: frozenset[str]
) -> list[Output]:
    ref = ev.references.get(item.id)
    if ref is None:
        ev.warnings.add(f"citation {item.id} not found")
        return [Literal(il.styled("strong", il.from_text(item.id + "?")))]
    # An item's output depends on nothing else than these: disambiguation evaluates the
    # citations several times, and most items come out the same each time.
    disamb = ev.disamb(item.id)
    key = (
        id(layout),
        item.id,
        item.locator,
        item.label,
        positions,
        ref.variables.get("first-reference-note-number")
        if ev.ctx.options.uses_first_note
        else None,
        None if disamb is None else disamb.snapshot(),
    )
    found = ev.item_outputs.get(key)
    if found is None:
        context = ev.within(locator=item.locator, label=item.label, positions=positions)
        with context, ev.on_item(ref):
            found = ev.elements(layout.elements)
        ev.item_outputs[key] = found
    return list(found)


def _wrap_item(ev: Evaluator, item: CitationItem, outputs: list[Output]) -> Output:
    if item.type == "author-only":
        outputs = [_authors(grouped(outputs))]
    if (
        ev.ctx.options.note
        and item.prefix is not None
        and il.stringify(item.prefix).endswith(". ")
        and il.stringify(item.prefix).count(" ") > 1
    ):
        outputs = _capitalize_initial_term(outputs)
    out = grouped(outputs)
    if out is not NULL:
        out = Tagged(Tag("item", (item.type, item.id)), out)
    if item.suffix is not None:
        out = Tagged(Tag("suffix"), grouped([out, Literal(item.suffix)]))
    if item.prefix is not None:
        out = Tagged(Tag("prefix"), grouped([Literal(item.prefix), out]))
    return out


def _authors(output: Output) -> Output:
    """The first names in the output: the item's "author" (an editor in an edited book)."""
    found = tagged(output, "names")
    return found[0] if found else NULL


def _capitalize_initial_term(outputs: list[Output]) -> list[Output]:
    if not outputs:
        return outputs
    return [_capitalize(outputs[0]), *outputs[1:]]


def _capitalize(output: Output) -> Output:
    if isinstance(output, Tagged) and output.tag.kind == "term":
        return Tagged(
            output.tag, formatted(Formatting(text_case="capitalize-first"), [output.child])
        )
    if isinstance(output, Formatted):
        return Formatted(output.formatting, tuple(_capitalize_initial_term(list(output.children))))
    if isinstance(output, Tagged):
        return Tagged(output.tag, _capitalize(output.child))
    return output


# --- positions -----------------------------------------------------------------------


def _positions(
    ev: Evaluator,
    state: CitationState,
    group: int,
    note: int | None,
    item: CitationItem,
    index: int,
) -> frozenset[str]:
    last = state.last.get(item.id)
    if last is None:
        return frozenset({"first"})
    options = ev.ctx.options
    note_number = note if note is not None else group
    previous_note = last.note if last.note is not None else last.group
    alone_in_note = len(state.notes.get(previous_note, ())) <= 1
    positions = {"subsequent"}
    distance = options.near_note_distance if options.near_note_distance is not None else 5
    if options.note and note_number - previous_note < distance:
        positions.add("near-note")
    follows = (group == last.group and index == last.position + 1) or (
        group == last.group + 1
        and (note is None or last.note is None or note - last.note <= 1)
        and index == 1
        and last.alone
        and alone_in_note
    )
    if follows:
        if last.locator is None and item.locator is not None:
            positions |= {"ibid", "ibid-with-locator"}
        elif last.locator is None:
            positions.add("ibid")
        elif item.locator is not None:
            if last.locator == item.locator and last.label == item.label:
                positions.add("ibid")
            else:
                positions |= {"ibid", "ibid-with-locator"}
    return frozenset(positions)


def _remember(
    ev: Evaluator,
    state: CitationState,
    group: int,
    index: int,
    citation: Citation,
    item: CitationItem,
) -> None:
    note = citation.note_number
    if note is not None:
        state.notes.setdefault(note, set()).add(item.id)
    if item.id not in state.last and ev.ctx.options.note and item.id in ev.references:
        ref = ev.references[item.id]
        variables = dict(ref.variables)
        variables["first-reference-note-number"] = Val(
            "number", note if note is not None else group
        )
        ev.references[item.id] = Reference(ref.id, ref.type, variables)
    if item.type == "author-only":
        return
    items = citation.items
    alone = len(items) == 1 or (
        len(items) == 2
        and items[0].id == items[1].id
        and items[0].type == "author-only"
        and items[1].type == "suppress-author"
    )
    state.last[item.id] = _LastCited(group, note, index, alone, item.label, item.locator)


# --- after disambiguation ------------------------------------------------------------


def _author_only(output: Output, note: bool) -> Output:
    """An author-only first cite stays in the text; the rest of the citation follows it
    (in a note, for a note style)."""
    if isinstance(output, Formatted) and output.children:
        first, rest = output.children[0], output.children[1:]
        if _is_author_only(first):
            tail: list[Output] = []
            if rest:
                tail = (
                    [InNote(formatted(output.formatting, rest))]
                    if note
                    else [Literal(il.from_text(" ")), formatted(output.formatting, rest)]
                )
            return formatted(PLAIN, [first, *tail])
        if isinstance(first, Formatted) and first.children and _is_author_only(first.children[0]):
            inner_first = first.children[0]
            inner_rest = first.children[1:]
            bare = replace(first.formatting, prefix=None, suffix=None)
            head = Formatted(bare, (inner_first,))
            if not inner_rest and not rest:
                return Formatted(PLAIN, (head,)) if not note else formatted(PLAIN, [head])
            body = formatted(output.formatting, [formatted(first.formatting, inner_rest), *rest])
            if note:
                return formatted(PLAIN, [head, InNote(body)])
            return Formatted(PLAIN, (head, Literal(il.from_text(" ")), body))
    return InNote(output) if note else output


def _is_author_only(output: Output) -> bool:
    return (
        isinstance(output, Tagged)
        and output.tag.kind == "item"
        and output.tag.value[0] == "author-only"
    )


def _suppress_authors(output: Output) -> Output:
    def change(node: Output) -> Output:
        if (
            isinstance(node, Tagged)
            and node.tag.kind == "item"
            and node.tag.value[0] == "suppress-author"
        ):
            authors = _authors(node.child)
            return Tagged(node.tag, transform(node.child, lambda x: NULL if x == authors else x))
        return node

    return transform(output, change)


def _trigraph(ref: Reference) -> str:
    """citeproc's ``citation-label`` when an item has none: name letters and a year."""
    names = [k for k, v in sorted(ref.variables.items()) if v.kind == "names"]
    if "author" in names:
        chosen = "author"
    elif names:
        chosen = names[0]
    else:
        chosen = None
    name_part = "Xyz"
    if chosen is not None:
        people = ref.variables[chosen].value
        width = 4 if len(people) == 1 else 1 if len(people) >= 4 else 2
        name_part = "".join((p.family or "")[:width] for p in people[:4])
    issued = ref.variables.get("issued")
    year = ""
    if (
        issued is not None
        and issued.kind == "date"
        and issued.value.parts
        and issued.value.parts[0]
    ):
        year = f"{issued.value.parts[0][0] % 100:02d}"
    return name_part + year
