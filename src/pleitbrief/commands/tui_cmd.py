"""The TUI: bare ``pleitbrief`` and ``pleitbrief edit DRAFT``. Textual is imported only here,
inside the handlers, so every other command runs without it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pleitbrief.commands import workspace_of


def register(commands: Any) -> None:
    edit = commands.add_parser("edit", help="open the TUI on one draft")
    edit.add_argument("draft", type=Path, help="the draft (a path, or a name in drafts/)")
    edit.set_defaults(handler=run_edit)


def run_tui(args: argparse.Namespace, draft: Path | None = None) -> int:
    from pleitbrief.tui.app import run_app

    return run_app(workspace_of(args, draft.parent if draft else None), draft)


def run_edit(args: argparse.Namespace) -> int:
    from pleitbrief.commands.export_cmd import resolve_draft

    near = args.draft.resolve().parent if args.draft.exists() else None
    workspace = workspace_of(args, near)
    return run_tui(args, resolve_draft(args.draft, workspace.drafts_dir))
