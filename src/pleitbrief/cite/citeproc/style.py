"""A CSL style file read into elements the evaluator walks.

Macros are expanded while reading (a ``<text macro>`` becomes a group marked as a macro,
which counts as one variable for the group around it), and the name options a style sets
on ``<style>``, ``<citation>``, ``<bibliography>`` or a sort ``<key>`` (``et-al-min``,
``initialize-with`` …) are handed down to the ``<names>`` and ``<name>`` elements below:
the nearer element's value wins, an element's own attribute over all.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from pleitbrief.cite.citeproc.locale import CSL, Locale, Term, parse_locale
from pleitbrief.cite.citeproc.output import PLAIN, Formatting
from pleitbrief.records import record


class StyleError(ValueError):
    """The file is not a CSL style this processor can read."""


# --- elements -------------------------------------------------------------------------


@record(frozen=True)
class TextVariable:
    variable: str
    form: str
    """``long`` or ``short`` (``title-short`` before ``title``)."""
    formatting: Formatting


@record(frozen=True)
class TextTerm:
    term: Term
    formatting: Formatting


@record(frozen=True)
class TextValue:
    value: str
    formatting: Formatting


@record(frozen=True)
class Number:
    variable: str
    form: str
    """``numeric``, ``ordinal``, ``long-ordinal`` or ``roman``."""
    formatting: Formatting


@record(frozen=True)
class Label:
    variable: str
    form: str
    plural: str
    """``contextual``, ``always`` or ``never``."""
    formatting: Formatting


@record(frozen=True)
class Group:
    children: tuple[Element, ...]
    formatting: Formatting
    macro: bool = False
    """An expanded ``<text macro>``: when it has output it counts as a non-empty variable."""


@record(frozen=True)
class Condition:
    kind: str
    """``variable``, ``type``, ``uncertain-date``, ``numeric``, ``locator``, ``position``,
    ``disambiguate``."""
    value: str = ""


@record(frozen=True)
class Branch:
    match: str
    """``all``, ``any`` or ``none``."""
    conditions: tuple[Condition, ...]
    children: tuple[Element, ...]


@record(frozen=True)
class Choose:
    branches: tuple[Branch, ...]


@record(frozen=True)
class DatePart:
    name: str
    """``year``, ``month`` or ``day``."""
    form: str
    range_delimiter: str
    formatting: Formatting


@record(frozen=True)
class Date:
    variable: str
    form: str | None
    """``text`` or ``numeric`` for a localised date, None for the style's own parts."""
    show: str | None
    """``year-month-day``, ``year-month`` or ``year``: which parts a localised date shows."""
    parts: tuple[DatePart, ...]
    formatting: Formatting


@record(frozen=True)
class NameFormat:
    """``<name>``'s attributes (None: not set, for the inherited or substituted value)."""

    given: Formatting | None = None
    family: Formatting | None = None
    and_: str | None = None
    """``long`` (the "and" term) or ``symbol`` (``&``)."""
    delimiter: str = ", "
    delimiter_precedes_et_al: str = "contextual"
    delimiter_precedes_last: str = "contextual"
    et_al_min: int | None = None
    et_al_use_first: int | None = None
    et_al_subsequent_min: int | None = None
    et_al_subsequent_use_first: int | None = None
    et_al_use_last: bool = False
    form: str = "long"
    """``long``, ``short`` or ``count``."""
    initialize: bool = True
    initialize_with: str | None = None
    name_as_sort_order: str | None = None
    """``first`` or ``all``."""
    sort_separator: str = ", "


@record(frozen=True)
class NamesFormat:
    label: tuple[str, str, Formatting] | None = None
    """The ``<label>``: its form, plural rule and formatting."""
    et_al: tuple[str, Formatting] | None = None
    """The ``<et-al>``: the term and its formatting."""
    name: tuple[NameFormat, Formatting] | None = None
    label_before_name: bool = False


@record(frozen=True)
class Names:
    variables: tuple[str, ...]
    format: NamesFormat
    substitute: tuple[Element, ...]
    formatting: Formatting


Element = TextVariable | TextTerm | TextValue | Number | Label | Group | Choose | Date | Names


@record(frozen=True)
class SortKey:
    descending: bool
    variable: str | None
    """A variable key; None for a macro key (its ``elements``)."""
    elements: tuple[Element, ...] = ()


@record(frozen=True)
class Layout:
    elements: tuple[Element, ...]
    formatting: Formatting
    sort_keys: tuple[SortKey, ...]
    collapse: str | None
    year_suffix_delimiter: str | None
    after_collapse_delimiter: str | None


@record(frozen=True)
class Disambiguation:
    add_names: bool
    add_givenname: str | None
    """The given-name rule when ``disambiguate-add-givenname`` is on: ``by-cite`` …"""
    add_year_suffix: bool


@record(frozen=True)
class StyleOptions:
    note: bool
    demote_non_dropping_particle: str
    initialize_with_hyphen: bool
    page_range_format: str | None
    disambiguation: Disambiguation
    near_note_distance: int | None
    cite_group_delimiter: str | None
    uses_year_suffix_variable: bool
    uses_citation_number: bool
    """The style writes or sorts by ``citation-number`` (so the items must be numbered in
    bibliography order)."""
    uses_first_note: bool
    """The style asks for ``first-reference-note-number`` ("(n 3)")."""
    default_locale: str | None


@record(frozen=True)
class Style:
    options: StyleOptions
    citation: Layout
    bibliography: Layout | None
    locales: tuple[Locale, ...]


# --- reading --------------------------------------------------------------------------

_INHERITABLE = {
    "and": "and",
    "delimiter-precedes-et-al": "delimiter-precedes-et-al",
    "delimiter-precedes-last": "delimiter-precedes-last",
    "et-al-min": "et-al-min",
    "et-al-use-first": "et-al-use-first",
    "et-al-use-last": "et-al-use-last",
    "et-al-subsequent-min": "et-al-subsequent-min",
    "et-al-subsequent-use-first": "et-al-subsequent-use-first",
    "initialize": "initialize",
    "initialize-with": "initialize-with",
    "name-as-sort-order": "name-as-sort-order",
    "sort-separator": "sort-separator",
    "name-form": "form",
    "name-delimiter": "delimiter",
    "names-delimiter": "delimiter",
    "names-min": "names-min",
    "names-use-first": "names-use-first",
    "names-use-last": "names-use-last",
}
"""Name attributes an outer element hands down, under the name they take on ``<name>``."""


def read_style(path: Path) -> Style:
    """The style in ``path``.

    Raises:
        StyleError: not XML, not a CSL style, or a required part is missing.
    """
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise StyleError(f"{path}: {exc}") from exc
    return parse_style(root)


def parse_style(root: ET.Element) -> Style:
    if root.tag != f"{CSL}style":
        raise StyleError("not a CSL style (no <style> root)")
    inherited = _inheritable(root, {})
    macros = {m.get("name", ""): m for m in root.findall(f"{CSL}macro")}
    citation_nodes = root.findall(f"{CSL}citation")
    if len(citation_nodes) != 1:
        raise StyleError("a style needs exactly one <citation>")
    reader = _Reader(macros)
    citation = _layout(citation_nodes[0], reader, inherited)
    bib_nodes = root.findall(f"{CSL}bibliography")
    bibliography = _layout(bib_nodes[0], reader, inherited) if bib_nodes else None
    c = citation_nodes[0].attrib
    rule = c.get("givenname-disambiguation-rule", "by-cite")
    if rule not in ("all-names", "all-names-with-initials", "primary-name",
                    "primary-name-with-initials"):  # fmt: skip
        rule = "by-cite"
    layouts = citation.elements + (bibliography.elements if bibliography else ())
    options = StyleOptions(
        note=root.get("class", "note") == "note",
        demote_non_dropping_particle=root.get("demote-non-dropping-particle", "display-and-sort"),
        initialize_with_hyphen=root.get("initialize-with-hyphen", "true") == "true",
        page_range_format=root.get("page-range-format"),
        disambiguation=Disambiguation(
            c.get("disambiguate-add-names") == "true",
            rule if c.get("disambiguate-add-givenname") == "true" else None,
            c.get("disambiguate-add-year-suffix") == "true",
        ),
        near_note_distance=_int(root.get("near-note-distance")),
        cite_group_delimiter=c.get("cite-group-delimiter", ", " if "collapse" in c else None),
        uses_year_suffix_variable=_uses_year_suffix(layouts),
        uses_citation_number=_uses_citation_number(citation, bibliography),
        uses_first_note=_any_element(
            [*layouts, *(e for key in citation.sort_keys for e in key.elements)],
            _mentions_first_note,
        ),
        default_locale=root.get("default-locale"),
    )
    locales = tuple(parse_locale(loc) for loc in root.findall(f"{CSL}locale"))
    return Style(options, citation, bibliography, locales)


def _inheritable(node: ET.Element, outer: Mapping[str, str]) -> dict[str, str]:
    """The name attributes in force below ``node``: its own over the outer ones (a
    ``<citation et-al-min>`` over the ``<style>``'s, as pandoc 3.9 reads them)."""
    found = dict(outer)
    for attribute, value in node.attrib.items():
        if attribute in _INHERITABLE:
            found[_INHERITABLE[attribute]] = value
    return found


def _layout(node: ET.Element, reader: _Reader, outer: Mapping[str, str]) -> Layout:
    inherited = _inheritable(node, outer)
    layouts = node.findall(f"{CSL}layout")
    if len(layouts) > 1:
        raise StyleError("more than one <layout>")
    formatting = PLAIN
    for layout in layouts:
        formatting = formatting.over(formatting_of(layout))
    formatting = replace(formatting, affixes_inside=True)
    elements = tuple(reader.element(child, inherited) for lay in layouts for child in lay)
    keys = []
    for sort in node.findall(f"{CSL}sort"):
        for key in sort.findall(f"{CSL}key"):
            # a key's macro takes name options from <citation>/<bibliography> and the key,
            # not from <style> (pandoc 3.9)
            keys.append(reader.sort_key(key, _inheritable(node, {})))
    a = node.attrib
    return Layout(
        elements,
        formatting,
        tuple(keys),
        a.get("collapse"),
        a.get("year-suffix-delimiter", a.get("cite-group-delimiter", formatting.delimiter)),
        a.get("after-collapse-delimiter", formatting.delimiter),
    )


class _Reader:
    """Reads elements, expanding macros (and refusing a macro that calls itself)."""

    def __init__(self, macros: Mapping[str, ET.Element]) -> None:
        self.macros = macros
        self.expanding: list[str] = []
        self.expanded: dict[tuple[str, frozenset[tuple[str, str]]], tuple[Element, ...]] = {}

    def element(self, node: ET.Element, inherited: Mapping[str, str]) -> Element:
        tag = node.tag.removeprefix(CSL)
        read = getattr(self, f"_{tag.replace('-', '_')}", None)
        if read is None or tag not in _ELEMENTS:
            raise StyleError(f"unknown element <{tag}>")
        element: Element = read(node, inherited)
        return element

    def children(self, node: ET.Element, inherited: Mapping[str, str]) -> tuple[Element, ...]:
        return tuple(self.element(child, inherited) for child in node)

    def macro(self, name: str, inherited: Mapping[str, str]) -> tuple[Element, ...]:
        """A macro's elements, read once for each set of inherited name options and shared
        by every place that calls it (styles call some macros hundreds of times)."""
        key = (name, frozenset(inherited.items()))
        found = self.expanded.get(key)
        if found is not None:
            return found
        if name not in self.macros:
            raise StyleError(f"macro {name!r} not found")
        if name in self.expanding:
            raise StyleError(f"macro {name!r} calls itself")
        self.expanding.append(name)
        try:
            found = self.children(self.macros[name], inherited)
        finally:
            self.expanding.pop()
        self.expanded[key] = found
        return found

    def sort_key(self, node: ET.Element, inherited: Mapping[str, str]) -> SortKey:
        below = _inheritable(node, inherited)
        descending = node.get("sort") == "descending"
        if node.get("macro") is not None:
            return SortKey(descending, None, self.macro(node.get("macro", ""), below))
        return SortKey(descending, node.get("variable", ""))

    def _text(self, node: ET.Element, inherited: Mapping[str, str]) -> Element:
        f = formatting_of(node)
        form = node.get("form")
        if node.get("variable") is not None:
            return TextVariable(node.get("variable", ""), "short" if form == "short" else "long", f)
        if node.get("macro") is not None:
            return Group(self.macro(node.get("macro", ""), inherited), f, macro=True)
        if node.get("term") is not None:
            plural = {"true": "plural", "false": "singular"}.get(node.get("plural", ""))
            return TextTerm(Term(node.get("term", ""), _term_form(form), plural), f)
        if node.get("value") is not None:
            return TextValue(node.get("value", ""), f)
        raise StyleError("<text> needs a variable, macro, term or value")

    def _number(self, node: ET.Element, inherited: Mapping[str, str]) -> Element:
        if node.get("variable") is None:
            raise StyleError("<number> needs a variable")
        form = node.get("form")
        if form not in ("ordinal", "long-ordinal", "roman"):
            form = "numeric"
        return Number(node.get("variable", ""), form, formatting_of(node))

    def _label(self, node: ET.Element, inherited: Mapping[str, str]) -> Element:
        plural = node.get("plural")
        if plural not in ("always", "never"):
            plural = "contextual"
        return Label(
            node.get("variable", ""), _term_form(node.get("form")), plural, formatting_of(node)
        )

    def _group(self, node: ET.Element, inherited: Mapping[str, str]) -> Element:
        return Group(self.children(node, inherited), formatting_of(node))

    def _choose(self, node: ET.Element, inherited: Mapping[str, str]) -> Element:
        branches = []
        for tag in ("if", "else-if", "else"):
            for part in node.findall(f"{CSL}{tag}"):
                branches.append(self._branch(part, inherited))
        return Choose(tuple(branches))

    def _branch(self, node: ET.Element, inherited: Mapping[str, str]) -> Branch:
        match = node.get("match")
        if match not in ("any", "none"):
            match = "all"
        conditions: list[Condition] = []
        for attribute, kind in _CONDITIONS:
            value = node.get(attribute)
            if value is None:
                continue
            if kind == "disambiguate":
                if value == "true":
                    conditions.append(Condition("disambiguate"))
            elif kind == "position":
                conditions += [Condition(kind, p) for p in value.split() if p in _POSITIONS]
            elif kind == "type":  # one condition: the item is any of the types (pandoc 3.9)
                conditions.append(Condition(kind, " ".join(value.split())))
            else:
                conditions += [Condition(kind, v) for v in value.split()]
        return Branch(match, tuple(conditions), self.children(node, inherited))

    def _date(self, node: ET.Element, inherited: Mapping[str, str]) -> Element:
        return read_date(node)

    def _names(self, node: ET.Element, inherited: Mapping[str, str]) -> Element:
        attributes = {**inherited, **node.attrib}
        formatting = formatting_of_attributes(attributes)
        names_format = NamesFormat()
        substitute: tuple[Element, ...] = ()
        for child in node:
            tag = child.tag.removeprefix(CSL)
            if tag == "label":
                label = self._label(child, inherited)
                assert isinstance(label, Label)
                names_format = NamesFormat(
                    (label.form, label.plural, label.formatting),
                    names_format.et_al,
                    names_format.name,
                    names_format.name is None,
                )
            elif tag == "substitute":
                substitute = self.children(child, inherited)
            elif tag == "et-al":
                et_al = (child.get("term", "et-al"), formatting_of(child))
                names_format = NamesFormat(
                    names_format.label, et_al, names_format.name, names_format.label_before_name
                )
            elif tag == "name":
                name = (
                    name_format(child, inherited),
                    formatting_of_attributes({**inherited, **child.attrib}),
                )
                names_format = NamesFormat(
                    names_format.label, names_format.et_al, name, names_format.label_before_name
                )
            else:
                raise StyleError(f"<{tag}> cannot be inside <names>")
        variables = tuple(node.get("variable", "").split())
        return Names(variables, names_format, substitute, formatting)


_ELEMENTS = frozenset(("text", "number", "label", "group", "choose", "date", "names"))
_CONDITIONS = (
    ("disambiguate", "disambiguate"),
    ("is-numeric", "numeric"),
    ("is-uncertain-date", "uncertain-date"),
    ("locator", "locator"),
    ("position", "position"),
    ("type", "type"),
    ("variable", "variable"),
)
_POSITIONS = frozenset(("first", "ibid", "ibid-with-locator", "subsequent", "near-note"))


def name_format(node: ET.Element, inherited: Mapping[str, str]) -> NameFormat:
    a = {**inherited, **node.attrib}
    parts = {p.get("name"): formatting_of(p) for p in reversed(node.findall(f"{CSL}name-part"))}
    and_ = {"text": "long", "symbol": "symbol"}.get(a.get("and", ""))
    return NameFormat(
        given=parts.get("given"),
        family=parts.get("family"),
        and_=and_,
        delimiter=a.get("delimiter", ", "),
        delimiter_precedes_et_al=_precedes(a.get("delimiter-precedes-et-al")),
        delimiter_precedes_last=_precedes(a.get("delimiter-precedes-last")),
        et_al_min=_int(a.get("names-min", a.get("et-al-min"))),
        et_al_use_first=_int(a.get("names-use-first", a.get("et-al-use-first"))),
        et_al_subsequent_min=_int(a.get("et-al-subsequent-min")),
        et_al_subsequent_use_first=_int(a.get("et-al-subsequent-use-first")),
        et_al_use_last=a.get("names-use-last", a.get("et-al-use-last")) == "true",
        form=a.get("form", "long") if a.get("form") in ("short", "count") else "long",
        initialize=a.get("initialize") != "false",
        initialize_with=a.get("initialize-with"),
        name_as_sort_order=a.get("name-as-sort-order")
        if a.get("name-as-sort-order") in ("first", "all")
        else None,
        sort_separator=a.get("sort-separator", ", "),
    )


def _precedes(value: str | None) -> str:
    return value if value in ("after-inverted-name", "always", "never") else "contextual"


def read_date(node: ET.Element) -> Date:
    """A ``<date>`` of a style or a locale."""
    parts = []
    for part in node.findall(f"{CSL}date-part"):
        name = part.get("name")
        if name not in ("day", "month"):
            name = "year"
        form = part.get("form")
        if form not in ("numeric", "numeric-leading-zeros", "ordinal", "long", "short"):
            form = "numeric" if name == "day" else "long"
        parts.append(DatePart(name, form, part.get("range-delimiter", "–"), formatting_of(part)))
    form = node.get("form")
    show = node.get("date-parts")
    return Date(
        node.get("variable", ""),
        form if form in ("text", "numeric") else None,
        show if show in ("year-month-day", "year-month", "year") else None,
        tuple(parts),
        formatting_of(node),
    )


def formatting_of(node: ET.Element) -> Formatting:
    return formatting_of_attributes(node.attrib)


def formatting_of_attributes(a: Mapping[str, str]) -> Formatting:
    """The formatting attributes; none at all is :data:`PLAIN` itself (checked by
    identity where it matters for speed)."""
    found = _formatting(a)
    return PLAIN if found == PLAIN else found


def _formatting(a: Mapping[str, str]) -> Formatting:
    return Formatting(
        font_style=_one_of(a.get("font-style"), "italic", "oblique", "normal"),
        font_variant=_one_of(a.get("font-variant"), "small-caps", "normal"),
        font_weight=_one_of(a.get("font-weight"), "bold", "light", "normal"),
        text_decoration=_one_of(a.get("text-decoration"), "underline", "none"),
        vertical_align=_one_of(a.get("vertical-align"), "sup", "sub", "baseline"),
        prefix=a.get("prefix"),
        suffix=a.get("suffix"),
        display=_one_of(a.get("display"), "block", "left-margin", "right-inline", "indent"),
        text_case=_one_of(
            a.get("text-case"),
            "lowercase",
            "uppercase",
            "capitalize-first",
            "capitalize-all",
            "sentence",
            "title",
        ),
        delimiter=a.get("delimiter"),
        strip_periods=a.get("strip-periods") == "true",
        quotes=a.get("quotes") == "true",
    )


def _one_of(value: str | None, *allowed: str) -> str | None:
    return value if value in allowed else None


def _term_form(value: str | None) -> str:
    return value if value in ("short", "verb", "verb-short", "symbol") else "long"


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits and digits.isascii() and digits.isdecimal() else None


def _any_element(
    elements: Sequence[Element],
    test: Callable[[Element], bool],
    into_substitutes: bool = True,
) -> bool:
    """Whether an element anywhere below passes ``test``. Expanded macros are shared, so
    each is looked at once (a walk of every path could take exponential time)."""
    seen: set[int] = set()
    stack = list(elements)
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen.add(id(element))
        if test(element):
            return True
        if isinstance(element, Group):
            stack.extend(element.children)
        elif isinstance(element, Choose):
            stack.extend(e for b in element.branches for e in b.children)
        elif isinstance(element, Names) and into_substitutes:
            stack.extend(element.substitute)
    return False


def _is_year_suffix(element: Element) -> bool:
    return isinstance(element, TextVariable) and element.variable == "year-suffix"


def _uses_year_suffix(elements: Sequence[Element]) -> bool:
    """citeproc's test, which does not look into ``<substitute>``."""
    return _any_element(elements, _is_year_suffix, into_substitutes=False)


def _uses_citation_number(citation: Layout, bibliography: Layout | None) -> bool:
    layouts = [citation] if bibliography is None else [citation, bibliography]
    for layout in layouts:
        if any(key.variable == "citation-number" for key in layout.sort_keys):
            return True
        elements = [*layout.elements, *(e for key in layout.sort_keys for e in key.elements)]
        if _any_element(elements, _mentions_citation_number):
            return True
    return False


def _mentions_first_note(element: Element) -> bool:
    return _mentions(element, "first-reference-note-number")


def _mentions_citation_number(element: Element) -> bool:
    return _mentions(element, "citation-number")


def _mentions(element: Element, variable: str) -> bool:
    if isinstance(element, TextVariable | Number | Label):
        return element.variable == variable
    if isinstance(element, Choose):
        return any(
            c.kind in ("variable", "numeric") and c.value == variable
            for b in element.branches
            for c in b.conditions
        )
    return False
