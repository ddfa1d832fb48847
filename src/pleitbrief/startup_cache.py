"""What Python compiles afresh on every start, kept between runs, as ``.pyc`` files keep
modules: regular expressions, and the methods ``dataclasses`` writes.

A ``.pyc`` file spares Python compiling a module again, but two things are compiled from
text in every run. ``re`` parses and translates each pattern in pure Python, and
``dataclasses`` writes the source of each class's ``__init__`` (and more) and ``exec``-s
it. A short export meets ~150 patterns, in Jinja2, markdown-it, ruamel and the standard
library, and ~80 methods: 40 ms of a 190 ms run before any work is done (docs/performance.md).

:func:`install` puts one table in front of both. What it holds is used; anything else is
compiled the usual way and added, and :func:`save` writes the table back when a run added
to it. The ``pleitbrief`` command installs it before it imports anything else
(:mod:`pleitbrief.launch`) and saves it as it leaves (:func:`pleitbrief.cli.console`).

What the table keeps is exactly what would be made: a pattern's program, stored only
after ``_sre.compile`` made the same pattern object from it as ``re`` makes (and ``_sre``
checks every program it is given), and a method's code object as ``compile`` makes it
from the text ``dataclasses`` writes. The file lives in the user cache folder
(:mod:`pleitbrief.cachedir`, ``startup/``), is named for the interpreter and optimisation
level, and starts with the interpreter's full version, ``_sre``'s magic number and a
BLAKE2 checksum; a file that differs in any of that is a miss. Trust is Python's own for
``__pycache__``: the code objects in the file are run, and whoever can write the user's
cache folder can as well write their ``.pyc`` files.

A run writes the file back when it added :data:`SAVE_AFTER` entries or more: markdown-it
builds one pattern from a ``frozenset``, whose order changes with each run's hash seed,
so every run misses that one, and it is not worth a write. A table grown past
:data:`LIMIT` entries of a kind (new versions of the libraries, patterns the TUI's search
compiles from what is typed) keeps only what the saving run used. Saving is best effort:
a failure costs speed, never the run.

Only for the Pythons whose ``re`` and ``dataclasses`` this was written against
(:data:`PYTHONS`); on any other, :func:`install` does nothing.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import dataclasses
import hashlib
import marshal
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

from pleitbrief.cachedir import cache_subdir
from pleitbrief.fsio import write_bytes_atomic

PYTHONS = ((3, 11), (3, 12), (3, 13))
LIMIT = 2048
SAVE_AFTER = 3
"""How many entries a run must have added to write the file back."""
MAGIC = b"PLSC1\n"
_HASH = 32

Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""What ``_sre.compile`` takes after the pattern: flags, code, groups, their names both ways."""


class _Table:
    """The patterns and methods of one file, what this run used of them and added to them."""

    def __init__(self, path: Path, patterns: dict[Any, Program], methods: dict[str, Any]):
        self.path = path
        self.patterns = patterns
        self.methods = methods
        self.used_patterns: set[Any] = set()
        self.used_methods: set[str] = set()
        self.added = 0
        self.original_compile: Callable[..., Any] = _compiler.compile

    def compile_pattern(self, pattern: Any, flags: int = 0) -> Any:
        """``re._compiler.compile``, from the table where it can."""
        if not isinstance(pattern, (str, bytes)) or flags & _compiler.SRE_FLAG_DEBUG:
            return self.original_compile(pattern, flags)
        key = (pattern, int(flags))
        program = self.patterns.get(key)
        if program is not None:
            self.used_patterns.add(key)
            return _sre.compile(pattern, *program)
        compiled = self.original_compile(pattern, flags)
        with warnings.catch_warnings():  # the original compile has warned already, if at all
            warnings.simplefilter("ignore")
            program = _program(pattern, int(flags))
        if _sre.compile(pattern, *program) == compiled:  # same flags, pattern and program
            self.patterns[key] = program
            self.used_patterns.add(key)
            self.added += 1
        return compiled

    def exec_method_source(
        self, source: str, globals: dict[str, Any] | None = None, locals: Any = None
    ) -> None:
        """``exec`` as ``dataclasses`` calls it, with the code object from the table."""
        code = self.methods.get(source)
        if code is None:
            code = self.methods[source] = compile(source, "<string>", "exec", dont_inherit=True)
            self.added += 1
        self.used_methods.add(source)
        exec(code, globals, locals)

    def payload(self) -> bytes:
        """The table to write: all of it, or what this run used once it is past its limit."""
        patterns, methods = self.patterns, self.methods
        if len(patterns) > LIMIT:
            patterns = {key: patterns[key] for key in self.used_patterns}
        if len(methods) > LIMIT:
            methods = {source: methods[source] for source in self.used_methods}
        return marshal.dumps((_stamp(), patterns, methods))


_active: _Table | None = None


def install(folder: Path | None = None) -> bool:
    """Put the table of ``folder`` (default: the user cache's ``startup/``) in front of
    ``re`` and ``dataclasses``; False when caching is off or this Python is not known."""
    global _active
    if _active is not None:
        return True
    folder = folder if folder is not None else cache_subdir("startup")
    if folder is None or sys.version_info[:2] not in PYTHONS:
        return False
    path = folder / f"{sys.implementation.cache_tag}-O{sys.flags.optimize}.marshal"
    patterns, methods = _read(path)
    table = _Table(path, patterns, methods)
    _compiler.compile = table.compile_pattern
    dataclasses.exec = table.exec_method_source  # type: ignore[attr-defined]
    _active = table
    return True


def save() -> None:
    """Write the table back if this run added enough to it (best effort)."""
    if _active is None or _active.added < SAVE_AFTER:
        return
    payload = _active.payload()
    try:
        write_bytes_atomic(_active.path, MAGIC + _digest(payload) + payload)
    except OSError:
        return
    _active.added = 0


def uninstall() -> None:
    """Give ``re`` and ``dataclasses`` back their own compiling (for tests)."""
    global _active
    if _active is None:
        return
    _compiler.compile = _active.original_compile
    del dataclasses.exec  # type: ignore[attr-defined]
    _active = None


def _program(pattern: str | bytes, flags: int) -> Program:
    """What ``re._compiler.compile`` passes to ``_sre.compile``, in plain ints and dicts."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        int(flags | parsed.state.flags),
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def _read(path: Path) -> tuple[dict[Any, Program], dict[str, Any]]:
    """The file's tables, or two empty ones for a missing, foreign or damaged file."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}, {}
    header = len(MAGIC) + _HASH
    payload = memoryview(data)[header:]
    if data[: len(MAGIC)] != MAGIC or data[len(MAGIC) : header] != _digest(payload):
        return {}, {}
    try:
        stamp, patterns, methods = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}, {}
    if stamp != _stamp() or not isinstance(patterns, dict) or not isinstance(methods, dict):
        return {}, {}
    return patterns, methods


def _stamp() -> tuple[str, int]:
    """What must be equal for a file to be read: the interpreter (its bytecode changes only
    with its version) and the regex engine that made it."""
    return sys.version, _sre.MAGIC


def _digest(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=_HASH).digest()
