"""Assembly: a draft, its letter template and its blocks → one Markdown text with citations.

Blocks and the letter body go through the Jinja sandbox; field values are formatted in
the document language (dates, lists); sections become numbered lists, bullets or
paragraphs. Each piece of source the letter is made of is kept as a ``Fragment`` with its
file and line, so later checks (citations, control characters) can point at the place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path
from typing import Any

from pleitbrief import templating
from pleitbrief.blocks import Block, BlockLibrary
from pleitbrief.drafts import BlockItem, Draft, Item, TextItem
from pleitbrief.i18n import format_date, join_list
from pleitbrief.letters import FieldSpec, LetterTemplate, SectionSpec
from pleitbrief.markup.model import Metadata
from pleitbrief.problems import Problem, error, has_errors, warning
from pleitbrief.records import record
from pleitbrief.suggest import did_you_mean
from pleitbrief.workspace import Workspace


@record
class Fragment:
    """A piece of source text the letter is made of, and where it is written."""

    source: str
    """The text as written in its file (before Jinja)."""
    file: Path
    first_line: int
    """1-based line of ``file`` where ``source`` starts."""
    rendered: str = ""
    """The text after Jinja (equal to ``source`` for draft text)."""
    col_offset: int = 0
    """Columns before ``source`` on each of its lines in ``file`` (a YAML block's indent)."""


@record
class Assembled:
    markdown: str
    meta: Metadata
    lang: str
    style: str
    fragments: list[Fragment] = field(default_factory=list)
    blocks_used: list[Block] = field(default_factory=list)


def document_lang(draft: Draft, workspace: Workspace) -> str:
    return draft.lang or workspace.lang


def assemble(
    draft: Draft, template: LetterTemplate, blocks: BlockLibrary, workspace: Workspace
) -> tuple[Assembled | None, list[Problem]]:
    lang = document_lang(draft, workspace)
    style = draft.style or workspace.style or f"pleitbrief-{lang}"
    result = Assembled("", Metadata(lang=lang), lang, style)
    context, problems = field_values(draft, template, lang)
    sections: dict[str, str] = {}
    for name in draft.sections:
        if name not in template.sections:
            hint = did_you_mean(name, template.sections)
            problems.append(
                error(
                    draft.path,
                    draft.section_lines[name],
                    "unknown-section",
                    f"template {template.name!r} has no section {name!r}{hint}",
                )
            )
    for name, spec in template.sections.items():
        rendered_items = []
        for item in draft.sections.get(name, []):
            text, item_problems = _render_item(item, draft, blocks, lang, result)
            problems += item_problems
            if text is not None and text.strip():
                rendered_items.append(text.strip("\n"))
        if spec.required and not rendered_items:
            problems.append(
                error(
                    draft.path,
                    draft.section_lines.get(name, draft.template_line),
                    "missing-section",
                    f"section {name!r} ({spec.label}) is empty",
                )
            )
        sections[name] = join_section(rendered_items, spec)
    if has_errors(problems):
        return None, problems

    context |= {
        "fields": dict(context),
        "sections": sections,
        "organisation": workspace.organisation,
        "lang": lang,
    }
    markdown, render_problems = templating.render(
        template.body, context, template.file, template.body_line, lang
    )
    problems += render_problems
    if markdown is None:
        return None, problems
    # The rendered letter holds every section's items, which are fragments of their own:
    # the letter body is checked as written, so nothing is reported twice.
    result.fragments.append(
        Fragment(template.body, template.file, template.body_line, template.body)
    )
    result.markdown = markdown
    title, _ = templating.render(template.document_title, context, template.file, 1, lang)
    result.meta.title = " ".join((title or "").split()) or template.title
    signatories = context.get("signatories") or context.get("members") or []
    result.meta.author = str(workspace.organisation.get("name") or join_list(signatories, lang))
    return result, problems


def field_values(
    draft: Draft, template: LetterTemplate, lang: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Every template field, from the draft or its default, formatted for the document."""
    problems: list[Problem] = []
    for name in draft.fields:
        if name not in template.fields:
            hint = did_you_mean(name, template.fields)
            problems.append(
                warning(
                    draft.path,
                    draft.field_lines[name],
                    "unknown-field",
                    f"template {template.name!r} has no field {name!r}{hint}",
                )
            )
    values: dict[str, Any] = {}
    for name, spec in template.fields.items():
        value = draft.fields.get(name)
        if _is_empty(value):
            value = spec.default
        line = draft.field_lines.get(name, draft.fields_line)
        if _is_empty(value):
            if spec.required:
                problems.append(
                    error(
                        draft.path,
                        line,
                        "missing-field",
                        f"required field {name!r} ({spec.label}) is missing",
                    )
                )
            values[name] = [] if spec.type == "list" else ""
            continue
        formatted, problem = _format_field(value, spec, lang, draft.path, line)
        if problem:
            problems.append(problem)
        values[name] = formatted
    return values, problems


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _format_field(
    value: Any, spec: FieldSpec, lang: str, file: Path, line: int
) -> tuple[Any, Problem | None]:
    if spec.type == "date":
        day = parse_date(value)
        if day is None:
            return str(value), error(
                file,
                line,
                "bad-date",
                f"field {spec.name!r} must be a date like 2022-09-23, not {value!r}",
            )
        return format_date(day, lang), None
    if spec.type == "list":
        if isinstance(value, str):
            return [value], None
        if isinstance(value, list):
            return [str(v) for v in value], None
        return [str(value)], warning(
            file, line, "bad-list", f"field {spec.name!r} should be a list"
        )
    if isinstance(value, list | dict):
        return str(value), error(file, line, "bad-text", f"field {spec.name!r} should be text")
    return str(value), None


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _render_item(
    item: Item, draft: Draft, blocks: BlockLibrary, lang: str, result: Assembled
) -> tuple[str | None, list[Problem]]:
    if isinstance(item, TextItem):
        result.fragments.append(
            Fragment(item.text, draft.path, item.text_line, item.text, item.text_col)
        )
        return item.text, []
    block = blocks.get(item.block_id, lang)
    if block is None and item.block_id in blocks.broken:
        return None, [
            *blocks.broken[item.block_id],
            error(
                draft.path,
                item.line,
                "broken-block",
                f"block {item.block_id!r} cannot be read (see its errors)",
            ),
        ]
    if block is None:
        hint = did_you_mean(item.block_id, list(blocks.variants))
        return None, [
            error(draft.path, item.line, "unknown-block", f"no block {item.block_id!r}{hint}")
        ]
    variables, problems = block_variables(item, block, draft, lang)
    if problems:
        return None, problems
    text, problems = templating.render(block.body, variables, block.file, block.body_line, lang)
    if text is None:
        where = f" (used at {draft.path.name}:{item.line})"
        return None, [
            Problem(p.file, p.line, p.col, p.severity, p.code, p.message + where) for p in problems
        ]
    result.fragments.append(Fragment(block.body, block.file, block.body_line, text))
    result.blocks_used.append(block)
    return text, problems


def block_variables(
    item: BlockItem, block: Block, draft: Draft, lang: str
) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []
    for name in item.vars:
        if name not in block.variables:
            hint = did_you_mean(name, block.variables)
            declared = ", ".join(block.variables) or "none"
            problems.append(
                error(
                    draft.path,
                    item.var_lines.get(name, item.line),
                    "unknown-variable",
                    f"block {block.id!r} has no variable {name!r}{hint} (it has: {declared})",
                )
            )
    values = block.defaults()
    for name, value in item.vars.items():
        day = value if isinstance(value, dt.date) else None
        values[name] = format_date(day, lang) if day else str(value)
    for name, variable in block.variables.items():
        if name not in values:
            problems.append(
                error(
                    draft.path,
                    item.line,
                    "missing-variable",
                    f"block {block.id!r} needs a value for {name!r} "
                    f"({variable.label}): it has no default",
                )
            )
    return values, problems


def join_section(items: list[str], spec: SectionSpec) -> str:
    """Items as a numbered list, a bulleted list, or paragraphs."""
    if not items:
        return ""
    if not (spec.numbered or spec.bullets):
        return "\n\n".join(items)
    loose = any("\n\n" in item for item in items)
    rendered = []
    for number, item in enumerate(items, 1):
        marker = f"{number}. " if spec.numbered else "- "
        rendered.append(_list_item(marker, item))
    return ("\n\n" if loose else "\n").join(rendered)


def _list_item(marker: str, text: str) -> str:
    indent = " " * len(marker)
    first, *rest = text.split("\n")
    return "\n".join([marker + first, *[(indent + line) if line.strip() else "" for line in rest]])
