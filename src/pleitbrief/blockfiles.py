"""Writing a new argument block file (``templates/blocks/ID.md``), e.g. from a letter's text.

The front matter is written with ruamel.yaml, so titles with colons or quotes stay valid
YAML; the file is written atomically and never over an existing block.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pleitbrief.fsio import write_text_atomic

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*$")


class BlockExistsError(FileExistsError):
    """A block with this id is there already; blocks are never overwritten."""


def valid_block_id(block_id: str) -> bool:
    """Lower-case words with ``-`` or ``_``, folders separated by ``/``:
    ``asiel/dienstweigeraars``."""
    return bool(_ID.match(block_id))


def slug(text: str, limit: int = 40) -> str:
    """A block or draft name from a title: ``Geen decreet!`` → ``geen-decreet``."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    out = "-".join(words)[:limit].strip("-")
    return out or "blok"


def block_file_text(
    title: str,
    body: str,
    summary: str = "",
    tags: list[str] | None = None,
    lang: str | None = None,
    reviewed: dt.date | None = None,
) -> str:
    meta = CommentedMap()
    meta["title"] = title
    if summary:
        meta["summary"] = summary
    seq = CommentedSeq(tags or [])
    seq.fa.set_flow_style()
    meta["tags"] = seq
    if lang:
        meta["lang"] = lang
    meta["reviewed"] = reviewed or dt.date.today()
    yaml = YAML()
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(meta, out)
    return f"---\n{out.getvalue()}---\n{body.strip()}\n"


def write_new_block(blocks_dir: Path, block_id: str, text: str) -> Path:
    """Write ``blocks_dir/ID.md``.

    Raises:
        ValueError: ``block_id`` is not a usable id.
        BlockExistsError: the block exists.
    """
    if not valid_block_id(block_id):
        raise ValueError(f"{block_id!r} is not a block id (like 'topic/name', lower case)")
    path = blocks_dir / f"{block_id}.md"
    if path.exists():
        raise BlockExistsError(f"block {block_id!r} exists ({path})")
    write_text_atomic(path, text)
    return path
