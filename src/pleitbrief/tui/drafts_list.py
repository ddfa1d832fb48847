"""The start screen's list of drafts, read quickly: before the library is loaded, and without
the YAML parser (a 200-point draft takes it a tenth of a second); the checks come later."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pleitbrief.records import record

_TEMPLATE = re.compile(r"^template:\s*(.+?)\s*(?:#.*)?$", re.M)
_SUBJECT = re.compile(r"^\s+subject:\s*(.+?)\s*(?:\s#.*)?$", re.M)


@record
class DraftSummary:
    """A row of the start screen."""

    path: Path
    title: str
    template: str
    changed: dt.datetime
    errors: int | None = None
    """None until the checks have run."""
    warnings: int | None = None


def _scalar(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def draft_summary(path: Path) -> DraftSummary:
    """Title (the subject field) and template of a draft, at a glance."""
    changed = dt.datetime.fromtimestamp(path.stat().st_mtime)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return DraftSummary(path, path.stem, "?", changed)
    template = _TEMPLATE.search(text)
    subject = _SUBJECT.search(text)
    title = _scalar(subject.group(1)) if subject else ""
    if not title or title in ("|", ">", "''", '""'):
        title = path.stem
    return DraftSummary(path, title, _scalar(template.group(1)) if template else "?", changed)


def list_drafts(drafts_dir: Path) -> list[DraftSummary]:
    """The drafts, newest first."""
    if not drafts_dir.is_dir():
        return []
    paths = sorted([*drafts_dir.glob("*.yaml"), *drafts_dir.glob("*.yml")])
    return sorted((draft_summary(p) for p in paths), key=lambda r: r.changed, reverse=True)
