"""Small helpers over a package's parts: ids read from a reference document, and the
relationships of a part's links."""

from __future__ import annotations

from collections.abc import Iterable

from pleitbrief.writers.docx.ooxml import RT
from pleitbrief.writers.docx.package import Part

__all__ = ["HyperlinkTargets", "int_values"]


def int_values(values: Iterable[str | None]) -> list[int]:
    """The integers among ``values`` (ids in a reference document may be anything)."""
    out = []
    for value in values:
        try:
            out.append(int(value or ""))
        except ValueError:
            continue
    return out


class HyperlinkTargets:
    """The relationship id of each link target of a part, one relationship per URL.

    Looking for the URL among all the part's relationships on each link, and again for a
    free id, is quadratic in a letter with thousands of links (seconds for a 1,000-point
    letter, as python-docx's ``relate_to`` was). Here a dict finds the URL and a counter
    gives the next id.
    """

    def __init__(self, part: Part) -> None:
        self._part = part
        self._ids = {
            rel.target: rid
            for rid, rel in part.rels.items()
            if isinstance(rel.target, str) and rel.reltype == RT.HYPERLINK
        }
        numbers = [int(rid[3:]) for rid in part.rels if rid.startswith("rId") and rid[3:].isdigit()]
        self._next = max(numbers, default=0) + 1

    def rid(self, url: str) -> str:
        rid = self._ids.get(url)
        if rid is None:
            rid = f"rId{self._next}"
            self._next += 1
            self._part.rels.add(rid, RT.HYPERLINK, url)
            self._ids[url] = rid
        return rid
