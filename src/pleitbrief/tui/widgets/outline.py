"""The outline of a draft: its fields, its sections and their items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from pleitbrief.drafts import BlockItem, Draft
from pleitbrief.letters import LetterTemplate, SectionSpec
from pleitbrief.tui.livedraft import ItemRef, item_label


def item_mark(spec: SectionSpec | None, index: int) -> str:
    if spec is not None and spec.numbered:
        return f"{index + 1}."
    return "•" if spec is not None and spec.bullets else "¶"


class Outline(Tree[ItemRef]):
    """Fields, then each section of the template with its items; the cursor picks what the
    editor shows."""

    DEFAULT_CSS = """
    Outline {
        width: 30;
        min-width: 20;
        border: round $primary 40%;
        border-title-color: $text-primary;
        padding: 0;
        overflow-x: hidden;
    }
    Outline:focus-within {
        border: round $primary;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("alt+up", "screen.move_up", "Move up", tooltip="Move the item up"),
        Binding("alt+down", "screen.move_down", "Move down", tooltip="Move the item down"),
        Binding("delete", "screen.remove_item", "Remove", tooltip="Remove the item"),
    ]

    @dataclass
    class Selected(Message):
        """The cursor is on ``ref``; ``activated``: chosen with Enter or a click, to edit."""

        ref: ItemRef
        activated: bool = False

    def __init__(self, **kwargs: object) -> None:
        super().__init__("Letter", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 2
        self.border_title = "Outline"
        self._ref_nodes: dict[ItemRef, TreeNode[ItemRef]] = {}
        self._pending: ItemRef | None = None
        """Selected once the rebuilt tree has its lines; the cursor moves meanwhile are
        not the user's and are not reported."""

    def rebuild(
        self,
        draft: Draft,
        template: LetterTemplate | None,
        block_titles: dict[str, str],
        select: ItemRef | None = None,
    ) -> None:
        self.clear()
        self._ref_nodes = {}
        width = max(12, (self.size.width or 30) - 8)
        fields = self.root.add_leaf("Fields", data=ItemRef.fields())
        self._ref_nodes[ItemRef.fields()] = fields
        sections = list(template.sections.values()) if template else []
        names = [s.name for s in sections] + [
            n for n in draft.sections if template is None or n not in template.sections
        ]
        for name in names:
            spec = template.sections.get(name) if template else None
            label = spec.label if spec else f"{name} (unknown section)"
            items = draft.sections.get(name, [])
            ref = ItemRef.of_section(name)
            node = self.root.add(f"{label} ({len(items)})", data=ref, expand=True)
            self._ref_nodes[ref] = node
            for index, item in enumerate(items):
                mark = item_mark(spec, index)
                kind = "▣ " if isinstance(item, BlockItem) else ""
                text = item_label(item, block_titles, width)
                item_ref = ItemRef.item(name, index)
                self._ref_nodes[item_ref] = node.add_leaf(f"{mark} {kind}{text}", data=item_ref)
        self._pending = select or ItemRef.fields()
        self.call_after_refresh(self._select_pending)

    def _select_pending(self) -> None:
        ref, self._pending = self._pending, None
        if ref is not None:
            self.select(ref)

    def select(self, ref: ItemRef) -> None:
        node = self._ref_nodes.get(ref) or self._ref_nodes.get(ItemRef.of_section(ref.section))
        if node is None:
            return
        if self._pending is not None:
            self._pending = ref
            return
        self.move_cursor(node, animate=False)

    def relabel(self, ref: ItemRef, label: str) -> None:
        node = self._ref_nodes.get(ref)
        if node is not None and str(node.label) != label:
            node.set_label(label)

    def label_of(self, ref: ItemRef) -> str:
        node = self._ref_nodes.get(ref)
        return str(node.label) if node is not None else ""

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[ItemRef]) -> None:
        event.stop()
        if event.node.data is not None and self._pending is None:
            self.post_message(self.Selected(event.node.data))

    def on_tree_node_selected(self, event: Tree.NodeSelected[ItemRef]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Selected(event.node.data, activated=True))
