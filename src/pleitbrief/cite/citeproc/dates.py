"""``<date>``: dates and date ranges, in the style's parts or the locale's own format.

A localised date (``form="text"``: "22 september 2022") takes its parts from the locale,
with the style's ``<date-part>`` attributes laid over them; a range writes the parts both
ends share once ("3–5 mei 2022"); an open range ends with its delimiter; seasons,
"circa", BC/AD years and literal dates are handled as pandoc's citeproc does.
"""

from __future__ import annotations

from dataclasses import replace

from pleitbrief.cite.citeproc import style as st
from pleitbrief.cite.citeproc.evaluate import Evaluator
from pleitbrief.cite.citeproc.inlines import EMPTY
from pleitbrief.cite.citeproc.locale import Term
from pleitbrief.cite.citeproc.output import (
    NULL,
    Formatted,
    Formatting,
    Literal,
    Output,
    Tag,
    Tagged,
    affixes,
    formatted,
    literal,
)
from pleitbrief.cite.citeproc.reference import Date

_ORDER = {"year": 0, "month": 1, "day": 2}


def evaluate_date(ev: Evaluator, element: st.Date, formatting: Formatting) -> Output:
    if not element.variable:
        ev.warnings.add("skipping date element with no variable attribute set")
        return NULL
    value = ev.ask(element.variable)
    parts, formatting = _parts(ev, element, formatting)
    if value is None:
        return NULL
    if value.kind != "date":
        ev.warnings.add(f"date element for variable with non-date value {element.variable}")
        return NULL
    date: Date = value.value
    if date.literal is not None:
        return formatted(formatting, [literal(date.literal)])
    date_parts = list(date.parts)
    if date.season is not None and len(date_parts) == 1 and len(date_parts[0]) == 1:
        date_parts = [(date_parts[0][0], 12 + date.season)]
    first = date_parts[0] if date_parts else ()
    second = date_parts[1] if len(date_parts) > 1 else None
    if ev.ctx.in_sort_key:
        key = _sort_value(parts, first, second)
        return Tagged(Tag("date", date), formatted(formatting, [literal(key)]))
    outputs = _format_parts(ev, parts, first, second)
    if all(o is NULL for o in outputs):
        # only parts the date does not show had a value: not a non-empty variable after all
        ev.nonempty -= 1
    suffix = ev.year_suffix()
    children = outputs + ([suffix] if suffix is not None else [])
    return Tagged(Tag("date", date), formatted(formatting, children))


def _sort_value(
    specs: list[st.DatePart], date: tuple[int, ...], end: tuple[int, ...] | None
) -> str:
    """A date as pandoc 3.9 writes it in a sort key, so that it sorts by its value: the
    parts the element shows, always year, month, day (the year plus 5000, so that BC
    sorts first; month and day in two digits), a range's ends joined by a hyphen; not
    the date-parts' names of months or their affixes (the date's own affixes stay). A
    date none of whose shown parts has a value is empty here, but still there for its
    group; a range is still its hyphen."""
    shown = {spec.name for spec in specs}

    def digits(parts: tuple[int, ...]) -> str:
        values = zip(("year", "month", "day"), _bind(parts), strict=True)
        return "".join(
            str(n + 5000) if name == "year" else f"{n:02d}"
            for name, n in values
            if name in shown and n is not None
        )

    if end is None:
        return digits(date)
    return f"{digits(date)}-{digits(end)}"


def _parts(
    ev: Evaluator, element: st.Date, formatting: Formatting
) -> tuple[list[st.DatePart], Formatting]:
    """The parts to write: the style's, or the locale's with the style's laid over (the
    same for every item: worked out once per element and locale)."""
    key = (id(element), id(ev.ctx.locale), formatting)
    found = ev.date_parts.get(key)
    if found is None:
        found = ev.date_parts[key] = _merged_parts(ev, element, formatting)
    return found


def _merged_parts(
    ev: Evaluator, element: st.Date, formatting: Formatting
) -> tuple[list[st.DatePart], Formatting]:
    def shown(part: st.DatePart) -> bool:
        if element.show == "year":
            return part.name == "year"
        if element.show == "year-month":
            return part.name in ("year", "month")
        return True

    if element.form is not None and element.form in ev.ctx.locale.dates:
        localised = st.read_date(ev.ctx.locale.dates[element.form])
        own = {p.name: p for p in element.parts}
        parts = []
        for part in localised.parts:
            override = own.get(part.name)
            if override is not None:
                part = replace(override, formatting=part.formatting.over(override.formatting))
            parts.append(part)
        return [p for p in parts if shown(p)], formatting.over(localised.formatting)
    return [p for p in element.parts if shown(p)], formatting


def _format_parts(
    ev: Evaluator,
    specs: list[st.DatePart],
    date: tuple[int, ...],
    end: tuple[int, ...] | None,
) -> list[Output]:
    start = _bind(date)
    if end is None:
        return [_part(ev, start, spec) for spec in specs]
    stop = _bind(end)
    open_range = stop[0] == 0 and stop[1] is None and stop[2] is None
    same = []
    for name in sorted((s.name for s in specs), key=_ORDER.__getitem__):
        if start[_ORDER[name]] != stop[_ORDER[name]]:
            break
        same.append(name)
    i = 0
    while i < len(specs) and specs[i].name in same:
        i += 1
    same_before = specs[:i]
    j = i
    while j < len(specs) and specs[j].name not in same:
        j += 1
    differing, same_after = specs[i:j], specs[j:]
    kept = [o for o in (_part(ev, start, s) for s in same_before) if o is not NULL]
    left = [o for o in (_part(ev, start, s) for s in differing) if o is not NULL]
    right = [o for o in (_part(ev, stop, s) for s in differing) if o is not NULL]
    after = [o for o in (_part(ev, start, s) for s in same_after) if o is not NULL]
    delimiter = min(differing, key=lambda s: _ORDER[s.name]).range_delimiter if differing else None
    if open_range:
        return [formatted(affixes(suffix=delimiter), _without_last_suffix(kept + left))]
    return _without_last_suffix(
        kept
        + _to_range(_without_last_suffix(left), _without_first_prefix(right), delimiter)
        + after
    )


def _to_range(left: list[Output], right: list[Output], delimiter: str | None) -> list[Output]:
    if not left:
        return left + right
    joined = Formatted(
        affixes(delimiter=delimiter), (left[-1], right[0] if right else Literal(EMPTY))
    )
    return [*left[:-1], joined, *right[1:]]


def _without_first_prefix(outputs: list[Output]) -> list[Output]:
    if outputs and isinstance(outputs[0], Formatted):
        first = outputs[0]
        return [Formatted(replace(first.formatting, prefix=None), first.children), *outputs[1:]]
    return outputs


def _without_last_suffix(outputs: list[Output]) -> list[Output]:
    if outputs and isinstance(outputs[-1], Formatted):
        last = outputs[-1]
        return [*outputs[:-1], Formatted(replace(last.formatting, suffix=None), last.children)]
    return outputs


def _bind(parts: tuple[int, ...]) -> tuple[int | None, int | None, int | None]:
    if len(parts) >= 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], parts[1], None
    if len(parts) == 1:
        return parts[0], None, None
    return None, None, None


def _part(
    ev: Evaluator, date: tuple[int | None, int | None, int | None], spec: st.DatePart
) -> Output:
    n = date[_ORDER[spec.name]]
    if n is None:
        return NULL
    if n == 0 and spec.name == "year":
        return Literal(EMPTY)  # an open range's end
    era: list[Output] = []
    if spec.name == "year" and n < 0:
        era = [ev.term(Term("bc"))]
    elif spec.name == "year" and 0 < n < 1000:
        era = [ev.term(Term("ad"))]
    value = abs(n) if spec.name == "year" else n
    return formatted(spec.formatting, [_part_text(ev, spec, value), *era])


def _part_text(ev: Evaluator, spec: st.DatePart, n: int) -> Output:
    form = spec.form
    if form == "numeric":
        return literal(str(n))
    if form == "numeric-leading-zeros":
        return literal(f"{n:02d}")
    if form == "ordinal":
        if ev.ctx.locale.limit_day_ordinals_to_day_1 and n != 1:
            return literal(str(n))
        return literal(ev.render_number(n, "ordinal", None))
    if spec.name != "month":
        return literal(str(n))
    term_form = "short" if form == "short" else "long"
    if n <= 0:
        return NULL
    if n <= 12:
        return ev.term(Term(f"month-{n:02d}", term_form))
    season = n - 12 if n <= 16 else n - 16 if n <= 20 else n - 20
    return ev.term(Term(f"season-{season:02d}", term_form))
