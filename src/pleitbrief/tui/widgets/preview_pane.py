"""The live preview: one widget per piece of the letter, repainted only when it changed."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Rule, Static

from pleitbrief.tui.livedraft import ItemRef
from pleitbrief.tui.preview import PreviewResult, RenderedPiece


class PieceView(Static):
    """A piece of the letter: the frame between sections, or one item."""

    DEFAULT_CSS = """
    PieceView {
        margin-bottom: 1;
    }
    PieceView.-notes {
        margin-bottom: 0;
    }
    PieceView.-current {
        background: $boost;
    }
    """

    def __init__(self, piece: RenderedPiece, notes: bool = False) -> None:
        content = piece.notes if notes else piece.body
        super().__init__(content if content is not None else "", classes="-notes" if notes else "")
        self.ref = piece.ref
        self.key: Hashable = piece.key
        self.display = not notes or piece.notes is not None

    def show(self, piece: RenderedPiece, notes: bool = False) -> None:
        if piece.key == self.key:
            return
        self.key = piece.key
        self.ref = piece.ref
        content = piece.notes if notes else piece.body
        self.display = content is not None
        if content is not None:
            self.update(content)

    def on_click(self, event: events.Click) -> None:
        if self.ref is not None:
            self.post_message(PreviewPane.PieceClicked(self.ref))


class PreviewPane(VerticalScroll):
    """The letter as it will read, footnotes at the end."""

    DEFAULT_CSS = """
    PreviewPane {
        width: 1fr;
        border: round $primary 40%;
        border-title-color: $text-primary;
        padding: 0 1;
    }
    PreviewPane:focus {
        border: round $primary;
    }
    PreviewPane > Rule {
        margin: 0;
        color: $primary 50%;
    }
    PreviewPane > .notes-title {
        text-style: bold;
    }
    """

    @dataclass
    class PieceClicked(Message):
        ref: ItemRef

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "Preview"
        self._order: list[str] = []
        self._bodies: dict[str, PieceView] = {}
        self._notes: dict[str, PieceView] = {}
        self.last_result: PreviewResult | None = None
        self.updates = 0
        """How many times a piece was repainted (for tests and the bench)."""

    def show_message(self, message: str) -> None:
        self._order = []
        self._bodies, self._notes = {}, {}
        self.remove_children()
        self.mount(Static(Text(message, style="italic")))

    def show(self, result: PreviewResult) -> None:
        self.last_result = result
        if result.message:
            self.show_message(result.message)
            return
        self.border_title = f"Preview · {result.style}"
        order = [piece.uid for piece in result.pieces]
        if order == self._order:
            for piece in result.pieces:
                if self._bodies[piece.uid].key != piece.key:
                    self.updates += 1
                    self._bodies[piece.uid].show(piece)
                    self._notes[piece.uid].show(piece, notes=True)
            return
        self._order = order
        self.remove_children()
        self._bodies = {p.uid: PieceView(p) for p in result.pieces}
        self._notes = {p.uid: PieceView(p, notes=True) for p in result.pieces}
        self.updates += len(order)
        widgets: list[Static | Rule] = list(self._bodies.values())
        if any(p.notes is not None for p in result.pieces):
            widgets += [Rule(), Static("Notes", classes="notes-title")]
        widgets += list(self._notes.values())
        self.mount_all(widgets)

    def mark_current(self, ref: ItemRef | None) -> None:
        for view in self._bodies.values():
            view.set_class(ref is not None and view.ref == ref, "-current")

    def scroll_to_ref(self, ref: ItemRef) -> None:
        for view in self._bodies.values():
            if view.ref == ref:
                self.scroll_to_widget(view, animate=False, top=False)
                return

    def text(self) -> str:
        """The preview's text, footnotes at the end (for tests)."""
        from pleitbrief.tui.preview import letter_plain_text

        return letter_plain_text(self.last_result) if self.last_result else ""
