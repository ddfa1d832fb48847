"""RIS and CSL-JSON files → candidate entries for ``refs import``, each with its line.

RIS goes through ``rispy``, one record at a time (``TY`` to ``ER``) so that each record
has its line and a record left open is an error at that line. CSL-JSON is read item by
item with the standard JSON decoder, which tells where each item starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pleitbrief.library.bibwrite import Candidate, plain_candidate, with_particle
from pleitbrief.library.entry import PERSON_FIELDS, Person, parse_partial_date
from pleitbrief.problems import Problem, error, warning

# RIS ----------------------------------------------------------------------------------

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_RIS_TYPES = {
    "JOUR": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "incollection",
    "ECHAP": "incollection", "RPRT": "report", "GOVDOC": "report", "ELEC": "online",
    "WEB": "online", "BLOG": "online", "ICOMM": "online", "THES": "thesis",
    "CONF": "proceedings", "CPAPER": "inproceedings", "STAT": "legislation",
    "BILL": "legislation", "LEGAL": "legislation", "CASE": "jurisdiction",
}  # fmt: skip
_CONTAINED = {"incollection", "inproceedings"}


def read_ris(text: str, path: Path) -> tuple[list[Candidate], list[Problem]]:
    import rispy  # type: ignore[import-untyped]

    problems: list[Problem] = []
    records: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        tag = _RIS_TAG.match(line.rstrip())
        if tag and tag.group(1) == "TY":
            if current is not None:
                message = f"the record from line {start} has no 'ER  -' before this one"
                problems.append(error(path, number, "import-syntax", message))
            current, start = [line], number
        elif tag and tag.group(1) == "ER":
            if current is None:
                problems.append(error(path, number, "import-syntax", "'ER  -' without a record"))
            else:
                records.append((start, [*current, line]))
            current = None
        elif current is not None:
            current.append(line)
        elif line.strip():
            message = "text outside a record (a record starts with 'TY  - TYPE')"
            problems.append(error(path, number, "import-syntax", message))
    if current is not None:
        message = f"the record from line {start} has no 'ER  -' at its end"
        problems.append(error(path, start, "import-syntax", message))
    candidates = []
    for first_line, lines in records:
        record = rispy.loads("\n".join(lines))
        if record:
            candidates.append(_ris_candidate(record[0], first_line, path, problems))
    return candidates, problems


def _ris_candidate(
    record: dict[str, Any], line: int, path: Path, problems: list[Problem]
) -> Candidate:
    code = str(record.get("type_of_reference", "GEN")).strip().upper()
    kind = _RIS_TYPES.get(code, "misc")
    if code not in _RIS_TYPES and code != "GEN":
        problems.append(
            warning(path, line, "import-type", f"RIS type {code!r} is imported as @misc")
        )
    values: dict[str, str] = {}

    def first(*names: str) -> str:
        for name in names:
            value = record.get(name)
            if isinstance(value, list):
                value = next((v for v in value if str(v).strip()), "")
            if value and str(value).strip():
                return str(value)
        return ""

    values["title"] = first("title", "primary_title", "translated_title")
    values["shorttitle"] = first("short_title")
    container = first(
        "secondary_title",
        "journal_name",
        "alternate_title3",
        "alternate_title1",
        "alternate_title2",
    )
    values["booktitle" if kind in _CONTAINED else "journaltitle"] = container
    if code == "NEWS":
        values["entrysubtype"] = "newspaper"
    elif code == "MGZN":
        values["entrysubtype"] = "magazine"
    values["volume"] = first("volume")
    values["number"] = first("number")
    pages = "--".join(p for p in (first("start_page"), first("end_page")) if p)
    values["pages"] = pages
    values["edition"] = first("edition")
    publisher = first("publisher")
    values["institution" if kind == "report" else "publisher"] = publisher
    values["location"] = first("place_published")
    values["date"] = _ris_date(first("date")) or _ris_date(first("year", "publication_year"))
    values["url"] = first("urls")
    values["urldate"] = _ris_date(first("access_date"))
    values["doi"] = first("doi")
    values["isbn" if kind in ("book", "incollection") else "issn"] = first("issn")
    values["langid"] = _langid(first("language"))
    keywords = record.get("keywords") or []
    values["keywords"] = ", ".join(str(k).strip() for k in keywords if str(k).strip())
    notes = record.get("notes") or []
    values["note"] = " ".join(str(n).strip() for n in notes if str(n).strip()) or first("note")
    values["abstract"] = first("abstract")
    names = {
        "author": [*record.get("authors", []), *record.get("first_authors", [])],
        "editor": record.get("secondary_authors", []) if kind in _CONTAINED | {"book"} else [],
    }
    persons = {
        field: tuple(_ris_person(str(n)) for n in people if str(n).strip())
        for field, people in names.items()
    }
    key = first("id")
    return plain_candidate(key, kind, values, persons, line)


def _ris_date(value: str) -> str:
    match = re.match(r"\s*(\d{4})(?:[/-](\d{1,2}))?(?:[/-](\d{1,2}))?", value)
    if not match:
        return ""
    year, month, day = match.groups()
    if month and 1 <= int(month) <= 12:
        if day and 1 <= int(day) <= 31:
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return f"{year}-{int(month):02d}"
    return year


def _ris_person(name: str) -> Person:
    """``Family, Given`` (or ``Family, Given, Suffix``); a name without comma is an
    organisation, as Zotero writes one."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 1:
        return Person(literal=parts[0])
    family, given = parts[0], parts[1]
    suffix = parts[2] if len(parts) > 2 else ""
    return with_particle(Person(family=family, given=given, suffix=suffix))


# CSL-JSON ---------------------------------------------------------------------------

_CSL_TYPES = {
    "article-journal": "article", "article-newspaper": "article", "article-magazine": "article",
    "article": "article", "webpage": "online", "post": "online", "post-weblog": "online",
    "book": "book", "chapter": "incollection", "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference", "report": "report", "thesis": "thesis",
    "paper-conference": "inproceedings", "legislation": "legislation", "bill": "legislation",
    "legal_case": "jurisdiction", "dataset": "dataset", "software": "software",
    "manuscript": "unpublished", "document": "misc", "speech": "misc", "interview": "misc",
}  # fmt: skip
_CSL_CONTAINED = {"incollection", "inproceedings", "inreference"}
_LANGIDS = {
    "nl": "dutch", "en": "english", "en-gb": "british", "en-us": "american", "ru": "russian",
    "de": "german", "fr": "french", "uk": "ukrainian", "es": "spanish", "it": "italian",
}  # fmt: skip


def _langid(value: str) -> str:
    value = value.strip()
    lowered = value.lower().replace("_", "-")
    return _LANGIDS.get(lowered) or _LANGIDS.get(lowered.split("-")[0]) or value


def read_csljson(text: str, path: Path) -> tuple[list[Candidate], list[Problem]]:
    problems: list[Problem] = []
    items: list[tuple[int, Any]] = []
    try:
        for offset, item in _json_items(text):
            items.append((text.count("\n", 0, offset) + 1, item))
    except json.JSONDecodeError as exc:
        return [], [error(path, exc.lineno, "import-syntax", f"JSON: {exc.msg}", col=exc.colno)]
    except ValueError as exc:
        return [], [error(path, 1, "import-syntax", str(exc))]
    candidates = []
    for line, item in items:
        if not isinstance(item, dict):
            problems.append(error(path, line, "import-syntax", "a CSL-JSON item is an object {…}"))
            continue
        candidate = _csl_candidate(item, line, path, problems)
        if candidate is not None:
            candidates.append(candidate)
    return candidates, problems


def _json_items(text: str) -> Iterator[tuple[int, Any]]:
    """Each item of a JSON array (or a single object) with its offset in ``text``."""
    decoder = json.JSONDecoder()
    at = _skip_space(text, 0)
    if text.startswith("{", at):
        item, _end = decoder.raw_decode(text, at)
        _expect_end(text, _end, decoder)
        yield at, item
        return
    if not text.startswith("[", at):
        raise ValueError("CSL-JSON is an array of items: [{…}, {…}]")
    at = _skip_space(text, at + 1)
    if text.startswith("]", at):
        _expect_end(text, at + 1, decoder)
        return
    while True:
        item, end = decoder.raw_decode(text, at)
        yield at, item
        at = _skip_space(text, end)
        if text.startswith(",", at):
            at = _skip_space(text, at + 1)
            continue
        if text.startswith("]", at):
            _expect_end(text, at + 1, decoder)
            return
        decoder.decode(text[: at + 1])  # raises a JSONDecodeError at the right place


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _expect_end(text: str, at: int, decoder: json.JSONDecoder) -> None:
    rest = _skip_space(text, at)
    if rest < len(text):
        raise json.JSONDecodeError("extra data after the items", text, rest)


def _csl_candidate(
    item: dict[str, Any], line: int, path: Path, problems: list[Problem]
) -> Candidate | None:
    csl_type = str(item.get("type", "")).strip()
    kind = _CSL_TYPES.get(csl_type, "misc")
    if csl_type and csl_type not in _CSL_TYPES:
        problems.append(
            warning(path, line, "import-type", f"CSL type {csl_type!r} is imported as @misc")
        )

    def text(name: str) -> str:
        value = item.get(name)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return ", ".join(value)
        return ""

    values: dict[str, str] = {
        "title": text("title"),
        "shorttitle": text("title-short") or text("shortTitle"),
        ("booktitle" if kind in _CSL_CONTAINED else "journaltitle"): text("container-title"),
        "volume": text("volume"),
        "number": text("issue") or text("number"),
        "pages": text("page"),
        "edition": text("edition"),
        ("institution" if kind == "report" else "publisher"): text("publisher"),
        "location": text("publisher-place"),
        "date": _csl_date(item.get("issued")),
        "url": text("URL"),
        "urldate": _csl_date(item.get("accessed")),
        "doi": text("DOI"),
        "isbn": text("ISBN"),
        "issn": text("ISSN"),
        "langid": _langid(text("language")),
        "keywords": text("keyword"),
        "note": text("note"),
        "abstract": text("abstract"),
        "type": text("genre"),
    }
    if csl_type == "article-newspaper":
        values["entrysubtype"] = "newspaper"
    elif csl_type == "article-magazine":
        values["entrysubtype"] = "magazine"
    persons: dict[str, tuple[Person, ...]] = {}
    for name in PERSON_FIELDS:
        people = item.get(name)
        if people is None:
            continue
        if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
            problems.append(
                error(path, line, "import-syntax", f"'{name}' must be a list of names {{…}}")
            )
            return None
        persons[name] = tuple(p for p in (_csl_person(p) for p in people) if p is not None)
    key = str(item.get("citation-key") or item.get("citationKey") or item.get("id") or "")
    return plain_candidate(key, kind, values, persons, line)


def _csl_date(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = []
        for part in parts[0][:3]:
            try:
                numbers.append(int(part))
            except (TypeError, ValueError):
                break
        if numbers:
            out = f"{numbers[0]:04d}"
            if len(numbers) > 1 and 1 <= numbers[1] <= 12:
                out += f"-{numbers[1]:02d}"
                if len(numbers) > 2 and 1 <= numbers[2] <= 31:
                    out += f"-{numbers[2]:02d}"
            return out
    for name in ("raw", "literal"):
        raw = value.get(name)
        if isinstance(raw, str) and parse_partial_date(raw):
            return _ris_date(raw)
    return ""


def _csl_person(name: dict[str, Any]) -> Person | None:
    def part(key: str) -> str:
        value = name.get(key)
        return " ".join(str(value).split()) if isinstance(value, str | int) else ""

    if part("literal"):
        return Person(literal=part("literal"))
    dropping, non_dropping = part("dropping-particle"), part("non-dropping-particle")
    particle = " ".join(p for p in (dropping, non_dropping) if p)
    if not (part("family") or part("given")):
        return None
    kind = None if dropping and non_dropping else bool(non_dropping) if particle else None
    person = Person(part("family"), part("given"), particle, part("suffix"), non_dropping=kind)
    return with_particle(person)
