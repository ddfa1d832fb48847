"""Every action of the current screen in the command palette (ctrl+p).

The commands come from the screen's own ``BINDINGS`` table, so an action added with a
binding is in the palette too, with its tooltip as help and its key beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

Command = tuple[str, str, Callable[[], Any]]

APP_COMMANDS: list[tuple[str, str, str]] = [
    ("Toggle light/dark theme", "app.toggle_dark", "Switch between the light and dark theme"),
    ("Open the block library", "app.open_blocks", "Browse the argument blocks"),
    ("Open the reference browser", "app.open_references", "Browse the reference library"),
    ("Save and quit", "app.quit", "Save every open draft and leave pleitbrief (ctrl+q)"),
]


def screen_commands(screen: Any) -> list[Command]:
    commands: list[Command] = []
    seen: set[str] = set()
    for binding in getattr(screen, "BINDINGS", []):
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.action in seen:
            continue
        enabled = screen.check_action(binding.action, ())
        if enabled is not True:
            continue
        seen.add(binding.action)
        key = binding.key_display or binding.key.split(",")[0]
        help_text = f"{binding.tooltip} ({key})" if binding.tooltip else key
        commands.append(
            (binding.description, help_text, partial(screen.run_action, binding.action))
        )
    for name, action, help_text in APP_COMMANDS:
        commands.append((name, help_text, partial(screen.app.run_action, action)))
    return commands


class PleitbriefCommands(Provider):
    """The current screen's actions, then the app's."""

    async def discover(self) -> Hits:
        for name, help_text, callback in screen_commands(self.screen):
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in screen_commands(self.screen):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
