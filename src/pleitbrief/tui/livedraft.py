"""The draft being edited, as the pipeline and the outline see it, without a save.

``EditableDraft`` holds the round-trip YAML; re-dumping and re-parsing it on every
keystroke costs tens of milliseconds on a long letter, so the live view reads the YAML
objects directly. Lines are those of the last dump (for problems), not needed here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pleitbrief.drafts import BlockItem, Draft, Item, TextItem
from pleitbrief.problems import Problem
from pleitbrief.records import record


@record(frozen=True)
class ItemRef:
    """Where something in a draft is: the fields, a section, or one item of a section."""

    kind: str
    """``fields``, ``section`` or ``item``."""
    section: str = ""
    index: int = -1

    @classmethod
    def fields(cls) -> ItemRef:
        return cls("fields")

    @classmethod
    def of_section(cls, name: str) -> ItemRef:
        return cls("section", name)

    @classmethod
    def item(cls, section: str, index: int) -> ItemRef:
        return cls("item", section, index)


def draft_from_data(data: Any, path: Path) -> Draft:
    """A ``Draft`` from round-trip YAML (what ``parse_draft_text`` gives, less the lines)."""
    raw_fields = data.get("fields") if isinstance(data, dict) else None
    raw_sections = data.get("sections") if isinstance(data, dict) else None
    draft = Draft(
        path=path,
        name=path.stem,
        template=str(data.get("template") or "") if isinstance(data, dict) else "",
        template_line=1,
        lang=str(data["lang"]) if isinstance(data, dict) and data.get("lang") else None,
        style=str(data["style"]) if isinstance(data, dict) and data.get("style") else None,
        data=data,
    )
    if isinstance(raw_fields, dict):
        # plain copies: the preview worker reads them while the next keystroke edits the YAML
        draft.fields = {str(k): _plain(v) for k, v in raw_fields.items()}
    if isinstance(raw_sections, dict):
        for name, items in raw_sections.items():
            parsed: list[Item] = []
            for raw in items if isinstance(items, list) else []:
                item = item_from_data(raw)
                if item is not None:
                    parsed.append(item)
            draft.sections[str(name)] = parsed
    return draft


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def item_from_data(raw: Any) -> Item | None:
    if isinstance(raw, str):
        return TextItem(raw)
    if not isinstance(raw, dict):
        return None
    if "text" in raw:
        return TextItem("" if raw["text"] is None else str(raw["text"]))
    if "block" in raw:
        variables = raw.get("vars")
        values = _plain(variables) if isinstance(variables, dict) else {}
        return BlockItem(str(raw["block"]), values)
    return None


def field_text(value: Any) -> str:
    """A field value as the form shows it: a list joined with ``; ``, a date in ISO."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def item_label(item: Item, title_of_block: dict[str, str], width: int = 40) -> str:
    """One line for the outline: the start of a text, or a block's title."""
    if isinstance(item, BlockItem):
        return title_of_block.get(item.block_id, item.block_id)
    first = " ".join(item.text.split())
    return (first[: width - 1] + "…") if len(first) > width else (first or "(empty text)")


def locate(problem: Problem, draft: Draft | None) -> tuple[ItemRef, int, int] | None:
    """The item (or the fields) of ``draft`` a problem of the draft file points at, with
    the 0-based row and column inside a text item."""
    if draft is None or problem.file is None or problem.line <= 0:
        return None
    if problem.file.resolve() != draft.path.resolve():
        return None
    for line in draft.field_lines.values():
        if line == problem.line:
            return ItemRef.fields(), 0, 0
    if problem.line == draft.fields_line and problem.code == "missing-field":
        return ItemRef.fields(), 0, 0
    best: tuple[ItemRef, int, int] | None = None
    best_line = 0
    for section, items in draft.sections.items():
        section_line = draft.section_lines.get(section, 0)
        if section_line == problem.line:
            best, best_line = (ItemRef.of_section(section), 0, 0), section_line
        for index, item in enumerate(items):
            if best_line <= item.line <= problem.line:
                row, col = 0, 0
                if isinstance(item, TextItem) and problem.line >= item.text_line:
                    row = problem.line - item.text_line
                    # the core gives the file's column: the text's own starts after the
                    # indent of its block scalar (``text_col``)
                    col = max(0, problem.col - 1 - item.text_col)
                best, best_line = (ItemRef.item(section, index), row, col), item.line
    return best
