"""Package parts python-docx has no API for: finding, replacing and adding them."""

from __future__ import annotations

from collections.abc import Iterable

from docx.opc.part import Part

__all__ = ["int_values", "related", "set_related"]


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
