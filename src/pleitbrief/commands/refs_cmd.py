"""``refs``: the reference library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pleitbrief.commands import load, workspace_of
from pleitbrief.library.entry import Entry


def register(commands: Any) -> None:
    refs = commands.add_parser("refs", help="the reference library")
    sub = refs.add_subparsers(title="refs commands", metavar="COMMAND", required=True)
    listing = sub.add_parser("list", help="one entry a line, key first")
    listing.add_argument(
        "--json",
        action="store_true",
        help="a JSON array of entries (key, type, fields, file, line)",
    )
    listing.add_argument(
        "--unused", action="store_true", help="only the entries no block, template or draft cites"
    )
    listing.set_defaults(handler=run_list)
    show = sub.add_parser("show", help="an entry's fields, place and footnote")
    show.add_argument("key")
    show.set_defaults(handler=run_show)
    cited = sub.add_parser("cited-by", help="where an entry is cited (FILE:LINE:COL)")
    cited.add_argument("key")
    cited.set_defaults(handler=run_cited_by)
    rename = sub.add_parser(
        "rename", help="rename a key in its .bib file and everywhere it is cited, or nowhere"
    )
    rename.add_argument("old")
    rename.add_argument("new")
    rename.add_argument("--dry-run", action="store_true", help="show what would change")
    rename.set_defaults(handler=run_rename)
    importing = sub.add_parser(
        "import", help="add the entries of a BibTeX/biblatex, RIS or CSL-JSON file"
    )
    importing.add_argument("file", type=Path)
    importing.add_argument(
        "--into",
        type=Path,
        metavar="BIB",
        help="the library file to append to (default: imported.bib in the first library folder)",
    )
    importing.add_argument(
        "--format", choices=["bibtex", "ris", "csljson"], help="default: from the file"
    )
    importing.add_argument("--dry-run", action="store_true", help="show what would be added")
    importing.set_defaults(handler=run_import)


def run_list(args: argparse.Namespace) -> int:
    from pleitbrief.cli import print_problems

    if args.unused:  # what cites an entry: every block, template and draft
        from pleitbrief.citing import unused_keys

        loaded = load(args)
        unused = set(unused_keys(loaded))
        library = loaded.library
        entries = [e for e in library if e.key in unused]
    else:  # the library alone, without the drafting pipeline
        from pleitbrief.library.library import load_library

        library = load_library(workspace_of(args).library_dirs)
        entries = list(library)
    print_problems(library.problems)
    entries.sort(key=lambda e: e.key)
    if args.json:
        json.dump([entry_json(e) for e in entries], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for entry in entries:
        date = entry.date.iso() if entry.date else ""
        print(f"{entry.key}\t{entry.type}\t{date}\t{entry.title}")
    return 0


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "type": entry.type,
        "fields": entry.fields,
        "file": str(entry.file),
        "line": entry.line,
    }


def run_show(args: argparse.Namespace) -> int:
    from pleitbrief.cite.styles import get_style
    from pleitbrief.cli import UsageError
    from pleitbrief.markup.model import Citation, CiteGroup
    from pleitbrief.markup.text import plain_text
    from pleitbrief.suggest import phrase

    loaded = load(args)
    entry = loaded.library.get(args.key)
    if entry is None:
        raise UsageError(f"no entry {args.key!r}{phrase(loaded.library.suggest(args.key))}")
    workspace = loaded.workspace
    print(f"{entry.key} ({entry.type}) at {entry.file}:{entry.line}")
    width = max(len(name) for name in entry.fields) if entry.fields else 0
    for name, value in entry.fields.items():
        print(f"  {name.ljust(width)}  {value}")
    style = get_style(workspace.style or f"pleitbrief-{workspace.lang}", workspace.lang)
    group = CiteGroup([Citation(entry.key)], f"[@{entry.key}]")
    print(
        f"footnote ({style.name}): {plain_text(style.format_group(group, loaded.library.entries))}"
    )
    return 0


def run_cited_by(args: argparse.Namespace) -> int:
    from pleitbrief.citing import cited_by
    from pleitbrief.cli import UsageError
    from pleitbrief.suggest import phrase

    loaded = load(args)
    places = cited_by(loaded, args.key)
    if args.key not in loaded.library:
        if not places:
            hint = phrase(loaded.library.suggest(args.key))
            raise UsageError(f"no entry {args.key!r} and nothing cites it{hint}")
        print(f"pleitbrief: warning: {args.key!r} is cited but not in the library", file=sys.stderr)
    cwd = Path.cwd()
    for place in places:
        via = f"\tvia block {place.via}" if place.via else ""
        print(f"{place.format(cwd)}\t{place.kind}\t{place.name}{via}")
    return 0


def run_rename(args: argparse.Namespace) -> int:
    from pleitbrief.cli import EXIT_CONTENT, UsageError, print_problems
    from pleitbrief.rename import RenameError, RenameFailed, apply_rename, plan_rename

    loaded = load(args)
    try:
        plan = plan_rename(loaded, args.old, args.new)
    except RenameError as exc:
        raise UsageError(str(exc)) from exc
    if plan.problems:
        print_problems(plan.problems)
        print("pleitbrief: nothing renamed", file=sys.stderr)
        return EXIT_CONTENT
    cwd = Path.cwd()
    for place in plan.places:
        print(f"{place.format(cwd)}: {args.old} → {args.new}")
    for source, target in plan.moves:
        print(f"{_shown(source, cwd)} → {target.name}")
    files = len(plan.edits) + len(plan.moves)
    counted = f"{len(plan.places)} place(s) in {files} file(s)"
    if plan.citations_only:
        counted += f" ({args.new!r} is in the library already: citations only)"
    if args.dry_run:
        print(f"would rename {args.old!r} to {args.new!r}: {counted} (dry run: nothing written)")
        return 0
    try:
        apply_rename(plan)
    except RenameFailed as exc:
        print(f"pleitbrief: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"renamed {args.old!r} to {args.new!r}: {counted}")
    for path in plan.shared:
        print(
            f"pleitbrief: note: {_shown(path, cwd)} is a shared library: in every other "
            f"workspace using it, run 'pleitbrief refs rename {args.old} {args.new}' too",
            file=sys.stderr,
        )
    return 0


def _shown(path: Path, cwd: Path) -> Path:
    from pleitbrief.citing import shown_path

    return shown_path(path, cwd)


def run_import(args: argparse.Namespace) -> int:
    from pleitbrief.cli import EXIT_CONTENT, UsageError, print_problems
    from pleitbrief.library.importing import ImportRefused, plan_import, write_import

    loaded = load(args)
    if not args.file.is_file():
        raise UsageError(f"no file {str(args.file)!r} to import")
    target = _import_target(args.into, loaded.library.folders)
    try:
        plan = plan_import(args.file, loaded.library, target, args.format)
    except ImportRefused as exc:
        raise UsageError(str(exc)) from exc
    print_problems(plan.problems)
    if plan.broken:
        print("pleitbrief: the import file has errors; nothing imported", file=sys.stderr)
        return EXIT_CONTENT
    cwd = Path.cwd()
    for outcome in plan.outcomes:
        candidate, other = outcome.candidate, outcome.other
        entry = candidate.entry
        title = entry.title if entry else ""
        if outcome.status == "added":
            print(f"added\t{candidate.key}\t{title}")
        elif other is not None and other.file == plan.source:
            earlier = f"same as {other.key!r} earlier in the file ({outcome.reason})"
            print(f"present\t{candidate.key}\t{earlier}")
        elif other is not None:
            where = f"{_shown(other.file, cwd)}:{other.line}"
            status = "present" if outcome.status == "present" else "conflict"
            print(f"{status}\t{candidate.key}\tas {other.key!r} at {where} ({outcome.reason})")
    summary = (
        f"{len(plan.of('added'))} added, {len(plan.of('present'))} already present, "
        f"{len(plan.of('conflict'))} conflicting"
    )
    shown_target = _shown(target, cwd)
    if args.dry_run:
        print(f"{summary}; would go into {shown_target} (dry run: nothing written)")
        return 0
    problems = write_import(plan)
    if problems:
        print_problems(problems)
        return EXIT_CONTENT
    print(f"{summary}; into {shown_target}" if plan.of("added") else summary)
    return 0


def _import_target(into: Path | None, folders: list[Path]) -> Path:
    """The library file to append to: ``--into``, which must lie directly in a library
    folder (or nothing would load it), else ``imported.bib`` in the first folder."""
    from pleitbrief.cli import UsageError

    if not folders:
        raise UsageError("the workspace has no library folder to import into")
    if into is None:
        return folders[0] / "imported.bib"
    if into.suffix != ".bib":
        raise UsageError(f"--into {str(into)!r}: a library file ends in .bib")
    resolved = into.resolve()
    if not any(resolved.parent == folder.resolve() for folder in folders):
        listed = ", ".join(str(f) for f in folders)
        raise UsageError(f"--into {str(into)!r} is not in a library folder ({listed})")
    if resolved.exists() and not resolved.is_file():
        raise UsageError(f"--into {str(into)!r} is not a file")
    return resolved
