"""One type for every problem the core finds, printed by the CLI and listed by the TUI."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pleitbrief.records import record


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@record(frozen=True)
class Problem:
    """Something wrong (or worth knowing) at a place in the workspace."""

    file: Path | None
    """The file at fault; None when the problem has no file (e.g. a missing workspace)."""
    line: int
    """1-based line; 0 when the problem concerns the file as a whole."""
    col: int
    """1-based column; 0 when unknown."""
    severity: Severity
    code: str
    """A short stable name, e.g. ``unknown-citation``, that scripts and tests can match."""
    message: str

    def format(self, relative_to: Path | None = None) -> str:
        """``FILE:LINE:COL: severity: message [code]``, as compilers and ruff print them."""
        place = "pleitbrief" if self.file is None else str(_relative(self.file, relative_to))
        return f"{place}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(file: Path | None, line: int, code: str, message: str, col: int = 1) -> Problem:
    return Problem(file, line, col if line else 0, Severity.ERROR, code, message)


def warning(file: Path | None, line: int, code: str, message: str, col: int = 1) -> Problem:
    return Problem(file, line, col if line else 0, Severity.WARNING, code, message)


def info(file: Path | None, line: int, code: str, message: str, col: int = 1) -> Problem:
    return Problem(file, line, col if line else 0, Severity.INFO, code, message)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def _relative(path: Path, base: Path | None) -> Path:
    if base is None:
        return path
    try:
        return path.resolve().relative_to(base.resolve())
    except ValueError:
        return path


class PleitbriefError(Exception):
    """Raised when work cannot go on; carries the problems that stopped it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems
