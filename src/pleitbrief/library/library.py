"""The reference library: every ``*.bib`` of the workspace's library folders as one set."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path

from pleitbrief.library.cache import BibCache, cached_parse, open_cache
from pleitbrief.library.entry import Entry
from pleitbrief.library.findings import (
    Finding,
    RepeatedKey,
    duplicate_key,
    key_case_clash,
    place_finding,
    unreadable,
)
from pleitbrief.problems import Problem, error
from pleitbrief.records import record

# How alike a key must be (rapidfuzz WRatio, 0 to 100) to be offered as "did you mean".
# WRatio scores a prefix well too, so `[@ind]` finds `ind-verklaring-2022`.
SUGGEST_CUTOFF = 75.0


@record
class Library:
    """All entries of the library folders, keyed by citation key, with what went wrong."""

    entries: dict[str, Entry] = field(default_factory=dict)
    """Key → entry; on a duplicate key the first one (in load order) wins."""
    problems: list[Problem] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    duplicates: dict[str, list[Problem]] = field(default_factory=dict)
    """Key → the ``duplicate-key`` problems of a key defined more than once (also in
    ``problems``): which entry a citation of that key means is not known."""

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def suggest(self, key: str, limit: int = 3) -> list[str]:
        """The keys closest to ``key`` (for an unknown citation), best first; may be empty."""
        from pleitbrief.suggest import closest

        return closest(key, self.entries, limit, SUGGEST_CUTOFF, ignore_case=True)


def load_library(folders: Sequence[Path]) -> Library:
    """Load every ``*.bib`` directly in each folder (by name), in the order given.

    A missing folder, a malformed entry or a key seen before is a problem in the result;
    whatever can be loaded is. A file whose bytes were parsed before is read from the
    cache (:mod:`pleitbrief.library.cache`).
    """
    cache = open_cache()
    library = Library(folders=list(folders))
    first_place: dict[str, tuple[Path, int]] = {}
    by_folded_key: dict[str, str] = {}  # casefolded key → the first key spelled so
    seen_folders: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            missing = "is not a folder" if folder.exists() else "does not exist"
            message = f"library folder '{folder}' {missing}"
            library.problems.append(error(folder, 0, "library-missing", message))
            continue
        # The same folder listed twice (say, `references` and `./references`) would make
        # every key a duplicate of itself.
        resolved = folder.resolve()
        if resolved in seen_folders:
            continue
        seen_folders.add(resolved)
        for path in sorted(p for p in folder.glob("*.bib") if p.is_file()):
            entries, findings = load_bib_file(path, cache)
            for finding in findings:
                problem = place_finding(finding, path)
                library.problems.append(problem)
                if isinstance(finding, RepeatedKey):
                    library.duplicates.setdefault(finding.key, []).append(problem)
            for entry in entries:
                if entry.key in first_place:
                    where, line = first_place[entry.key]
                    problem = duplicate_key(entry.key, where, line, entry.file, entry.line)
                    library.problems.append(problem)
                    library.duplicates.setdefault(entry.key, []).append(problem)
                    continue
                other = by_folded_key.setdefault(entry.key.casefold(), entry.key)
                if other != entry.key:
                    where, line = first_place[other]
                    clash = key_case_clash(entry.key, other, where, line, entry.file, entry.line)
                    library.problems.append(clash)
                first_place[entry.key] = (entry.file, entry.line)
                library.entries[entry.key] = entry
    return library


def load_bib_file(path: Path, cache: BibCache | None) -> tuple[list[Entry], list[Finding]]:
    """One library file, parsed or from the cache; its findings not yet placed in it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [unreadable(path, exc)]
    return cached_parse(path, data, cache, _parse_bib_data)


def _parse_bib_data(data: bytes, path: Path) -> tuple[list[Entry], list[Finding]]:
    # The parser (bibtexparser, the LaTeX decoder) loads on a cache miss only.
    from pleitbrief.library.bibtex import parse_bib_data

    return parse_bib_data(data, path)
