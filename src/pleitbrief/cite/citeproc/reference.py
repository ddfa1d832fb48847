"""Bibliographic items as the processor reads them from CSL-JSON.

Each CSL variable has a kind (:func:`variable_kind`): names, a date, a number, a plain
string (``DOI``, ``URL``) or "standard" text, which may hold CSL's rich-text markup
(``<i>``, quotes) and is parsed into inlines. Names get their particles split off as
CSL-JSON readers do ("van der" before a family name is a non-dropping particle), and
dates are read from ``date-parts``, ``raw`` (EDTF or older forms) or ``literal``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from pleitbrief.cite.citeproc.inlines import Inlines
from pleitbrief.records import record


@record(frozen=True)
class Name:
    family: str | None = None
    given: str | None = None
    dropping_particle: str | None = None
    non_dropping_particle: str | None = None
    suffix: str | None = None
    comma_suffix: bool = False
    static_ordering: bool = False
    literal: str | None = None

    @property
    def byzantine(self) -> bool:
        """Written in a "romanesque" script (Latin, Greek, Cyrillic …): given name first,
        particles; other scripts write family name then given name without space."""
        return self.family is not None and any(_byzantine(c) for c in self.family)


_BYZANTINE_RANGES = (
    ("0", "9"), ("a", "z"), ("A", "Z"), ("\u0e01", "\u0e5b"), ("\u00c0", "\u017f"),
    ("\u0370", "\u03ff"), ("\u0400", "\u052f"), ("\u0590", "\u05d4"), ("\u05d6", "\u05ff"),
    ("\u1f00", "\u1fff"), ("\u0600", "\u06ff"), ("\u200c", "\u200e"), ("\u2018", "\u2019"),
    ("\u021a", "\u021b"), ("\u202a", "\u202e"),
)  # fmt: skip


def _byzantine(char: str) -> bool:
    return char == "-" or any(lo <= char <= hi for lo, hi in _BYZANTINE_RANGES)


@record(frozen=True)
class Date:
    parts: tuple[tuple[int, ...], ...]
    """One tuple of (year, month, day) or fewer parts; two for a range."""
    circa: bool = False
    season: int | None = None
    literal: str | None = None


@record(frozen=True)
class Val:
    """A variable's value. ``kind``: ``text`` (a plain string), ``rich`` (inlines),
    ``number`` (an int), ``names`` (a tuple of :class:`Name`), ``date`` (a :class:`Date`),
    ``substituted`` (printed already by ``<substitute>``: there, but prints nothing)."""

    kind: str
    value: Any

    def as_text(self, stringify: Callable[[Inlines], str]) -> str | None:
        if self.kind == "text":
            return str(self.value)
        if self.kind == "rich":
            return stringify(self.value)
        if self.kind == "number":
            return str(self.value)
        return None


SUBSTITUTED = Val("substituted", None)


@record
class Reference:
    id: str
    type: str
    variables: dict[str, Val]

    def lookup(self, name: str) -> Val | None:
        if name == "id":
            return Val("text", self.id) if self.id else None
        if name == "type":
            return Val("text", self.type) if self.type else None
        found = self.variables.get(name)
        if found is None and name == "page-first":
            page = self.variables.get("page")
            if page is not None and page.kind == "number":
                return page
        return found


_DATES = frozenset(
    [
        "accessed",
        "available-date",
        "container",
        "event-date",
        "issued",
        "original-date",
        "submitted",
    ]
)
_NAMES = frozenset(
    [
        "author",
        "chair",
        "collection-editor",
        "composer",
        "compiler",
        "container-author",
        "contributor",
        "curator",
        "director",
        "editor",
        "editor-translator",
        "editorial-director",
        "executive-producer",
        "guest",
        "host",
        "illustrator",
        "interviewer",
        "narrator",
        "original-author",
        "organizer",
        "performer",
        "producer",
        "recipient",
        "reviewed-author",
        "script-writer",
        "series-creator",
        "translator",
    ]
)
_NUMBERS = frozenset(
    [
        "chapter-number",
        "citation-number",
        "collection-number",
        "edition",
        "first-reference-note-number",
        "issue",
        "locator",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "page",
        "page-first",
        "part-number",
        "printing-number",
        "section",
        "supplement-number",
        "version",
        "volume",
    ]
)
_STRINGS = frozenset(["DOI", "ISBN", "ISSN", "PMID", "PMCID", "URL"])
_STANDARD = frozenset(
    [
        "abstract",
        "annote",
        "archive",
        "archive_collection",
        "archive_location",
        "archive-place",
        "authority",
        "call-number",
        "citation-key",
        "citation-label",
        "collection-title",
        "container-title",
        "container-title-short",
        "dimensions",
        "division",
        "event",
        "event-place",
        "event-title",
        "genre",
        "jurisdiction",
        "keyword",
        "language",
        "license",
        "medium",
        "note",
        "original-publisher",
        "original-publisher-place",
        "original-title",
        "part-title",
        "publisher",
        "publisher-place",
        "references",
        "reviewed-genre",
        "reviewed-title",
        "scale",
        "source",
        "status",
        "title",
        "title-short",
        "volume-title",
        "year-suffix",
    ]
)


def variable_kind(name: str) -> str:
    """``date``, ``names``, ``number``, ``string``, ``standard`` or ``unknown``."""
    if name in _DATES:
        return "date"
    if name in _NAMES:
        return "names"
    if name in _NUMBERS:
        return "number"
    if name in _STRINGS:
        return "string"
    if name in _STANDARD:
        return "standard"
    return "unknown"


def read_reference(item: Mapping[str, Any], rich: Callable[[str], Inlines]) -> Reference:
    """A CSL-JSON item; ``rich`` parses the text of a standard variable."""
    variables: dict[str, Val] = {}
    for key, value in item.items():
        if key in ("id", "type"):
            continue
        if key in ("journalAbbreviation", "shortTitle"):  # citeproc-js's old names
            key = "container-title-short"
        try:
            found = _read_value(key, value, rich)
        except (ValueError, TypeError, AttributeError, KeyError):
            continue  # a value of the wrong shape (a name that is no name): left out
        if found is not None:
            variables[key] = found
    return Reference(str(item.get("id", "")), str(item.get("type", "")), variables)


def _read_value(key: str, value: Any, rich: Callable[[str], Inlines]) -> Val | None:
    kind = variable_kind(key)
    if kind == "date":
        return Val("date", read_date(value))
    if kind == "names":
        return Val("names", tuple(read_name(n) for n in value)) if isinstance(value, list) else None
    if kind == "number":
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return Val("number", value)
        return Val("rich", rich(str(value)))
    if kind == "string":
        return Val("text", str(value))
    if isinstance(value, str):
        return Val("rich", rich(value))
    if isinstance(value, int | float) and kind in ("standard", "unknown"):
        return Val("text", str(int(value)))
    return None


# --- names -----------------------------------------------------------------------------


def read_name(value: Any) -> Name:
    if isinstance(value, str):
        return Name(literal=value)
    get = value.get

    def text(key: str) -> str | None:
        found = get(key)
        return None if found is None else str(found).replace("'", "’")

    name = Name(
        family=text("family"),
        given=text("given"),
        dropping_particle=text("dropping-particle"),
        non_dropping_particle=text("non-dropping-particle"),
        suffix=text("suffix"),
        comma_suffix=_truthy(get("comma-suffix")),
        static_ordering=_truthy(get("static-ordering")),
        literal=text("literal"),
    )
    return _non_dropping(_dropping(_suffix(name)))


def _truthy(value: Any) -> bool:
    return value is True or value == "true" or value == 1


def _suffix(name: Name) -> Name:
    """A given name "John, Jr." holds its suffix; ``",!"`` asks for a comma before it."""
    given = name.given
    if name.suffix is not None or given is None:
        return name
    if len(given) > 1 and given.startswith('"') and given.endswith('"'):
        return _replace(name, given=given[1:-1])
    head, comma, rest = given.partition(",")
    if not head or not comma:
        return name
    if rest.startswith("!"):
        return _replace(name, given=head, suffix=rest[1:].strip(), comma_suffix=True)
    return _replace(name, given=head, suffix=rest.strip())


def _particle_char(char: str) -> bool:
    return char.islower() or char in _PARTICLE_PUNCT


_PARTICLE_PUNCT = "'’-\u2013."


def _non_dropping(name: Name) -> Name:
    """Lowercase words before the family name ("van der Berg") are a non-dropping particle."""
    family = name.family
    if name.non_dropping_particle is not None or family is None:
        return name
    if len(family) > 1 and family.startswith('"') and family.endswith('"'):
        return _replace(name, family=family[1:-1])
    words = family.split()
    lead = 0
    while lead < len(words) and all(_particle_char(c) for c in words[lead]):
        lead += 1
    if lead == 0:
        pieces = re.split(r"['’\-\u2013.]", family)
        if len(pieces) == 2 and all(_particle_char(c) for c in pieces[0]):
            mark = family[len(pieces[0])]
            return _replace(name, family=pieces[1], non_dropping_particle=pieces[0] + mark)
        return name
    if lead == len(words):
        return name
    return _replace(
        name, family=" ".join(words[lead:]), non_dropping_particle=" ".join(words[:lead])
    )


def _dropping(name: Name) -> Name:
    """Lowercase words after the given name ("Ludwig van") are a dropping particle."""
    given = name.given
    if name.dropping_particle is not None or given is None:
        return name
    words = given.split()
    first = next((i for i, w in enumerate(words) if all(_particle_char(c) for c in w)), None)
    if first is None or first == 0:
        return name
    if not all(all(_particle_char(c) for c in w) for w in words[first:]):
        return name
    return _replace(name, given=" ".join(words[:first]), dropping_particle=" ".join(words[first:]))


def _replace(name: Name, **changes: Any) -> Name:
    return replace(name, **changes)


# --- dates -----------------------------------------------------------------------------


def read_date(value: Any) -> Date:
    if isinstance(value, str):
        return raw_date(value)
    if not isinstance(value, Mapping):
        return Date(())
    if "raw" in value and isinstance(value["raw"], str):
        return raw_date(value["raw"])
    parts = tuple(
        tuple(_int(p) for p in dp if not (isinstance(p, str) and not p))
        for dp in value.get("date-parts", ())
    )
    literal = value.get("literal")
    return Date(
        parts,
        _truthy(value.get("circa")),
        _season(value.get("season")),
        literal if isinstance(literal, str) else None,
    )


def _season(value: Any) -> int | None:
    """A season number (1–4); anything else is no season (pandoc ignores it too)."""
    try:
        return None if value is None else _int(value)
    except ValueError:
        return None


def _int(value: Any) -> int:
    return int(value) if not isinstance(value, str) else int(value.strip())


def raw_date(text: str) -> Date:
    """An EDTF date (``2022-09-05``, ``2022-01/2022-02``, ``199u``) or an older form
    (``May 2020``, ``5/2020``); anything else a literal date."""
    return _edtf(text) or _old_style(text) or Date((), literal=text)


def _edtf(text: str) -> Date | None:
    ranges = text.split("/")
    if len(ranges) == 1 and "u" in ranges[0]:
        ranges = [ranges[0].replace("u", "0"), ranges[0].replace("u", "9")]
    elif len(ranges) == 2 and ranges[1] in ("open", "unknown"):
        ranges = [ranges[0], ""]
    ranges = [r.strip() for r in ranges]
    circa = any(r.endswith("~") for r in ranges)
    parts: list[tuple[int, ...]] = []
    for piece in ranges:
        found = _edtf_parts(piece)
        if found is None:
            return None
        parts.append(found)
    return Date(tuple(parts), circa)


def _edtf_parts(text: str) -> tuple[int, ...] | None:
    if not text:
        return (0,)
    extended = text.startswith("y")
    text = text[1:] if extended else text
    negative = text.startswith("-")
    text = text[1:] if negative else text
    text = re.split(r"[~?%T]", text, maxsplit=1)[0]
    pieces = text.split("-")
    year_text = pieces[0]
    if not (len(year_text) == 4 or (extended and len(year_text) >= 4)) or not year_text.isdigit():
        return None
    year = int(year_text)
    year = -year - 1 if negative else (-1 if year == 0 else year)
    rest = pieces[1:]
    if len(rest) > 2 or any(len(p) != 2 or not p.isdigit() for p in rest):
        return None
    return (year, *(int(p) for p in rest))


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SEASONS = ("spr", "sum", "fal", "win")


def _old_style(text: str) -> Date | None:
    parts: list[tuple[int, ...]] = []
    for piece in text.split("-"):
        words = re.split(r"[ /,]", piece.strip())
        try:
            if len(words) == 3:
                parts.append((_number(words[2]), _month(words[0]), _number(words[1])))
            elif len(words) == 2:
                parts.append((_number(words[1]), _month(words[0])))
            elif len(words) == 1:
                parts.append((_number(words[0]),))
            else:
                return None
        except ValueError:
            return None
    return Date(tuple(parts))


def _number(text: str) -> int:
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(text)
    return int(text)


def _month(text: str) -> int:
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    key = text[:3].lower()
    if key in _MONTHS:
        return _MONTHS.index(key) + 1
    if key in _SEASONS:
        return _SEASONS.index(key) + 13
    raise ValueError(text)
