"""Drafts: ``drafts/NAME.yaml``, a letter template filled with fields and section items.

Read with ``yamlread.load_yaml``, so every value knows its line (for problems); the
editor (``editing.py``) loads the round-trip document it saves through itself.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any

from pleitbrief.problems import Problem, error, warning
from pleitbrief.records import record
from pleitbrief.yamlread import (
    item_line,
    key_line,
    load_yaml,
    value_col,
    value_line,
    value_style,
)

KNOWN_KEYS = ("template", "lang", "style", "fields", "sections", "links")


@record
class BlockItem:
    block_id: str
    vars: dict[str, Any] = field(default_factory=dict)
    line: int = 0
    """1-based line of the item in the draft."""
    var_lines: dict[str, int] = field(default_factory=dict)


@record
class TextItem:
    text: str
    line: int = 0
    text_line: int = 0
    """1-based line of the draft where the text's first line is."""
    text_col: int = 0
    """Columns before the text on its lines (a ``|`` block's indentation), for problems."""


Item = BlockItem | TextItem


@record
class Draft:
    path: Path
    name: str
    template: str
    template_line: int
    lang: str | None = None
    style: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    fields_line: int = 1
    sections: dict[str, list[Item]] = field(default_factory=dict)
    section_lines: dict[str, int] = field(default_factory=dict)
    data: Any = None
    """The YAML as read (``yamlread.YamlMap``; the editor's round-trip document in the
    TUI), for ``key_line`` and options without a field of their own (``links``)."""


def load_draft(path: Path) -> tuple[Draft | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [error(path, 0, "no-draft", "no such draft")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(path, 0, "unreadable", f"cannot read draft: {exc}")]
    return parse_draft_text(text, path)


def parse_draft_text(text: str, path: Path) -> tuple[Draft | None, list[Problem]]:
    """A draft from its YAML text (``path`` names it in problems)."""
    data, problems = load_yaml(text, path)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [error(path, 1, "draft-shape", "a draft is a YAML mapping with 'template:'")]
    if not data.get("template"):
        return None, [error(path, 1, "draft-shape", "the draft names no template ('template: …')")]

    draft = Draft(
        path=path,
        name=path.stem,
        template=str(data["template"]),
        template_line=key_line(data, "template", 1),
        lang=str(data["lang"]) if data.get("lang") else None,
        style=str(data["style"]) if data.get("style") else None,
        data=data,
    )
    for key in data:
        if key not in KNOWN_KEYS:
            problems.append(
                warning(
                    path,
                    key_line(data, key, 1),
                    "draft-key",
                    f"unknown key {key!r} (known: {', '.join(KNOWN_KEYS)})",
                )
            )
    problems += _read_fields(draft, data)
    problems += _read_sections(draft, data, text.splitlines())
    return draft, problems


def _read_fields(draft: Draft, data: Any) -> list[Problem]:
    raw = data.get("fields") or {}
    draft.fields_line = key_line(data, "fields", 1)
    if not isinstance(raw, dict):
        return [error(draft.path, draft.fields_line, "draft-shape", "fields must be a mapping")]
    for name, value in raw.items():
        draft.fields[str(name)] = value
        draft.field_lines[str(name)] = key_line(raw, name, draft.fields_line)
    return []


def _read_sections(draft: Draft, data: Any, lines: list[str]) -> list[Problem]:
    raw = data.get("sections") or {}
    path = draft.path
    sections_line = key_line(data, "sections", 1)
    if not isinstance(raw, dict):
        return [error(path, sections_line, "draft-shape", "sections must be a mapping")]
    problems: list[Problem] = []
    for name, items in raw.items():
        line = key_line(raw, name, sections_line)
        draft.section_lines[str(name)] = line
        if items is None:
            draft.sections[str(name)] = []
            continue
        if not isinstance(items, list):
            problems.append(
                error(
                    path,
                    line,
                    "draft-shape",
                    f"section {name!r} must be a list of items (- block: … / - text: …)",
                )
            )
            continue
        parsed: list[Item] = []
        for index, raw_item in enumerate(items):
            item, item_problems = _read_item(raw_item, item_line(items, index, line), path, lines)
            problems += item_problems
            if item is not None:
                parsed.append(item)
        draft.sections[str(name)] = parsed
    return problems


def _indentation(lines: list[str], line: int) -> int:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return len(text) - len(text.lstrip(" "))


def _is_quoted(lines: list[str], line: int, raw: Any) -> bool:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    col = value_col(raw, "text")
    return text[col : col + 1] in ("'", '"')


def _read_item(
    raw: Any, line: int, path: Path, lines: list[str]
) -> tuple[Item | None, list[Problem]]:
    if isinstance(raw, str):  # a bare string is a text item
        return TextItem(raw, line, line), []
    if not isinstance(raw, dict) or ("block" in raw) == ("text" in raw):
        return None, [
            error(
                path,
                line,
                "draft-item",
                "an item is either '- block: ID' (with optional vars) or '- text: …'",
            )
        ]
    extra = set(raw) - {"block", "vars", "text"}
    problems = [
        warning(path, key_line(raw, k, line), "draft-item", f"unknown item key {k!r}")
        for k in sorted(extra)
    ]
    if "text" in raw:
        text = raw["text"]
        start = value_line(raw, "text", line)
        if value_style(raw, "text") in ("|", ">"):
            start += 1  # the text starts below the '|' or '>'
            col = _indentation(lines, start)
        else:
            col = value_col(raw, "text") + (1 if _is_quoted(lines, start, raw) else 0)
        item = TextItem("" if text is None else str(text), line, start, col)
        return item, problems
    variables = raw.get("vars") or {}
    if not isinstance(variables, dict):
        return None, [
            error(
                path,
                key_line(raw, "vars", line),
                "draft-item",
                "vars must be a mapping of variable names to values",
            )
        ]
    var_lines = {str(k): key_line(variables, k, line) for k in variables}
    return BlockItem(str(raw["block"]), dict(variables), line, var_lines), problems
