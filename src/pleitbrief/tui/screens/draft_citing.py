"""Citing from the draft screen: the ``[@`` popup beside the cursor, and the reference browser.

Typing ``[@`` in a text makes the editor ask for sources (``MarkdownArea.CiteQuery``); the
popup lists the matches with their footnote text, takes the keys the editor hands it while
it is open (``MarkdownArea.CompletionKey``) and a click. The screen's handlers call these
functions; they hold no state of their own.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from pleitbrief.drafts import TextItem
from pleitbrief.tui.widgets.cite_popup import CitePopup
from pleitbrief.tui.widgets.markdown_area import MarkdownArea

if TYPE_CHECKING:
    from pleitbrief.tui.screens.draft import DraftScreen


def show_popup(screen: DraftScreen, event: MarkdownArea.CiteQuery) -> None:
    session = screen.session
    if event.query is None or session is None or not event.area.has_focus:
        hide_popup(screen)
        return
    style = session.style_name(screen.draft.style if screen.draft else None, screen.lang)
    entries = session.search_entries(event.query, limit=10)
    popup = screen.query_one(CitePopup)
    popup.show_entries(
        [(e, session.footnote(e.key, style, screen.lang)) for e in entries], event.query
    )
    height = min(12, 2 * max(1, len(entries)) + 2)
    x = max(0, min(event.offset.x - 2, screen.size.width - 78))
    y = event.offset.y + 1
    if y + height > screen.size.height - 1:
        y = max(0, event.offset.y - height)
    popup.styles.offset = (x, y)
    popup.add_class("-shown")
    event.area.completing = True
    screen.cite_answered_at = time.perf_counter()


def hide_popup(screen: DraftScreen) -> None:
    popup = screen.query_one(CitePopup)
    popup.remove_class("-shown")
    screen.query_one("#text", MarkdownArea).completing = False


def completion_key(screen: DraftScreen, event: MarkdownArea.CompletionKey) -> None:
    popup = screen.query_one(CitePopup)
    moves = {"up": -1, "down": 1, "pageup": -5, "pagedown": 5}
    if event.key in moves:
        popup.move_highlight(moves[event.key])
    elif event.key in ("enter", "tab"):
        key = popup.chosen_key()
        hide_popup(screen)
        if key is not None:
            event.area.complete_citation(key)
    else:
        hide_popup(screen)


def popup_clicked(screen: DraftScreen, event: CitePopup.OptionSelected) -> None:
    event.stop()
    hide_popup(screen)
    if event.option.id:
        area = screen.query_one("#text", MarkdownArea)
        area.complete_citation(event.option.id)
        area.focus()


def open_references(screen: DraftScreen) -> None:
    """The reference browser; what is chosen there is cited at the cursor of a text."""
    session = screen.session
    if session is None:
        screen.notify("The library is still loading…")
        return
    from pleitbrief.tui.screens.references import ReferencesScreen

    can_cite = isinstance(screen.item_at(screen.current), TextItem)
    area = screen.query_one("#text", MarkdownArea)
    cursor = area.cursor_location

    def cite(key: str | None) -> None:
        if key is None or not can_cite:
            return
        area.focus()
        area.move_cursor(cursor)
        area.insert(f"[@{key}]")

    screen.app.push_screen(ReferencesScreen(session, can_cite=can_cite), cite)
