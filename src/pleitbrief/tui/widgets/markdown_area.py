"""A TextArea for letter text: Markdown highlighting, and ``[@`` opens the citation picker.

Highlighting is done here with a few regular expressions rather than tree-sitter (which
Textual needs as an extra install); they also mark what tree-sitter's Markdown grammar
does not know: citation groups, footnotes and the ``{{ variables }}`` of blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.geometry import Offset
from textual.message import Message
from textual.widgets import TextArea

# (pattern, highlight name per group; group 0 when the tuple holds one name)
_LINE_RULES: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"^(#{1,6})(\s.*)$"), ("heading.marker", "heading")),
    (re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)]))\s"), ("list.marker",)),
    (re.compile(r"^(\s*>)"), ("punctuation.special",)),
    (re.compile(r"^(---|\.\.\.)\s*$"), ("punctuation.special",)),
]
_INLINE_RULES: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"(`[^`\n]+`)"), ("inline_code",)),
    (re.compile(r"(\*\*[^*\n]+\*\*|__[^_\n]+__)"), ("bold",)),
    (
        re.compile(r"(?<![*\w])(\*[^*\s][^*\n]*\*)(?!\*)|(?<![_\w])(_[^_\s][^_\n]*_)(?!\w)"),
        ("italic", "italic"),
    ),
    (
        re.compile(r"(\[)([^\[\]\n]+)(\])(\([^)\s]*\))"),
        ("punctuation.bracket", "link.label", "punctuation.bracket", "link.uri"),
    ),
    (re.compile(r"(<https?://[^>\s]+>)"), ("link.uri",)),
    (re.compile(r"(?<!\\)(\[[^\[\]\n]*-?@[^\[\]\n]*\])(?!\()"), ("keyword",)),
    (re.compile(r"(\^\[[^\]\n]*\]?|\[\^[^\]\s]+\]:?)"), ("string",)),
    (re.compile(r"(\{\{[^}\n]*\}\}|\{%[^%\n]*%\})"), ("variable",)),
]

# Inside an open `[…` up to the cursor: the key being typed after `@`.
_OPEN_GROUP = re.compile(r"(?<!\\)\[([^\[\]\n]*)$")
_KEY_SO_FAR = re.compile(r"(?:^|[\s;])-?@([^\s\[\];,@]*)$")


def cite_query(before_cursor: str) -> str | None:
    """The key typed so far when the cursor is just after ``[@…`` (or ``; @…`` in a group)."""
    group = _OPEN_GROUP.search(before_cursor)
    if group is None:
        return None
    key = _KEY_SO_FAR.search(group.group(1))
    return None if key is None else key.group(1)


def line_highlights(line: str) -> list[tuple[int, int | None, str]]:
    """(start byte, end byte, highlight name) for one line, as TextArea expects."""
    spans: list[tuple[int, int, str]] = []
    for pattern, names in (*_LINE_RULES, *_INLINE_RULES):
        for match in pattern.finditer(line):
            for number, name in enumerate(names, 1):
                if match.group(number) is not None:
                    spans.append((match.start(number), match.end(number), name))
    if not spans:
        return []
    if line.isascii():
        return [(start, end, name) for start, end, name in spans]
    return [
        (len(line[:start].encode()), len(line[:end].encode()), name) for start, end, name in spans
    ]


class MarkdownArea(TextArea):
    """Letter text with highlighting; tells its parent when a citation key is being typed."""

    DEFAULT_CSS = """
    MarkdownArea {
        height: 1fr;
        min-height: 4;
    }
    """

    @dataclass
    class CiteQuery(Message):
        """The key typed after ``[@`` changed; ``query`` is None when the cursor left it."""

        area: MarkdownArea
        query: str | None
        offset: Offset
        """Where on the screen the cursor is, to place the picker under it."""

    @dataclass
    class CompletionKey(Message):
        """A key meant for the open picker: ``up``, ``down``, ``enter``, ``tab``, ``escape``."""

        area: MarkdownArea
        key: str

    COMPLETION_KEYS: ClassVar[set[str]] = {
        "up",
        "down",
        "enter",
        "tab",
        "escape",
        "pageup",
        "pagedown",
    }

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]
        self.completing = False
        """Set by the parent while the citation picker is open: the keys above go to it."""
        self._last_query: str | None = None

    def on_mount(self) -> None:
        self._follow_theme()
        self.watch(self.app, "theme", lambda _theme: self._follow_theme(), init=False)

    def _follow_theme(self) -> None:
        self.theme = "vscode_dark" if self.app.current_theme.dark else "github_light"

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        for row, line in enumerate(self.document.lines):
            found = line_highlights(line)
            if found:
                highlights[row].extend(found)

    async def _on_key(self, event: events.Key) -> None:
        if self.completing and event.key in self.COMPLETION_KEYS:
            event.stop()
            event.prevent_default()
            self.post_message(self.CompletionKey(self, event.key))
            return
        await super()._on_key(event)

    def _on_text_area_selection_changed(self, _event: TextArea.SelectionChanged) -> None:
        self._report_query()

    def _on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._report_query()

    def load_text(self, text: str) -> None:
        super().load_text(text)
        self._last_query = None

    def _report_query(self) -> None:
        row, col = self.cursor_location
        try:
            before = self.document.get_line(row)[:col]
        except IndexError:
            before = ""
        query = cite_query(before)
        if query == self._last_query:
            return
        self._last_query = query
        offset = self.cursor_screen_offset
        self.post_message(self.CiteQuery(self, query, offset))

    def complete_citation(self, key: str) -> None:
        """Replace the key typed so far with ``key``, closing the group if it is open."""
        row, col = self.cursor_location
        line = self.document.get_line(row)
        query = cite_query(line[:col]) or ""
        start = (row, col - len(query))
        after = line[col:]
        # the rest of a half-typed key goes too
        rest = re.match(r"[^\s\[\];,]*", after)
        end_col = col + (len(rest.group(0)) if rest else 0)
        closing = "" if after[end_col - col :].lstrip().startswith(("]", ";", ",")) else "]"
        self.replace(key + closing, start, (row, end_col))
        self.move_cursor((row, start[1] + len(key) + len(closing)))
        self._last_query = None
