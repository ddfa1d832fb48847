"""``<names>``: authors, editors, translators, with et al., labels and substitutes.

How a list of names is written (delimiters, "and", "et al." after so many names, the
label "red." after editors), how one name is written (initials, particles such as
"van der", given name first or last), and what stands in for missing names
(``<substitute>``), as pandoc's citeproc writes them.
"""

from __future__ import annotations

from dataclasses import replace

from pleitbrief.cite.citeproc import inlines as il
from pleitbrief.cite.citeproc import style as st
from pleitbrief.cite.citeproc.evaluate import Evaluator
from pleitbrief.cite.citeproc.locale import Term
from pleitbrief.cite.citeproc.output import (
    NULL,
    PLAIN,
    Formatted,
    Formatting,
    InNote,
    Linked,
    Literal,
    Output,
    Tag,
    Tagged,
    affixes,
    formatted,
    grouped,
    literal,
    universe,
)
from pleitbrief.cite.citeproc.reference import Name, Val


def evaluate_names(ev: Evaluator, element: st.Names) -> Output:
    names_format = _with_substituted(ev, element.format)
    variables = list(element.variables)
    if "editor" in variables and "translator" in variables:
        editor, translator = ev.ask("editor"), ev.ask("translator")
        label_form = names_format.label[0] if names_format.label else "long"
        if editor == translator and ev.term(Term("editortranslator", label_form)) is not NULL:
            variables = ["editortranslator"] + [
                v for v in variables if v not in ("editor", "translator")
            ]
    formatting = element.formatting
    name_format, name_formatting = _name_format(ev, names_format, formatting)
    contributions = [
        (var, ev.ask("editor" if var == "editortranslator" else var)) for var in variables
    ]
    if all(value is None for _, value in contributions):
        if element.substitute and not ev.ctx.in_substitute:
            with ev.within(in_substitute=True, substitute_names=names_format):
                found = _substitute(ev, element.substitute)
            if found and isinstance(found[0], Tagged) and found[0].tag.kind == "names":
                return formatted(formatting, found)
            # tagged as names, so disambiguation sees what stands in for the author
            return formatted(
                formatting, [Tagged(Tag("names", ("", names_format, ())), grouped(found))]
            )
        return NULL
    outputs = [
        _names(ev, names_format, name_format, name_formatting, var, value)
        for var, value in contributions
    ]
    for var, value in contributions:
        if value is not None:
            ev.forget_in_substitute(var)
    if name_format.form == "count":
        count = sum(
            1
            for out in outputs
            for node in universe(out)
            if isinstance(node, Tagged) and node.tag.kind == "name"
        )
        return literal(str(count))
    return formatted(
        affixes(formatting.prefix, formatting.suffix, formatting.delimiter),
        outputs,
    )


def _name_format(
    ev: Evaluator, names_format: st.NamesFormat, formatting: Formatting
) -> tuple[st.NameFormat, Formatting]:
    """The ``<name>`` and the formatting each name gets: the ``<name>``'s own, then the
    ``<names>``' (but its affixes and delimiter go around the list). Once per element."""
    key = (names_format.name, formatting)
    found = ev.name_formats.get(key)
    if found is None:
        name_format, own = names_format.name or (_DEFAULT_NAME, PLAIN)
        around = replace(formatting, prefix=None, suffix=None, delimiter=None)
        found = ev.name_formats[key] = (name_format, own.over(around))
    return found


_DEFAULT_NAME = st.NameFormat()


def _with_substituted(ev: Evaluator, own: st.NamesFormat) -> st.NamesFormat:
    """Inside ``<substitute>`` a ``<names>`` takes what it lacks from the one it stands for."""
    outer = ev.ctx.substitute_names
    if outer is None:
        return own
    label = None if ev.ctx.in_sort_key else (own.label or outer.label)
    before = (
        own.label_before_name
        if own.name is not None and own.label is not None
        else outer.label_before_name
    )
    return st.NamesFormat(label, own.et_al or outer.et_al, own.name or outer.name, before)


def _substitute(ev: Evaluator, elements: tuple[st.Element, ...]) -> list[Output]:
    for element in elements:
        found = [o for o in ev.element(element) if o is not NULL]
        if found:
            return found
    return []


def _names(
    ev: Evaluator,
    names_format: st.NamesFormat,
    nf: st.NameFormat,
    formatting: Formatting,
    variable: str,
    value: Val | None,
) -> Output:
    if value is None:
        return NULL
    if value.kind != "names":
        ev.warnings.add(f"ignoring non-name value for variable {variable}")
        return NULL
    names: tuple[Name, ...] = value.value
    subsequent = "subsequent" in ev.ctx.positions and not ev.ctx.in_bibliography
    if subsequent:
        et_al_min = nf.et_al_subsequent_min if nf.et_al_subsequent_min is not None else nf.et_al_min
        use_first = (
            nf.et_al_subsequent_use_first
            if nf.et_al_subsequent_use_first is not None
            else nf.et_al_use_first
        )
    else:
        et_al_min, use_first = nf.et_al_min, nf.et_al_use_first
    in_sort_key = ev.ctx.in_sort_key
    disamb = ev.disamb()
    rendered = [_name(ev, nf, formatting, i, name) for i, name in enumerate(names, 1)]
    delimiter = formatting.delimiter if formatting.delimiter is not None else nf.delimiter
    suffix_space = formatting.suffix is not None and formatting.suffix[:1].isspace()
    prefix_space = formatting.prefix is not None and formatting.prefix[-1:].isspace()
    if suffix_space and prefix_space:
        delimiter = delimiter.strip()
    elif suffix_space:
        delimiter = delimiter.lstrip()
    elif prefix_space:
        delimiter = delimiter.rstrip()
    count = len(rendered)
    label: list[Output] = []
    if names_format.label is not None and not in_sort_key:
        form, plural, label_formatting = names_format.label
        label = [ev.label(variable, form, plural, label_formatting)]
    and_term = _and_term(ev, nf)
    others_last = names[-1].literal == "others" if names else False
    threshold: int | None = None
    if et_al_min is not None and count >= et_al_min:
        if disamb is not None and disamb.et_al_names is not None and use_first is not None:
            threshold = max(use_first, disamb.et_al_names)
        else:
            threshold = use_first
    elif et_al_min is not None and others_last:
        threshold = count - 1
    before_last = _before_last(nf, and_term, delimiter, count)
    if before_last == "":
        and_pre = "" if formatting.suffix is not None and formatting.suffix[-1:].isspace() else " "
    else:
        and_pre = "" if before_last[-1:].isspace() else " "
    and_post = "" if formatting.prefix is not None and formatting.prefix[:1].isspace() else " "
    and_delimiter = None if and_term is None else and_pre + and_term + and_post
    et_al_pre = "" if formatting.suffix is not None and formatting.suffix[-1:].isspace() else " "
    before_et_al = _before_et_al(nf, delimiter, et_al_pre, count, threshold)
    et_al = _et_al(ev, names_format, nf, before_et_al)
    out: list[Output] = []
    for index, name in enumerate(rendered, 1):
        if threshold == 0:
            out.append(NULL)
        elif index == 1 or (
            index == count
            and nf.et_al_use_last
            and threshold is not None
            and index - 1 >= threshold
        ):
            out.append(name)
        elif threshold is not None and index - 1 > threshold:
            out.append(NULL)
        elif threshold is not None and index - 1 == threshold:
            out.append(NULL if in_sort_key else et_al)
        elif in_sort_key:
            out.append(name)
        elif index == count:
            out.append(formatted(affixes(prefix=before_last + (and_delimiter or "")), [name]))
        else:
            out.append(formatted(affixes(prefix=delimiter), [name]))
    pieces = label + out if names_format.label_before_name else out + label
    return Tagged(Tag("names", (variable, names_format, names)), grouped(pieces))


def _and_term(ev: Evaluator, nf: st.NameFormat) -> str | None:
    if nf.and_ == "symbol":
        found = ev.term_variants(Term("and", "symbol"))
        return found[0][1] if found else "&"
    if nf.and_ is not None:
        found = ev.term_variants(Term("and", "long"))
        return found[0][1] if found else None
    return None


def _before_last(nf: st.NameFormat, and_term: str | None, delimiter: str, count: int) -> str:
    if and_term is None:
        return delimiter
    rule = nf.delimiter_precedes_last
    if rule == "contextual":
        return delimiter if count > 2 else ""
    if rule == "after-inverted-name":
        if nf.name_as_sort_order == "all" or (nf.name_as_sort_order == "first" and count < 3):
            return delimiter
        return ""
    return delimiter if rule == "always" else ""


def _before_et_al(
    nf: st.NameFormat, delimiter: str, pre: str, count: int, threshold: int | None
) -> str:
    rule = nf.delimiter_precedes_et_al
    if rule == "contextual":
        return delimiter if count > 2 and threshold is not None and threshold > 1 else pre
    if rule == "after-inverted-name":
        if nf.name_as_sort_order == "all":
            return delimiter
        if nf.name_as_sort_order == "first" and (threshold is None or threshold < 2):
            return delimiter
        return pre
    return delimiter if rule == "always" else pre


def _et_al(ev: Evaluator, names_format: st.NamesFormat, nf: st.NameFormat, before: str) -> Output:
    if names_format.et_al is not None:
        term, f = names_format.et_al
        prefix = (before + (f.prefix or "")).replace("  ", " ")
        return ev.with_formatting(replace(f, prefix=prefix), lambda: ev.term(Term(term)))
    if nf.et_al_use_last:
        return formatted(affixes(prefix=before), [literal("\u2026 ")])
    return formatted(affixes(prefix=before), [ev.term(Term("et-al"))])


# --- one name ------------------------------------------------------------------------


def _name(
    ev: Evaluator, nf: st.NameFormat, formatting: Formatting, order: int, name: Name
) -> Output:
    disamb = ev.disamb()
    hint = disamb.name_hints.get(name) if disamb is not None else None
    if hint == "add-initials" or (hint == "add-initials-if-primary" and order == 1):
        nf = replace(nf, form="long")
    elif hint == "add-given-name" or (hint == "add-given-name-if-primary" and order == 1):
        nf = replace(nf, form="long", initialize=False)
    # a name comes out the same wherever these are the same (names repeat across items)
    key = (name, nf, formatting, order, ev.ctx.in_sort_key)
    found = ev.names_written.get(key)
    if found is None:
        if name.literal is not None:
            inner: list[Output] = (
                [Formatted(nf.family, (literal(name.literal),))]
                if nf.family is not None
                else [literal(name.literal)]
            )
            found = Tagged(Tag("name", name), formatted(formatting, inner))
        else:
            found = Tagged(Tag("name", name), _display_name(ev, nf, formatting, order, name))
        ev.names_written[key] = found
    return found


def _display_name(
    ev: Evaluator, nf: st.NameFormat, formatting: Formatting, order: int, name: Name
) -> Output:
    options = ev.ctx.options
    in_sort_key = ev.ctx.in_sort_key
    lang = ev.ctx.locale.lang

    def initialized(given: str) -> str:
        if name.family is None or nf.initialize_with is None:
            return given
        return initialize(
            given, nf.initialize, options.initialize_with_hyphen, nf.initialize_with, lang
        )

    family_affixes = _affixes(nf.family)
    given_affixes = _affixes(nf.given)
    family_format = _without_affixes(nf.family)
    given_format = _without_affixes(nf.given)

    def part(text: str | None, f: Formatting) -> Output:
        return NULL if text is None else formatted(f, [literal(text)])

    ndp = part(name.non_dropping_particle, family_format)
    dp = part(name.dropping_particle, given_format)
    given = part(initialized(name.given) if name.given is not None else None, given_format)
    family = part(name.family, family_format)
    suffix = NULL if name.suffix is None else literal(name.suffix)
    sort_order = (
        in_sort_key
        or nf.name_as_sort_order == "all"
        or (nf.name_as_sort_order == "first" and order == 1)
    )
    byzantine = name.byzantine
    sep = nf.sort_separator

    def plus(x: Output, y: Output) -> Output:
        return _plus(x, y, byzantine)

    def colon(x: Output, y: Output) -> Output:
        return _sep(x, y, sep)

    demote = options.demote_non_dropping_particle
    if not byzantine:
        if nf.form == "long":
            body = grouped([formatted(family_affixes, [family]), formatted(given_affixes, [given])])
        elif nf.form == "short":
            body = formatted(family_affixes, [family])
        else:
            body = NULL
    elif nf.form == "short":
        body = formatted(family_affixes, [plus(ndp, family)])
    elif nf.form == "count":
        body = NULL
    elif sort_order and demote in ("never", "sort-only"):
        body = colon(
            colon(formatted(family_affixes, [plus(ndp, family)]),
                  formatted(given_affixes, [plus(given, dp)])),
            suffix,
        )  # fmt: skip
    elif sort_order:
        body = colon(
            colon(formatted(family_affixes, [family]),
                  formatted(given_affixes, [plus(plus(given, dp), ndp)])),
            suffix,
        )  # fmt: skip
    elif name.comma_suffix:
        body = plus(
            formatted(given_affixes, [given]),
            formatted(family_affixes, [colon(plus(plus(dp, ndp), family), suffix)]),
        )
    else:
        body = plus(
            formatted(given_affixes, [given]),
            formatted(family_affixes, [plus(plus(plus(dp, ndp), family), suffix)]),
        )
    return formatted(formatting, [body])


def _affixes(f: Formatting | None) -> Formatting:
    return PLAIN if f is None else affixes(prefix=f.prefix, suffix=f.suffix)


def _without_affixes(f: Formatting | None) -> Formatting:
    return PLAIN if f is None else replace(f, prefix=None, suffix=None)


def _plus(x: Output, y: Output, byzantine: bool) -> Output:
    """Two name parts side by side: a space between them, except after an apostrophe or
    hyphen (``d’Alembert``) and in names of other scripts."""
    if y is NULL:
        return x
    if x is NULL:
        return y
    if isinstance(x, Literal):
        text = il.stringify(x.inlines)
        if text[-1:] in ("’", "'", "-", "\u2013", "\xa0"):
            return formatted(PLAIN, [x, y])
        if byzantine:
            return formatted(affixes(delimiter=" "), [x, y])
        return formatted(PLAIN, [x, y])
    if isinstance(x, Formatted):
        space = x.formatting.suffix is not None and x.formatting.suffix[-1:].isspace()
        return formatted(affixes(delimiter=None if space else " "), [formatted_same(x), y])
    if isinstance(x, Linked):
        return formatted(affixes(delimiter=" "), [x, y])
    if isinstance(x, Tagged | InNote):
        return _plus(x.child, y, byzantine)
    return y


def formatted_same(x: Formatted) -> Output:
    return formatted(x.formatting, x.children)


def _sep(x: Output, y: Output, separator: str) -> Output:
    """Two name parts in sort order, with the sort separator (``Jansen, Piet``)."""
    if y is NULL:
        return x
    if x is NULL:
        return y
    if isinstance(x, Tagged | InNote):
        return _sep(x.child, y, separator)
    return formatted(affixes(delimiter=separator), [x, y])


# --- initials ------------------------------------------------------------------------


def initialize(
    given: str, make_initials: bool, with_hyphen: bool, initialize_with: str, lang: str | None
) -> str:
    """Given names as initials (``Jan Willem`` → ``J.W.``), as citeproc makes them: a word
    that is already an initial keeps it, a lowercase word (a particle) stays a word,
    ``Jean-Paul`` → ``J.-P.`` (with the hyphen when the style wants it)."""
    words = _split_given(given)
    pieces: list[str] = []
    for initial, word in words:
        if initial:
            pieces.append(word + initialize_with if word else "")
        elif word.islower() and all(c.islower() for c in word if c.isalpha()) and _all_lower(word):
            pieces.append(word + " " if initialize_with[-1:].isspace() else " " + word + " ")
        elif make_initials:
            first = _initial(word, with_hyphen, lang)
            pieces.append(first + initialize_with if first else "")
        else:
            pieces.append(word + " ")
    return "".join(pieces).replace(" -", "-").strip(" ")


def _all_lower(word: str) -> bool:
    return all(c.islower() for c in word)


def _split_given(given: str) -> list[tuple[bool, str]]:
    """The words of a given name; True for a word that is already an initial."""
    words: list[tuple[bool, str]] = []
    current = ""
    for char in given:
        if char == ".":
            if current:
                words.append((True, current))
            current = ""
        elif char == "-":
            if current:
                words.append((False, current))
            current = "-"
        elif char == " ":
            if len(current) == 1:
                words.append((True, current))
            elif current:
                words.append((False, current))
            current = ""
        else:
            current += char
    if len(current) == 1:
        words.append((True, current))
    elif current:
        words.append((False, current))
    return words


def _initial(word: str, with_hyphen: bool, lang: str | None) -> str:
    if word.startswith("-"):
        rest = word[1:2]
        if rest and rest.isupper():
            return ("-" if with_hyphen else "") + rest.upper()
        return ""
    first = word[:1]
    if first.isupper():
        second, rest = word[1:2], word[2:]
        if second.isupper() and rest and all(c.islower() for c in rest):
            return first + second.lower()
        return first
    return word
