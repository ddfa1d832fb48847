"""Placeholder until the TUI lands: keeps `pleitbrief` and `pleitbrief edit` importable."""

from __future__ import annotations

from pathlib import Path

from pleitbrief.workspace import Workspace


def run_app(workspace: Workspace, draft: Path | None = None) -> int:
    raise NotImplementedError("the TUI is being built (issue 4)")
