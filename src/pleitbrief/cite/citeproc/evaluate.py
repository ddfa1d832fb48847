"""Evaluating a style's elements for one item: the core of the processor.

An :class:`Evaluator` holds what evaluation depends on besides the element: the locale
and style options, the item and where it is cited (locator, label, position), and the
running state citeproc keeps (how many variables a group asked for and how many had a
value, whether the year suffix was written, disambiguation hints per item). Each element
gives output trees (:mod:`.output`); names and dates have modules of their own.

The rules are pandoc's citeproc's, e.g. a group is left out when it asked for variables
and none had a value, a macro with output counts as a variable with a value, ``title``
case applies to English items only, a variable used in ``<substitute>`` is not printed
again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import field, replace
from typing import Any

from pleitbrief.cite.citeproc import inlines as il
from pleitbrief.cite.citeproc import numbers
from pleitbrief.cite.citeproc import style as st
from pleitbrief.cite.citeproc.locale import Locale, Term, term_text
from pleitbrief.cite.citeproc.output import (
    NULL,
    Formatting,
    Linked,
    Literal,
    Output,
    Renderer,
    Tag,
    Tagged,
    formatted,
    grouped,
    is_plain,
    literal,
)
from pleitbrief.cite.citeproc.reference import SUBSTITUTED, Date, Name, Reference, Val
from pleitbrief.records import record

EN_DASH = "\u2013"


@record
class Disambiguation:
    """What disambiguation decided for one item."""

    year_suffix: int | None = None
    name_hints: dict[Name, str] = field(default_factory=dict)
    """Per name: ``add-initials``, ``add-given-name``, or those ``-if-primary``."""
    et_al_names: int | None = None
    condition: bool = False
    """``<if disambiguate="true">`` holds."""

    def snapshot(self) -> tuple[Any, ...]:
        """The decisions as a value (part of a memo key)."""
        return (
            self.year_suffix,
            tuple(sorted(self.name_hints.items(), key=repr)),
            self.et_al_names,
            self.condition,
        )


class Context:
    """Where evaluation stands: changed for a block with :meth:`Evaluator.within`."""

    __slots__ = (
        "in_bibliography",
        "in_sort_key",
        "in_substitute",
        "label",
        "locale",
        "locator",
        "options",
        "positions",
        "substitute_names",
    )

    def __init__(self, locale: Locale, options: st.StyleOptions) -> None:
        self.locale = locale
        self.options = options
        self.locator: str | None = None
        self.label: str | None = None
        self.positions: frozenset[str] = frozenset()
        self.in_substitute = False
        self.in_sort_key = False
        self.in_bibliography = False
        self.substitute_names: st.NamesFormat | None = None


DateParts = tuple[list[st.DatePart], Formatting]
"""A date's parts to write and its formatting, once the locale's are merged in."""


class Evaluator:
    """Evaluates elements for the current item (:meth:`evaluate_item`)."""

    def __init__(
        self,
        options: st.StyleOptions,
        locale: Locale,
        references: dict[str, Reference],
        renderer: Renderer,
    ) -> None:
        self.ctx = Context(locale, options)
        self.references = references
        self.renderer = renderer
        self.disambiguation: dict[str, Disambiguation] = {}
        self.reference = Reference("", "", {})
        self.accessed = 0
        self.nonempty = 0
        self.used_year_suffix = False
        self.warnings: set[str] = set()
        self._dispatch = self._table()
        # What depends on an element (and the locale) only, worked out once; the keys
        # hold ids of parts of the style, which lives as long as the evaluator.
        self.date_parts: dict[tuple[int, int, Formatting], DateParts] = {}
        self.names_written: dict[tuple[Any, ...], Output] = {}
        self.name_formats: dict[
            tuple[tuple[st.NameFormat, Formatting] | None, Formatting],
            tuple[st.NameFormat, Formatting],
        ] = {}
        self.item_outputs: dict[tuple[Any, ...], list[Output]] = {}
        """Each item's evaluated layout, by everything it depends on."""

    # --- context and state ----------------------------------------------------------

    @contextmanager
    def within(self, **changes: Any) -> Iterator[None]:
        """The context changed for the duration of the block."""
        ctx = self.ctx
        saved = {name: getattr(ctx, name) for name in changes}
        for name, value in changes.items():
            setattr(ctx, name, value)
        try:
            yield
        finally:
            for name, value in saved.items():
                setattr(ctx, name, value)

    @contextmanager
    def on_item(self, reference: Reference) -> Iterator[None]:
        """``reference`` is the current item (a copy: substitution removes variables)."""
        saved = (self.reference, self.used_year_suffix)
        self.reference = Reference(reference.id, reference.type, dict(reference.variables))
        self.used_year_suffix = False
        try:
            yield
        finally:
            self.reference, self.used_year_suffix = saved

    def disamb(self, item_id: str | None = None) -> Disambiguation | None:
        return self.disambiguation.get(self.reference.id if item_id is None else item_id)

    def ask(self, name: str) -> Val | None:
        """A variable's value, counted for the group rule (``askVariable``)."""
        if name == "page-first":
            page = self.ask("page")
            if page is None or page.kind == "number":
                return page
            return Val("text", str(numbers.page_first(page.as_text(il.stringify) or "")))
        found = self.reference.lookup(name)
        if found is not None and _non_empty(found):
            self.accessed += 1
            self.nonempty += 1
            return found
        self.accessed += 1
        return None

    def term(self, term: Term) -> Output:
        """A term's text (with form fallbacks), or nothing."""
        text = term_text(self.ctx.locale, term)
        return literal(text) if text else NULL

    def term_variants(self, term: Term) -> list[tuple[Term, str]]:
        return self.ctx.locale.lookup(term)

    # --- elements -------------------------------------------------------------------

    def elements(self, elements: Sequence[st.Element]) -> list[Output]:
        out: list[Output] = []
        dispatch = self._dispatch
        for element in elements:
            found = dispatch[type(element)](element)
            if type(found) is list:
                out.extend(found)
            else:
                out.append(found)  # type: ignore[arg-type]
        return out

    def element(self, element: st.Element) -> list[Output]:
        found = self._dispatch[type(element)](element)
        return found if type(found) is list else [found]  # type: ignore[list-item]

    def _table(self) -> dict[type, Callable[[Any], Output | list[Output]]]:
        """Each element kind's evaluation (a table: this runs for every element)."""
        from pleitbrief.cite.citeproc.dates import evaluate_date
        from pleitbrief.cite.citeproc.names import evaluate_names

        return {
            st.Choose: self.choose,
            st.Group: self.group,
            st.Names: lambda e: evaluate_names(self, e),
            st.Date: lambda e: evaluate_date(self, e, e.formatting),
            st.Label: lambda e: self.label(e.variable, e.form, e.plural, e.formatting),
            st.Number: lambda e: self.formatted(e.formatting, self.number(e)),
            st.TextVariable: lambda e: self.formatted(e.formatting, self.text_variable(e)),
            st.TextTerm: lambda e: self.formatted(e.formatting, self.text_term(e)),
            st.TextValue: lambda e: self.formatted(e.formatting, literal(e.value)),
        }

    def formatted(self, formatting: Formatting, output: Output) -> Output:
        """An element's output under its formatting (``title`` case for English only)."""
        if is_plain(formatting):
            return output
        if formatting.text_case == "title" and not self.english():
            formatting = replace(formatting, text_case=None)
        return formatted(formatting, [output])

    def with_formatting(self, formatting: Formatting, evaluate: Callable[[], Output]) -> Output:
        return self.formatted(formatting, evaluate())

    def english(self) -> bool:
        """Title case is for English items (the item's language, else the locale's)."""
        language = item_language(self.reference)
        if language is not None:
            return language.split("-")[0] == "en"
        return (self.ctx.locale.lang or "").split("-")[0] == "en"

    def group(self, group: st.Group) -> Output:
        before_accessed, before_nonempty = self.accessed, self.nonempty
        out = self.elements(group.children)
        after_accessed, after_nonempty = self.accessed, self.nonempty
        if group.macro and any(o is not NULL for o in out):
            self.accessed += 1
            self.nonempty += 1
        if before_accessed == after_accessed or after_nonempty > before_nonempty:
            return formatted(group.formatting, out)
        return NULL

    def choose(self, choose: st.Choose) -> list[Output]:
        for branch in choose.branches:
            results = (self.condition(c) for c in branch.conditions)
            if branch.match == "any":
                matched = any(results)
            elif branch.match == "none":
                matched = not any(results)
            else:
                matched = all(results)
            if matched:
                return self.elements(branch.children)
        return []

    def condition(self, condition: st.Condition) -> bool:
        kind, value = condition.kind, condition.value
        if kind == "variable":
            if value == "locator":
                return self.ctx.locator is not None
            found = self.reference.lookup(value)
            return found is not None and _non_empty(found)
        if kind == "type":
            return self.reference.type in value.split()
        if kind == "uncertain-date":
            found = self.reference.lookup(value)
            return found is not None and found.kind == "date" and found.value.circa
        if kind == "numeric":
            if value == "locator":
                return self.ctx.locator is not None and numbers.is_numeric(self.ctx.locator)
            found = self.reference.lookup(value)
            if found is None:
                return False
            if found.kind == "number":
                return True
            text = found.as_text(il.stringify)
            return text is not None and numbers.is_numeric(text)
        if kind == "locator":
            if self.ctx.locator is None:  # no locator is of no type (pandoc 3.9)
                return False
            label = self.ctx.label
            if label is None:
                return value == "page"
            if label == "sub verbo":
                return value == "sub-verbo"
            return label.lower() == value.lower()
        if kind == "position":
            return value in self.ctx.positions
        disamb = self.disamb()
        return disamb is not None and disamb.condition

    # --- text -----------------------------------------------------------------------

    def text_term(self, element: st.TextTerm) -> Output:
        found = self.term(element.term)
        if element.term.name == "no date":
            suffix = self.year_suffix()
            if suffix is not None:
                if element.term.form == "long":
                    found = grouped([found, literal(" "), suffix])
                else:
                    found = grouped([found, suffix])
        return Tagged(Tag("term", element.term), found)

    def text_variable(self, element: st.TextVariable) -> Output:
        name = element.variable
        if name in ("id", "type"):
            self.accessed += 1
            self.nonempty += 1
            return literal(self.reference.id if name == "id" else self.reference.type)
        if name == "locator":
            return self.locator()
        if name == "year-suffix":
            disamb = self.disamb()
            if disamb is not None and disamb.year_suffix is not None:
                n = disamb.year_suffix
                return Tagged(Tag("year-suffix", n), literal(numbers.year_suffix(n)))
            return NULL
        if name == "citation-number":
            found = self.ask(name)
            if found is not None and found.kind == "number":
                return Tagged(Tag("citation-number", found.value), literal(str(found.value)))
            self.warnings.add(f"citation-number not defined for {self.reference.id}")
            return NULL
        if name == "citation-label":
            found = self.ask(name)
            if found is None:
                return NULL
            suffix = self.year_suffix()
            return Tagged(Tag("citation-label"), grouped([self.value(found), suffix or NULL]))
        if name in ("DOI", "PMCID", "PMID", "URL"):
            return self.identifier(name)
        short = element.form == "short"
        found = self.ask(name + "-short") if short else None
        if found is None or found is SUBSTITUTED:
            # the long form stands in for a short one that is missing or that
            # <substitute> printed already (pandoc 3.9)
            found = self.ask(name)
        out: Output = NULL
        if found is not None:
            text = found.as_text(il.stringify)
            if name == "page":
                out = NULL if text is None else self.page_range(text)
            else:
                out = self.value(found)
        self.forget_in_substitute(name)
        if short and found is not None and self.ctx.in_substitute:
            # a short form printed there stands for both forms: the short one is then
            # there for conditions too, even for an item that has none (pandoc 3.9). A
            # long form leaves the short one to print (a law's title, then ``Vw 2000``)
            self.reference.variables[name + "-short"] = SUBSTITUTED
        if name == "title" and out is not NULL:
            return Tagged(Tag("title"), out)
        return out

    def value(self, found: Val) -> Output:
        if found.kind == "rich":
            return Literal(found.value) if found.value else NULL
        if found.kind in ("text", "number"):
            return literal(str(found.value))
        return NULL

    def identifier(self, name: str) -> Output:
        found = self.ask(name)
        self.forget_in_substitute(name)
        text = found.as_text(il.stringify) if found is not None else None
        if text is None:
            return NULL
        if name == "DOI" and text.startswith("10/"):
            text = text[3:]
        url = text if not text or "://" in text else _IDENTIFIER_URLS[name] + text
        return Linked(url, (literal(text),))

    def forget_in_substitute(self, name: str) -> None:
        """A variable printed by ``<substitute>`` is not printed again for the item; it
        still counts as there for conditions and groups (citeproc's ``SubstitutedVal``)."""
        if self.ctx.in_substitute and name in self.reference.variables:
            self.reference.variables[name] = SUBSTITUTED

    def locator(self) -> Output:
        text = self.ctx.locator
        self.accessed += 1
        if text is None:
            return NULL
        self.nonempty += 1
        amp = self.term_variants(Term("and", "symbol"))
        return Tagged(
            Tag("locator"),
            literal(
                numbers.format_locator(
                    text,
                    self.ctx.label,
                    numbers.page_range_format(self.ctx.options.page_range_format),
                    term_text(self.ctx.locale, Term("page-range-delimiter")),
                    amp[0][1] if amp else None,
                )
            ),
        )

    def page_range(self, text: str) -> Output:
        return literal(
            numbers.format_pages(
                text,
                numbers.page_range_format(self.ctx.options.page_range_format),
                term_text(self.ctx.locale, Term("page-range-delimiter")),
            )
        )

    # --- numbers and labels ---------------------------------------------------------

    def number(self, element: st.Number) -> Output:
        found = self.ask(element.variable)
        if found is None:
            return NULL
        variants = self.term_variants(Term(element.variable))
        gender = variants[0][0].gender if variants else None
        value = found.value if found.kind == "number" else found.as_text(il.stringify) or ""
        return literal(self.render_number(value, element.form, gender))

    def render_number(self, value: int | str, form: str, gender: str | None) -> str:
        return numbers.render_number(value, form, self.ordinal_terms, gender)

    def ordinal_terms(self, name: str) -> list[numbers.TermVariant]:
        """Every long-form definition of a term (the lookup :mod:`.numbers` asks for)."""
        return [
            numbers.TermVariant(text, t.match, t.gender_form)
            for t, text in self.ctx.locale.terms.get(name, ())
            if t.form == "long"
        ]

    def label(self, variable: str, form: str, plural: str, formatting: Formatting) -> Output:
        locator, label = self.ctx.locator, self.ctx.label
        if variable == "locator" and locator is not None:
            if label is not None:
                found = self._label_term(label, form, plural, variable, Val("text", locator))
            elif locator[:1].isspace() or locator.lstrip(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            ).startswith(". "):
                found = NULL
            else:
                found = self._label_term("page", form, plural, variable, Val("text", locator))
        else:
            lookup = "editor" if variable == "editortranslator" else variable
            value = self.reference.lookup(lookup)
            found = (
                NULL if value is None else self._label_term(variable, form, plural, variable, value)
            )
        suffix = formatting.suffix
        if (
            suffix is not None
            and suffix.startswith(".")
            and isinstance(found, Literal)
            and il.stringify(found.inlines).endswith(".")
            and not formatting.strip_periods
        ):
            formatting = replace(formatting, suffix=suffix[1:] or None)
        return formatted(formatting, [found])

    def _label_term(self, name: str, form: str, plural: str, variable: str, value: Val) -> Output:
        if plural == "always":
            number = "plural"
        elif plural == "never":
            number = "singular"
        elif value.kind == "names":
            number = "plural" if len(value.value) > 1 else "singular"
        elif value.kind in ("text", "rich"):
            text = value.as_text(il.stringify) or ""
            number = "plural" if numbers.is_plural(text, variable) else "singular"
        else:
            number = "singular"
        return self.term(Term(name, form, number))

    # --- year suffix ----------------------------------------------------------------

    def year_suffix(self) -> Output | None:
        """The year suffix, once per item, where the style has no ``year-suffix`` variable."""
        disamb = self.disamb()
        if disamb is None or disamb.year_suffix is None:
            return None
        if self.ctx.options.uses_year_suffix_variable or self.used_year_suffix:
            return None
        self.used_year_suffix = True
        n = disamb.year_suffix
        return Tagged(Tag("year-suffix", n), literal(numbers.year_suffix(n)))

    # --- sort keys ------------------------------------------------------------------

    def render_text(self, outputs: Sequence[Output]) -> str:
        """The output's text for a sort key. A sort key is case-folded, so the text case
        the style asks for is left out (it costs a walk over every word)."""
        return self.renderer.text(grouped(outputs))


_IDENTIFIER_URLS = {
    "DOI": "https://doi.org/",
    "PMCID": "https://www.ncbi.nlm.nih.gov/pmc/articles/",
    "PMID": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "URL": "https://",
}
"""What an identifier without a scheme is linked to."""


def _non_empty(value: Val) -> bool:
    if value.kind == "text":
        return bool(value.value)
    if value.kind == "rich":
        return bool(value.value)
    if value.kind == "names":
        return bool(value.value)
    if value.kind == "date":
        date: Date = value.value
        return bool(date.parts) or date.season is not None or date.literal is not None
    return True


_LANGUAGE_TAG = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def item_language(reference: Reference) -> str | None:
    """The item's ``language`` as pandoc reads it, lower case (``en_US``, ``EN-us`` and
    ``en-US`` are one language), or None when it has none pandoc can read."""
    value = reference.lookup("language")
    text = value.as_text(il.stringify) if value is not None else None
    # pandoc reads a BCP 47 tag from the start and stops where the tag stops
    found = _LANGUAGE_TAG.match((text or "").strip().replace("_", "-"))
    if found is None:
        return None
    tag = found.group().lower()
    head = tag.split("-")[0]
    return tag if head.isalpha() and 2 <= len(head) <= 8 else None
