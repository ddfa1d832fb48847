"""Which fields a CSL style prints for an entry, and which of those the entry lacks.

For ``pleitbrief check``: the style's citation layout is walked as a processor would
for the entry's first note (``choose`` decided by the entry's type and variables), and
the essential variables it would print (title and date; for a parliamentary paper its
chamber, session, number and, for a Kamerstuk, dossier) are compared with the entry. A
variable the style only tests for (and so has a form without) is not asked for.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pleitbrief.cite.csl import CSL_NS, CslStyle
from pleitbrief.cite.csl_json import PAPERS, CslItem, to_csl
from pleitbrief.cite.styles import NoteStyle
from pleitbrief.library.entry import Entry
from pleitbrief.problems import Problem, warning

Element = ET.Element

_ESSENTIAL = {
    "title": "title (field title)",
    "issued": "date (field date or year)",
}
"""What every reference needs when the style prints it. Authors, containers, publishers
are left out: styles print them when present, and news items or laws often have none."""
_PAPER = {
    "container-title": "chamber (field chamber)",
    "volume": "session (field session)",
    "page": "number (field number)",
}
_KAMERSTUK = {**_PAPER, "number": "dossier (field dossier)"}


def missing_field_problems(style: NoteStyle, entries_cited: Iterable[Entry]) -> list[Problem]:
    """A warning at each cited entry's ``file:line`` for each essential field the style
    prints in a first note and the entry lacks. Not a CSL style: no problems."""
    if not isinstance(style, CslStyle):
        return []
    layout, macros = _citation_layout(style.file.path)
    if layout is None:
        return []
    problems = []
    for entry in entries_cited:
        item = to_csl(entry, style.locale)
        printed = _Walk(item, macros).printed(layout)
        paper = entry.get("type").strip().lower()
        wanted = _KAMERSTUK if paper == "kamerstuk" else _PAPER if paper in PAPERS else _ESSENTIAL
        for variable in sorted(printed & set(wanted) - set(item)):
            message = (
                f"entry {entry.key!r} has no {wanted[variable]}, which the citation style "
                f"{style.name!r} prints (for a CSL {item.get('type') or 'document'})"
            )
            problems.append(warning(entry.file, entry.line, "style-missing-field", message))
    return problems


@cache
def _citation_layout(path: Path) -> tuple[Element | None, dict[str, Element]]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return None, {}
    macros = {m.get("name", ""): m for m in root.iter(f"{CSL_NS}macro")}
    return root.find(f"{CSL_NS}citation/{CSL_NS}layout"), macros


class _Walk:
    """The variables a style prints for one item, conditions decided as for a first note."""

    def __init__(self, item: CslItem, macros: dict[str, Element]) -> None:
        self.item = item
        self.macros = macros
        self.out: set[str] = set()
        self.seen_macros: set[str] = set()

    def printed(self, layout: Element) -> set[str]:
        self.node(layout)
        return self.out

    def node(self, element: Element) -> None:
        tag = element.tag.removeprefix(CSL_NS)
        if tag == "choose":
            for branch in element:
                if branch.tag.removeprefix(CSL_NS) == "else" or self.holds(branch):
                    self.children(branch)
                    break
        elif tag == "names":
            variables = element.get("variable", "").split()
            if any(v in self.item for v in variables):
                return
            substitute = element.find(f"{CSL_NS}substitute")
            instead = _Walk(self.item, self.macros)
            if substitute is not None:
                instead.children(substitute)
            self.out |= instead.out
            if variables and not any(v in self.item for v in instead.out):
                self.out.add(variables[0])  # nothing stands in for the missing names
        elif tag in ("text", "date", "number"):
            if element.get("variable"):
                self.out.add(element.get("variable", "").split()[0])
            macro = element.get("macro")
            if macro and macro in self.macros and macro not in self.seen_macros:
                self.seen_macros.add(macro)  # a macro once is enough: no loops
                self.children(self.macros[macro])
                self.seen_macros.discard(macro)
        elif tag in ("layout", "group", "substitute", "macro"):
            self.children(element)

    def children(self, element: Element) -> None:
        for child in element:
            self.node(child)

    def holds(self, branch: Element) -> bool:
        """An ``if``/``else-if`` as it falls for this item in a first note without locator."""
        results: list[bool] = []
        for name, value in branch.attrib.items():
            values = value.split()
            if name == "type":
                results += [self.item.get("type") == v for v in values]
            elif name == "variable":
                results += [v in self.item for v in values]
            elif name == "is-numeric":
                results += [str(self.item.get(v, "")).isdigit() for v in values]
            elif name == "position":
                results += [v == "first" for v in values]
            elif name in ("locator", "disambiguate", "is-uncertain-date"):
                results += [False for _ in values]
        match = branch.get("match", "all")
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)
