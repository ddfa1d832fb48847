"""What the screens share: the loaded workspace, its search indexes and preview engine.

Loading a large library takes a second or more, so the app loads a ``Session`` in a worker
after the first screen is painted. Nothing here imports Textual.
"""

from __future__ import annotations

from pathlib import Path

from pleitbrief.blocks import load_blocks
from pleitbrief.check import draft_paths, sort_problems
from pleitbrief.cite.styles import UnknownStyleError, get_style
from pleitbrief.drafts import BlockItem, Draft, TextItem, load_draft
from pleitbrief.library.entry import Entry
from pleitbrief.markup.model import Citation, CiteGroup
from pleitbrief.markup.parse import find_citation_groups
from pleitbrief.markup.text import plain_text
from pleitbrief.pipeline import LoadedWorkspace, build, build_draft
from pleitbrief.problems import Problem
from pleitbrief.records import record
from pleitbrief.search import BlockIndex, EntryIndex
from pleitbrief.tui.drafts_list import DraftSummary
from pleitbrief.tui.preview import PreviewEngine
from pleitbrief.workspace import Workspace


@record
class Place:
    """Where an entry is cited: a block, or a draft (directly or through a block)."""

    kind: str
    """``block`` or ``draft``."""
    name: str
    file: Path
    line: int
    via: str = ""
    """For a draft citing through a block: the block's id."""


class Session:
    """One workspace, loaded: library, blocks, templates, indexes, preview engine."""

    def __init__(self, loaded: LoadedWorkspace) -> None:
        self.loaded = loaded
        self.entries = EntryIndex(loaded.library)
        self.blocks = BlockIndex(loaded.blocks)
        self.engine = PreviewEngine(loaded)
        self._footnotes: dict[tuple[str, str, str], str] = {}
        self._cited_by: dict[str, list[Place]] | None = None

    @classmethod
    def load(cls, workspace: Workspace) -> Session:
        return cls(LoadedWorkspace.load(workspace))

    @property
    def workspace(self) -> Workspace:
        return self.loaded.workspace

    def reload_blocks(self) -> None:
        """Read the block files again (one was written or edited)."""
        workspace = self.workspace
        self.loaded.blocks = load_blocks(workspace.blocks_dir, workspace.lang)
        self.blocks = BlockIndex(self.loaded.blocks)
        self.engine.clear()
        self._cited_by = None

    def block_titles(self) -> dict[str, str]:
        return {b.id: b.title for b in self.loaded.blocks}

    # --- citing ----------------------------------------------------------------------

    def style_name(self, draft_style: str | None = None, lang: str | None = None) -> str:
        lang = lang or self.workspace.lang
        return draft_style or self.workspace.style or f"pleitbrief-{lang}"

    def footnote(self, key: str, style_name: str | None = None, lang: str | None = None) -> str:
        """The footnote ``[@key]`` makes, as plain text."""
        lang = lang or self.workspace.lang
        name = style_name or self.style_name(None, lang)
        cache_key = (key, name, lang)
        cached = self._footnotes.get(cache_key)
        if cached is None:
            try:
                style = get_style(name, lang)
            except UnknownStyleError:
                style = get_style(f"pleitbrief-{lang}", lang)
            group = CiteGroup([Citation(key)], f"[@{key}]")
            cached = plain_text(style.format_group(group, self.loaded.library.entries))
            self._footnotes[cache_key] = cached
        return cached

    def search_entries(self, query: str, limit: int = 12) -> list[Entry]:
        return [hit.item for hit in self.entries.search(query, limit=limit)]

    # --- where an entry is cited --------------------------------------------------

    def cited_by(self, key: str) -> list[Place]:
        if self._cited_by is None:
            self._cited_by = self._cited_by_index()
        return self._cited_by.get(key, [])

    def _cited_by_index(self) -> dict[str, list[Place]]:
        index: dict[str, list[Place]] = {}
        keys_of_block: dict[str, set[str]] = {}
        for block in self.loaded.blocks.all_variants():
            for group in find_citation_groups(block.body):
                for citation in group.citations:
                    keys_of_block.setdefault(block.id, set()).add(citation.key)
                    line = block.body_line + group.line
                    place = Place("block", block.id, block.file, line)
                    if place not in index.setdefault(citation.key, []):
                        index[citation.key].append(place)
        for path in draft_paths(self.loaded):
            draft, _problems = load_draft(path)
            if draft is None:
                continue
            for items in draft.sections.values():
                for item in items:
                    if isinstance(item, TextItem):
                        for group in find_citation_groups(item.text):
                            for citation in group.citations:
                                line = item.text_line + group.line
                                index.setdefault(citation.key, []).append(
                                    Place("draft", path.stem, path, line)
                                )
                    elif isinstance(item, BlockItem):
                        for key in sorted(keys_of_block.get(item.block_id, ())):
                            index.setdefault(key, []).append(
                                Place("draft", path.stem, path, item.line, via=item.block_id)
                            )
        return index

    # --- checks ---------------------------------------------------------------------

    def check_draft(self, draft: Draft, parse_problems: list[Problem]) -> list[Problem]:
        """What ``pleitbrief check DRAFT`` says, for the draft as it is being edited."""
        problems = list(self.workspace.problems)
        problems += build_draft(self.loaded, draft, parse_problems).problems
        return sort_problems(problems)

    def count_problems(self, summary: DraftSummary) -> DraftSummary:
        problems = list(self.workspace.problems) + build(self.loaded, summary.path).problems
        summary.errors = sum(p.is_error for p in problems)
        summary.warnings = len(problems) - summary.errors
        return summary
