"""The decoded form of one reference: what the citation styles and checks read."""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path

from pleitbrief.records import record

PERSON_FIELDS = ("author", "editor", "translator", "bookauthor")
LIST_FIELDS = (
    *("publisher", "location", "address", "institution", "organization", "school"),
    *("origlocation", "origpublisher"),
)
"""biblatex's literal lists (and what pandoc reads as one): items joined by ``and``."""
OTHERS = "others"
"""The literal a :class:`Person` holds for BibTeX's ``and others``, as pandoc keeps it."""


@record(frozen=True)
class Person:
    """A name split the way BibTeX splits it; an organisation has only ``literal``."""

    family: str = ""
    given: str = ""
    particle: str = ""
    """The "von" part: ``van``, ``de``, ``van der``."""
    suffix: str = ""
    """The "Jr." part."""
    literal: str = ""
    """A name given in braces, kept whole: ``{Stichting Free Russia NL}``."""
    non_dropping: bool | None = None
    """Whether the particle stays with the family name when a style inverts the name
    (CSL's non-dropping particle: ``van Gogh, Vincent``) or goes with the given name
    (dropping: ``Gogh, Vincent van``). True for a particle taken off a family name
    (``{van Gulik}``) and for biblatex's ``useprefix=true`` on the name; False for
    ``useprefix=false`` there; None: the entry's ``options`` decide (a BibTeX von part)."""

    @property
    def is_organisation(self) -> bool:
        return bool(self.literal) and not self.is_others

    @property
    def is_others(self) -> bool:
        """BibTeX's ``and others``: the list has more names than it gives (``e.a.``)."""
        return self.literal == OTHERS

    def display(self) -> str:
        """Given name first, as a footnote writes it: ``Jasper van Dijk``."""
        if self.literal:
            return self.literal
        parts = [self.given, self.particle, self.family]
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.suffix}" if self.suffix else name


@record(frozen=True)
class PartialDate:
    """A date that may lack its month or day (``2022``, ``2022-09``, ``2022-09-22``)."""

    year: int
    month: int | None = None
    day: int | None = None
    circa: bool = False
    """Approximate: EDTF's ``2022~`` (or ``%``, approximate and uncertain)."""

    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out


_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_partial_date(text: str) -> PartialDate | None:
    """The first date of an ISO/EDTF-ish value (a range ``2022-01/2022-03`` gives its start)."""
    match = _ISO_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    circa = text[match.end() : match.end() + 1] in ("~", "%")
    if month is not None and not 1 <= month <= 12:
        return PartialDate(year, circa=circa)
    if day is not None and not 1 <= day <= 31:
        day = None
    return PartialDate(year, month, day, circa)


@record
class Entry:
    """One BibTeX/biblatex entry, decoded to Unicode, with the place it came from."""

    key: str
    type: str
    """Entry type in lower case: ``online``, ``article``, ``report`` …"""
    fields: dict[str, str]
    """Field name (lower case) → decoded Unicode value: ``@string``s and ``#`` resolved,
    LaTeX accents decoded, case-protecting braces removed, month macros as ``"1"``–``"12"``.
    Person fields are here too, decoded but unsplit."""
    persons: dict[str, tuple[Person, ...]] = field(default_factory=dict)
    """``author``/``editor``/``translator`` split into persons (before braces were removed,
    so a braced organisation stays one literal name)."""
    file: Path = Path()
    line: int = 0
    """1-based line of the ``@type{key,`` that opens the entry."""
    rich: dict[str, str] = field(default_factory=dict)
    """Field name → its value as CSL-JSON rich text (``Review of <i>The law</i>``), for
    the fields whose LaTeX has font commands (``\\emph``, ``\\textbf``, ``\\textsuperscript``
    …) that :attr:`fields` has decoded to plain text."""
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """A literal list whose items the text cannot give (``{{Simon and Schuster}}`` is one
    publisher), as split before its braces were removed; see :meth:`list_items`."""

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    def list_items(self, name: str) -> tuple[str, ...]:
        """The items of a literal list field (:data:`LIST_FIELDS`): ``Boom and Kluwer``
        is two publishers, a braced ``{Simon and Schuster}`` one."""
        if name in self.lists:
            return self.lists[name]
        return split_list(self.fields.get(name, ""))

    @property
    def title(self) -> str:
        return self.fields.get("title", "")

    @property
    def date(self) -> PartialDate | None:
        """``date``, or else ``year``/``month``/``day``."""
        if "date" in self.fields:
            parsed = parse_partial_date(self.fields["date"])
            if parsed:
                return parsed
        year = re.match(r"\s*(\d{4})", self.fields.get("year", ""))
        if not year:
            return None
        month = _int_or_none(self.fields.get("month", ""))
        day = _int_or_none(self.fields.get("day", "")) if month else None
        return PartialDate(int(year.group(1)), month if month and 1 <= month <= 12 else None, day)

    @property
    def keywords(self) -> list[str]:
        return [k.strip() for k in self.fields.get("keywords", "").split(",") if k.strip()]


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def split_list(text: str) -> tuple[str, ...]:
    """A literal list's decoded text split at its ``and``s."""
    return tuple(p.strip() for p in text.split(" and ")) if text.strip() else ()
