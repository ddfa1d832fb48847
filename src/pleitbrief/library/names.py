"""BibTeX name lists → :class:`Person` values.

The raw field value is split *before* its braces are removed: braces decide what is one
name (``{Barnes and Noble}``) and what is one word (``{van Dijk}, Jan``). The splitting
follows BibTeX (``First von Last``, ``von Last, First``, ``von Last, Jr, First``) and
biblatex's ``family=…, given=…, prefix=…`` form; afterwards particles are taken off the
family and given names the way CSL processors (citeproc-js, pandoc's citeproc) do, so
``{de Gaulle}, Charles`` and ``d'Aubignac`` sort and shorten like ``de Gaulle, Charles``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pleitbrief.library.entry import OTHERS, Person
from pleitbrief.library.latex import decode

# One `key=value` part of biblatex's extended name format; keys besides family, given,
# prefix and suffix (`useprefix`, `given-i`, `juniorcomma`) say how to print the name.
_EXTENDED_PART = re.compile(r"^\s*([a-z][a-z-]*)\s*=\s*(.*)$", re.S)
# A family-name word that is a particle: lower case (`van`, `de`, `d'`, `al-`), possibly
# glued to the name by an apostrophe or hyphen (`d'Aubignac`, `al-Khwarizmi`).
_GLUED_PARTICLE = re.compile(r"^([^\W\d_A-Z][^\W\d_]*?['\u2019-])(\w.*)$")


def split_persons(raw: str) -> tuple[Person, ...]:
    """All persons of an ``author``/``editor``/``translator`` value (braces still in)."""
    from bibtexparser.middlewares.names import split_multiple_persons_names  # on parsing only

    return tuple(p for p in (parse_person(n) for n in split_multiple_persons_names(raw)) if p)


def parse_person(name: str) -> Person | None:
    """One BibTeX name (braces still in) as a :class:`Person`; None if it is empty."""
    name = name.strip()
    if not name:
        return None
    if _is_one_group(name):
        return Person(literal=decode(name))
    if "=" in name:
        extended = _parse_extended(name)
        if extended:
            return extended
    if name == OTHERS:  # BibTeX's "and others": kept as pandoc keeps it, for "et al."
        return Person(literal=OTHERS)
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    parts = parse_single_name_into_parts(name, strict=False)
    first, von, last = list(parts.first), list(parts.von), list(parts.last)
    if _top_level_comma_count(name) == 0:
        # bibtexparser reads any two-word name as First Last; BibTeX does not when the
        # first word is lower case ("van Dijk" has no first name).
        if len(first) == 1 and not von and _starts_lower(first[0]):
            von, first = first, []
    elif von:
        # "Sánchez de la Torre, Juan": BibTeX would make "Sánchez de la" the von part;
        # like pandoc, only leading lower-case words are, the rest is the family name.
        words = von + last
        count = 0
        while count < len(words) - 1 and _starts_lower(words[count]):
            count += 1
        von, last = words[:count], words[count:]
    person = Person(
        family=_join(last),
        given=_join(first),
        particle=_join(von),
        suffix=_join(parts.jr),
    )
    if not person.family and not person.given:
        return Person(literal=decode(name)) if decode(name) else None
    return _extract_particles(person)


def _join(words: list[str]) -> str:
    return decode(" ".join(words)) if words else ""


def _is_one_group(name: str) -> bool:
    """``{Stichting Free Russia NL}``: the whole name is one brace group."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for i, char in enumerate(name):
        if char == "{" and (i == 0 or name[i - 1] != "\\"):
            depth += 1
        elif char == "}" and name[i - 1] != "\\":
            depth -= 1
            if depth == 0 and i != len(name) - 1:
                return False
    return True


def _top_level_comma_count(name: str) -> int:
    depth = count = 0
    for char in name:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            count += 1
    return count


def _starts_lower(word: str) -> bool:
    """The BibTeX case of a word: its first letter outside braces, or a braced accent."""
    depth = 0
    for i, char in enumerate(word):
        if char == "{":
            depth += 1
            # `{\"u}ber` counts as lower case; a plain `{Van}` group is caseless.
            if word[i + 1 : i + 2] == "\\":
                letters = re.sub(r"\\[A-Za-z]+\s*|\\.|[^A-Za-z]", "", word[i + 1 :])
                return letters[:1].islower()
        elif char == "}":
            depth -= 1
        elif depth == 0 and char.isalpha():
            return char.islower()
    return False


def _parse_extended(name: str) -> Person | None:
    """biblatex's ``family=Dijk, given=Marten, prefix=van, useprefix=true``."""
    values: dict[str, str] = {}
    for part in _split_top_level_commas(name):
        match = _EXTENDED_PART.match(part)
        if not match:
            return None
        values[match.group(1)] = decode(match.group(2).strip())
    if "family" not in values and "given" not in values:
        return None
    useprefix = values.get("useprefix", "").strip().lower()
    return Person(
        family=values.get("family", ""),
        given=values.get("given", ""),
        particle=values.get("prefix", ""),
        suffix=values.get("suffix", ""),
        non_dropping={"true": True, "false": False}.get(useprefix),
    )


def _split_top_level_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _extract_particles(person: Person) -> Person:
    """Particles hidden in the family or given name, taken out as citeproc does.

    ``family="de Gaulle"`` → particle ``de``; ``family="d'Aubignac"`` → particle ``d'``;
    ``given="Ludwig van"`` → particle ``van`` (but ``José da Costa de`` stays a given name:
    only a given name that *ends* in particles loses them).
    """
    if person.particle:
        return person
    family = person.family.split(" ")
    count = 0
    while count < len(family) - 1 and _is_particle(family[count]):
        count += 1
    # a particle taken off the family name stays with it (non-dropping), as in pandoc
    if count:
        particle, rest = " ".join(family[:count]), " ".join(family[count:])
        return replace(person, particle=particle, family=rest, non_dropping=True)
    glued = _GLUED_PARTICLE.match(family[0]) if len(family) == 1 else None
    if glued and glued.group(1)[:-1].islower():
        return replace(person, particle=glued[1], family=glued[2], non_dropping=True)
    given = person.given.split(" ")
    first = next((i for i, word in enumerate(given) if _is_particle(word)), 0)
    # `first > 0`: a given name written all in lower case is still a given name.
    if first and all(_is_particle(word) for word in given[first:]):
        return replace(person, given=" ".join(given[:first]), particle=" ".join(given[first:]))
    return person


def _is_particle(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.islower() for c in letters)
