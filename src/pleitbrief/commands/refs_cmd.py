"""``refs``: the reference library."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from pleitbrief.commands import load
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
    listing.set_defaults(handler=run_list)
    show = sub.add_parser("show", help="an entry's fields, place and footnote")
    show.add_argument("key")
    show.set_defaults(handler=run_show)


def run_list(args: argparse.Namespace) -> int:
    from pleitbrief.cli import print_problems

    loaded = load(args)
    print_problems(loaded.library.problems)
    entries = sorted(loaded.library, key=lambda e: e.key)
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
