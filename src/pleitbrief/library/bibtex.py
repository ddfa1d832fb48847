"""One BibTeX/biblatex file → decoded :class:`Entry` values and :class:`Problem` values.

bibtexparser 2 splits the file into blocks and keeps each value raw (delimiters, ``#``
and macro names still in); everything after that happens here, in file order:
``@string`` macros and ``#`` concatenation, person splitting (while braces still mark
what belongs together), then LaTeX decoding. Nothing in a file raises: every fault
becomes a problem with the file and 1-based line, and the rest of the file still loads.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bibtexparser import model

from pleitbrief.library import latex
from pleitbrief.library.entry import LIST_FIELDS, PERSON_FIELDS, Entry, Person, split_list
from pleitbrief.library.findings import Finding, RepeatedKey, place_findings, unreadable
from pleitbrief.library.names import split_persons
from pleitbrief.problems import Problem, error, warning

# bibtexparser logs every malformed block as a warning; we report them as problems
# instead, so keep its log records from reaching stderr when the app configures none.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

MONTHS = [
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
]
# The macros every BibTeX style predefines (`month = sep`); they expand to the name,
# which `_normalise_month` then turns into the number the field holds.
_MONTH_MACROS = {name[:3]: name.capitalize() for name in MONTHS}
# biblatex's verbatim fields: their `%`, `_`, `~` and `--` are characters, not markup.
VERBATIM_FIELDS = {"url", "doi", "eprint", "file", "pdf", "urlraw", "verba", "verbb", "verbc"}
DATE_FIELDS = {"date", "urldate", "eventdate", "origdate"}
"""biblatex's EDTF dates: kept as written when they hold only what a date can hold."""
_AND = re.compile(r"\sand\s", re.IGNORECASE)
_EDTF_CHARACTERS = re.compile(r"[\d\s{}/.:+~?%XTZu-]*")

# What decides where a value part ends: braces and quotes; an escaped character (`\{`,
# `\"`) counts for nothing.
_VALUE_MARK = re.compile(r'\\.|[{}"]', re.S)
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_WORD = re.compile(r"[^\s#{}\"=,]+")
_FIELD_NAME = re.compile(r"^[a-z_][\w.:+-]*$")
_OPENING = re.compile(r"@(\w+)\s*[{(]\s*([^\s,{}()=\"]*)")


class ValueSyntaxError(ValueError):
    """A field value that is not ``part # part # …`` (e.g. a missing comma before it)."""


def parse_bib_file(path: Path) -> tuple[list[Entry], list[Problem]]:
    """Read and parse one file; an unreadable or non-UTF-8 file is a problem, not an error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [unreadable(path, exc)]
    entries, findings = parse_bib_data(data, path)
    return entries, place_findings(findings, path)


def parse_bib_data(data: bytes, path: Path) -> tuple[list[Entry], list[Finding]]:
    """Parse the bytes of one file (``path`` names it); a non-UTF-8 byte is a problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8-sig", errors="replace")
        entries, findings = _parse(text, path)
        message = f"not UTF-8 (byte 0x{data[exc.start]:02x}); such bytes were read as \ufffd"
        return entries, [error(path, line, "bib-encoding", message), *findings]
    return _parse(text, path)


def parse_bib_string(text: str, file: Path) -> tuple[list[Entry], list[Problem]]:
    """Parse BibTeX text that came from ``file`` (used for places in entries and problems)."""
    entries, findings = _parse(text, file)
    return entries, place_findings(findings, file)


def parse_bib_raw(
    text: str, file: Path
) -> tuple[list[tuple[Entry, dict[str, str]]], list[Problem]]:
    """As :func:`parse_bib_string`, each entry with its raw values: ``@string`` macros and
    ``#`` resolved, LaTeX and braces still in (what an import writes back)."""
    raw: dict[int, dict[str, str]] = {}
    entries, findings = _parse(text, file, raw)
    return [(e, raw[id(e)]) for e in entries], place_findings(findings, file)


def _parse(
    text: str, file: Path, raw_values: dict[int, dict[str, str]] | None = None
) -> tuple[list[Entry], list[Finding]]:
    # imported here: with the parse cache warm, most runs never parse a file
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    problems: list[Finding] = []
    try:
        blocks = parse_string(strip_comments(text), parse_stack=[]).blocks
    except Exception as exc:  # a bibtexparser bug must not take the whole library down
        return [], [error(file, 0, "bib-syntax", f"bibtexparser could not read the file: {exc}")]

    strings = dict(_MONTH_MACROS)
    entries: list[Entry] = []
    first_line: dict[str, int] = {}
    for parsed in blocks:
        block: model.Block | None = parsed
        line = (parsed.start_line or 0) + 1
        duplicate_fields: set[str] = set()
        # bibtexparser wraps entries with a repeated key or field; we judge those ourselves.
        while isinstance(block, model.DuplicateBlockKeyBlock | model.DuplicateFieldKeyBlock):
            if isinstance(block, model.DuplicateFieldKeyBlock):
                duplicate_fields |= block.duplicate_keys
            block = block.ignore_error_block
        if isinstance(block, model.String):
            try:
                value, undefined = evaluate(block.value, strings)
            except ValueSyntaxError as exc:
                message = f"malformed @string '{block.key.strip()}': {exc}"
                problems.append(error(file, line, "bib-syntax", message))
                continue
            problems += [_undefined(name, file, line) for name in undefined]
            strings[block.key.strip().lower()] = value
        elif isinstance(block, model.Entry):
            entry = _build_entry(block, file, line, strings, problems, raw_values)
            if entry is None:
                continue
            for name in sorted(duplicate_fields):
                message = f"field '{name}' given twice in '{entry.key}'; the first one is used"
                problems.append(warning(file, line, "duplicate-field", message))
            if entry.key in first_line:
                problems.append(RepeatedKey(entry.key, first_line[entry.key], line))
                continue
            first_line[entry.key] = line
            entries.append(entry)
        elif isinstance(block, model.ParsingFailedBlock):
            problems.append(_syntax_problem(block, file, line))
    return entries, problems


def _build_entry(
    block: model.Entry,
    file: Path,
    line: int,
    strings: dict[str, str],
    problems: list[Finding],
    raw_values: dict[int, dict[str, str]] | None = None,
) -> Entry | None:
    key = block.key.strip()
    entry_type = block.entry_type.strip().lower()
    if not key:
        problems.append(error(file, line, "missing-key", f"@{entry_type} entry without a key"))
        return None
    fields: dict[str, str] = {}
    raws: dict[str, str] = {}
    persons: dict[str, tuple[Person, ...]] = {}
    rich: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    for field in block.fields:
        name = field.key.strip().lower()
        field_line = (field.start_line or 0) + 1
        if name in fields:
            continue  # reported as a duplicate field; BibTeX, too, keeps the first
        try:
            if not _FIELD_NAME.match(name):
                raise ValueSyntaxError(f"'{field.key.strip()[:40]}' is not a field name")
            raw, undefined = evaluate(field.value, strings)
        except ValueSyntaxError as exc:
            message = f"malformed @{entry_type} entry '{key}', field '{name[:40]}': {exc}"
            problems.append(error(file, field_line, "bib-syntax", message))
            return None
        problems += [_undefined(name, file, field_line) for name in undefined]
        raws[name] = raw
        if name in VERBATIM_FIELDS:
            fields[name] = raw.strip()
            continue
        if name in PERSON_FIELDS:
            persons[name] = split_persons(raw)
        if name in DATE_FIELDS and _EDTF_CHARACTERS.fullmatch(raw):
            # as written, without braces: LaTeX would make EDTF's "approximately" `~` a
            # space, and the decoder's trimming would then drop it (`2022~`)
            fields[name] = " ".join(raw.replace("{", "").replace("}", "").split())
            continue
        value = latex.decode(raw)
        fields[name] = _normalise_month(value) if name == "month" else value
        if (marked := latex.decode_rich(raw)) is not None:
            rich[name] = marked
        splits = name in LIST_FIELDS and _AND.search(raw) is not None  # most lists: one item
        if splits and (items := _list_items(raw)) != split_list(value):
            lists[name] = items
    entry = Entry(key, entry_type, fields, persons, file, line, rich, lists)
    if raw_values is not None:
        raw_values[id(entry)] = raws
    return entry


def _list_items(raw: str) -> tuple[str, ...]:
    """A literal list split at the ``and``s outside braces, each item decoded."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    items = (latex.decode(part).strip() for part in split_multiple_persons_names(raw))
    return tuple(item for item in items if item)


def evaluate(raw: str, strings: dict[str, str]) -> tuple[str, list[str]]:
    """A raw value (``nos # " Nieuws " # {x}``) as one string, braces inside kept.

    Parts are ``{…}``, ``"…"``, numbers and macro names (case-insensitive), joined by
    ``#`` in any order. Returns the text and the names of undefined macros, which are
    kept as their own name (as pandoc does) so the gap is visible.
    """
    out: list[str] = []
    undefined: list[str] = []
    i, n, want_part = 0, len(raw), True
    while i < n:
        char = raw[i]
        if char.isspace():
            i += 1
            continue
        if char == "#" and not want_part:
            want_part, i = True, i + 1
            continue
        if not want_part:
            raise ValueSyntaxError(f"missing ',' before '{_excerpt(raw, i)}'")
        if char in '{"':
            end = _part_end(raw, i)
            if end == n:
                raise ValueSyntaxError(f"no closing {'}' if char == '{' else char}")
            out.append(raw[i + 1 : end])
            i = end + 1
        elif match := _WORD.match(raw, i):
            word = match.group(0)
            i = match.end()
            if word.isdigit():
                out.append(word)
            elif word.lower() in strings:
                out.append(strings[word.lower()])
            else:
                undefined.append(word)
                out.append(word)
        else:
            raise ValueSyntaxError(f"unexpected '{char}' in '{_excerpt(raw, i)}'")
        want_part = False
    if want_part and out:
        raise ValueSyntaxError("'#' with nothing after it")
    return "".join(out), undefined


def _excerpt(raw: str, start: int) -> str:
    text = " ".join(raw[start:].split())
    return text if len(text) <= 30 else text[:29] + "…"


def _part_end(raw: str, start: int) -> int:
    """Index of the ``}`` or ``"`` closing the part opened at ``start`` (the end if none).

    Quotes inside braces do not close a quoted part; ``\\{`` and ``\\"`` count for
    nothing, as in bibtexparser's splitter.
    """
    quoted = raw[start] == '"'
    depth = 0 if quoted else 1
    for mark in _VALUE_MARK.finditer(raw, start + 1):
        char = mark.group(0)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quoted:
                return mark.start()
        elif char == '"' and quoted and depth == 0:
            return mark.start()
    return len(raw)


def _normalise_month(value: str) -> str:
    """``sep``/``September``/``Sept.``/``09`` → ``"9"``; anything else (``fall``) is kept."""
    name = value.strip().rstrip(".").lower()
    if name.isdigit() and 1 <= int(name) <= 12:
        return str(int(name))
    if len(name) >= 3:
        for number, month in enumerate(MONTHS, 1):
            if month.startswith(name):
                return str(number)
    return value


def strip_comments(text: str) -> str:
    """Blank out ``%`` comments outside field values, keeping every newline.

    BibTeX has no comments, but biber, pandoc and every hand editor treat ``%`` as one
    between entries and fields (a commented-out ``% @article{…`` must not load). Inside
    a value, a ``%`` is kept: ``{50% of people}``.
    """
    if "%" not in text:
        return text
    pieces: list[str] = []
    depth, in_quotes, copied, scanned = 0, False, 0, 0
    for percent in _UNESCAPED_PERCENT.finditer(text):
        pos = percent.start()
        if pos < scanned:
            continue  # within a comment already cut
        depth, in_quotes = _scan(text, scanned, pos, depth, in_quotes)
        scanned = pos + 1
        if depth <= 1 and not in_quotes:
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            pieces.append(text[copied:pos])
            copied = scanned = end
    pieces.append(text[copied:])
    return "".join(pieces)


def _scan(text: str, start: int, stop: int, depth: int, in_quotes: bool) -> tuple[int, bool]:
    """Brace depth and quote state at ``stop``, given those at ``start``."""
    if text.find('"', start, stop) == -1 and text.find("\\", start, stop) == -1:
        # The common case, in C: no quotes or escapes, so braces can simply be counted.
        depth = max(depth + text.count("{", start, stop) - text.count("}", start, stop), 0)
        return depth, in_quotes and depth > 0
    for mark in _VALUE_MARK.finditer(text, start, stop):
        char = mark.group(0)
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
            in_quotes = in_quotes and depth > 0  # an odd quote in @comment{…} ends with it
        elif char == '"' and depth == 1:
            in_quotes = not in_quotes
    return depth, in_quotes


def _undefined(name: str, file: Path, line: int) -> Problem:
    return warning(file, line, "undefined-string", f"undefined @string macro '{name}'")


def _syntax_problem(block: model.ParsingFailedBlock, file: Path, line: int) -> Problem:
    opening = _OPENING.match(block.raw or "")
    kind, key = opening.groups() if opening else ("", "")
    what = (f"@{kind.lower()} entry" if kind else "entry") + (f" '{key}'" if key else "")
    reason = (getattr(block.error, "abort_reason", None) or str(block.error)).strip().rstrip(".")
    return error(file, line, "bib-syntax", f"malformed {what}: {reason}")
