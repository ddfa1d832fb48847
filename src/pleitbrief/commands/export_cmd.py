"""``export`` and ``check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pleitbrief.commands import load
from pleitbrief.problems import Severity, error, has_errors
from pleitbrief.workspace import line_of


def register(commands: Any) -> None:
    from pleitbrief.writers import DEFAULT_FORMAT, FORMATS

    export = commands.add_parser("export", help="write a draft as a finished document")
    export.add_argument("draft", type=Path, help="the draft (a path, or a name in drafts/)")
    export.add_argument(
        "--to",
        choices=sorted(FORMATS),
        default=DEFAULT_FORMAT,
        dest="format",
        help=f"output format (default: {DEFAULT_FORMAT})",
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="output file (default: the draft's path with the format's suffix)",
    )
    export.add_argument(
        "--style", help="citation style (default: the draft's, else the workspace's)"
    )
    export.add_argument(
        "--reference-doc",
        type=Path,
        metavar="F",
        help="DOCX: a letterhead (.docx, .dotx, .docm, .dotm) whose styles the output takes",
    )
    export.add_argument(
        "--keep-citations",
        action="store_true",
        help="Markdown: leave [@key] citations for pandoc instead of footnotes",
    )
    export.set_defaults(handler=run_export)

    check = commands.add_parser("check", help="check the workspace, or the given drafts")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="drafts to check (default: the whole workspace)",
    )
    check.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also show notes (severity info), e.g. a source with no archived copy",
    )
    check.set_defaults(handler=run_check)


def resolve_draft(path: Path, drafts_dir: Path | None = None) -> Path:
    """A draft path as given, or a bare name looked up in ``drafts/``."""
    from pleitbrief.cli import UsageError

    if path.is_file():
        return path.resolve()
    if drafts_dir is not None and path.parent == Path("."):
        for candidate in (drafts_dir / path.name, drafts_dir / f"{path.name}.yaml"):
            if candidate.is_file():
                return candidate.resolve()
    raise UsageError(f"no such draft: {path}")


def run_export(args: argparse.Namespace) -> int:
    from pleitbrief.cli import UsageError, exit_code, print_problems
    from pleitbrief.pipeline import build
    from pleitbrief.writers import FORMATS, WriteOptions, WriterError, write

    near = args.draft.resolve().parent if args.draft.exists() else None
    loaded = load(args, near)
    draft_path = resolve_draft(args.draft, loaded.workspace.drafts_dir)
    reference_doc = args.reference_doc or loaded.workspace.reference_doc
    if args.reference_doc is not None and not args.reference_doc.is_file():
        raise UsageError(f"no such reference document: {args.reference_doc}")
    if reference_doc is not None and not reference_doc.is_file():
        config = loaded.workspace.config_file
        print_problems(
            [
                error(
                    config,
                    line_of(config, "reference_doc"),
                    "reference-doc",
                    f"no such reference document: {reference_doc}",
                )
            ]
        )
        return 1
    if args.style:
        _check_style(args.style, loaded.workspace.lang)
    built = build(loaded, draft_path, style_name=args.style, keep_citations=args.keep_citations)
    print_problems(built.problems)
    if has_errors(built.problems) or built.document is None:
        print(f"pleitbrief: export refused: {draft_path.name} has errors", file=sys.stderr)
        return exit_code(built.problems) or 1
    output = args.output or draft_path.with_suffix(FORMATS[args.format].suffix)
    options = WriteOptions(keep_citations=args.keep_citations, reference_doc=reference_doc)
    try:
        write(built.document, output, args.format, options)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
    except WriterError as exc:
        raise UsageError(str(exc)) from exc
    print(f"wrote {output}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from pleitbrief.check import check_drafts, check_workspace
    from pleitbrief.cli import exit_code, print_problems

    near = args.paths[0].resolve().parent if args.paths and args.paths[0].exists() else None
    loaded = load(args, near)
    if args.paths:
        paths = [resolve_draft(p, loaded.workspace.drafts_dir) for p in args.paths]
        problems = check_drafts(loaded, paths)
    else:
        problems = check_workspace(loaded)
    infos = [p for p in problems if p.severity is Severity.INFO]
    shown = [p for p in problems if args.verbose or p.severity is not Severity.INFO]
    print_problems(shown)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors - len(infos)
    summary = f"{errors} error(s), {warnings} warning(s), {len(infos)} note(s)"
    if infos and not args.verbose:
        summary += " (notes shown with --verbose)"
    print(summary, file=sys.stderr)
    return exit_code(problems)


def _check_style(name: str, lang: str) -> None:
    """An unknown ``--style`` is a usage error (exit 2), with the closest names."""
    from pleitbrief.cite.styles import UnknownStyleError, get_style
    from pleitbrief.cli import UsageError
    from pleitbrief.suggest import phrase

    try:
        get_style(name, lang)
    except UnknownStyleError as exc:
        raise UsageError(f"unknown citation style {name!r}{phrase(exc.suggestions)}") from exc
