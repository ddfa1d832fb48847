"""Real Word list numbering: ``numbering.xml`` definitions and one instance per list.

Two abstract definitions are added next to any the reference document has: bullets, and
decimal numbers (``1.`` at every level, as the Markdown source numbers them). Each
ordered list gets its own ``w:num`` with a ``w:startOverride``, so it starts at its own
number and restarts independently of every other list; within it Word counts, so a point
inserted in Word renumbers the points after it. All bullet lists share one instance.
"""

from __future__ import annotations

from typing import Any

from pleitbrief.writers.docx.ooxml import CT, NSDECLS, RT, XMLSyntaxError, fragment, qn
from pleitbrief.writers.docx.package import Part
from pleitbrief.writers.docx.parts import int_values

__all__ = ["LEVELS", "Numbering", "indent"]

LEVELS = 9
"""Word's list levels, ``w:ilvl`` 0 to 8; deeper lists stay at the last."""

_BULLETS = ("•", "–")


def indent(level: int) -> int:
    """The left indent (twips) of a list paragraph's text at ``level``."""
    return 425 * (min(level, LEVELS - 1) + 1)


def _level(level: int, fmt: str, text: str) -> str:
    return (
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent(level)}" w:hanging="425"/></w:pPr></w:lvl>'
    )


def _abstract(abstract_id: int, name: str, levels: list[str]) -> str:
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{name}"/>'
        f"{''.join(levels)}</w:abstractNum>"
    )


class Numbering:
    """The numbering part of a document, and the list instances written into it."""

    def __init__(self, document_part: Part) -> None:
        self._document_part = document_part
        self._root: Any = None
        self._abstract: dict[str, int] = {}
        self._bullets: int | None = None
        self._next_num = 1

    def bullets(self) -> int:
        """The ``w:numId`` of bulleted lists."""
        if self._bullets is None:
            self._bullets = self._add_num("bullet", None)
        return self._bullets

    def ordered(self, start: int, level: int) -> int:
        """A new ``w:numId`` for an ordered list at ``level`` that starts at ``start``."""
        return self._add_num("decimal", (min(level, LEVELS - 1), max(start, 0)))

    def _add_num(self, kind: str, start: tuple[int, int] | None) -> int:
        root = self._numbering()
        num_id = self._next_num
        self._next_num += 1
        override = ""
        if start is not None:
            override = (
                f'<w:lvlOverride w:ilvl="{start[0]}">'
                f'<w:startOverride w:val="{start[1]}"/></w:lvlOverride>'
            )
        (num,) = fragment(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{self._definition(kind)}"/>'
            f"{override}</w:num>"
        )
        cleanup = root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            root.append(num)
        return num_id

    def _definition(self, kind: str) -> int:
        if kind not in self._abstract:
            root = self._numbering()
            ids = int_values(
                a.get(qn("w:abstractNumId")) for a in root.iterfind(qn("w:abstractNum"))
            )
            abstract_id = max(ids, default=-1) + 1
            if kind == "bullet":
                levels = [_level(i, "bullet", _BULLETS[i % 2]) for i in range(LEVELS)]
                name = "pleitbrief bullets"
            else:
                levels = [_level(i, "decimal", f"%{i + 1}.") for i in range(LEVELS)]
                name = "pleitbrief numbers"
            (element,) = fragment(_abstract(abstract_id, name, levels))
            # every w:abstractNum comes before the first w:num
            first_num = root.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(element)
            else:
                cleanup = root.find(qn("w:numIdMacAtCleanup"))
                if cleanup is not None:
                    cleanup.addprevious(element)
                else:
                    root.append(element)
            self._abstract[kind] = abstract_id
        return self._abstract[kind]

    def _numbering(self) -> Any:
        """The ``w:numbering`` element, from the reference document or a new part."""
        if self._root is None:
            rels = self._document_part.rels
            part = rels.related(RT.NUMBERING)
            self._root = _root_of(part)
            if self._root is None:  # none yet, or one that is not XML: replaced
                (self._root,) = fragment(f"<w:numbering {NSDECLS}/>")
                name = part.partname if part is not None else "/word/numbering.xml"
                rels.replace(RT.NUMBERING, Part(name, CT.WML_NUMBERING, element=self._root))
            ids = int_values(n.get(qn("w:numId")) for n in self._root.iterfind(qn("w:num")))
            self._next_num = max(ids, default=0) + 1
        return self._root


def _root_of(part: Part | None) -> Any:
    """The ``w:numbering`` element of ``part``; None if there is none that can be read."""
    if part is None or part.content_type != CT.WML_NUMBERING:
        return None
    try:
        root = part.element
    except XMLSyntaxError:
        return None
    return root if root.tag == qn("w:numbering") else None
