"""The pleitbrief TUI: ``pleitbrief`` (the start screen) and ``pleitbrief edit DRAFT``.

The app holds what every screen shares: the workspace, its letter templates (read at
once, they are small) and the ``Session`` (library, blocks, indexes), loaded in a worker
after the first screen is painted. Screens live in :mod:`pleitbrief.tui.screens`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from pleitbrief.letters import TemplateLibrary
from pleitbrief.tui.messages import SessionReady
from pleitbrief.tui.palette import PleitbriefCommands
from pleitbrief.workspace import Workspace

if TYPE_CHECKING:
    from pleitbrief.tui.session import Session


class SessionLoaded(Message):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class PleitbriefApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "pleitbrief"
    COMMANDS = App.COMMANDS | {PleitbriefCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", tooltip="Save every open draft and quit", priority=True),
    ]

    def __init__(self, workspace: Workspace, draft: Path | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_draft = draft
        self._templates: TemplateLibrary | None = None
        self.session: Session | None = None
        self.exit_notes: list[str] = []
        self.ready_at = 0.0
        """``time.time()`` when the first screen was painted (for the bench)."""
        self.session_at = 0.0
        """``time.time()`` when the workspace was loaded."""
        self.open_drafts: list[Any] = []
        """Draft screens open now (they register themselves), saved on the way out."""

    @property
    def templates(self) -> TemplateLibrary:
        """The letter templates (read when first asked for: they are few and small)."""
        if self._templates is None:
            from pleitbrief.letters import load_letter_templates

            self._templates = load_letter_templates(self.workspace.letters_dir)
        return self._templates

    def on_mount(self) -> None:
        from pleitbrief.tui.screens.start import StartScreen

        self.push_screen(StartScreen())
        if self.initial_draft is not None:
            self.open_draft(self.initial_draft)

    def on_ready(self) -> None:
        # the first screen is painted: only now load the library (a large one holds the
        # interpreter for a while, and would delay that first paint)
        self.ready_at = time.time()
        self.load_session()

    @work(thread=True, exclusive=True, group="load")
    def load_session(self) -> None:
        from pleitbrief.tui.session import Session

        self.post_message(SessionLoaded(Session.load(self.workspace)))

    def on_session_loaded(self, message: SessionLoaded) -> None:
        self.session = message.session
        self.session_at = time.time()
        for screen in self.screen_stack:
            screen.post_message(SessionReady())

    def open_draft(self, path: Path) -> None:
        from pleitbrief.tui.screens.draft import DraftScreen

        self.push_screen(DraftScreen(path))

    def action_open_blocks(self) -> None:
        if self.session is None:
            self.notify("The library is still loading…")
            return
        from pleitbrief.tui.screens.blocks import BlockLibraryScreen

        self.push_screen(BlockLibraryScreen(self.session))

    def action_open_references(self) -> None:
        if self.session is None:
            self.notify("The library is still loading…")
            return
        from pleitbrief.tui.screens.references import ReferencesScreen

        self.push_screen(ReferencesScreen(self.session))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    async def action_quit(self) -> None:
        self.save_all()
        self.exit(0)

    def save_all(self) -> None:
        for screen in list(self.open_drafts):
            note = screen.save_on_exit()
            if note and note not in self.exit_notes:
                self.exit_notes.append(note)


def run_app(workspace: Workspace, draft: Path | None = None) -> int:
    """Run the TUI until the user quits; the exit code for the command line."""
    import sys

    app = PleitbriefApp(workspace, draft)
    code = app.run()
    app.save_all()  # however the app ended (ctrl+c too): nothing typed is lost
    for note in app.exit_notes:
        print(f"pleitbrief: {note}", file=sys.stderr)
    return code or app.return_code or 0
