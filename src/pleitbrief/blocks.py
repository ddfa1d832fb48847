"""Argument blocks: reusable Markdown + Jinja paragraphs under ``templates/blocks``.

A block's id is its path under ``templates/blocks`` without ``.md``; a language variant
``NAME.en.md`` sits beside ``NAME.md`` and is used when the document is in that language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

from pleitbrief.frontmatter import read_front_matter_file
from pleitbrief.problems import Problem, error, warning
from pleitbrief.records import record
from pleitbrief.yamlread import key_line

_VARIANT = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2}(?:-[A-Za-z]{2})?)$")


@record
class Variable:
    name: str
    label: str
    default: str | None
    """None when the draft must give the value."""
    line: int


@record
class Block:
    id: str
    """Path under ``templates/blocks`` without ``.md`` (and without a language suffix)."""
    file: Path
    lang: str
    title: str
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    reviewed: dt.date | None = None
    variables: dict[str, Variable] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    """1-based line of ``file`` where the body starts."""

    def defaults(self) -> dict[str, str]:
        return {v.name: v.default for v in self.variables.values() if v.default is not None}


@record
class BlockLibrary:
    variants: dict[str, dict[str, Block]] = field(default_factory=dict)
    """Block id → language → block."""
    problems: list[Problem] = field(default_factory=list)
    broken: dict[str, list[Problem]] = field(default_factory=dict)
    """Block id → the errors of a block file that could not be loaded at all."""

    def __contains__(self, block_id: object) -> bool:
        return block_id in self.variants

    def __iter__(self) -> Iterator[Block]:
        """One block per id: the variant in its own base file."""
        for block_id in sorted(self.variants):
            yield self.primary(block_id)

    def __len__(self) -> int:
        return len(self.variants)

    def primary(self, block_id: str) -> Block:
        variants = self.variants[block_id]
        return next(
            (b for b in variants.values() if not _is_variant_file(b.file)),
            next(iter(variants.values())),
        )

    def get(self, block_id: str, lang: str) -> Block | None:
        """The block in ``lang`` if it has that variant, else its primary text."""
        variants = self.variants.get(block_id)
        if not variants:
            return None
        return variants.get(lang) or self.primary(block_id)

    def all_variants(self) -> Iterator[Block]:
        for block_id in sorted(self.variants):
            yield from self.variants[block_id].values()


def _is_variant_file(path: Path) -> bool:
    return _VARIANT.match(path.stem) is not None


def load_blocks(folder: Path, default_lang: str) -> BlockLibrary:
    library = BlockLibrary()
    if not folder.is_dir():
        return library
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(folder).with_suffix("")
        variant = _VARIANT.match(relative.name)
        lang_from_name = variant.group("lang") if variant else None
        stem = variant.group("stem") if variant else relative.name
        block_id = (relative.parent / stem).as_posix()
        block, problems = load_block(path, block_id, lang_from_name or default_lang)
        library.problems.extend(problems)
        if block is None:
            library.broken.setdefault(block_id, []).extend(problems)
            continue
        if lang_from_name and block.lang != lang_from_name:
            library.problems.append(
                warning(
                    path,
                    1,
                    "block-lang",
                    f"file name says language {lang_from_name!r}, front matter says "
                    f"{block.lang!r}; using {lang_from_name!r}",
                )
            )
            block.lang = lang_from_name
        existing = library.variants.setdefault(block_id, {})
        if block.lang in existing:
            other = existing[block.lang].file
            library.problems.append(
                error(
                    path,
                    1,
                    "duplicate-block",
                    f"block {block_id!r} in {block.lang!r} is also defined in {other}",
                )
            )
            continue
        existing[block.lang] = block
    return library


def load_block(path: Path, block_id: str, default_lang: str) -> tuple[Block | None, list[Problem]]:
    document, problems = read_front_matter_file(path, "block")
    if document is None:
        return None, problems
    meta = document.meta
    block = Block(
        id=block_id,
        file=path,
        lang=str(meta.get("lang") or default_lang),
        title=str(meta.get("title") or block_id),
        summary=str(meta.get("summary") or ""),
        body=document.body,
        body_line=document.body_line,
    )
    if not meta.get("title"):
        problems.append(warning(path, 1, "block-title", "block has no title"))
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    block.tags = [str(t) for t in tags]
    reviewed = meta.get("reviewed")
    if isinstance(reviewed, dt.date):
        block.reviewed = reviewed
    elif reviewed:
        problems.append(
            error(
                path,
                key_line(meta, "reviewed", 2),
                "block-field",
                f"reviewed must be a date like 2023-01-10, not {reviewed!r}",
            )
        )
    block.variables, variable_problems = _variables(meta.get("variables"), meta, path)
    problems.extend(variable_problems)
    return block, problems


def _variables(raw: Any, meta: Any, path: Path) -> tuple[dict[str, Variable], list[Problem]]:
    if not raw:
        return {}, []
    line = key_line(meta, "variables", 2)
    if not isinstance(raw, dict):
        return {}, [error(path, line, "block-field", "variables must be a mapping of names")]
    variables: dict[str, Variable] = {}
    problems: list[Problem] = []
    for name, spec in raw.items():
        var_line = key_line(raw, name, line)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
            problems.append(
                error(
                    path,
                    var_line,
                    "block-field",
                    f"variable name {name!r} is not a valid identifier",
                )
            )
            continue
        if isinstance(spec, dict):
            default = spec.get("default")
            label = str(spec.get("label") or name)
        else:  # shorthand: ``name: default``
            default, label = spec, str(name)
        variables[str(name)] = Variable(
            str(name), label, None if default is None else _as_text(default), var_line
        )
    return variables, problems


def _as_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
