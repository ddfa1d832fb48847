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

What the table keeps is exactly what would be made: a pattern's program, made by the
steps of ``re._compiler.compile`` (the same in every Python of :data:`PYTHONS`; the tests
hold the patterns to ``re``'s own), which ``_sre`` checks before it runs one; and a
method's code object as ``compile`` makes it from the text ``dataclasses`` writes. The
file lives in the user cache folder (:mod:`pleitbrief.cachedir`, ``startup/``), is named
for the interpreter and optimisation level, and starts with the interpreter's full
version, ``_sre``'s magic number and a BLAKE2 checksum; a file that differs in any of
that is a miss. The code objects in it are run, so it is read only when no one but the
user could have written it (owned by them, not writable by group or others): Python's
own trust in ``__pycache__``, and no more, even where ``PLEITBRIEF_CACHE_DIR`` names a
shared folder. As with a ``.pyc``, a warning given while compiling (a regex's
``FutureWarning``) is given in the run that compiles, not in the runs that reuse it.

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
import os
import sys
from collections.abc import Callable
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

from pleitbrief.cachedir import cache_subdir
from pleitbrief.fsio import write_bytes_atomic

PYTHONS = ((3, 11), (3, 12), (3, 13))
LIMIT = 1024
SAVE_AFTER = 3
"""How many entries a run must have added to write the file back."""
MAGIC = b"PLSC2\n"
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
        """``re._compiler.compile``, from the table where it can; on a miss, its own steps,
        at the same depth of calls (``re``'s warnings name their caller by counting)."""
        if type(pattern) not in (str, bytes) or flags & _compiler.SRE_FLAG_DEBUG:
            return self.original_compile(pattern, flags)  # a subclass, a parsed pattern
        # the type first: a str key is never compared with a bytes one (python -b)
        key = (type(pattern) is bytes, pattern, int(flags))
        program = self.patterns.get(key)
        if program is None:
            program = _program(_parser.parse(pattern, flags), int(flags))
            self.patterns[key] = program
            self.added += 1
        self.used_patterns.add(key)
        return _sre.compile(pattern, *program)

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
            patterns = {key: patterns[key] for key in tuple(self.used_patterns)}
        if len(methods) > LIMIT:
            methods = {source: methods[source] for source in tuple(self.used_methods)}
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
    try:
        payload = _active.payload()
        write_bytes_atomic(_active.path, MAGIC + _digest(payload) + payload, mode=0o600)
    except Exception:  # the run is done and has succeeded; this is only a cache
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


def _program(parsed: Any, flags: int) -> Program:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` for a parsed pattern, in
    plain ints and dicts (the same steps in 3.11, 3.12 and 3.13)."""
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
    """The file's tables, or two empty ones for a missing, foreign or damaged file, or one
    that someone else could have written."""
    try:
        data = _own_file_bytes(path)
    except OSError:
        return {}, {}
    if data is None:
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


def _own_file_bytes(path: Path) -> bytes | None:
    """The file's bytes if only this user could have written it (its code is run): owned by
    them, not writable by group or others. Checked on the open file, not the name."""
    with open(path, "rb") as file:
        if hasattr(os, "getuid"):  # POSIX; elsewhere the cache folder's own rights hold
            info = os.fstat(file.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None
        return file.read()


def _stamp() -> tuple[str, int]:
    """What must be equal for a file to be read: the interpreter (its bytecode changes only
    with its version) and the regex engine that made it."""
    return sys.version, _sre.MAGIC


def _digest(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=_HASH).digest()
