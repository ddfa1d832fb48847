"""``refs import FILE``: entries from a BibTeX/biblatex, RIS or CSL-JSON file, appended to a
library file as clean biblatex.

1. **Read** the file into candidate entries, each with its line in the file. BibTeX as
   Zotero (Better BibTeX) and JabRef write it goes through the library's own parser; RIS
   through ``rispy``, one record at a time so each has its line; CSL-JSON item by item.
   A broken file (an error anywhere) imports nothing.
2. **Write** each candidate as biblatex: ``@type{key,`` one ``field = {value},`` a line,
   biblatex names (``journaltitle``, ``location``, ``date``). From BibTeX the values are
   kept as written (LaTeX, case-protecting braces), with ``@string``\\ s and ``#`` resolved;
   from RIS and CSL-JSON, plain text is escaped for BibTeX. The text is parsed back, and a
   candidate that does not read back as what it was read as is refused.
3. **Sort** each against the library (:mod:`pleitbrief.library.dedupe`): *added*, *already
   present* (same key and content; or another key with the same DOI, URL, or title and
   date), or *conflicting* (the key is taken by other content).
4. **Append** the added entries to the chosen library file: the file's own bytes are kept
   as they are, the new text goes after them, and the whole is written atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Literal

from pleitbrief.fsio import write_bytes_atomic
from pleitbrief.library.bibtex import parse_bib_raw, parse_bib_string
from pleitbrief.library.bibwrite import Candidate, make_key
from pleitbrief.library.dedupe import DuplicateIndex
from pleitbrief.library.entry import PERSON_FIELDS, Entry
from pleitbrief.library.findings import shown_path
from pleitbrief.library.foreign import read_csljson, read_ris
from pleitbrief.library.library import Library
from pleitbrief.problems import Problem, error, has_errors, warning
from pleitbrief.records import record

Format = Literal["bibtex", "ris", "csljson"]
FORMATS: tuple[Format, ...] = ("bibtex", "ris", "csljson")
Status = Literal["added", "present", "conflict", "refused"]

DROPPED_FIELDS = frozenset({"file", "pdf"})
"""Not imported: paths into the exporting user's own computer."""
_RENAMED = {"journal": "journaltitle", "address": "location"}
_TYPES = {
    "phdthesis": ("thesis", "phdthesis"),
    "mastersthesis": ("thesis", "mathesis"),
    "techreport": ("report", "techreport"),
    "conference": ("inproceedings", ""),
    "electronic": ("online", ""),
    "www": ("online", ""),
    "webpage": ("online", ""),
}
"""BibTeX entry types → the biblatex type, and its ``type`` field if it had none."""


@record
class Outcome:
    candidate: Candidate
    status: Status
    other: Entry | None = None
    """The library entry it matches or conflicts with."""
    reason: str = ""


@record
class ImportPlan:
    source: Path
    format: Format
    target: Path
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    before: bytes = b""
    """The target file's bytes when the plan was made (empty for a new file)."""
    after: bytes = b""

    def of(self, status: Status) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def broken(self) -> bool:
        """The import file has errors: nothing may be written."""
        return has_errors(self.problems)


class ImportRefused(ValueError):
    """The import asked for cannot be done: an unreadable file, a target outside the
    library, an unknown format."""


# --- 1. reading ------------------------------------------------------------------------


def detect_format(path: Path, text: str) -> Format:
    suffix = path.suffix.lower()
    if suffix in (".bib", ".bibtex", ".biblatex"):
        return "bibtex"
    if suffix == ".ris":
        return "ris"
    if suffix in (".json", ".csljson"):
        return "csljson"
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if start in "[{" and start:
        return "csljson"
    if re.search(r"^TY  -", text, re.MULTILINE):
        return "ris"
    return "bibtex"


def read_import(
    path: Path, fmt: Format | None = None
) -> tuple[Format, list[Candidate], list[Problem]]:
    """The candidates of an import file, and the problems of reading it.

    Raises:
        ImportRefused: the file cannot be read at all.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"cannot read {path}: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (
            fmt or "bibtex",
            [],
            [error(path, line, "import-encoding", f"not UTF-8 (byte 0x{data[exc.start]:02x})")],
        )
    fmt = fmt or detect_format(path, text)
    reader = {"bibtex": _read_bibtex, "ris": read_ris, "csljson": read_csljson}[fmt]
    candidates, problems = reader(text, path)
    if not candidates and not has_errors(problems):
        problems.append(error(path, 0, "import-empty", f"no entries found (read as {fmt})"))
    return fmt, candidates, problems


def _read_bibtex(text: str, path: Path) -> tuple[list[Candidate], list[Problem]]:
    parsed, problems = parse_bib_raw(text, path)
    candidates = []
    for entry, raws in parsed:
        kind, raw, expected = biblatex(entry.type, entry.fields, raws)
        persons = {name: entry.persons[name] for name in PERSON_FIELDS if name in entry.persons}
        candidates.append(Candidate(entry.key, kind, raw, expected, persons, entry.line))
    return candidates, problems


def biblatex(
    kind: str, fields: Mapping[str, str], raws: Mapping[str, str]
) -> tuple[str, dict[str, str], dict[str, str]]:
    """A BibTeX entry's type and fields the biblatex way: ``journal`` → ``journaltitle``,
    ``address`` → ``location``, ``year``/``month``/``day`` → ``date``, ``@phdthesis`` →
    ``@thesis`` with ``type = {phdthesis}``; file paths left out.

    Returns the type, the raw values to write and the decoded values they read back as.
    """
    kind, type_field = _TYPES.get(kind, (kind, ""))
    raw: dict[str, str] = {}
    expected: dict[str, str] = {}
    for name, value in fields.items():
        if name in DROPPED_FIELDS or name in ("year", "month", "day"):
            continue
        target = _RENAMED.get(name, name)
        if target in raw:  # both `journal` and `journaltitle`: the first one written wins
            continue
        raw[target] = raws[name].strip()
        expected[target] = value
    if "date" not in raw:
        iso = _iso_date(fields)
        if iso:
            raw["date"] = expected["date"] = iso
        else:  # `year = {forthcoming}`, `month = {fall}`: kept as they are
            for name in ("year", "month", "day"):
                if name in fields:
                    raw[name], expected[name] = raws[name].strip(), fields[name]
    if type_field and "type" not in raw:
        raw["type"] = expected["type"] = type_field
    return kind, raw, expected


def _iso_date(fields: Mapping[str, str]) -> str:
    """``year``/``month``/``day`` (month already a number) as an ISO date, if they are one."""
    year, month, day = (fields.get(name, "").strip() for name in ("year", "month", "day"))
    if not re.fullmatch(r"\d{4}", year):
        return ""
    if not month:
        return "" if day else year
    if not (month.isdigit() and 1 <= int(month) <= 12):
        return ""
    if not day:
        return f"{year}-{int(month):02d}"
    if day.isdigit() and 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return ""


# --- 2. writing ---------------------------------------------------------------------------


def _readable(candidate: Candidate) -> list[str]:
    """Why the written candidate does not read back as read; empty when it does."""
    entry = candidate.entry
    if entry is None:
        return ["it does not parse"]
    why = [
        f"field {name!r}"
        for name in candidate.expected
        if entry.get(name) != candidate.expected[name]
    ]
    why += [f"field {name!r}" for name in entry.fields if name not in candidate.expected]
    for name, people in candidate.persons.items():
        back = [p.display() for p in entry.persons.get(name, ())]
        if back != [p.display() for p in people]:
            why.append(f"the names in {name!r}")
    return why


_USABLE_KEY = re.compile(r"[^\s,{}()\"#%'=~\\]+")


def usable_key(key: str) -> bool:
    """A key BibTeX can hold that is not a URI (Zotero's CSL-JSON ids are)."""
    return bool(_USABLE_KEY.fullmatch(key)) and "://" not in key


def plan_import(
    source: Path,
    library: Library,
    target: Path,
    fmt: Format | None = None,
    today: dt.date | None = None,
) -> ImportPlan:
    """Everything an import would do, computed without writing.

    Raises:
        ImportRefused: the import file or the target file cannot be read.
    """
    fmt, candidates, problems = read_import(source, fmt)
    plan = ImportPlan(source, fmt, target, problems=problems)
    if plan.broken:
        return plan
    taken = set(library.entries)
    seen: set[str] = set()
    for candidate in candidates:
        if not usable_key(candidate.key) or candidate.key in seen:
            if candidate.key and candidate.key in seen:
                message = (
                    f"key {candidate.key!r} is given twice in the import file; a new key is made"
                )
                plan.problems.append(warning(source, candidate.line, "import-key", message))
            candidate.key = make_key(candidate, taken | seen)
        seen.add(candidate.key)
    _read_back(candidates, source, plan.problems)
    index = DuplicateIndex.of(library)
    added: list[Entry] = []
    for candidate in candidates:
        outcome = _sort(candidate, library, index)
        if outcome.status == "added":
            assert candidate.entry is not None
            index.add(candidate.entry)
            added.append(candidate.entry)
        plan.outcomes.append(outcome)
    for outcome in plan.of("refused"):
        plan.problems.append(
            error(
                source,
                outcome.candidate.line,
                "import-unreadable",
                f"{outcome.candidate.key!r} cannot be imported: {outcome.reason}",
            )
        )
    if plan.broken:
        return plan
    for outcome in plan.of("conflict"):
        other = outcome.other
        assert other is not None
        plan.problems.append(
            warning(
                source,
                outcome.candidate.line,
                "import-conflict",
                f"key {outcome.candidate.key!r} is taken by other content at "
                f"{shown_path(other.file)}:{other.line} ({outcome.reason}); not imported",
            )
        )
    plan.before, plan.after = _appended(target, plan, today or dt.date.today())
    return plan


def _read_back(candidates: list[Candidate], source: Path, problems: list[Problem]) -> None:
    """Parse the written text of every candidate; set what the library will read."""
    text = "\n".join(c.text for c in candidates)
    entries, _problems = parse_bib_string(text, source)
    by_key = {entry.key: entry for entry in entries}
    for candidate in candidates:
        candidate.entry = by_key.get(candidate.key)
        if candidate.entry is not None:  # its place is the import file's, for messages
            candidate.entry.line = candidate.line


def _sort(candidate: Candidate, library: Library, index: DuplicateIndex) -> Outcome:
    why = _readable(candidate)
    if why:
        return Outcome(
            candidate, "refused", reason="it would not read back the same: " + ", ".join(why)
        )
    entry = candidate.entry
    assert entry is not None
    existing = library.get(candidate.key)
    if existing is not None:
        differences = _differences(existing, entry)
        if not differences:
            return Outcome(candidate, "present", existing, "same key and content")
        return Outcome(candidate, "conflict", existing, "differs in " + ", ".join(differences))
    match = index.find(entry)
    if match is not None:
        return Outcome(candidate, "present", match.entry, match.reason)
    return Outcome(candidate, "added")


def content_view(entry: Entry) -> tuple[str, dict[str, str]]:
    """An entry as an import would write it (:func:`biblatex`), whitespace made single."""
    kind, _raw, expected = biblatex(entry.type, entry.fields, entry.fields)
    return kind, {name: " ".join(value.split()) for name, value in expected.items()}


def _differences(old: Entry, new: Entry) -> list[str]:
    old_kind, old_fields = content_view(old)
    new_kind, new_fields = content_view(new)
    out = ["entry type"] if old_kind != new_kind else []
    names = sorted(set(old_fields) | set(new_fields))
    out += [name for name in names if old_fields.get(name) != new_fields.get(name)]
    return out


# --- 3. appending -----------------------------------------------------------------------


def _appended(target: Path, plan: ImportPlan, today: dt.date) -> tuple[bytes, bytes]:
    """The target's bytes now, and with the added entries after them."""
    try:
        before = target.read_bytes() if target.exists() else b""
    except OSError as exc:
        raise ImportRefused(f"cannot read {target}: {exc.strerror}") from exc
    added = plan.of("added")
    if not added:
        return before, before
    header = f"% Imported from {plan.source.name} on {today.isoformat()}\n"
    text = header + "\n".join(o.candidate.text for o in added)
    newline = b"\r\n" if b"\r\n" in before else b"\n"
    body = text.encode("utf-8").replace(b"\n", newline)
    if not before:
        return before, body
    lead = b"" if before.endswith(b"\n") else newline
    return before, before + lead + newline + body


def verify_target(plan: ImportPlan) -> list[Problem]:
    """Parse the target as it would be written: its own entries must load as before and
    every added entry as planned (nothing swallowed by an entry left open, say)."""
    try:
        before = plan.before.decode("utf-8-sig")
        after = plan.after.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = "the library file is not UTF-8; nothing was written"
        return [error(plan.target, 0, "import-target", message)]
    loaded = {e.key: e.fields for e in parse_bib_string(after, plan.target)[0]}
    expected = {e.key: e.fields for e in parse_bib_string(before, plan.target)[0]}
    for outcome in plan.of("added"):
        planned = outcome.candidate.entry
        expected[outcome.candidate.key] = planned.fields if planned else {}
    spoilt = [key for key, fields in expected.items() if loaded.get(key) != fields]
    if not spoilt:
        return []
    message = (
        f"appending would change how {spoilt[0]!r} loads from this file (is an entry left "
        "open?); nothing was written"
    )
    return [error(plan.target, 0, "import-target", message)]


def write_import(plan: ImportPlan) -> list[Problem]:
    """Append the added entries to the target, atomically; problems if it was not done."""
    if plan.broken or plan.after == plan.before:
        return []
    problems = verify_target(plan)
    if problems:
        return problems
    try:
        current = plan.target.read_bytes() if plan.target.exists() else b""
    except OSError as exc:
        return [error(plan.target, 0, "import-target", f"cannot read: {exc.strerror}")]
    if current != plan.before:
        return [
            error(
                plan.target,
                0,
                "import-target",
                "the file changed while importing; nothing was written",
            )
        ]
    try:
        write_bytes_atomic(plan.target, plan.after)
    except OSError as exc:
        return [
            error(
                plan.target,
                0,
                "import-target",
                f"cannot write: {exc.strerror}; nothing was written",
            )
        ]
    return []
