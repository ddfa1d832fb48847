"""pandoc's citeproc answers kept on disk, so an export whose citations have not changed
since the last one runs no pandoc (0.1–0.6 s and pandoc's ~175 MiB peak saved per export:
``docs/csl.md``).

Each request has one slot in ``citeproc/`` of the user cache folder
(:mod:`pleitbrief.cachedir`), named by its key: a BLAKE2 hash of everything pandoc's answer
depends on (see :func:`request_key`). A slot holds:

``MAGIC`` · the key · BLAKE2 checksum of the payload · the payload, the blocks pandoc
returned as zlib-compressed JSON.

A slot is used only when the magic, the key and the checksum match and the payload
decodes to a list of blocks; anything else (truncated, garbled, another format, a
foreign file) is a miss, and the answer is asked of pandoc and the slot written again.
Writing is best effort: a read-only or full disk costs speed, never the export. Only
answers are stored; a pandoc failure raises before anything is written.

The folder is bounded on write: after a slot is written, all but the :data:`KEEP`
most recently used slots are deleted (a hit refreshes its slot's mtime), and so are
temporary files an interrupted write left behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pleitbrief.cachedir import cache_subdir, prune, touch
from pleitbrief.fsio import write_bytes_atomic

FORMAT = 1
"""The slot layout and the meaning of its key; raise it when either changes."""
MAGIC = b"PLCP%d\n" % FORMAT
KEEP = 200
"""Slots kept after a write: the most recently used; at ~25 KB for 400 notes, a few MB."""
_HASH = 32  # bytes of the key and of the checksum
_HEADER = len(MAGIC) + 2 * _HASH
_SUFFIX = ".bin"

Json = Any


def request_key(
    request: Json, refs: list[dict[str, Any]], style: bytes, pandoc: str, flags: Iterable[str]
) -> bytes:
    """The hash of what pandoc's answer to ``request`` depends on.

    Args:
        request: the pandoc JSON document: the citations with their note numbers and
            places, and the locale (its ``lang``).
        refs: the cited entries as CSL-JSON.
        style: the CSL style file's bytes (not its path or mtime: a style copied or
            touched gives the same answer).
        pandoc: the pandoc binary (:func:`pandoc_identity`).
        flags: pandoc's options other than the style and the bibliography file.
    """
    hasher = hashlib.blake2b(digest_size=_HASH)
    parts = [
        str(FORMAT).encode(),
        json.dumps(list(flags)).encode(),
        os.fsencode(pandoc),
        style,
        _json_bytes(request),
        _json_bytes(refs),
    ]
    for part in parts:  # each part length-prefixed: no two splits of the bytes collide
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.digest()


def pandoc_identity(executable: str) -> str | None:
    """The binary by path, size and mtime; None if it cannot be read (then nothing is cached).

    Not its version: two builds of one version may bundle different citeproc libraries,
    and a reinstall costing one run of pandoc is better than a stale answer.
    """
    try:
        stat = os.stat(executable)
    except OSError:
        return None
    return f"{executable}\0{stat.st_size}\0{stat.st_mtime_ns}"


class CiteprocCache:
    """The slots of one cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def slot(self, key: bytes) -> Path:
        return self.folder / f"{key.hex()}{_SUFFIX}"

    def load(self, key: bytes) -> list[Json] | None:
        """The blocks stored for ``key``, or None (missing, corrupt or not ours)."""
        path = self.slot(key)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        if len(blob) < _HEADER or not blob.startswith(MAGIC):
            return None
        at = len(MAGIC)
        stored_key, checksum = blob[at : at + _HASH], blob[at + _HASH : _HEADER]
        payload = memoryview(blob)[_HEADER:]
        if stored_key != key or _digest(payload) != checksum:
            return None
        try:
            blocks = json.loads(zlib.decompress(payload))
        except Exception:  # the right checksum but not our JSON: a miss
            return None
        if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
            return None
        touch(path)  # a hit is a use: pruning keeps the recently used
        return blocks

    def store(self, key: bytes, blocks: list[Json]) -> None:
        """Keep ``blocks`` for ``key`` and prune the folder; failing only costs time."""
        try:
            payload = zlib.compress(_json_bytes(blocks), 6)
            blob = b"".join([MAGIC, key, _digest(payload), payload])
            write_bytes_atomic(self.slot(key), blob)
        except (OSError, ValueError):
            return
        self.prune(KEEP)

    def prune(self, keep: int) -> None:
        """Delete all but the ``keep`` most recently used slots, and stale temporary files."""
        prune(self.folder, _SUFFIX, keep)


def open_cache() -> CiteprocCache | None:
    """The cache in ``<cache root>/citeproc``; None when caching is turned off."""
    folder = cache_subdir("citeproc")
    return None if folder is None else CiteprocCache(folder)


def _json_bytes(value: Json) -> bytes:
    # ASCII with escapes: any string (a lone surrogate too) goes in and comes back out
    return json.dumps(value, separators=(",", ":")).encode("ascii")


def _digest(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=_HASH).digest()
