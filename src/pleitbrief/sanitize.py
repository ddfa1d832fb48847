"""Characters a Word file (XML 1.0) cannot hold, found with their place and removed."""

from __future__ import annotations

import re
from pathlib import Path

from pleitbrief.markup.model import Code, Document, Inline, Link, Text
from pleitbrief.markup.walk import map_inlines
from pleitbrief.problems import Problem, warning

# C0 controls except tab/newline/carriage return, DEL, C1 controls, non-characters and
# lone surrogates: XML 1.0 forbids most of them and Word shows the rest as boxes.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def find_control_characters(
    text: str, file: Path, first_line: int, col_offset: int = 0
) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n")):
        for match in _FORBIDDEN.finditer(line):
            problems.append(
                warning(
                    file,
                    first_line + number,
                    "control-character",
                    f"character U+{ord(match.group()):04X} cannot go into a "
                    "document; it is removed",
                    col=col_offset + match.start() + 1,
                )
            )
    return problems


def remove_control_characters(text: str) -> str:
    return _FORBIDDEN.sub("", text)


def clean_document(doc: Document) -> Document:
    """``doc`` with every forbidden character removed, wherever it came from."""

    def clean(inline: Inline) -> list[Inline] | None:
        if isinstance(inline, Text) and _FORBIDDEN.search(inline.text):
            return [Text(remove_control_characters(inline.text))]
        if isinstance(inline, Code) and _FORBIDDEN.search(inline.text):
            return [Code(remove_control_characters(inline.text))]
        if isinstance(inline, Link) and _FORBIDDEN.search(inline.url):
            inline.url = remove_control_characters(inline.url)
        return None

    return Document(map_inlines(doc.blocks, clean), doc.meta)


def entry_control_characters(
    fields: dict[str, str], file: Path, line: int, key: str
) -> list[Problem]:
    """A warning per field of a cited entry that holds a forbidden character."""
    return [
        warning(
            file,
            line,
            "control-character",
            f"entry {key!r}, field {name!r}: character U+{ord(match.group()):04X} cannot go "
            "into a document; it is removed",
        )
        for name, value in fields.items()
        for match in [_FORBIDDEN.search(value)]
        if match
    ]
