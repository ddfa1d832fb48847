"""Saving the draft screen's draft, and what happens when the file changed on disk meanwhile.

A save writes the ``EditableDraft`` atomically, but only over the version it was read
from: when the file changed since (a save finds it, or the screen's poll of the disk), the
conflict dialog asks whose version to keep. On the way out there is no one to ask, so the
user's version goes beside the file.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from pleitbrief.editing import ConflictError
from pleitbrief.fsio import write_text_atomic
from pleitbrief.problems import PleitbriefError
from pleitbrief.tui.livedraft import draft_from_data

if TYPE_CHECKING:
    from pleitbrief.tui.screens.draft import DraftScreen


def save(screen: DraftScreen) -> bool:
    """Save the draft if it has unsaved edits; ``False`` when it could not be saved."""
    if screen.ed is None:
        return True
    if not screen.dirty:
        return True
    try:
        screen.ed.save()
    except ConflictError:
        ask_conflict(screen)
        return False
    except OSError as exc:
        screen.notify(f"Could not save {screen.path.name}: {exc}", severity="error")
        return False
    screen.dirty = False
    screen.saves += 1
    screen.sub_title = f"saved {time.strftime('%H:%M:%S')}"
    return True


def save_on_exit(screen: DraftScreen) -> str:
    """Save before the app closes; on a conflict, keep mine beside the file."""
    if screen.ed is None or not screen.dirty:
        return ""
    try:
        screen.ed.save()
        screen.dirty = False
        return ""
    except ConflictError:
        side = screen.path.with_name(f".{screen.path.name}.mine")
        write_text_atomic(side, screen.ed.dump())
        return f"{screen.path.name} changed on disk while you edited it; your version is in {side}"


def check_disk(screen: DraftScreen) -> None:
    if screen.ed is not None and not screen.asking_conflict and screen.ed.changed_on_disk():
        ask_conflict(screen)


def ask_conflict(screen: DraftScreen) -> None:
    if screen.asking_conflict:
        return
    screen.asking_conflict = True
    from pleitbrief.tui.screens.conflict import ConflictScreen

    def chosen(choice: str | None) -> None:
        screen.asking_conflict = False
        if screen.ed is None:
            return
        if choice == "theirs":
            try:
                screen.ed.reload()
            except (PleitbriefError, OSError) as exc:
                screen.notify(f"Cannot reload: {exc}", severity="error")
                return
            screen.dirty = False
            screen.draft = draft_from_data(screen.ed.data, screen.path)
            screen.rebuild_outline(screen.current)
            screen.show_ref(screen.current, focus=False)
            screen.start_preview()
            screen.start_checks()
            screen.sub_title = "reloaded from disk"
        else:
            screen.ed.save(force=True)
            screen.dirty = False
            screen.sub_title = f"saved {time.strftime('%H:%M:%S')} (kept mine)"

    screen.app.push_screen(ConflictScreen(screen.path), chosen)
