"""A cache of parsed ``.bib`` files, so an unchanged 10,000-entry library loads in a blink.

Parsing BibTeX (bibtexparser, then LaTeX decoding) costs about 0.2 ms an entry; reading
back what an earlier run parsed costs a twentieth of that. Each library file has one slot
in the user cache folder (``platformdirs``; ``PLEITBRIEF_CACHE_DIR`` overrides it, and
``PLEITBRIEF_NO_CACHE=1`` turns the cache off), named by a hash of the file's path and
holding:

``MAGIC`` · fingerprint of this pleitbrief (its version, the Python version and the bytes
of the library package's source) · BLAKE2 hash of the ``.bib`` file's bytes · BLAKE2
checksum of the payload · the payload, ``marshal``-ed plain tuples, dicts and strings.

A slot is used only when all of that matches: a changed file (by content, not by mtime), a
different pleitbrief, a truncated or garbled slot are all simply a miss, and the file is
parsed and the slot written again. ``marshal`` runs no code, and the checksum is checked
before it reads a byte, so a slot that is not what this module wrote is never decoded.
Writing a slot is best effort: a read-only or full disk costs speed, never the load.
After a write, all but the :data:`KEEP` most recently used slots are deleted (a hit
refreshes its slot's time).
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from pleitbrief import __version__
from pleitbrief.cachedir import cache_subdir, prune, touch
from pleitbrief.fsio import write_bytes_atomic
from pleitbrief.library.entry import Entry, Person
from pleitbrief.library.findings import Finding, RepeatedKey
from pleitbrief.problems import Problem, Severity

MAGIC = b"PLBC1\n"
KEEP = 100
"""Slots kept after a write, the most recently used: the slots of library files deleted
or moved (or of workspaces long gone) do not pile up."""
_HASH = 32  # bytes of each BLAKE2b digest in a slot
_HEADER = len(MAGIC) + 3 * _HASH

Parsed = tuple[list[Entry], list[Finding]]


def digest(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=_HASH).digest()


def cache_dir() -> Path | None:
    """Where slots are kept (``library/`` in :mod:`pleitbrief.cachedir`'s folder); None when
    the cache is turned off."""
    return cache_subdir("library")


@cache
def fingerprint() -> bytes:
    """What must be equal for a slot to be trusted: the code that made it."""
    parts = [
        __version__.encode(),
        repr(sys.version_info[:2]).encode(),
        str(marshal.version).encode(),
    ]
    package = Path(__file__).parent
    for source in sorted(package.glob("*.py")):
        parts += [source.name.encode(), source.read_bytes()]
    return digest(b"\0".join(parts))


class BibCache:
    """The slots of one cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def slot(self, path: Path) -> Path:
        name = hashlib.blake2b(str(path.resolve()).encode("utf-8", "surrogatepass"), digest_size=16)
        return self.folder / f"{name.hexdigest()}.bin"

    def load(self, path: Path, content_hash: bytes) -> Parsed | None:
        """The parse of ``path`` stored for these bytes, or None (missing, stale or corrupt)."""
        slot = self.slot(path)
        try:
            blob = slot.read_bytes()
        except OSError:
            return None
        if len(blob) < _HEADER or not blob.startswith(MAGIC):
            return None
        at = len(MAGIC)
        stored_fingerprint, stored_hash, checksum = (
            blob[at + i * _HASH : at + (i + 1) * _HASH] for i in range(3)
        )
        payload = memoryview(blob)[_HEADER:]
        if stored_fingerprint != fingerprint() or stored_hash != content_hash:
            return None
        if digest(payload) != checksum:
            return None
        try:
            parsed = _thaw(marshal.loads(payload), path)
        except Exception:  # a payload of the right checksum but the wrong shape: a miss
            return None
        touch(slot)  # a hit is a use: pruning keeps the recently used
        return parsed

    def store(self, path: Path, content_hash: bytes, parsed: Parsed) -> None:
        """Keep the parse of ``path``; failing to write only costs the next run time."""
        try:
            payload = marshal.dumps(_freeze(parsed))
            blob = b"".join([MAGIC, fingerprint(), content_hash, digest(payload), payload])
            write_bytes_atomic(self.slot(path), blob)
        except (OSError, ValueError):
            return
        prune(self.folder, ".bin", KEEP)


def open_cache() -> BibCache | None:
    folder = cache_dir()
    return None if folder is None else BibCache(folder)


def cached_parse(
    path: Path, data: bytes, cache: BibCache | None, parse: Callable[[bytes, Path], Parsed]
) -> Parsed:
    """``parse(data, path)``, or what the cache holds for exactly these bytes."""
    if cache is None:
        return parse(data, path)
    content_hash = digest(data)
    hit = cache.load(path, content_hash)
    if hit is not None:
        return hit
    parsed = parse(data, path)
    cache.store(path, content_hash, parsed)
    return parsed


# --- plain values for marshal ---------------------------------------------------------
# An entry: (key, type, fields, {person field: ((family, given, particle, suffix, literal,
# non_dropping), …)}, line, {field: rich text}, {list field: items}). A problem: (line,
# col, severity, code, message), all at the parsed file. A key repeated in the file: (key,
# first line, line).


def _freeze(parsed: Parsed) -> tuple[Any, ...]:
    entries, findings = parsed
    frozen_entries = tuple(
        (
            e.key,
            e.type,
            e.fields,
            {name: tuple(_person(p) for p in people) for name, people in e.persons.items()},
            e.line,
            e.rich,
            e.lists,
        )
        for e in entries
    )
    frozen_findings = tuple(
        (f.key, f.first_line, f.line)
        if isinstance(f, RepeatedKey)
        else (f.line, f.col, str(f.severity), f.code, f.message)
        for f in findings
    )
    return (frozen_entries, frozen_findings)


def _person(person: Person) -> tuple[str, str, str, str, str, bool | None]:
    p = person
    return (p.family, p.given, p.particle, p.suffix, p.literal, p.non_dropping)


def _thaw(payload: Any, path: Path) -> Parsed:
    frozen_entries, frozen_findings = payload
    people: dict[tuple[str | bool | None, ...], Person] = {}  # one per distinct name (frozen)

    def person(parts: tuple[str, str, str, str, str, bool | None]) -> Person:
        found = people.get(parts)
        if found is None:
            found = people[parts] = Person(*parts)
        return found

    entries = [
        Entry(
            key,
            kind,
            fields,
            {name: tuple(person(p) for p in group) for name, group in persons.items()},
            path,
            line,
            rich,
            lists,
        )
        for key, kind, fields, persons, line, rich, lists in frozen_entries
    ]
    findings: list[Finding] = []
    for item in frozen_findings:
        if len(item) == 3:
            findings.append(RepeatedKey(*item))
        else:
            line, col, severity, code, message = item
            findings.append(Problem(path, line, col, Severity(severity), code, message))
    return entries, findings
