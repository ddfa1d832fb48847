"""YAML front matter above a Markdown body, with the line where the body starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pleitbrief.problems import Problem, error


@dataclass(slots=True)
class FrontMatterDocument:
    meta: dict[str, Any]
    """The front matter (a ruamel CommentedMap, so ``meta.lc`` knows lines)."""
    body: str
    body_line: int
    """1-based line of the file where the body starts."""
    meta_line: int
    """1-based line of the first front-matter line (after the opening ``---``)."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml


def yaml_problem(exc: YAMLError, file: Path, line_offset: int = 0) -> Problem:
    """A YAML error as a Problem at its line (``line_offset`` lines above the YAML text)."""
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        reason = exc.problem or "invalid YAML"
        if exc.context:
            reason = f"{exc.context}: {reason}"
        return error(
            file, mark.line + 1 + line_offset, "yaml-syntax", f"YAML: {reason}", col=mark.column + 1
        )
    return error(file, line_offset + 1, "yaml-syntax", f"YAML: {exc}")


def load_yaml(text: str, file: Path, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    try:
        return _yaml().load(text), []
    except YAMLError as exc:
        return None, [yaml_problem(exc, file, line_offset)]


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


def key_line(mapping: Any, key: str, default: int) -> int:
    """1-based line of ``key`` in a ruamel mapping, or ``default`` when unknown."""
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return default


def item_line(sequence: Any, index: int, default: int) -> int:
    """1-based line of item ``index`` in a ruamel sequence, or ``default``."""
    try:
        return int(sequence.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return default


def value_line(mapping: Any, key: str, default: int) -> int:
    """1-based line where the value of ``key`` starts in a ruamel mapping."""
    try:
        return int(mapping.lc.value(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return default


def value_col(mapping: Any, key: str) -> int:
    """0-based column where the value of ``key`` starts in a ruamel mapping (0 if unknown)."""
    try:
        return int(mapping.lc.value(key)[1])
    except (AttributeError, KeyError, TypeError):
        return 0


def read_front_matter_file(
    path: Path, what: str
) -> tuple[FrontMatterDocument | None, list[Problem]]:
    """Read ``path`` and split its front matter; ``what`` names the file in a problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(path, 0, "unreadable", f"cannot read {what}: {exc}")]
    return split_front_matter(text, path)
