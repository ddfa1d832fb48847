"""Messages the app sends to its screens."""

from __future__ import annotations

from textual.message import Message


class SessionReady(Message):
    """The workspace is loaded (library, blocks, templates): ``app.session`` is set."""
