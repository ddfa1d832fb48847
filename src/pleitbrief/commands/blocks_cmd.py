"""``blocks list``: the argument-block library."""

from __future__ import annotations

import argparse
from typing import Any

from pleitbrief.commands import workspace_of


def register(commands: Any) -> None:
    blocks = commands.add_parser("blocks", help="the argument-block library")
    sub = blocks.add_subparsers(title="blocks commands", metavar="COMMAND", required=True)
    listing = sub.add_parser("list", help="one block a line: id, languages, tags, title")
    listing.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="only blocks with this tag (repeat for several)",
    )
    listing.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    from pleitbrief.blocks import load_blocks
    from pleitbrief.cli import print_problems

    workspace = workspace_of(args)
    library = load_blocks(workspace.blocks_dir, workspace.lang)
    print_problems(library.problems)
    for block in library:
        if args.tag and not set(args.tag) <= set(block.tags):
            continue
        langs = ",".join(sorted(library.variants[block.id]))
        tags = ",".join(block.tags)
        print(f"{block.id}\t{langs}\t{tags}\t{block.title}")
    return 0
