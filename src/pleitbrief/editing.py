"""Editing a draft file in place: what the TUI does to a draft, without the TUI.

Edits go to ruamel.yaml's round-trip document, so a save keeps the user's comments,
key order and flow style. A save is atomic, and refuses to overwrite a file that someone
else changed on disk since it was read (the caller decides: reload, or save anyway).
"""

from __future__ import annotations

import copy
import hashlib
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from pleitbrief.drafts import Draft, load_draft
from pleitbrief.fsio import write_text_atomic
from pleitbrief.problems import PleitbriefError, Problem
from pleitbrief.records import record
from pleitbrief.yamlread import round_trip_document


class ConflictError(Exception):
    """The draft changed on disk since it was read; saving would lose the other change."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed on disk since it was opened")
        self.path = path


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # `  - block: …`, as drafts are written
    yaml.width = 4096  # never re-wrap a user's long line
    return yaml


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_value(text: str) -> str:
    """A text item's value: a ``|`` block when it spans lines, so the file stays readable."""
    return (
        LiteralScalarString(text if text.endswith("\n") else text + "\n")
        if "\n" in text.strip("\n")
        else text
    )


@record
class EditableDraft:
    """A draft open for editing: its round-trip YAML and what was last read or saved."""

    path: Path
    data: CommentedMap
    disk_fingerprint: str
    """Fingerprint of the bytes last read from or written to disk."""

    @classmethod
    def open(cls, path: Path) -> EditableDraft:
        """Raises:
        PleitbriefError: the file cannot be read as a draft (its problems attached).
        """
        draft, problems = load_draft(path)
        if draft is None:
            raise PleitbriefError(problems)
        raw = path.read_bytes()
        return cls(path, round_trip_document(path.read_text(encoding="utf-8")), fingerprint(raw))

    # --- reading ----------------------------------------------------------------------

    def dump(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        return out.getvalue()

    def parsed(self) -> tuple[Draft | None, list[Problem]]:
        """The draft as the pipeline sees it, from the current (unsaved) state."""
        from pleitbrief.drafts import parse_draft_text

        return parse_draft_text(self.dump(), self.path)

    def section(self, name: str) -> CommentedSeq:
        sections = self.data.setdefault("sections", CommentedMap())
        items = sections.get(name)
        if isinstance(items, CommentedSeq):
            return items
        fresh = CommentedSeq(items if isinstance(items, list) else [])
        sections[name] = fresh
        return fresh

    # --- edits ------------------------------------------------------------------------

    def set_field(self, name: str, value: Any) -> None:
        fields = self.data.setdefault("fields", CommentedMap())
        fields[name] = value

    def add_block(self, section: str, block_id: str, index: int | None = None) -> int:
        item = CommentedMap()
        item["block"] = block_id
        return self._insert(section, item, index)

    def add_text(self, section: str, text: str, index: int | None = None) -> int:
        item = CommentedMap()
        item["text"] = text_value(text)
        return self._insert(section, item, index)

    def _insert(self, section: str, item: Any, index: int | None) -> int:
        items = self.section(section)
        position = len(items) if index is None else max(0, min(index, len(items)))
        items.insert(position, item)
        return position

    def remove(self, section: str, index: int) -> None:
        del self.section(section)[index]

    def move(self, section: str, index: int, delta: int) -> int:
        """Move an item up (delta < 0) or down; returns its new index."""
        items = self.section(section)
        target = max(0, min(len(items) - 1, index + delta))
        if target != index:
            item = items[index]
            del items[index]
            items.insert(target, item)
        return target

    def duplicate(self, section: str, index: int) -> int:
        items = self.section(section)
        items.insert(index + 1, copy.deepcopy(items[index]))
        return index + 1

    def set_text(self, section: str, index: int, text: str) -> None:
        item = self.section(section)[index]
        item["text"] = text_value(text)

    def set_var(self, section: str, index: int, name: str, value: str | None) -> None:
        """Set a block item's variable; None removes it (the block's default applies)."""
        item = self.section(section)[index]
        variables = item.get("vars")
        if value is None:
            if isinstance(variables, dict):
                variables.pop(name, None)
                if not variables:
                    del item["vars"]
            return
        if not isinstance(variables, dict):
            variables = CommentedMap()
            variables.fa.set_flow_style()
            item["vars"] = variables
        variables[name] = value

    def replace_with_text(self, section: str, index: int, text: str) -> None:
        """Turn a block item into a text item holding ``text`` (the block as rendered)."""
        item = CommentedMap()
        item["text"] = text_value(text)
        self.section(section)[index] = item

    def replace_with_block(self, section: str, index: int, block_id: str) -> None:
        item = CommentedMap()
        item["block"] = block_id
        self.section(section)[index] = item

    # --- disk -------------------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        try:
            return fingerprint(self.path.read_bytes()) != self.disk_fingerprint
        except FileNotFoundError:
            return True

    def save(self, force: bool = False) -> None:
        """Write atomically.

        Raises:
            ConflictError: the file changed on disk since it was read (unless ``force``).
        """
        if not force and self.changed_on_disk():
            raise ConflictError(self.path)
        text = self.dump()
        write_text_atomic(self.path, text)
        self.disk_fingerprint = fingerprint(text.encode("utf-8"))

    def reload(self) -> None:
        """Take the version on disk, dropping unsaved edits."""
        fresh = EditableDraft.open(self.path)
        self.data, self.disk_fingerprint = fresh.data, fresh.disk_fingerprint
