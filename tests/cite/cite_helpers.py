"""Helpers for the cite tests: entries built by hand, notes shown in running text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from pleitbrief.library.entry import Entry, Person
from pleitbrief.markup.model import Inline, Note
from pleitbrief.markup.text import plain_text

__all__ = [
    "LEIDRAAD_DRAFT",
    "cache_slots",
    "make_entry",
    "plain_text",
    "run_cli_with",
    "short_letter",
    "short_letter_markdown",
    "with_notes",
]


def with_notes(inlines: list[Inline]) -> str:
    """Running text with each footnote shown in place as ``[^its text]``."""
    out = []
    for inline in inlines:
        if isinstance(inline, Note):
            out.append(f"[^{plain_text(inline.blocks)}]")
        else:
            out.append(plain_text([inline]))
    return "".join(out)


def make_entry(spec: dict[str, Any]) -> Entry:
    """An Entry from a fixture mapping: key, type, fields, and persons per role as
    ``{given, particle, family}`` or ``{literal}`` mappings."""
    fields = {str(k): str(v) for k, v in (spec.get("fields") or {}).items()}
    persons = {}
    for role in ("author", "editor"):
        if spec.get(role):
            people = tuple(Person(**{str(k): str(v) for k, v in p.items()}) for p in spec[role])
            persons[role] = people
            fields.setdefault(role, " and ".join(p.display() for p in people))
    return Entry(key=spec["key"], type=spec.get("type", "misc"), fields=fields, persons=persons)


JANSEN_BOOK: dict[str, Any] = {
    "key": "jansen-2021",
    "type": "book",
    "fields": {
        "title": "Asielrecht in Nederland",
        "publisher": "Boom juridisch",
        "location": "Den Haag",
        "year": "2021",
        "langid": "dutch",
    },
    "author": [{"given": "Jan", "family": "Jansen"}],
}
"""A Dutch book, the entry the CSL tests cite (``make_entry(JANSEN_BOOK)``)."""


def short_letter(body: str, style: str | None = None) -> str:
    """A draft of the ``brief`` template with one body text (and ``style:`` on line 2)."""
    style_line = f"style: {style}\n" if style else ""
    return (
        f"template: brief\n{style_line}"
        "fields: {addressee: X, subject: Y, place: Z, date: 2023-01-10, salutation: Geachte,\n"
        "         closing: Groet, signatories: [A]}\n"
        f"sections:\n  body:\n    - text: {json.dumps(body, ensure_ascii=False)}\n"
    )


LEIDRAAD_DRAFT = short_letter(
    "Eerst [@nos-2022, p. 3]. Dan [@reuters-2022]. Weer [@nos-2022, p. 3].",
    "leidraad-voor-juridische-auteurs",
)
"""A letter in a CSL style whose answer the cache keeps (the cache tests' draft)."""


def cache_slots(cache_root: Path) -> list[Path]:
    """The kept answers in the ``citeproc/`` cache folder."""
    folder = cache_root / "citeproc"
    return sorted(folder.glob("*.bin")) if folder.is_dir() else []


_RUN_CLI = "import sys\nfrom pleitbrief.cli import main\nsys.exit(main(sys.argv[1:]))\n"


def run_cli_with(prelude: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``pleitbrief *args`` in a fresh Python process that first runs ``prelude`` (which
    may replace a piece of pleitbrief); the process's exit code is the command's."""
    program = f"{prelude}\n{_RUN_CLI}"
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def short_letter_markdown(ws: Any, cli: Any, body: str, style: str | None = None) -> str:
    """The Markdown the CLI exports of a :func:`short_letter` in the workspace ``ws``."""
    ws.draft("brief", short_letter(body, style))
    done = cli("export", "drafts/brief.yaml", "--to", "md", cwd=ws.root)
    assert done.code == 0, done.stderr
    return (ws.root / "drafts" / "brief.md").read_text(encoding="utf-8")
