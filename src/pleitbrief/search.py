"""Fuzzy search over library entries (for citing) and argument blocks (for inserting).

Each index builds its haystack once; a query is one rapidfuzz pass over it, fast enough to
answer every keystroke of an autocomplete on a library of thousands of entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process, utils

from pleitbrief.blocks import Block
from pleitbrief.library.entry import Entry
from pleitbrief.records import record

T = TypeVar("T")


@record(frozen=True)
class Hit(Generic[T]):
    item: T
    score: float


class _Index(Generic[T]):
    def __init__(self, items: Sequence[T], haystacks: Sequence[str], keys: Sequence[str]) -> None:
        self._items = list(items)
        self._haystacks = [utils.default_process(h) for h in haystacks]
        self._keys = [k.casefold() for k in keys]

    def __len__(self) -> int:
        return len(self._items)

    def search(self, query: str, limit: int = 20, cutoff: float = 50) -> list[Hit[T]]:
        """Best matches first; an empty query gives the first ``limit`` items in order."""
        query = query.strip()
        if not query:
            return [Hit(item, 0.0) for item in self._items[:limit]]
        wanted = utils.default_process(query)
        found = process.extract(
            wanted,
            self._haystacks,
            scorer=fuzz.partial_ratio,
            processor=None,
            limit=limit * 3,
            score_cutoff=cutoff,
        )
        folded = query.casefold()
        hits = [
            # a key that starts with what was typed is what a person typing a key wants
            Hit(self._items[i], score + (50 if self._keys[i].startswith(folded) else 0))
            for _text, score, i in found
        ]
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


class EntryIndex(_Index[Entry]):
    """Entries by key, title, authors and outlet."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        ordered = sorted(entries, key=lambda e: e.key)
        super().__init__(ordered, [entry_haystack(e) for e in ordered], [e.key for e in ordered])


def entry_haystack(entry: Entry) -> str:
    people = " ".join(p.display() for persons in entry.persons.values() for p in persons)
    outlet = entry.get("journaltitle") or entry.get("journal") or entry.get("organization")
    return " ".join([entry.key, entry.title, people, outlet, entry.get("institution")])


class BlockIndex(_Index[Block]):
    """Blocks by title, summary, tags, id and text; optionally only those with a tag."""

    def __init__(self, blocks: Iterable[Block]) -> None:
        ordered = list(blocks)
        super().__init__(ordered, [block_haystack(b) for b in ordered], [b.id for b in ordered])

    def search_tagged(self, query: str, tag: str | None, limit: int = 50) -> list[Hit[Block]]:
        hits = self.search(query, limit=len(self) if tag else limit)
        if tag:
            hits = [h for h in hits if tag in h.item.tags][:limit]
        return hits

    def tags(self) -> list[str]:
        return sorted({t for b in self._items for t in b.tags})


def block_haystack(block: Block) -> str:
    return " ".join([block.id, block.title, block.summary, " ".join(block.tags), block.body])
