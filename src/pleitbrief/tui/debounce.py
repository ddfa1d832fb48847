"""Debounce: run a callback once, a moment after the last of a burst of events.

The draft screen renders the preview, runs the checks and autosaves this way, so a burst
of keystrokes costs one run of each, not one per key.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.timer import Timer


class Debounce:
    """Call ``callback`` once, ``delay`` seconds after the last ``poke``."""

    def __init__(self, screen: Screen[Any], delay: float, callback: Any) -> None:
        self.screen = screen
        self.delay = delay
        self.callback = callback
        self.timer: Timer | None = None

    def poke(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.screen.set_timer(self.delay, self._fire)

    def _fire(self) -> None:
        self.timer = None
        self.callback()

    def flush(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self._fire()
