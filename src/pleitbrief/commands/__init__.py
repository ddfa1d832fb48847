"""One module per group of CLI commands; each has ``register(subparsers)``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pleitbrief.workspace import Workspace, open_workspace

if TYPE_CHECKING:  # the pipeline loads when a command needs it, not for --help or init
    from pleitbrief.pipeline import LoadedWorkspace


def workspace_of(args: argparse.Namespace, near: Path | None = None) -> Workspace:
    """The workspace of ``-w``, else found from here, else from ``near`` (a draft's folder)."""
    explicit: Path | None = args.workspace
    if explicit is None and near is not None:
        from pleitbrief.workspace import find_workspace_root

        if find_workspace_root(Path.cwd()) is None and find_workspace_root(near):
            explicit = find_workspace_root(near)
    return open_workspace(explicit)


def load(args: argparse.Namespace, near: Path | None = None) -> LoadedWorkspace:
    from pleitbrief.pipeline import LoadedWorkspace

    return LoadedWorkspace.load(workspace_of(args, near))
