"""Writers: the document model → an output format, one module each.

Adding a format is adding a module with ``render(doc, options) -> bytes | str`` and a
line in ``FORMATS``. Modules are imported only when their format is asked for.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from pleitbrief.fsio import write_bytes_atomic
from pleitbrief.markup.model import Document
from pleitbrief.records import record


@record(frozen=True)
class Format:
    name: str
    module: str
    suffix: str
    description: str


FORMATS: dict[str, Format] = {
    "docx": Format("docx", "pleitbrief.writers.docx", ".docx", "Word with real footnotes"),
    "md": Format("md", "pleitbrief.writers.markdown", ".md", "CommonMark with numbered footnotes"),
}


DEFAULT_FORMAT = "docx"
"""Most letters leave pleitbrief as a Word file."""


class WriterError(ValueError):
    """Output that cannot be made from these options (e.g. an unreadable reference doc)."""


@record(frozen=True)
class WriteOptions:
    keep_citations: bool = False
    """Markdown: leave ``[@key]`` for pandoc users instead of footnotes."""
    reference_doc: Path | None = None
    """DOCX: a house-style document whose styles and page setup the output takes."""


def render(doc: Document, format_name: str, options: WriteOptions) -> bytes:
    module = importlib.import_module(FORMATS[format_name].module)
    output = module.render_document(doc, options)
    return output.encode("utf-8") if isinstance(output, str) else bytes(output)


def write(doc: Document, path: Path, format_name: str, options: WriteOptions) -> None:
    """Render fully in memory, then write atomically: no half-written file, ever."""
    write_bytes_atomic(path, render(doc, format_name, options))
