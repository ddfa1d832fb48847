"""The draft screen's checks and export: what their workers compute, and what comes of it.

``check_text`` and ``export_text`` run in the screen's ``checks`` and ``export`` workers:
plain functions of the session and the draft's text as it would be saved, touching no
widget; the screen posts what they return to itself (``DraftScreen.ChecksReady``,
``DraftScreen.ExportDone``). Back on the UI thread, ``go_to_problem`` follows a problem
chosen in the list and ``report_export`` tells how an export went.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pleitbrief.check import sort_problems
from pleitbrief.drafts import parse_draft_text
from pleitbrief.pipeline import build_draft
from pleitbrief.problems import Problem, error
from pleitbrief.records import record
from pleitbrief.tui.livedraft import ItemRef, locate
from pleitbrief.tui.screens import draft_edits
from pleitbrief.tui.widgets.outline import Outline
from pleitbrief.tui.widgets.problems_panel import ProblemsPanel

if TYPE_CHECKING:
    from pleitbrief.tui.screens.draft import DraftScreen
    from pleitbrief.tui.screens.export import ExportRequest
    from pleitbrief.tui.session import Session

Target = tuple[ItemRef, int, int] | None
"""Where in the draft a problem points (item, row, column), for the problems list."""


def check_text(session: Session, text: str, path: Path) -> tuple[list[Problem], list[Target]]:
    """What ``pleitbrief check`` says of the draft ``text``, and where each problem points."""
    draft, problems = parse_draft_text(text, path)
    if draft is not None:
        problems = session.check_draft(draft, problems)
    else:
        problems = sort_problems(list(session.workspace.problems) + problems)
    return problems, [locate(p, draft) for p in problems]


@record
class Exported:
    """What an export came to: the file written, or the problems and failure that stopped it."""

    written: Path | None
    problems: list[Problem]
    targets: list[Target]
    failure: str = ""


def export_text(session: Session, request: ExportRequest, text: str, path: Path) -> Exported:
    """Build the draft ``text`` (read from ``path``) and write it as ``request`` asks."""
    from pleitbrief.writers import WriteOptions, write

    draft, problems = parse_draft_text(text, path)
    if draft is None:
        return Exported(None, problems, [None] * len(problems))
    built = build_draft(
        session.loaded,
        draft,
        problems,
        style_name=request.style,
        keep_citations=request.keep_citations,
    )
    problems = sort_problems(list(session.workspace.problems) + built.problems)
    targets = [locate(p, draft) for p in problems]
    if built.document is None or any(p.is_error for p in problems):
        if not any(p.is_error for p in problems):
            problems.append(error(path, 0, "export", "the letter could not be built"))
            targets.append(None)
        return Exported(None, problems, targets)
    options = WriteOptions(
        keep_citations=request.keep_citations, reference_doc=session.workspace.reference_doc
    )
    try:
        write(built.document, request.path, request.format, options)
    except OSError as exc:
        return Exported(None, problems, targets, failure=f"cannot write {request.path}: {exc}")
    return Exported(request.path, problems, targets)


def go_to_problem(screen: DraftScreen, problem: Problem, target: Target) -> None:
    """Show where ``problem`` is: its place in the draft, a block's file, a BibTeX entry."""
    if target is not None:
        ref, row, col = target
        screen.query_one(Outline).select(ref)
        screen.show_ref(ref)
        screen.editor.focus(row, col)
        return
    session = screen.session
    file = problem.file
    if session is None or file is None:
        screen.notify(problem.message)
        return
    if file.suffix == ".md" and session.workspace.blocks_dir in file.parents:
        draft_edits.open_block_source(screen, file, problem.line)
        return
    if file.suffix == ".bib":
        key = next(
            (e.key for e in session.loaded.library if e.file == file and e.line == problem.line),
            "",
        )
        from pleitbrief.tui.screens.references import ReferencesScreen

        screen.app.push_screen(ReferencesScreen(session, query=key))
        return
    screen.notify(problem.format(session.workspace.root), timeout=8)


def report_export(screen: DraftScreen, message: DraftScreen.ExportDone) -> None:
    """Tell what was written, or list what stopped the export."""
    root = screen.app.workspace.root  # type: ignore[attr-defined]
    if message.written is not None:
        try:
            shown = message.written.relative_to(root)
        except ValueError:
            shown = message.written
        screen.notify(f"Wrote {shown}", title="Exported", timeout=8)
        screen.show_problems(message.problems, message.targets)
        return
    if message.failure:
        screen.notify(message.failure, title="Export failed", severity="error", timeout=10)
        return
    errors = sum(p.is_error for p in message.problems)
    screen.show_problems(message.problems, message.targets, title="Export refused")
    screen.notify(
        f"{errors} error(s) stop the export; they are listed under Problems.",
        title="Export refused",
        severity="error",
        timeout=10,
    )
    screen.query_one(ProblemsPanel).focus()
