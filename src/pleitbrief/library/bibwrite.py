"""Entries written as clean biblatex: what ``refs import`` appends to a library file.

One field a line, in a fixed order, every value between braces. Values that came as
BibTeX keep their markup; plain text (from RIS or CSL-JSON) is escaped so that the
library reads back exactly that text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from pleitbrief.library.entry import Entry, Person, parse_partial_date
from pleitbrief.library.latex import decode
from pleitbrief.records import record

_FIELD_ORDER = (
    *("author", "editor", "translator", "title", "shorttitle", "journaltitle", "booktitle"),
    *("entrysubtype", "type", "chamber", "session", "dossier", "number", "volume", "issue"),
    *("pages", "edition", "institution", "organization", "publisher", "location", "date"),
    *("year", "month", "day", "url", "urldate", "archiveurl", "archivedate", "doi", "isbn"),
    *("issn", "langid", "keywords", "supersededby", "note", "abstract"),
)


@record
class Candidate:
    """One entry of the import file, as it will be written."""

    key: str
    type: str
    raw: dict[str, str]
    """Field → the value to write between braces (BibTeX markup in)."""
    expected: dict[str, str]
    """Field → the decoded value the library must read back."""
    persons: dict[str, tuple[Person, ...]]
    """The names the library must read back (compared as they are written out)."""
    line: int
    """1-based line in the import file."""
    entry: Entry | None = None
    """What the library reads from :attr:`text`, once written and parsed back."""

    @property
    def text(self) -> str:
        return render_entry(self.type, self.key, self.raw)


def render_entry(kind: str, key: str, raw: Mapping[str, str]) -> str:
    """``@type{key,`` one field a line in a fixed order (others after, by name), ``}``."""
    order = {name: i for i, name in enumerate(_FIELD_ORDER)}
    names = sorted(raw, key=lambda n: (order.get(n, len(order)), n))
    width = max((len(n) for n in names), default=0)
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name.ljust(width)} = {{{raw[name]}}}," for name in names]
    lines.append("}")
    return "\n".join(lines) + "\n"


# plain text → biblatex ------------------------------------------------------------------

_ESCAPES = {
    "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "%": "\\%", "&": "\\&", "#": "\\#",
    "$": "\\$", "_": "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
}  # fmt: skip
_RANGE = re.compile(r"\s*(?:-+|–|—)\s*")
_SPACE = re.compile(r"[ \t\r\n]+")
_VERBATIM = frozenset({"url", "doi", "urldate"})


def escape(text: str) -> str:
    """Plain text as a BibTeX value that decodes to the same text."""
    out = "".join(_ESCAPES.get(char, char) for char in text)
    # TeX ligatures the decoder would turn into dashes and curly quotes
    while "--" in out:
        out = out.replace("--", "-{}-")
    out = out.replace("''", "'{}'").replace("`", "{\\textasciigrave}")
    return out


def plain_candidate(
    key: str, kind: str, values: dict[str, str], persons: dict[str, tuple[Person, ...]], line: int
) -> Candidate:
    raw: dict[str, str] = {}
    expected: dict[str, str] = {}
    for name, value in values.items():
        value = _SPACE.sub(" ", value).strip()
        if not value:
            continue
        if name in _VERBATIM:
            raw[name] = expected[name] = value
        elif name == "pages":  # a range is written `45--67`, as BibTeX wants it
            raw[name] = "--".join(escape(part) for part in _RANGE.split(value))
            expected[name] = decode(raw[name])
        else:
            raw[name], expected[name] = escape(value), value
    people = {name: group for name, group in persons.items() if group}
    for name, group in people.items():
        raw[name] = " and ".join(_name(person) for person in group)
        expected[name] = decode(raw[name])
    return Candidate(key.strip(), kind, raw, expected, people, line)


def _name(person: Person) -> str:
    """A person as BibTeX writes one: ``{Literal}``, ``von Last, Jr, First``."""
    if person.literal:
        return "{" + escape(person.literal) + "}"
    family = escape(person.family)
    if person.particle and person.non_dropping:
        # braced with its particle, which then stays with it (non-dropping) in pandoc's
        # reading and pleitbrief's alike; a BibTeX von part is a dropping particle
        last = "{" + f"{escape(person.particle)} {family}" + "}"
    else:
        if " and " in person.family or "," in person.family or not person.given:
            family = "{" + family + "}"
        last = f"{escape(person.particle)} {family}" if person.particle else family
    given = escape(person.given)
    if person.suffix:
        return f"{last}, {escape(person.suffix)}, {given}"
    return f"{last}, {given}" if given else last


def with_particle(person: Person) -> Person:
    """``van Dijk`` as family → particle ``van``, family ``Dijk`` (as BibTeX reads it)."""
    words = person.family.split(" ")
    count = 0
    while count < len(words) - 1 and words[count][:1].islower():
        count += 1
    if not count:
        return person
    particle = " ".join(words[:count])
    if person.particle:
        particle = f"{person.particle} {particle}"
    # a particle that was part of the family name stays with it (non-dropping), as
    # Zotero and citeproc-js take a family name such as "van Dijk"
    return Person(" ".join(words[count:]), person.given, particle, person.suffix, non_dropping=True)


def make_key(candidate: Candidate, taken: set[str]) -> str:
    """``family-year-word`` from the first author (or outlet), the year and the title."""
    people = candidate.persons.get("author") or candidate.persons.get("editor") or ()
    if people:
        name = people[0].family or people[0].literal
    else:
        name = next(
            (
                candidate.expected.get(f, "")
                for f in ("journaltitle", "institution", "publisher")
                if candidate.expected.get(f)
            ),
            "",
        )
    date = parse_partial_date(candidate.expected.get("date", ""))
    year = str(date.year) if date else ""
    words = [
        w for w in _slug(candidate.expected.get("title", "")).split("-") if w not in _STOPWORDS
    ]
    parts = [_slug(name).split("-")[0], year, words[0] if words else ""]
    base = "-".join(p for p in parts if p) or "entry"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


_STOPWORDS = frozenset({"de", "het", "een", "en", "van", "the", "a", "an", "of", "in", "on", "and"})


def _slug(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", bare.lower()))
