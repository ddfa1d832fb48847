"""``refs rename OLD NEW``: a citation key renamed everywhere, or nowhere.

Everywhere is: the entry's ``@type{OLD,`` in its ``.bib`` file; every ``@OLD`` (or
``@{OLD}``) in a citation group of a block, workspace letter template or draft (found as
:mod:`pleitbrief.citing` finds them, so an e-mail address or a bare ``@OLD`` in running text
is left alone); the key-valued fields of other entries (``supersededby``, ``crossref``,
``xref``, ``related``, ``xdata``); and a saved snapshot ``snapshots/OLD.txt``.

Nowhere is the other outcome: every new file content is computed first, each file is then
written atomically, and if one write fails the files already written get their old bytes
back. A plan that cannot be carried out whole (a key that cannot be found back in its file,
a file that changed meanwhile) is refused before anything is written.
"""

from __future__ import annotations

import os
import re
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from pleitbrief.citing import Place, scan_workspace, shown_path
from pleitbrief.fsio import write_bytes_atomic
from pleitbrief.markup.citations import _scan_key
from pleitbrief.problems import Problem, error
from pleitbrief.records import record

if TYPE_CHECKING:
    from pleitbrief.pipeline import LoadedWorkspace

KEY_FIELDS = ("supersededby", "crossref", "xref", "related", "xdata")
"""Fields whose value is a key (or comma-separated keys) of another entry."""
_KEY = re.compile(r"\w(?:[\w:./+-]*\w)?")
_KEY_FIELD = re.compile(r"\b(" + "|".join(KEY_FIELDS) + r")\s*=\s*([{\"])", re.IGNORECASE)
_NOT_IN_KEY = r"\s,{}\"#%'()=~\\"


class RenameError(ValueError):
    """The rename asked for cannot be: an unknown or taken key, an invalid new key."""


@record
class FileEdit:
    """One file's content before and after the rename."""

    path: Path
    before: bytes
    after: bytes
    places: list[Place] = field(default_factory=list)
    """Where a key was changed in it (1-based line and column, in the old content)."""


@record
class RenamePlan:
    old: str
    new: str
    edits: list[FileEdit] = field(default_factory=list)
    moves: list[tuple[Path, Path]] = field(default_factory=list)
    """Files to rename: the entry's snapshot."""
    problems: list[Problem] = field(default_factory=list)
    """Errors that stop the rename (nothing is written when there is one)."""
    citations_only: bool = False
    """``old`` is gone from the library and ``new`` is there (renamed in a shared library
    from another workspace): only this workspace's citations change."""
    shared: list[Path] = field(default_factory=list)
    """Library files changed that lie outside the workspace: other workspaces using them
    must follow with ``refs rename OLD NEW`` of their own."""

    @property
    def places(self) -> list[Place]:
        return [place for edit in self.edits for place in edit.places]


def check_new_key(key: str) -> str | None:
    """Why ``key`` cannot be a citation key, or None when it can.

    A key must be citable as ``[@key]`` without braces and be a valid BibTeX key: letters,
    digits and ``_``, with ``-``, ``:``, ``.``, ``/``, ``+`` inside.
    """
    if not _KEY.fullmatch(key) or _scan_key(key, 0) != (key, len(key)):
        return (
            f"{key!r} is not a usable citation key: use letters, digits and '_', "
            "with '-', ':', '.', '/' or '+' between them"
        )
    return None


def plan_rename(loaded: LoadedWorkspace, old: str, new: str) -> RenamePlan:
    """What renaming ``old`` to ``new`` changes, computed without writing anything.

    When ``old`` is no longer in the library but ``new`` is (another workspace renamed it
    in a shared library), only the citations of this workspace are renamed.

    Raises:
        RenameError: ``old`` is not in the library, ``new`` is taken or not a usable key.
    """
    library = loaded.library
    if old == new:
        raise RenameError(f"{old!r} is already called that; nothing renamed")
    reason = check_new_key(new)
    if reason:
        raise RenameError(reason)
    if old not in library and new in library:
        # the entry was renamed already, in a library shared with another workspace:
        # what is left to do here is the citations
        plan = RenamePlan(old, new, citations_only=True)
        _plan_sources(loaded, plan)
        if not plan.edits and not plan.problems:
            raise RenameError(f"no entry {old!r} in the library, and nothing here cites it")
        return plan
    if old not in library:
        from pleitbrief.suggest import phrase

        raise RenameError(f"no entry {old!r} in the library{phrase(library.suggest(old))}")
    if new in library:
        entry = library.entries[new]
        where = f"{shown_path(entry.file)}:{entry.line}"
        raise RenameError(f"key {new!r} is already taken (at {where}); nothing renamed")

    plan = RenamePlan(old, new)
    for problem in library.problems:
        if problem.code == "duplicate-key" and f"'{old}'" in problem.message:
            plan.problems.append(
                error(
                    problem.file,
                    problem.line,
                    "rename-ambiguous",
                    f"{old!r} is defined more than once; make it one entry before renaming",
                )
            )
    _plan_library(loaded, plan)
    _plan_sources(loaded, plan)
    root = loaded.workspace.root.resolve()
    plan.shared = [
        e.path
        for e in plan.edits
        if e.path.suffix == ".bib" and not e.path.resolve().is_relative_to(root)
    ]
    for folder in library.folders:
        snapshot = folder / "snapshots" / f"{old}.txt"
        if snapshot.is_file():
            target = snapshot.with_name(f"{new}.txt")
            if target.exists():
                message = f"the snapshot {target.name} already exists; {old!r} has one too"
                plan.problems.append(error(target, 0, "rename-snapshot", message))
            plan.moves.append((snapshot, target))
    return plan


def _plan_library(loaded: LoadedWorkspace, plan: RenamePlan) -> None:
    """The entry's own key, and the key fields of entries that name it."""
    old, new = plan.old, plan.new
    entry = loaded.library.entries[old]
    naming = [e for e in loaded.library if any(_names(e.get(name), old) for name in KEY_FIELDS)]
    for path in sorted({entry.file, *(e.file for e in naming)}):
        try:
            before = path.read_bytes()
            text = before.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            message = f"cannot rename {old!r} in this file: {exc}"
            plan.problems.append(error(path, 0, "rename-unreadable", message))
            continue
        starts = _line_starts(text)
        spans: list[tuple[int, int]] = []
        places: list[Place] = []
        entry_starts = sorted(starts[e.line - 1] for e in loaded.library if e.file == path)
        if entry.file == path:
            at = _entry_key_offset(text, starts[entry.line - 1], old)
            if at is None:
                message = f"cannot find '{old},' after the entry's '@type{{' to rename it"
                plan.problems.append(error(path, entry.line, "rename-unplaceable", message))
            else:
                spans.append((at, len(old)))
        for other in (e for e in naming if e.file == path):
            start = starts[other.line - 1]
            end = next((s for s in entry_starts if s > start), len(text))
            spans += _key_field_spans(text, start, end, old)
        for at, _length in spans:
            line = text.count("\n", 0, at)
            places.append(Place("library", old, path, line + 1, at - starts[line] + 1))
        after = _replaced(text, [(at, old, new) for at, _length in spans])
        if after != text:
            plan.edits.append(FileEdit(path, before, after.encode("utf-8"), places))


def _names(value: str, key: str) -> bool:
    return key in (part.strip() for part in value.split(","))


def _entry_key_offset(text: str, line_start: int, key: str) -> int | None:
    pattern = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*(" + re.escape(key) + r")\s*,")
    match = pattern.search(text, line_start, min(len(text), line_start + 2000))
    return match.start(1) if match else None


def _key_field_spans(text: str, start: int, end: int, key: str) -> list[tuple[int, int]]:
    """Where ``key`` stands in the key fields (``supersededby = {key}``) of one entry."""
    spans = []
    for match in _KEY_FIELD.finditer(text, start, end):
        close = "}" if match.group(2) == "{" else '"'
        value_end = text.find(close, match.end(), end)
        if value_end < 0:
            continue
        word = re.compile(rf"(?<![^{_NOT_IN_KEY}]){re.escape(key)}(?![^{_NOT_IN_KEY}])")
        spans += [(m.start(), len(key)) for m in word.finditer(text, match.end(), value_end)]
    return spans


def _plan_sources(loaded: LoadedWorkspace, plan: RenamePlan) -> None:
    """Every citation of the key in blocks, letter templates and drafts."""
    for source in scan_workspace(loaded):
        found = [o for o in source.occurrences if o.key == plan.old]
        if not found or source.text is None:
            continue
        unplaceable = [o for o in found if o.offset < 0]
        for occurrence in unplaceable:
            place = occurrence.place
            plan.problems.append(
                error(
                    place.file,
                    place.line,
                    "rename-unplaceable",
                    f"'{occurrence.token}' is cited here but cannot be found back in the file "
                    "(a YAML string with escapes?); write it plainly, or rename it by hand",
                )
            )
        if unplaceable:
            continue
        replacements = [(o.offset, o.token, o.token.replace(plan.old, plan.new, 1)) for o in found]
        after = _replaced(source.text, replacements)
        plan.edits.append(
            FileEdit(
                source.path,
                source.text.encode("utf-8"),
                after.encode("utf-8"),
                [o.place for o in found],
            )
        )


def _replaced(text: str, replacements: list[tuple[int, str, str]]) -> str:
    """``text`` with each ``(offset, old, new)`` made, checking ``old`` stands there."""
    out = text
    for offset, old, new in sorted(replacements, reverse=True):
        if out[offset : offset + len(old)] != old:
            raise AssertionError(f"expected {old!r} at {offset}")  # a bug in the finding
        out = out[:offset] + new + out[offset + len(old) :]
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [i + 1 for i, char in enumerate(text) if char == "\n"]
    return starts


class RenameFailed(RuntimeError):
    """Writing the rename failed; the files were put back as they were (as far as could be)."""


def apply_rename(plan: RenamePlan) -> None:
    """Write every file of the plan, or none of them.

    Raises:
        RenameFailed: a file changed since the plan was made, or could not be written;
            every file already written has its old content back.
    """
    if plan.problems:
        raise RenameFailed("the rename has problems; nothing was written")
    for edit in plan.edits:
        try:
            current = edit.path.read_bytes()
        except OSError as exc:
            raise RenameFailed(f"cannot read {edit.path}: {exc.strerror}") from exc
        if current != edit.before:
            raise RenameFailed(f"{edit.path} changed while renaming; nothing was written")
    written: list[FileEdit] = []
    moved: list[tuple[Path, Path]] = []
    try:
        for edit in plan.edits:
            write_bytes_atomic(edit.path, edit.after)
            written.append(edit)
        for source, target in plan.moves:
            if target.exists():
                raise FileExistsError(17, "exists", str(target))
            os.rename(source, target)
            moved.append((source, target))
    except OSError as exc:
        left = _undo(written, moved)
        where = exc.filename or ""
        message = f"could not write {where}: {exc.strerror or exc}; "
        if left:
            message += "these could not be put back: " + ", ".join(map(str, left))
        else:
            message += "nothing was renamed"
        raise RenameFailed(message) from exc


def _undo(written: list[FileEdit], moved: list[tuple[Path, Path]]) -> list[Path]:
    """Put back what was written; the paths that could not be restored."""
    left: list[Path] = []
    for source, target in reversed(moved):
        try:
            os.rename(target, source)
        except OSError:
            left.append(target)
    for edit in reversed(written):
        try:
            write_bytes_atomic(edit.path, edit.before)
        except OSError:
            left.append(edit.path)
    return left
