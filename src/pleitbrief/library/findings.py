"""What loading one ``.bib`` file finds besides its entries, and how it becomes problems.

Kept apart from the parser (:mod:`pleitbrief.library.bibtex`): a library read from its
cache needs these, and the parser (bibtexparser, the LaTeX decoder) only on a miss.
"""

from __future__ import annotations

import os
from pathlib import Path

from pleitbrief.problems import Problem, error, warning
from pleitbrief.records import record


def unreadable(path: Path, exc: OSError) -> Problem:
    return error(path, 0, "bib-unreadable", f"cannot read the file: {exc.strerror}")


@record(frozen=True)
class RepeatedKey:
    """A key defined twice in one file. Kept apart from other problems because its message
    names the first place by a path relative to the working folder: the library cache
    stores it as this, and makes the message when the file's place is known."""

    key: str
    first_line: int
    line: int

    def problem(self, file: Path) -> Problem:
        return duplicate_key(self.key, file, self.first_line, file, self.line)


Finding = Problem | RepeatedKey
"""What parsing one file finds: problems (all at that file), and keys it defines twice."""


def place_findings(findings: list[Finding], file: Path) -> list[Problem]:
    """The findings of a parse of ``file`` as problems, in file order."""
    return [place_finding(f, file) for f in findings]


def place_finding(finding: Finding, file: Path) -> Problem:
    """A finding as the problem it is in ``file``."""
    return finding.problem(file) if isinstance(finding, RepeatedKey) else finding


def duplicate_key(key: str, first_file: Path, first_line: int, file: Path, line: int) -> Problem:
    """The error for a key seen before, at the second place, naming the first."""
    message = f"duplicate key '{key}' (first defined at {shown_path(first_file)}:{first_line})"
    return error(file, line, "duplicate-key", message)


def key_case_clash(
    key: str, first_key: str, first_file: Path, first_line: int, file: Path, line: int
) -> Problem:
    """The warning for a key that differs from one before it only in case: pandoc keeps
    both, but BibTeX takes them for one key, and a reader for a slip of the keyboard."""
    message = (
        f"key '{key}' differs only in case from '{first_key}' "
        f"({shown_path(first_file)}:{first_line}); BibTeX takes them for one key"
    )
    return warning(file, line, "key-case", message)


def shown_path(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it, as ruff shows it."""
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return path
    return path if relative.parts[:1] == ("..",) else relative
