"""Characters a Word file (XML 1.0) cannot hold, found with their place and removed."""

from __future__ import annotations

import re
from pathlib import Path

from pleitbrief.problems import Problem, warning

# C0 controls except tab/newline/carriage return, DEL, C1 controls, non-characters and
# lone surrogates: XML 1.0 forbids most of them and Word shows the rest as boxes.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def find_control_characters(text: str, file: Path, first_line: int) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n")):
        for match in _FORBIDDEN.finditer(line):
            problems.append(warning(file, first_line + number, "control-character",
                                    f"character U+{ord(match.group()):04X} cannot go into a "
                                    "document; it is removed", col=match.start() + 1))
    return problems


def remove_control_characters(text: str) -> str:
    return _FORBIDDEN.sub("", text)
