"""YAML front matter above a Markdown body, with the line where the body starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pleitbrief.problems import Problem, error
from pleitbrief.records import record
from pleitbrief.yamlread import load_yaml


@record
class FrontMatterDocument:
    meta: dict[str, Any]
    """The front matter (a ``YamlMap``, so ``key_line(meta, key, …)`` knows lines)."""
    body: str
    body_line: int
    """1-based line of the file where the body starts."""
    meta_line: int
    """1-based line of the first front-matter line (after the opening ``---``)."""


def split_front_matter(text: str, file: Path) -> tuple[FrontMatterDocument | None, list[Problem]]:
    """Split ``---`` YAML ``---`` from the Markdown body below it.

    A file without front matter is all body, with empty meta.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return FrontMatterDocument({}, text, 1, 1), []
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "".join(lines[1:index])
            meta, problems = load_yaml(yaml_text, file, line_offset=1)
            if problems:
                return None, problems
            if meta is None:
                meta = {}
            if not isinstance(meta, dict):
                return None, [error(file, 2, "front-matter", "front matter must be a mapping")]
            body = "".join(lines[index + 1 :])
            return FrontMatterDocument(meta, body, index + 2, 2), []
    return None, [error(file, 1, "front-matter", "front matter opened with '---' is never closed")]


def read_front_matter_file(
    path: Path, what: str
) -> tuple[FrontMatterDocument | None, list[Problem]]:
    """Read ``path`` and split its front matter; ``what`` names the file in a problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(path, 0, "unreadable", f"cannot read {what}: {exc}")]
    return split_front_matter(text, path)
