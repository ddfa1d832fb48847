"""Plain text of document-model nodes: for tests, listings and comparisons."""

from __future__ import annotations

from collections.abc import Iterable

from pleitbrief.markup import model as m


def plain_text(nodes: Iterable[m.Inline] | Iterable[m.Block]) -> str:
    """The text a reader sees, notes left out, blocks separated by blank lines."""
    parts: list[str] = []
    blocks: list[str] = []
    for node in nodes:
        if isinstance(node, m.Paragraph | m.Heading):
            blocks.append(plain_text(node.inlines))
        elif isinstance(node, m.BulletList | m.OrderedList):
            blocks.extend(plain_text(item.blocks) for item in node.items)
        elif isinstance(node, m.BlockQuote):
            blocks.append(plain_text(node.blocks))
        elif isinstance(node, m.ThematicBreak):
            continue
        else:
            parts.append(_inline_text(node))
    return "\n\n".join(blocks) if blocks else "".join(parts)


def _inline_text(node: m.Inline) -> str:
    if isinstance(node, m.Text | m.Code):
        return node.text
    if isinstance(node, m.Emph | m.Strong | m.Link):
        return plain_text(node.children)
    if isinstance(node, m.SoftBreak):
        return " "
    if isinstance(node, m.LineBreak):
        return "\n"
    if isinstance(node, m.CiteGroup):
        return node.source
    return ""  # a Note is not part of the running text
