"""``pleitbrief check``: every problem of a workspace, or of the drafts given."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from pleitbrief import templating
from pleitbrief.assemble import Fragment
from pleitbrief.blocks import Block
from pleitbrief.integrity import draft_integrity_problems, integrity_problems
from pleitbrief.pipeline import LoadedWorkspace, build, citation_problems
from pleitbrief.problems import Problem, error
from pleitbrief.sanitize import find_control_characters


def check_workspace(loaded: LoadedWorkspace, today: dt.date | None = None) -> list[Problem]:
    """The workspace settings, library, blocks, letter templates and every draft, and the
    integrity of the sources (:mod:`pleitbrief.integrity`)."""
    problems = list(loaded.workspace.problems)
    problems += loaded.library.problems
    problems += loaded.blocks.problems
    problems += loaded.templates.problems
    for block in loaded.blocks.all_variants():
        problems += check_block(block, loaded)
    for template in loaded.templates.templates.values():
        fragment = Fragment(template.body, template.file, template.body_line, template.body)
        problems += citation_problems(fragment, loaded.library)
    for draft_path in draft_paths(loaded):
        problems += build(loaded, draft_path, library_problems=False).problems
    problems += integrity_problems(loaded, today)
    return sort_problems(problems)


def check_drafts(
    loaded: LoadedWorkspace, paths: Iterable[Path], today: dt.date | None = None
) -> list[Problem]:
    """The given drafts, judged as export judges them: only what they use (the integrity
    of the sources too: of the entries, blocks and template the draft uses)."""
    problems = list(loaded.workspace.problems)
    for path in paths:
        problems += build(loaded, path).problems
        problems += draft_integrity_problems(loaded, path, today)
    return sort_problems(problems)


def draft_paths(loaded: LoadedWorkspace) -> list[Path]:
    folder = loaded.workspace.drafts_dir
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []


def check_block(block: Block, loaded: LoadedWorkspace) -> list[Problem]:
    """What can be known about a block without a draft: its variables and citations."""
    problems: list[Problem] = []
    for name in sorted(templating.undeclared_variables(block.body, block.lang)):
        if name not in block.variables:
            line, col = _first_use(block.body, name)
            declared = ", ".join(block.variables) or "none"
            problems.append(
                error(
                    block.file,
                    block.body_line + line,
                    "undefined-variable",
                    f"variable {name!r} is used but not declared under "
                    f"'variables:' (declared: {declared})",
                    col=col,
                )
            )
    fragment = Fragment(block.body, block.file, block.body_line, block.body)
    problems += citation_problems(fragment, loaded.library)
    problems += find_control_characters(block.body, block.file, block.body_line)
    return problems


def _first_use(body: str, name: str) -> tuple[int, int]:
    pattern = re.compile(r"\{[{%][^}]*\b" + re.escape(name) + r"\b")
    for number, line in enumerate(body.split("\n")):
        match = pattern.search(line)
        if match:
            return number, match.start() + 1
    return 0, 1


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Each problem once, in file and line order."""
    unique = _without_overlaps(list(dict.fromkeys(problems)))
    return sorted(unique, key=lambda p: (str(p.file or ""), p.line, p.col))


_STYLE_FIELD = re.compile(r"has no (\w+)")


def _without_overlaps(problems: list[Problem]) -> list[Problem]:
    """Drop a style's "entry has no session" where the integrity check already says so.

    Both look at cited entries; integrity's ``entry-no-…`` warnings hold for every style,
    the style's ``style-missing-field`` only adds what this style prints beyond them.
    """
    said: dict[tuple[Path | None, int], str] = {}
    for p in problems:
        if p.code.startswith("entry-no-"):
            said[(p.file, p.line)] = said.get((p.file, p.line), "") + " " + p.message

    def repeated(problem: Problem) -> bool:
        field = _STYLE_FIELD.search(problem.message)
        return (
            problem.code == "style-missing-field"
            and field is not None
            and re.search(rf"\b{field.group(1)}\b", said.get((problem.file, problem.line), ""))
            is not None
        )

    return [p for p in problems if not repeated(p)]
