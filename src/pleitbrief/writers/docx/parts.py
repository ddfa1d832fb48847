"""Package parts python-docx has no API for: finding, replacing and adding them."""

from __future__ import annotations

from collections.abc import Iterable

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part

__all__ = ["HyperlinkTargets", "int_values", "related", "set_related"]


def related(source: Part, reltype: str) -> Part | None:
    """The part ``source`` relates to by ``reltype``, if any."""
    try:
        return source.part_related_by(reltype)
    except KeyError:
        return None


def set_related(source: Part, reltype: str, target: Part) -> None:
    """Relate ``source`` to ``target`` by ``reltype``, in place of the part it related to
    that way before (keeping the relationship's id), so there is never a second one."""
    for rel in list(source.rels.values()):
        if rel.reltype == reltype and not rel.is_external:
            source.rels.pop(rel.rId)
            source.rels.add_relationship(reltype, target, rel.rId)
            return
    source.relate_to(target, reltype)


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

    python-docx's ``relate_to`` scans every relationship of the part on each call, and
    again to find a free id: quadratic in a letter with thousands of links (seconds for a
    1,000-point letter). Here a dict finds the URL and a counter gives the next id.
    """

    def __init__(self, part: Part) -> None:
        self._part = part
        self._ids = {
            rel.target_ref: rid
            for rid, rel in part.rels.items()
            if rel.is_external and rel.reltype == RT.HYPERLINK
        }
        numbers = [int(rid[3:]) for rid in part.rels if rid.startswith("rId") and rid[3:].isdigit()]
        self._next = max(numbers, default=0) + 1

    def rid(self, url: str) -> str:
        rid = self._ids.get(url)
        if rid is None:
            rid = f"rId{self._next}"
            self._next += 1
            self._part.rels.add_relationship(RT.HYPERLINK, url, rid, is_external=True)
            self._ids[url] = rid
        return rid
